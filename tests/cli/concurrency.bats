#!/usr/bin/env bats
# concurrency.bats: searches while an index run writes, two index runs at
# once, and a full disk (a small tmpfs, or a file size limit) in the middle
# of a run.

load helpers
load rel-helpers

NFILES=4
PER_FILE=10000
# ASan (the sanitize half of make test) makes every run several times slower
if rel_is_asan; then
	PER_FILE=4000
fi
# the disk-full tests need a file that does not fit in 4 MB
DISK_RECORDS=10000

setup_file() {
	export IN="$BATS_FILE_TMPDIR/in"
	mkdir -p "$IN"
	for i in $(seq 0 $((NFILES - 1))); do
		awk -v n=$PER_FILE -v first=$((930000000 + i * PER_FILE)) \
			-f "$LITDEX_ROOT/tests/cli/rel-gen-records.awk" > "$IN/part$i.xml"
	done
	export BIG=$((NFILES * PER_FILE))
	export DISK_FILE="$BATS_FILE_TMPDIR/disk.xml"
	awk -v n=$DISK_RECORDS -v first=940000000 \
		-f "$LITDEX_ROOT/tests/cli/rel-gen-records.awk" > "$DISK_FILE"
}

# sum of the counts of `search ... --facet year --format tsv`
facet_total() {
	awk -F'\t' '$2 ~ /^[0-9]+$/ { s += $2 } END { print s + 0 }'
}

# search_loop N LOG: searches until $STOP exists; writes one line per round,
# "ok <papers> <synaptic hits>", or "FAIL <what>"
search_loop() {
	local log=$2 out st total syn
	while [ ! -e "$STOP" ]; do
		out=$("$LITDEX_BIN" --db "$DB" search --year 1000-3000 --facet year --format tsv 2>&1)
		st=$?
		if [ $st -gt 1 ] || [[ "${out,,}" == *locked* || "${out,,}" == *busy* ]]; then
			echo "FAIL listing: status $st: ${out:0:300}" >> "$log"; continue
		fi
		total=$(facet_total <<<"$out")
		out=$("$LITDEX_BIN" --db "$DB" search synaptic --all --facet year --format tsv 2>&1)
		st=$?
		if [ $st -gt 1 ] || [[ "${out,,}" == *locked* || "${out,,}" == *busy* ]]; then
			echo "FAIL match: status $st: ${out:0:300}" >> "$log"; continue
		fi
		syn=$(facet_total <<<"$out")
		out=$("$LITDEX_BIN" --db "$DB" search "synaptic plasticity" --limit 5 2>&1)
		st=$?
		if [ $st -gt 1 ] || [[ "${out,,}" == *locked* || "${out,,}" == *busy* ]]; then
			echo "FAIL text: status $st: ${out:0:300}" >> "$log"; continue
		fi
		echo "ok $total $syn" >> "$log"
		# leave the writer some of the two cores
		sleep 0.2
	done
}

@test "three search loops run while an index run writes" {
	index_five
	export STOP="$BATS_TEST_TMPDIR/stop"
	t0=$SECONDS
	"$LITDEX_BIN" --db "$DB" index -q "$IN" &
	writer=$!
	for j in 1 2 3; do
		search_loop "$j" "$BATS_TEST_TMPDIR/loop$j.log" &
		eval "loop$j=\$!"
	done
	st=0
	wait "$writer" || st=$?
	took=$((SECONDS - t0))
	touch "$STOP"
	wait "$loop1" "$loop2" "$loop3"
	echo "# index run: ${took}s; rounds: $(cat "$BATS_TEST_TMPDIR"/loop*.log | wc -l)" >&3
	[ "$st" -eq 0 ]
	final=$(rel_count)
	[ "$final" -eq $((BIG + 5)) ]
	if grep -h FAIL "$BATS_TEST_TMPDIR"/loop*.log; then
		false
	fi
	# counts never go down while only adding, never pass the end, and at
	# least one search saw a state between the start and the end
	between=0
	for j in 1 2 3; do
		log="$BATS_TEST_TMPDIR/loop$j.log"
		[ "$(wc -l < "$log")" -ge 2 ]
		awk -v final="$final" -v loop="$j" '
			$2 < pt || $3 < ps { print "loop " loop " went down: " pt "/" ps " then " $2 "/" $3; bad = 1 }
			$2 > final || $2 < 5 { print "loop " loop " saw " $2 " papers (final " final ")"; bad = 1 }
			{ pt = $2; ps = $3 }
			END { exit bad }' "$log"
		if awk -v final="$final" '$2 > 5 && $2 < final { f = 1 } END { exit !f }' "$log"; then
			between=$((between + 1))
		fi
	done
	[ "$between" -ge 1 ]
	rel_check
}

@test "two index runs at once: both succeed, or the second says the index is busy" {
	"$LITDEX_BIN" --db "$DB" index -q "$IN" > "$BATS_TEST_TMPDIR/a.out" 2>&1 &
	a=$!
	# the second starts while the first holds the write lock for a batch
	for _ in $(seq 100); do
		[ "$(sqlite3 "$DB" 'SELECT count(*) FROM papers' 2>/dev/null || echo 0)" -gt 0 ] && break
		sleep 0.05
	done
	"$LITDEX_BIN" --db "$DB" index -q "$IN" "$FIX/five.xml" > "$BATS_TEST_TMPDIR/b.out" 2>&1 &
	b=$!
	sa=0 sb=0
	wait "$a" || sa=$?
	wait "$b" || sb=$?
	echo "# first run: $sa, second run: $sb" >&3
	for r in a b; do
		eval "s=\$s$r"
		out=$(cat "$BATS_TEST_TMPDIR/$r.out")
		if [ "$s" -ne 0 ]; then
			if [ "$s" -ne 2 ] || [[ "$out" != *busy* ]]; then
				echo "run $r: status $s: $out" >&2
				false
			fi
		fi
	done
	# the run that was there first is never the one to give up: a later
	# run waits its turn or says the index is busy
	if [ "$sa" -ne 0 ]; then
		echo "the first run failed ($sa) because a second one started: $(cat "$BATS_TEST_TMPDIR/a.out")" >&2
		false
	fi
	# every record of the inputs is there exactly once
	n=$(sqlite3 "$DB" "SELECT count(*) FROM papers WHERE CAST(pmid AS TEXT) NOT IN ($FIVE_PMIDS)")
	[ "$n" -eq "$BIG" ]
	dup=$(sqlite3 "$DB" 'SELECT count(*) FROM (SELECT pmid FROM papers GROUP BY pmid HAVING count(*) > 1)')
	[ "$dup" -eq 0 ]
	[ "$sb" -ne 0 ] || rel_assert_five
	rel_check
}

# disk_full_case [PREFIX...]: indexes five.xml, then part0 of the input
# through "PREFIX... litdex", where writing must fail part way: exit 2 and
# a clear message about the index
disk_full_case() {
	"$LITDEX_BIN" --db "$DB" index -q "$FIX/five.xml"
	run timeout 60 "$@" "$LITDEX_BIN" --db "$DB" index "$DISK_FILE"
	rel_assert_status "$status" 2
	# one clear line about the index, no crash
	[[ "$output" == *"litdex: "*"$DB"* ]]
	[[ "$output" != *"Assertion"* && "$output" != *"Sanitizer"* ]]
}

# the index as it was after the last committed batch: sound, the earlier
# records there, and only whole batches (README: transactions of 5,000)
assert_whole_batches() {
	rel_check
	rel_assert_five
	n=$(rel_count)
	[ "$n" -lt $((DISK_RECORDS + 5)) ]
	[ $(( (n - 5) % 5000 )) -eq 0 ]
	odd=$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM papers WHERE id NOT IN
		(SELECT id FROM papers_fts_docsize)) + (SELECT count(*) FROM papers_fts_docsize
		WHERE id NOT IN (SELECT id FROM papers))')
	[ "$odd" -eq 0 ]
}

teardown() {
	if [ -n "${MNT:-}" ] && mountpoint -q "$MNT"; then
		umount "$MNT"
	fi
}

@test "a full disk (4 MB tmpfs) stops the run and keeps what was committed" {
	MNT="$BATS_TEST_TMPDIR/mnt"
	mkdir -p "$MNT"
	mount -t tmpfs -o size=4m tmpfs "$MNT" 2>/dev/null ||
		skip "cannot mount a tmpfs here (needs root); the ulimit -f test covers a failing write"
	DB="$MNT/index.db"
	disk_full_case
	[[ "$output" == *"disk full"* ]]
	assert_whole_batches
	# room again: the next run completes the file
	mount -o remount,size=256m "$MNT"
	run "$LITDEX_BIN" --db "$DB" index -q "$DISK_FILE"
	[ "$status" -eq 0 ]
	[ "$(rel_count)" -eq $((DISK_RECORDS + 5)) ]
	rel_check
}

@test "a file size limit (ulimit -f) stops the run and keeps what was committed" {
	DB="$BATS_TEST_TMPDIR/index.db"
	disk_full_case bash -c 'trap "" XFSZ; ulimit -f 3000; exec "$@"' limit
	assert_whole_batches
	run "$LITDEX_BIN" --db "$DB" index -q "$DISK_FILE"
	[ "$status" -eq 0 ]
	[ "$(rel_count)" -eq $((DISK_RECORDS + 5)) ]
	rel_check
}
