/*
 * rerank.h: the best papers of Q + X, a query whose score adds a few
 * rare words X to Q's (pseudo-relevance feedback, feedback.c), found
 * among Q's best papers without scoring all of Q's papers again.
 *
 * A pass over Q kept its best papers C and their scores s_Q; any other
 * paper scores at most C's last.  One pass over X's rows alone, far fewer
 * than Q's, gives s_X for C's papers and the best s_X of any other paper.
 * When C's last s_Q plus that best is below the k-th best s_Q + s_X in C,
 * no paper outside C can reach the top k, and the page comes from C; else
 * the caller ranks Q + X over all of Q's papers, as without this.
 */
#ifndef LDX_RERANK_H
#define LDX_RERANK_H

#include "topk.h"

/*
 * known: Q's best papers, best first, as a heap pass found them; complete
 * when they are every paper Q + X may rank (the heap was not full).
 * x_fts and x_call: X's expression and its litdex_rank call, weighing and
 * counting X's phrases as the call for Q + X does; x_rows the rows X is
 * expected to match.  Fills page (freed first; release with
 * ldx_topk_best_free) with the papers that may be among the best k of
 * Q + X, best first, or leaves it empty when C cannot vouch for them.
 * The sums differ from litdex_rank's own by rounding only (it adds the
 * phrases in another order), so page keeps every paper within a rounding
 * margin of the k-th: the statement that reads the page orders them by
 * their exact scores.  Page stays empty too when dozens of papers tie
 * there.
 */
ldx_status ldx_rerank_known(ldx_db *db, const ldx_topk_best *known, int complete,
                            const char *x_fts, const char *x_call, double x_rows, int k,
                            ldx_topk_best *page, ldx_error *err);

#endif
