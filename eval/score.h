/*
 * score.h: the evaluation scorer's core: reading TREC qrels and run files
 * and computing nDCG@10, recall@100 and average precision with
 * trec_eval's definitions.  eval/trec_score.c is its command line, and
 * tests/unit/test_scorer.c tests it.
 *
 * Definitions (trec_eval 9 with -c -M1000):
 *   - A run is ordered per query by score, higher first; equal scores by
 *     docno in decreasing strcmp order, as trec_eval breaks ties.  The
 *     rank column is ignored.  Only the first SCORE_MAX_RET hits count.
 *   - A document is relevant when its grade is >= 1; its gain is the grade.
 *   - nDCG@10 = DCG@10 / ideal DCG@10, DCG = sum of gain / log2(rank + 1);
 *     the ideal ranking is every judged document sorted by gain.
 *   - recall@100 = relevant in the first 100 / all relevant.
 *   - AP = sum over relevant hits of precision at their rank / all
 *     relevant (a relevant document never retrieved adds 0).
 *   - Queries: every query in the qrels with a relevant document; one
 *     with no hits in the run scores 0 (trec_eval -c).  Queries with no
 *     relevant document and run queries absent from the qrels are left out.
 *
 * Ownership: score_qrels and score_run own their strings; release them
 * with score_qrels_free / score_run_free.  score_result owns its per-query
 * array; release it with score_result_free.  Every function returns 0, or
 * -1 with a message in err (lowercase, no trailing period).
 */
#ifndef LDX_EVAL_SCORE_H
#define LDX_EVAL_SCORE_H

#include <stddef.h>
#include <stdio.h>

#define SCORE_MAX_RET 1000
#define SCORE_NDCG_CUT 10
#define SCORE_RECALL_CUT 100
#define SCORE_ID_MAX 256          /* longest qid or docno accepted */

typedef struct score_judgment {
	char *qid, *docno;
	int grade;
} score_judgment;

typedef struct score_qrels {
	score_judgment *j;
	size_t n, cap;
	int sorted;
} score_qrels;

typedef struct score_hit {
	char *qid, *docno;
	double score;
} score_hit;

typedef struct score_run {
	score_hit *h;
	size_t n, cap;
	int sorted;
} score_run;

typedef struct score_query {
	char qid[SCORE_ID_MAX + 1];
	int nrel;                 /* judged relevant (grade >= 1) */
	int nret;                 /* hits counted (at most SCORE_MAX_RET) */
	int nrel_ret;             /* relevant among them */
	double ndcg, recall, ap;
} score_query;

typedef struct score_result {
	size_t nq;                /* queries averaged */
	double ndcg, recall, map; /* means over them */
	score_query *q;           /* nq entries, in qid order */
} score_result;

typedef struct score_error {
	char msg[512];
} score_error;

/* Adds one judgment / one hit; the strings are copied. */
int score_qrels_add(score_qrels *q, const char *qid, const char *docno, int grade,
                    score_error *err);
int score_run_add(score_run *r, const char *qid, const char *docno, double score,
                  score_error *err);

/* Read whole files: qrels lines "qid iter docno grade", run lines
 * "qid Q0 docno rank score [tag]", separated by spaces or tabs.  Blank
 * lines and lines starting with '#' are skipped; anything else malformed
 * is an error naming name and the line. */
int score_qrels_read(score_qrels *q, FILE *f, const char *name, score_error *err);
int score_run_read(score_run *r, FILE *f, const char *name, score_error *err);

/* Scores run against qrels into *out (sorting both in place).  A query
 * judged twice for one document, or a run query holding one document
 * twice, is an error, as in trec_eval. */
int score_evaluate(score_qrels *q, score_run *r, score_result *out, score_error *err);

void score_qrels_free(score_qrels *q);
void score_run_free(score_run *r);
void score_result_free(score_result *res);

#endif
