/*
 * prefilter.h: FTS5 phrases implied by a search's --journal, --author and
 * --year filters, so FTS5 finds fewer rows and litdex_rank scores only
 * papers that can pass them.
 *
 * The SQL still applies the filters exactly; these phrases only narrow
 * what reaches it.  A paper whose journal or ISO abbreviation equals the
 * filter (SQLite's NOCASE: ASCII letters in any case) holds the filter's
 * words, lower-cased, in order, in its venue column; a paper with an
 * author whose name or last name equals the filter holds that name in its
 * authors column (the names joined by "; ", and a last name begins its
 * name); and a paper of year Y holds the token "Y" in its year column, so
 * no paper that passes the filters is lost.  The phrases weigh 0 in
 * litdex_rank.
 */
#ifndef LDX_PREFILTER_H
#define LDX_PREFILTER_H

#include "db.h"
#include "termstats.h"

/* Year ranges of more years than this are left to the SQL. */
#define LDX_PREFILTER_MAX_YEARS 20

/* Nor, in a ranked search, years that hold more than this share of the
 * papers (ldx_prefilter). */
#define LDX_PREFILTER_MAX_SHARE 0.25

/*
 * Sets *expr (malloc'ed) to the phrases for opts's journal, author and
 * year filters, joined by AND (for example venue : "neuron" AND authors :
 * "kavalali et" AND year : ("2015" OR "2016")), and *nphrase to their
 * number; NULL and 0 when there is nothing to add.
 *
 * For a ranked search, ranked reads term_df, and the years become phrases
 * only where they hold at most LDX_PREFILTER_MAX_SHARE of the papers, as
 * term_df counts their tokens (it counts a year's mentions in the text
 * too, which errs towards no phrases).  A wider range is cheaper checked
 * paper by paper on the hits that would enter the heap (topk.c) than
 * ANDed to the query, whose every row must then seek each year's list.
 * Measured on the bench's year filters at 1,000,000 papers (bench-query,
 * 3 rounds): up to 26% of the papers the phrases won by up to 4x (6.4
 * against 26.9 ms for "tablet weekly" in 2.2%) or lost by under 1 ms;
 * from 27.5% on they lost, by up to 4x ("double suggest" in 71%: 143
 * against 39 ms).  Counting hits (ranked NULL) keeps the phrases at any
 * share: without them every hit is joined to its paper.
 */
ldx_status ldx_prefilter(ldx_db *db, const ldx_search_opts *opts, ldx_termstats *ranked,
                         char **expr, int *nphrase, ldx_error *err);

/* The index's first year (above 0) and last one, 0 when it has none: the
 * ends an open --year range stops at. */
ldx_status ldx_prefilter_index_years(ldx_db *db, int *first, int *last, ldx_error *err);

#endif
