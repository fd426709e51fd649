/*
 * rank_call.h: the text of the litdex_rank(...) calls that a search binds
 * as papers_fts.rank MATCH when it weighs phrases or passes their
 * document frequencies (feedback.c, topk.c).  Only numbers go into the
 * text: search.c also splices it into SQL for litdex_why, and topk.c for
 * litdex_offer.
 */
#ifndef LDX_RANK_CALL_H
#define LDX_RANK_CALL_H

#include "db.h"

/*
 * The index's own rank setting "litdex_rank(3.0, 1.0, ...)" as
 * "litdex_rank(3.0, 1.0, w0, ..., w10" (no closing parenthesis), padded
 * to a weight for every column so phrase weights can follow: malloc'ed in
 * *base, or NULL when the index ranks some other way.  *k1 is its first
 * argument.
 */
ldx_status ldx_rank_call_base(ldx_db *db, char **base, double *k1, ldx_error *err);

/*
 * base followed by nphrase phrase weights, then, when df is not NULL,
 * nphrase document frequencies (negative: litdex_rank counts that
 * phrase), and ")": malloc'ed, NULL when out of memory.
 */
char *ldx_rank_call_text(const char *base, int nphrase, const double *weight,
                         const double *df);

/*
 * The call "litdex_rank(ARGS)" as "litdex_offer(papers_fts, ?N, ARGS)"
 * (rank.h), for SQL that binds its sink as ?N: malloc'ed, NULL when call
 * is not a litdex_rank call of numbers only, or out of memory.
 */
char *ldx_rank_offer_call(const char *call, int sink_param);

#endif
