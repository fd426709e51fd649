#!/usr/bin/env bats
# bench.bats: `make bench`'s script end to end at its smallest size, so
# that a change to litdex or to the script cannot break the benchmark
# unseen.  It times nothing here: only that it runs and what it reports.

load helpers

# run the benchmark at 1,000 records (and 100), 20 small files, with its
# scratch files and results in the test's own directory
bench_small() {
	cd "$LITDEX_ROOT"
	BUILD="$LITDEX_ROOT/build" BENCH_LITDEX="$LITDEX_BIN" BENCH_N=1000 \
		BENCH_SMALL_FILES=20 BENCH_DIR="$BATS_TEST_TMPDIR/work" \
		BENCH_RESULTS="$BATS_TEST_TMPDIR/results" bash bench/run.sh
}

# a value of the results, by JSON path
result() {
	sqlite3 :memory: \
		"SELECT json_extract(readfile('$BATS_TEST_TMPDIR/results/latest.json'), '$1')"
}

@test "the benchmark runs at 1,000 records and reports the index's split and the targets" {
	if [ ! -x "$LITDEX_ROOT/build/bench/bench-query" ]; then
		echo "build/bench/bench-query is missing: make test builds bench-tools" >&2
		return 1
	fi
	run bench_small
	[ "$status" -eq 0 ]
	[[ "$output" == *"== N = 1000 records"* ]]
	[[ "$output" == *"of which records (content)"* ]]
	[ "$(grep -c '(target ' <<<"$output")" -eq 7 ]
	# both sizes ran, and each split adds up to no more than the file
	[ "$(result '$.runs[0].n')" -eq 100 ]
	[ "$(result '$.runs[1].n')" -eq 1000 ]
	for run in 0 1; do
		local content fts file
		content=$(result "\$.runs[$run].litdex_index.content_bytes")
		fts=$(result "\$.runs[$run].litdex_index.fts_bytes")
		file=$(result "\$.runs[$run].litdex_index.index_bytes")
		[ "$content" -gt 0 ]
		[ "$fts" -gt 0 ]
		[ $((content + fts)) -le "$file" ]
	done
	# the second bare build indexes every column litdex does, as stored,
	# so its file is bigger than the title+abstract build's
	[ "$(result '$.runs[1].fts5_build_all_columns.columns')" = \
	  "title, abstract, keywords, mesh, authors, venue, pub_types, body, year, language, ids, related" ]
	[ "$(result '$.runs[1].fts5_build_all_columns.db_bytes')" -gt \
	  "$(result '$.runs[1].fts5_build.db_bytes')" ]
	[[ "$output" == *"bare FTS5 build of all 12 columns litdex indexes"* ]]
	[ "$(result '$.targets_at_n')" -eq 1000 ]
	# the whole workload ran on both engines, without an error
	for engine in litdex fts5; do
		[ "$(result "\$.runs[1].queries.$engine.all.n")" -eq 330 ]
		[ "$(result "\$.runs[1].queries.$engine.all.errors")" -eq 0 ]
	done
}
