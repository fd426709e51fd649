/*
 * feedback.h: pseudo-relevance feedback (RM3-style query expansion) for
 * "any of the words" queries; see feedback.c.
 */
#ifndef LDX_FEEDBACK_H
#define LDX_FEEDBACK_H

#include "litdex.h"

/*
 * Given fts, the translated "any of the words" expression of opts->query,
 * reads the best papers it finds (under opts's filters) and picks words
 * they share that the query lacks.  On success *fts_out is the expression
 * to run instead and *rank_out the litdex_rank arguments to rank it with
 * (papers_fts.rank MATCH), both malloc'ed for the caller to free; the
 * expression matches exactly the papers fts matches, only the order
 * changes.  Both stay NULL, with LDX_OK, when feedback does not apply
 * (fts is not a plain OR of strings, too few papers match, no usable
 * word).
 */
ldx_status ldx_feedback_expand(ldx_db *db, const char *fts, const ldx_search_opts *opts,
                               char **fts_out, char **rank_out, ldx_error *err);

#endif
