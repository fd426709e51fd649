/*
 * feedback.h: pseudo-relevance feedback (RM3-style query expansion) for
 * "any of the words" queries; see feedback.c.
 */
#ifndef LDX_FEEDBACK_H
#define LDX_FEEDBACK_H

#include "litdex.h"
#include "topk.h"

/* The number of best papers feedback would read for q (a flat OR of
 * enough phrases), or 0 when it leaves q alone. */
int ldx_feedback_docs(const ldx_flat_query *q);

/*
 * Given r, an "any of the words" query as it will run (Q, maybe pruned to
 * the papers holding one of E), reads the best papers it finds (under
 * opts's filters) and picks words they share that Q lacks.  On success
 * *fts_out is the expression to run instead and *rank_out the litdex_rank
 * call to rank it with (papers_fts.rank MATCH), both malloc'ed for the
 * caller to free; the expression matches exactly the papers r matches,
 * only the order changes.  Both stay NULL, with LDX_OK, when feedback does
 * not apply (see ldx_feedback_docs; too few papers match; no usable
 * word).
 *
 * When page_k is above 0 and r->best (or the first pass, which then keeps
 * r->keep papers) holds enough of Q's best papers to vouch for the
 * expression's best page_k (rerank.h), page (empty or freed first) gets
 * those papers, best first, with any that tie within rounding; else it
 * stays empty and the caller ranks all of the expression's papers.
 */
ldx_status ldx_feedback_expand(ldx_db *db, const ldx_ranked *r, const ldx_search_opts *opts,
                               int page_k, char **fts_out, char **rank_out,
                               ldx_topk_best *page, ldx_error *err);

/* The papers an "any" search that feedback will re-rank keeps from its
 * first pass, so that they vouch for its page (ldx_feedback_expand). */
#define LDX_FEEDBACK_KEEP 2000

#endif
