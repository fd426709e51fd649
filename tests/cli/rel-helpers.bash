# rel-helpers.bash: shared helpers for the reliability tests
# (hostile.bats, crash.bats, concurrency.bats).  Load after helpers.

FIVE_PMIDS="'900000001','900000002','900000003','900000004','900000005'"

# papers in the index, read with the sqlite3 shell (no tokenizer needed)
rel_count() {
	sqlite3 "${1:-$DB}" 'SELECT count(*) FROM papers'
}

# asserts that the five records of fixtures/five.xml are indexed, once each
rel_assert_five() {
	local n
	n=$(sqlite3 "${1:-$DB}" "SELECT count(*) FROM papers WHERE CAST(pmid AS TEXT) IN ($FIVE_PMIDS)")
	if [ "$n" != 5 ]; then
		echo "expected the 5 records of five.xml, found $n" >&2
		return 1
	fi
}

# litdex check on the index; prints its output on failure
rel_check() {
	local out rc
	out=$("$LITDEX_BIN" --db "${1:-$DB}" check 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "litdex check failed ($rc): $out" >&2
		return 1
	fi
}

# Set when LITDEX_BIN is built with AddressSanitizer (make sanitize), whose
# shadow memory and quarantine raise the resident size.
rel_is_asan() {
	ldd "$LITDEX_BIN" 2>/dev/null | grep -q libasan
}

# memory bound for one litdex run, in MB: 300, more under a sanitizer or
# valgrind (make memcheck sets REL_MEMCHECK), which add their own
rel_mem_limit_mb() {
	if [ -n "${REL_MEMCHECK:-}" ]; then echo 2000
	elif rel_is_asan; then echo 900
	else echo 300; fi
}

# rel_bounded CMD...: runs CMD with a 60 s timeout, recording its maximum
# resident size in KB in $BATS_TEST_TMPDIR/rss.  Use with bats' run.
rel_bounded() {
	timeout 60 /usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" "$@"
}

# asserts the last rel_bounded run finished in time and within memory
rel_assert_bounds() {
	local st=$1 kb limit
	if [ "$st" -eq 124 ] || [ "$st" -eq 137 ]; then
		echo "timed out after 60 s" >&2
		return 1
	fi
	if [ "$st" -ge 128 ]; then
		echo "killed by signal $((st - 128))" >&2
		return 1
	fi
	kb=$(grep -E '^[0-9]+$' "$BATS_TEST_TMPDIR/rss" | tail -n 1)
	limit=$(rel_mem_limit_mb)
	if [ -z "$kb" ] || [ "$kb" -gt $((limit * 1024)) ]; then
		echo "max RSS ${kb:-unknown} KB, limit $limit MB" >&2
		return 1
	fi
}

# rel_assert_named_error PATH OUTPUT: a short "litdex: ..." line names PATH
rel_assert_named_error() {
	local path=$1 output=$2 line found=0
	while IFS= read -r line; do
		case "$line" in
		*"$path"*)
			case "$line" in
			"litdex: "*) ;;
			*) echo "message not in the litdex: form: $line" >&2; return 1 ;;
			esac
			if [ ${#line} -gt 1000 ]; then
				echo "message of ${#line} characters (input echoed?)" >&2
				return 1
			fi
			found=1 ;;
		esac
	done <<<"$output"
	if [ $found -ne 1 ]; then
		echo "no message names '$path' in: ${output:0:2000}" >&2
		return 1
	fi
}

# asserts an exit status that is neither a crash nor a timeout, and that it
# is one of the allowed ones: rel_assert_status STATUS ALLOWED...
rel_assert_status() {
	local st=$1 a
	shift
	for a in "$@"; do
		[ "$st" -eq "$a" ] && return 0
	done
	echo "exit status $st, expected one of: $*" >&2
	return 1
}

# the bytes of fixtures/five.xml's records are never touched, so their
# presence after a run is the proof the run went on past a bad file
rel_index_with_five() {
	rel_bounded "$LITDEX_BIN" --db "$DB" index "$@" "$FIX/five.xml"
}
