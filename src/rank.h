/*
 * rank.h: litdex's FTS5 ranking functions.
 *
 *   litdex_rank(papers_fts [, k1, b, w0, w1, ... [, p0, p1, ...]])
 *       BM25F: each field's term frequency is normalised by that field's
 *       length against its own average, weighted, and summed before the
 *       BM25 saturation.  Returns minus the score (FTS5: lower ranks
 *       first), like bm25().  After one weight per column (all of them)
 *       may come one weight per phrase of the MATCH expression, in the
 *       order the phrases appear (default 1; 0 leaves a phrase out of the
 *       score).  Pseudo-relevance feedback (feedback.c) weighs the words it
 *       adds this way.  After the phrase weights may come one document
 *       frequency per phrase (a negative one: count it), which saves
 *       counting each phrase's rows on every query (topk.c).
 *   litdex_why(papers_fts [, same arguments])
 *       Text saying which words matched in which fields and each field's
 *       share of the score: "title 62%: homeostatic, plasticity; ...".
 *   litdex_offer(papers_fts, sink, same arguments as litdex_rank)
 *       Scores the row as litdex_rank does and hands the score (plus, not
 *       minus) and the rowid to sink, an ldx_rank_sink bound with
 *       sqlite3_bind_pointer (type LDX_RANK_SINK_TYPE); returns 0.  A heap
 *       pass keeps its best papers inside its statement this way, which
 *       then returns no rows: returning each hit's row to C was a fifth of
 *       a common word's search.
 *   litdex_df(papers_fts)
 *       "df0 df1 ...": the rows each phrase of the MATCH finds (within its
 *       column filter), as litdex_rank counts them when not given them.
 *
 * Registered on every connection with ldx_rank_register(); the default
 * arguments live in schema.c's rank setting.  litdex_rank reads the
 * columns' sizes from papers_doclen's blocks (doclen.h) when they are
 * current, else with its own cursor over FTS5's docsize table (docsize.h),
 * rather than FTS5's lookup per row.
 */
#ifndef LDX_RANK_H
#define LDX_RANK_H

#include <sqlite3.h>

#include "litdex.h"

ldx_status ldx_rank_register(sqlite3 *db, ldx_error *err);

/* Where litdex_offer hands its rows; called on the statement's thread. */
#define LDX_RANK_SINK_TYPE "ldx_rank_sink"
typedef struct ldx_rank_sink {
	void (*offer)(void *ctx, double score, sqlite3_int64 rowid);
	void *ctx;
} ldx_rank_sink;

/* The idf litdex_rank gives a phrase found in df of nrow rows: always
 * positive, ln(1 + (nrow - df + 0.5) / (df + 0.5)). */
double ldx_rank_idf(double nrow, double df);

/* For tests: where litdex_rank queries started after this call read the
 * columns' sizes; process-wide. */
enum {
	LDX_RANK_SIZES_FTS5,       /* FTS5's xColumnSize */
	LDX_RANK_SIZES_ROWS,       /* a cursor over FTS5's docsize rows */
	LDX_RANK_SIZES_BLOCKS      /* papers_doclen when current, else ROWS: the default */
};
void ldx_rank_set_size_reader(int reader);

#endif
