/*
 * prefilter.h: FTS5 phrases implied by a search's --journal and --year
 * filters, so FTS5 finds fewer rows and litdex_rank scores only papers
 * that can pass them.
 *
 * The SQL still applies the filters exactly; these phrases only narrow
 * what reaches it.  A paper whose journal or ISO abbreviation equals the
 * filter (SQLite's NOCASE: ASCII letters in any case) holds the filter's
 * words, lower-cased, in order, in its venue column, and a
 * paper of year Y holds the token "Y" in its year column, so no paper
 * that passes the filters is lost.  The phrases weigh 0 in litdex_rank.
 */
#ifndef LDX_PREFILTER_H
#define LDX_PREFILTER_H

#include "db.h"

/* Year ranges of more years than this are left to the SQL. */
#define LDX_PREFILTER_MAX_YEARS 20

/*
 * Sets *expr (malloc'ed) to the phrases for opts's journal and year
 * filters, joined by AND (for example venue : "neuron" AND year : ("2015"
 * OR "2016")), and *nphrase to their number; NULL and 0 when there is
 * nothing to add.
 */
ldx_status ldx_prefilter(ldx_db *db, const ldx_search_opts *opts, char **expr, int *nphrase,
                         ldx_error *err);

#endif
