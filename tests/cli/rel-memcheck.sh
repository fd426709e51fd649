#!/usr/bin/env bash
# rel-memcheck.sh: `make memcheck`.  Runs the bats CLI tests with every
# litdex command under valgrind memcheck (--leak-check=full
# --error-exitcode=99), through a wrapper set as LITDEX_BIN, and then reads
# every valgrind log: any memory error or leak (definite, indirect or
# possible) fails the run and is printed with its stack traces.
#
# crash.bats and concurrency.bats are left out: they kill runs at measured
# moments and race searches against a writer, which means nothing at
# valgrind's 20-50x slowdown.  Name bats files as arguments to run others.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$PWD/$BUILD" ;; esac
REAL="$BUILD/litdex"
OUT="$BUILD/memcheck"
command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed" >&2; exit 2; }
command -v bats >/dev/null || { echo "memcheck: bats is not installed" >&2; exit 2; }
[ -x "$REAL" ] || { echo "memcheck: $REAL is missing (make all)" >&2; exit 2; }

rm -rf "$OUT"
mkdir -p "$OUT/logs"
# some tests run litdex as the user nobody
chmod 1777 "$OUT/logs"
chmod 755 "$OUT"
# The wrapper lives where LITDEX_BIN points.  docs.bats runs `make install
# BUILD=$(dirname $LITDEX_BIN)`, which links a real litdex over it, so it is
# written again before each bats file and checked after it.
write_wrapper() {
	cat > "$OUT/litdex" <<WRAP
#!/bin/sh
exec valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \\
	--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \\
	--track-origins=yes --num-callers=30 --log-file="$OUT/logs/vg.%p.log" "$REAL" "\$@"
WRAP
	chmod 755 "$OUT/litdex"
}

if [ $# -gt 0 ]; then
	files=("$@")
else
	files=()
	for f in tests/cli/*.bats; do
		case "$f" in
		*/crash.bats|*/concurrency.bats) ;;
		*) files+=("$f") ;;
		esac
	done
fi

bats_rc=0
for f in "${files[@]}"; do
	echo "== memcheck: $f"
	write_wrapper
	LITDEX_BIN="$OUT/litdex" LITDEX_ROOT="$PWD" REL_MEMCHECK=1 bats --tap "$f" || bats_rc=1
	grep -q valgrind "$OUT/litdex" 2>/dev/null ||
		echo "# note: a test in $f replaced the wrapper; its later tests ran without valgrind"
done

runs=$(find "$OUT/logs" -name 'vg.*.log' | wc -l)
bad=0
for log in "$OUT"/logs/vg.*.log; do
	[ -e "$log" ] || continue
	# with --quiet, a clean run leaves an empty log
	if [ -s "$log" ]; then
		bad=$((bad + 1))
		echo "== valgrind report: $log"
		cat "$log"
	fi
done
echo "memcheck: $runs litdex runs under valgrind, $bad with errors or leaks; bats exit $bats_rc"
[ $bad -eq 0 ] && [ $bats_rc -eq 0 ]
