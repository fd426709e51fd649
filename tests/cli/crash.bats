#!/usr/bin/env bats
# crash.bats: crash safety.  An index run over 40,000 records in four
# files is killed with SIGKILL at 20 moments spread over the run (fixed
# RANDOM seed; a random moment in each twentieth of the measured duration
# of a whole run).  After every kill the index must pass `litdex check`
# (SQLite integrity_check and FTS5 integrity-check) and answer a search,
# and one complete run must then leave exactly the expected papers: none
# lost, none duplicated.

load helpers
load rel-helpers

KILLS=20
PER_FILE=10000
NFILES=4
# Built with ASan (make sanitize, the second half of make test) every run is
# several times slower; there the point is memory errors on the paths a
# kill leaves behind, and 4 kills over 22,000 records keep the time sane
# (more than 20,000, so that, as with 40,000, no related words are made:
# the last test kills that part of a run).
if rel_is_asan; then
	KILLS=4
	PER_FILE=5500
fi

setup_file() {
	export IN="$BATS_FILE_TMPDIR/in"
	mkdir -p "$IN"
	for i in $(seq 0 $((NFILES - 1))); do
		awk -v n=$PER_FILE -v first=$((910000000 + i * PER_FILE)) \
			-f "$LITDEX_ROOT/tests/cli/rel-gen-records.awk" > "$IN/part$i.xml"
	done
	# a whole run, timed in milliseconds, sets the range of the kill moments
	local t0 t1
	t0=$(date +%s%N)
	"$LITDEX_BIN" --db "$BATS_FILE_TMPDIR/ref.db" index -q "$IN"
	t1=$(date +%s%N)
	export RUN_MS=$(( (t1 - t0) / 1000000 ))
	export EXPECTED=$((PER_FILE * NFILES))
}

# sleep_into_run K: sleeps until a random moment in the K-th of KILLS equal
# slices of the measured run, so the kills cover the whole run
sleep_into_run() {
	local ms=$(( RUN_MS * ($1 - 1) / KILLS + RUN_MS * (RANDOM % 1000) / (1000 * KILLS) ))
	printf -v KILL_AT '%d.%03d' $((ms / 1000)) $((ms % 1000))
	sleep "$KILL_AT"
}

# papers and the full-text index hold the same documents: one FTS5
# docsize row per paper (read with the plain sqlite3 shell, so it does not
# depend on litdex check alone)
assert_same_documents() {
	local odd
	odd=$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM papers WHERE id NOT IN
		(SELECT id FROM papers_fts_docsize)) + (SELECT count(*) FROM papers_fts_docsize
		WHERE id NOT IN (SELECT id FROM papers))')
	if [ "$odd" != 0 ]; then
		echo "after kill at ${KILL_AT}s: $odd papers and full-text documents disagree" >&2
		return 1
	fi
}

# the counts a complete index must hold
assert_complete() {
	local n dup pmid
	n=$(rel_count)
	dup=$(sqlite3 "$DB" 'SELECT count(*) FROM (SELECT pmid FROM papers GROUP BY pmid HAVING count(*) > 1)')
	if [ "$n" != "$EXPECTED" ] || [ "$dup" != 0 ]; then
		echo "after kill at ${KILL_AT}s: $n papers (expected $EXPECTED), $dup duplicated PMIDs" >&2
		return 1
	fi
	assert_same_documents
	# a record's own words find it (title words "Record <pmid>")
	pmid=$((910000000 + RANDOM % EXPECTED))
	n=$("$LITDEX_BIN" --db "$DB" search "title:\"record $pmid\"" --format ids)
	if [ "$n" != "$pmid" ]; then
		echo "after kill at ${KILL_AT}s: searching record $pmid gives '$n'" >&2
		return 1
	fi
}

@test "the reference run indexes every record" {
	DB="$BATS_FILE_TMPDIR/ref.db"
	[ "$(rel_count)" = "$EXPECTED" ]
	rel_check
	echo "# a whole run takes ${RUN_MS} ms" >&3
}

@test "SIGKILL at random moments of index runs loses and duplicates nothing" {
	RANDOM=4242
	DB="$BATS_TEST_TMPDIR/index.db"
	midway=0 seen=""
	for k in $(seq 1 $KILLS); do
		# every other kill hits a fresh index; the rest hit a run that
		# re-reads every file (touched) and so replaces records
		if [ $((k % 2)) -eq 1 ]; then
			rm -f "$DB" "$DB-wal" "$DB-shm"
		else
			touch "$IN"/*.xml
		fi
		"$LITDEX_BIN" --db "$DB" index -q "$IN" &
		pid=$!
		sleep_into_run "$k"
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		if [ -s "$DB" ]; then
			rel_check || { echo "check failed after kill $k at ${KILL_AT}s" >&2; false; }
			run "$LITDEX_BIN" --db "$DB" search synaptic --limit 3 --format ids
			if [ "$status" -gt 1 ]; then
				echo "search failed after kill $k at ${KILL_AT}s: $output" >&2
				false
			fi
			n=$(rel_count)
			[ "$n" -le "$EXPECTED" ]
			assert_same_documents
			seen="$seen ${KILL_AT}s:$n"
			if [ $((k % 2)) -eq 1 ] && [ "$n" -gt 0 ] && [ "$n" -lt "$EXPECTED" ]; then
				midway=$((midway + 1))
			fi
		fi
		run "$LITDEX_BIN" --db "$DB" index -q "$IN"
		if [ "$status" -ne 0 ]; then
			echo "the run after kill $k at ${KILL_AT}s failed ($status): $output" >&2
			false
		fi
		assert_complete
	done
	rel_check
	echo "# kill moment:papers committed:$seen" >&3
	# at least one kill landed inside a run with part of the records
	# committed (how many depends on the machine's load, so no more is asked)
	[ "$midway" -ge 1 ] || { echo "no kill landed mid-run:$seen" >&2; false; }
	n=$("$LITDEX_BIN" --db "$DB" search --year 1000-3000 --format ids --limit 100000 | sort -u | wc -l)
	[ "$n" = "$EXPECTED" ]
}

# The end of a run of 2,000 papers makes their related words (related.h),
# which takes most of the run: kills there must leave a sound index, and
# the next complete run must make every paper's words.
@test "SIGKILL while related words are made leaves a sound index; the next run makes them" {
	RANDOM=777
	DB="$BATS_TEST_TMPDIR/index.db"
	local in="$BATS_TEST_TMPDIR/small" t0 t1 run_ms n
	mkdir -p "$in"
	awk -v n=2000 -v first=960000000 -f "$LITDEX_ROOT/tests/cli/rel-gen-records.awk" \
		> "$in/part.xml"
	t0=$(date +%s%N)
	"$LITDEX_BIN" --db "$BATS_TEST_TMPDIR/ref.db" index -q "$in"
	t1=$(date +%s%N)
	run_ms=$(( (t1 - t0) / 1000000 ))
	for k in 1 2 3 4 5 6; do
		rm -f "$DB" "$DB-wal" "$DB-shm"
		"$LITDEX_BIN" --db "$DB" index -q "$in" &
		pid=$!
		ms=$(( run_ms * (k + 3) / 10 + RANDOM % 50 ))
		printf -v KILL_AT '%d.%03d' $((ms / 1000)) $((ms % 1000))
		sleep "$KILL_AT"
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		if [ -s "$DB" ]; then
			rel_check || { echo "check failed after kill $k at ${KILL_AT}s" >&2; false; }
			assert_same_documents
		fi
		run "$LITDEX_BIN" --db "$DB" index -q "$in"
		[ "$status" -eq 0 ] || { echo "run after kill $k: $output" >&2; false; }
		[ "$(rel_count)" = 2000 ]
		n=$(sqlite3 "$DB" "SELECT count(*) FROM papers WHERE related IS NULL")
		[ "$n" = 0 ] || { echo "after kill $k at ${KILL_AT}s: $n papers without related words" >&2; false; }
		[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'related_papers'")" = 2000 ]
		assert_same_documents
	done
	rel_check
}
