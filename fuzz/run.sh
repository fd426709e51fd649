#!/usr/bin/env bash
# fuzz/run.sh: runs each named libFuzzer target (built by `make fuzz-build`)
# for $FUZZ_SECONDS seconds over its seeds (repository samples, see
# repo_seeds, and fuzz/corpus/<name>/ when there is one) and its
# dictionary fuzz/<name>.dict.  New coverage goes to build/fuzz/corpus/<name>/
# (kept between runs, outside the repository); an input that crashes, leaks,
# trips a sanitizer, hangs or runs out of memory is saved as
# tests/regress/<name>/<kind>-<sha1>, where `make test` replays it.
# Prints one line per target with its executions, and exits 1 when any
# target found something.
set -u
cd "$(dirname "$0")/.."
FUZZ_BUILD=${FUZZ_BUILD:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
failed=()
summary=()

# Repository files that are also seeds, copied in at run time so the repo
# keeps one copy of each (fuzz/corpus/ holds only fuzz-specific seeds).
repo_seeds() {
	case "$1" in
	pubmed) echo corpus/*.xml corpus/*.xml.gz tests/cli/fixtures/*.xml ;;
	jats) echo corpus/formats/*.nxml ;;
	medline) echo corpus/formats/*.nbib ;;
	ris) echo corpus/formats/*.ris corpus/formats/wos-export.txt ;;
	bibtex) echo corpus/formats/*.bib ;;
	html) echo corpus/formats/*.html ;;
	text) echo corpus/formats/plain-abstract.txt corpus/formats/saved-pubmed-page.txt ;;
	esac
}

for name in "$@"; do
	seeds="$FUZZ_BUILD/seeds/$name"
	rm -rf "$seeds" && mkdir -p "$seeds"
	own=()
	[ -d "fuzz/corpus/$name" ] && own=("fuzz/corpus/$name")
	for f in $(repo_seeds "$name"); do
		[ -f "$f" ] && cp "$f" "$seeds/"
	done
	bin="$FUZZ_BUILD/fuzz_$name"
	work="$FUZZ_BUILD/corpus/$name"
	regress="tests/regress/$name"
	log="$FUZZ_BUILD/fuzz_$name.log"
	mkdir -p "$work" "$regress"
	dict=()
	[ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
	echo "== fuzz $name for ${FUZZ_SECONDS}s"
	# -timeout: one input taking this long is a hang; -rss_limit_mb: memory
	# must stay bounded whatever the input
	"$bin" -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$regress/" "${dict[@]}" \
		"$work" "$seeds" "${own[@]}" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	if [ $rc -ne 0 ]; then
		tail -n 40 "$log"
		failed+=("$name")
		summary+=("$name: FAILED (exit $rc) after ${runs:-?} executions; see $log and $regress/")
	else
		summary+=("$name: ${runs:-?} executions, ${cov:-cov: ?}, no finds")
	fi
done

echo "== fuzz summary (${FUZZ_SECONDS}s per target)"
printf '  %s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
