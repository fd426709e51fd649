#!/usr/bin/env bash
# eval/run.sh: `make eval`.  Measures litdex's ranking on NFCorpus (dev and
# test) and SMART MED against a plain SQLite FTS5 baseline built in the
# same run, scores both with eval/trec_score, prints a table and writes
# eval/results/latest.json.  See eval/README.md.
#
# Environment:
#   BUILD               build directory (build): litdex and eval/trec_score
#   LITDEX_SHARED_DATA  the shared data (../shared/data)
#   EVAL_LITDEX         the litdex binary to measure ($BUILD/litdex)
#   EVAL_SRC            the source tree it was built from (.), for the
#                       commit and rank arguments recorded in the JSON
#   EVAL_OUT            the JSON written (eval/results/latest.json)
#   EVAL_KEEP=1         keep the work directory (indexes, runs, logs)
#   EVAL_RAW_QUERIES=1  give litdex the query text as written, punctuation
#                       and all, instead of the words both systems get
# Exit status: 0 done or data absent (skipped), 1 a step failed.
set -u -o pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
DATA=${LITDEX_SHARED_DATA:-../shared/data}
LITDEX=${EVAL_LITDEX:-$BUILD/litdex}
SCORE=$BUILD/eval/trec_score
OUT=${EVAL_OUT:-eval/results/latest.json}
EVAL=eval

die() { echo "eval: $*" >&2; exit 1; }

if [ ! -d "$DATA" ]; then
	echo "eval: $DATA is absent; skipping"
	exit 0
fi
[ -x "$LITDEX" ] || die "'$LITDEX' is not built (make)"
[ -x "$SCORE" ] || die "'$SCORE' is not built (make eval-tools)"
command -v sqlite3 >/dev/null 2>&1 || die "the sqlite3 command is missing (make deps installs it)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/litdex-eval.XXXXXX") || die "cannot make a work directory"
if [ "${EVAL_KEEP:-0}" = 1 ]; then
	echo "eval: work directory $WORK kept"
else
	trap 'rm -rf "$WORK"' EXIT
fi

# Seconds since the epoch, with decimals.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# One result line per system and split, "collection split system queries
# ndcg recall map index_s search_s", in $WORK/results.
: >"$WORK/results"

# score NAME QRELS RUN: prints "queries ndcg recall map".
score() {
	"$SCORE" "$2" "$3" >"$WORK/$1.score" || die "scoring '$3' failed"
	awk '$2 == "all" { v[$1] = $3 }
	     END { print v["num_q"], v["ndcg_cut_10"], v["recall_100"], v["map"] }' \
		"$WORK/$1.score"
}

# evaluate COLLECTION SPLIT DOCS_TSV QUERIES_TSV QRELS PREFIX
#   DOCS_TSV: "docid<TAB>title<TAB>abstract"; PREFIX: what the docids have
#   before their digits (litdex's TREC output names papers by PMID).
evaluate() {
	local coll=$1 split=$2 docs=$3 queries=$4 qrels=$5 prefix=$6
	local w="$WORK/$coll-$split" t0 t1 t2 rc line litdex_queries
	mkdir -p "$w"
	LC_ALL=C awk -f $EVAL/words.awk "$queries" >"$w/words.tsv" ||
		die "$coll $split: reading the queries failed"
	litdex_queries="$w/words.tsv"
	[ "${EVAL_RAW_QUERIES:-0}" = 1 ] && litdex_queries=$queries

	# baseline: plain FTS5
	t0=$(now)
	LC_ALL=C awk -v what=docs -f $EVAL/fts5.awk "$docs" | sqlite3 "$w/fts5.db" ||
		die "$coll $split: building the FTS5 baseline failed"
	t1=$(now)
	LC_ALL=C awk -v what=queries -f $EVAL/fts5.awk "$w/words.tsv" | sqlite3 "$w/fts5.db" \
		>"$w/fts5.run" || die "$coll $split: the FTS5 baseline queries failed"
	t2=$(now)
	line=$(score "$coll-$split-fts5" "$qrels" "$w/fts5.run") || exit 1
	echo "$coll $split fts5 $line $(elapsed "$t0" "$t1") $(elapsed "$t1" "$t2")" \
		>>"$WORK/results"

	# litdex
	awk -v prefix="$prefix" -f $EVAL/medline.awk "$docs" >"$w/records.nbib" ||
		die "$coll $split: converting documents to MEDLINE failed"
	t0=$(now)
	"$LITDEX" --db "$w/litdex.db" index "$w/records.nbib" >"$w/index.log" 2>&1 ||
		{ cat "$w/index.log" >&2; die "$coll $split: litdex index failed"; }
	t1=$(now)
	"$LITDEX" --db "$w/litdex.db" search --queries "$litdex_queries" --any --format trec \
		--limit 1000 >"$w/litdex.raw" 2>"$w/search.log"
	rc=$?
	t2=$(now)
	# 1 is "some query matched nothing"; 2 with a run written is "some
	# queries were skipped" (they score 0, and are listed).
	if [ $rc -gt 2 ] || { [ $rc -eq 2 ] && [ ! -s "$w/litdex.raw" ]; }; then
		cat "$w/search.log" >&2
		die "$coll $split: litdex search failed (status $rc)"
	fi
	if [ -s "$w/search.log" ]; then
		echo "eval: $coll $split: litdex search said ($(wc -l <"$w/search.log") lines):" >&2
		head -5 "$w/search.log" | sed 's/^/  /' >&2
	fi
	awk -v prefix="$prefix" '/^#/ || NF == 0 { next } { $3 = prefix $3; print }' \
		"$w/litdex.raw" >"$w/litdex.run"
	line=$(score "$coll-$split-litdex" "$qrels" "$w/litdex.run") || exit 1
	echo "$coll $split litdex $line $(elapsed "$t0" "$t1") $(elapsed "$t1" "$t2")" \
		>>"$WORK/results"
}

ran=0
NF_DIR="$DATA/nfcorpus-raw"
for split in dev test; do
	d="$NF_DIR/$split"
	if [ -r "$d/d-collection.docs" ] && [ -r "$d/q-titles.queries" ] && [ -r "$d/s-3.qrel" ]; then
		awk -f $EVAL/nfcorpus.awk "$d/d-collection.docs" >"$WORK/nfcorpus-$split.tsv" ||
			die "nfcorpus $split: reading the documents failed"
		evaluate nfcorpus "$split" "$WORK/nfcorpus-$split.tsv" "$d/q-titles.queries" \
			"$d/s-3.qrel" MED-
		ran=$((ran + 1))
	else
		echo "eval: $d is incomplete or absent; skipping nfcorpus $split"
	fi
done

MED_DIR="$DATA/smart-med"
if [ -r "$MED_DIR/MED.ALL.trec" ] && [ -r "$MED_DIR/MED.QRY" ] && [ -r "$MED_DIR/MED.REL" ]; then
	awk -v what=docs -f $EVAL/smart.awk "$MED_DIR/MED.ALL.trec" >"$WORK/med.tsv" &&
		awk -v what=queries -f $EVAL/smart.awk "$MED_DIR/MED.QRY" >"$WORK/med-queries.tsv" ||
		die "med: reading the collection failed"
	evaluate med all "$WORK/med.tsv" "$WORK/med-queries.tsv" "$MED_DIR/MED.REL" MED-
	ran=$((ran + 1))
else
	echo "eval: $MED_DIR is incomplete or absent; skipping med"
fi

if [ $ran -eq 0 ]; then
	echo "eval: no collection found in $DATA; skipping"
	exit 0
fi

SRC=${EVAL_SRC:-.}
commit=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$SRC" status --porcelain -- src include 2>/dev/null)" ]; then
	commit="$commit+changes"
fi
rank_args=$(sed -n 's/^#define LDX_RANK_ARGS "\(.*\)"$/\1/p' "$SRC/src/db.h" 2>/dev/null)

mkdir -p "$(dirname "$OUT")" || die "cannot make the directory of '$OUT'"
qmode=words
[ "${EVAL_RAW_QUERIES:-0}" = 1 ] && qmode=raw
awk -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" -v commit="$commit" -v rank_args="$rank_args" \
    -v queries="$qmode" \
    -v json="$OUT.tmp" -f $EVAL/report.awk "$WORK/results" || die "writing the report failed"
mv "$OUT.tmp" "$OUT" || die "cannot write '$OUT'"
echo "eval: wrote $OUT"
