/*
 * rerank.c: Q + X's best papers among Q's best (ldx_rerank_known); see
 * rerank.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rerank.h"

/* A paper of known: its id and its place there. */
typedef struct known_paper {
	sqlite3_int64 id;
	int at;
} known_paper;

static int by_id(const void *a, const void *b)
{
	const known_paper *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* A paper of the page and its sum. */
typedef struct summed {
	double score;
	sqlite3_int64 id;
} summed;

/* The heap's order (ldx_topk_ranks_below), best first. */
static int best_first(const void *a, const void *b)
{
	const summed *x = a, *y = b;
	if (ldx_topk_ranks_below(x->score, x->id, y->score, y->id))
		return 1;
	return ldx_topk_ranks_below(y->score, y->id, x->score, x->id) ? -1 : 0;
}

/* Rounding in sums of at most a few hundred phrases' scores stays far
 * below this part of the score. */
#define RERANK_MARGIN 2e-9

/* At most this many papers past the k-th within the margin (copies of
 * one paper, say): the page statement reads each by id, and more are
 * cheaper for the caller to rank with the others. */
#define RERANK_MAX_TIES 64

ldx_status ldx_rerank_known(ldx_db *db, const ldx_topk_best *known, int complete,
                            const char *x_fts, const char *x_call, double x_rows, int k,
                            ldx_topk_best *page, ldx_error *err)
{
	int n = known->n, kept = 0;
	known_paper *by = NULL;
	sqlite3_int64 *ids = NULL;
	double *x_score = NULL, outside = -HUGE_VAL;
	summed *sum = NULL;
	ldx_status rc = LDX_OK;

	ldx_topk_best_free(page);
	if (n < 1 || k < 1 || (n < k && !complete))
		return LDX_OK;
	if (!(by = malloc((size_t)n * sizeof *by)) || !(ids = malloc((size_t)n * sizeof *ids)) ||
	    !(x_score = malloc((size_t)n * sizeof *x_score)) ||
	    !(sum = malloc((size_t)n * sizeof *sum)))
		goto nomem;
	for (int i = 0; i < n; i++)
		by[i] = (known_paper){ known->id[i], i };
	qsort(by, (size_t)n, sizeof *by, by_id);
	for (int i = 0; i < n; i++)
		ids[i] = by[i].id;
	if ((rc = ldx_topk_score_known(db, x_fts, x_call, ids, n, x_rows, x_score, &outside,
	                               err)))
		goto out;
	for (int i = 0; i < n; i++)
		sum[i] = (summed){ known->score[by[i].at] + x_score[i], by[i].id };
	qsort(sum, (size_t)n, sizeof *sum, best_first);

	/* a paper outside known scores at most known's last plus X's best */
	double kth = n >= k ? sum[k - 1].score : -HUGE_VAL;
	double margin = RERANK_MARGIN * (1.0 + fabs(kth));
	if (!complete && !(known->score[n - 1] + (outside > 0 ? outside : 0) < kth - margin))
		goto out;
	while (kept < n && (kept < k || sum[kept].score >= kth - margin))
		kept++;
	if (kept > k + RERANK_MAX_TIES)
		goto out;
	if (!(page->id = malloc((size_t)kept * sizeof *page->id)) ||
	    !(page->score = malloc((size_t)kept * sizeof *page->score)))
		goto nomem;
	for (int i = 0; i < kept; i++) {
		page->id[i] = sum[i].id;
		page->score[i] = sum[i].score;
	}
	page->n = kept;
	goto out;
nomem:
	ldx_topk_best_free(page);
	rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
out:
	free(by);
	free(ids);
	free(x_score);
	free(sum);
	return rc;
}
