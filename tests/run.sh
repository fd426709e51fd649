#!/usr/bin/env bash
# tests/run.sh: runs every unit test binary (cmocka, TAP output) and every
# bats file under tests/cli, shows their output, and ends with one line:
#   N passed, N failed, N skipped
# Exit status is 0 only when nothing failed.
#
#   tests/run.sh --counts FILE       the same, but instead of the last line
#                                    write "PASSED FAILED SKIPPED" to FILE
#   tests/run.sh --total FILE...     print the one last line for several
#                                    runs' FILEs (make test: plain + sanitize)
set -u
cd "$(dirname "$0")/.."
counts_file=""
case "${1:-}" in
--counts) counts_file=$2 ;;
--total)
	shift
	pass=0 fail=0 skipped=0
	for f in "$@"; do
		if ! read -r p f_ s_ 2>/dev/null < "$f"; then
			echo "not ok - no test counts in '$f' (that run did not finish)"
			fail=$((fail + 1)); continue
		fi
		pass=$((pass + p)) fail=$((fail + f_)) skipped=$((skipped + s_))
	done
	echo "$pass passed, $fail failed, $skipped skipped"
	[ $fail -eq 0 ]
	exit
	;;
esac
BUILD=${BUILD:-build}
export LITDEX_BIN="$PWD/$BUILD/litdex"
export LITDEX_ROOT="$PWD"
pass=0 fail=0 skipped=0
failed_names=()

# count_tap NAME: reads TAP on stdin, echoes it, updates the counters.
count_tap() {
	local name=$1 line
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case "$line" in
		"ok "*"# skip"*|"ok "*"# SKIP"*|"not ok "*"# SKIP"*|"not ok "*"# skip"*)
			skipped=$((skipped + 1)) ;;
		"ok "*) pass=$((pass + 1)) ;;
		"not ok "*) fail=$((fail + 1)); failed_names+=("$name: ${line#not ok }") ;;
		esac
	done
}

echo "== unit tests"
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	[ "${t%.d}" = "$t" ] || continue
	out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$t" 2>&1)
	rc=$?
	before=$fail
	count_tap "$(basename "$t")" <<<"$out"
	if [ $rc -ne 0 ] && [ $fail -eq $before ]; then
		# crashed (or a sanitizer stopped it) without reporting a failed test
		echo "not ok - $(basename "$t") exited with status $rc"
		fail=$((fail + 1)); failed_names+=("$(basename "$t"): exit status $rc")
	fi
done

echo "== cli tests"
if command -v bats >/dev/null 2>&1; then
	out=$(bats --tap tests/cli 2>&1)
	rc=$?
	before=$fail
	count_tap bats <<<"$out"
	if [ $rc -ne 0 ] && [ $fail -eq $before ]; then
		echo "not ok - bats exited with status $rc"
		fail=$((fail + 1)); failed_names+=("bats: exit status $rc")
	fi
else
	echo "not ok - bats is not installed (scripts/install-deps.sh installs it)"
	fail=$((fail + 1))
fi

if [ $fail -gt 0 ]; then
	echo "== failed:"
	printf '  %s\n' "${failed_names[@]}"
fi
if [ -n "$counts_file" ]; then
	echo "$pass $fail $skipped" > "$counts_file"
else
	echo "$pass passed, $fail failed, $skipped skipped"
fi
[ $fail -eq 0 ]
