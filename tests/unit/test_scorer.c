/*
 * test_scorer.c: the `make eval` scorer (eval/score.c) against runs and
 * qrels small enough to score by hand: graded gains, score ties broken
 * as trec_eval breaks them, a rank column that lies, a judged
 * non-relevant hit, a relevant document never retrieved, a query with no
 * relevant document, a query the run never answers, the @10 / @100 /
 * 1000 cut-offs, and malformed input.
 */
#include <math.h>

#include "unit.h"
#include "score.h"

#define EPS 1e-9

static FILE *text_file(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	return f;
}

static void read_qrels(score_qrels *q, const char *text)
{
	score_error err = { { 0 } };
	FILE *f = text_file(text);
	int rc = score_qrels_read(q, f, "qrels", &err);

	fclose(f);
	if (rc)
		fail_msg("qrels: %s", err.msg);
}

static void read_run(score_run *r, const char *text)
{
	score_error err = { { 0 } };
	FILE *f = text_file(text);
	int rc = score_run_read(r, f, "run", &err);

	fclose(f);
	if (rc)
		fail_msg("run: %s", err.msg);
}

static const score_query *find_query(const score_result *res, const char *qid)
{
	for (size_t i = 0; i < res->nq; i++)
		if (!strcmp(res->q[i].qid, qid))
			return &res->q[i];
	return NULL;
}

/*
 * q1 judged A=2 B=1 C=0 D=1 E=2.  The run's scores order it
 *     1 C (0)   2 A (2)   3 Z (unjudged)   4 B (1)   5 E (2)
 * Z and B tie at 3.0 and trec_eval puts the larger docno first, so Z
 * precedes B although the file lists B first with rank 1.  D, relevant,
 * is never retrieved.  Relevant: A B D E, so 4.
 *   DCG@10  = 2/log2(3) + 1/log2(5) + 2/log2(6)
 *   IDCG@10 = 2/log2(2) + 2/log2(3) + 1/log2(4) + 1/log2(5)   (gains 2 2 1 1)
 *   R@100   = 3/4
 *   AP      = (1/2 + 2/4 + 3/5) / 4 = 0.4
 * q2 has only a non-relevant judgment: left out although the run answers it.
 * q3 has one relevant document and no hits: all zero, but counted.
 * q9 is in the run only: ignored.
 */
static const char *QRELS =
	"# comment line\n"
	"q1 0 A 2\n"
	"q1\t0\tB\t1\n"
	"q1 0 C 0\n"
	"q1 0 D 1\n"
	"\n"
	"q1 0 E 2\n"
	"q2 0 A 0\n"
	"q3 0 X 1\n";

static const char *RUN =
	"q1 Q0 B 1 3.0 sys\n"
	"q1 Q0 Z 2 3.0 sys\n"
	"q1 Q0 C 3 5.0 sys\n"
	"q1 Q0 A 4 4 sys\n"
	"q1 Q0 E 5 1.0e0 sys\n"
	"q2 Q0 A 1 9.0 sys\n"
	"q9 Q0 A 1 9.0 sys\n";

static void test_hand_scored(void **state)
{
	score_qrels q = { 0 };
	score_run r = { 0 };
	score_result res = { 0 };
	score_error err = { { 0 } };
	const score_query *q1, *q3;
	double dcg = 2 / log2(3) + 1 / log2(5) + 2 / log2(6);
	double idcg = 2 / log2(2) + 2 / log2(3) + 1 / log2(4) + 1 / log2(5);

	read_qrels(&q, QRELS);
	read_run(&r, RUN);
	assert_int_equal(score_evaluate(&q, &r, &res, &err), 0);

	assert_int_equal(res.nq, 2);
	assert_null(find_query(&res, "q2"));
	assert_null(find_query(&res, "q9"));
	assert_non_null(q1 = find_query(&res, "q1"));
	assert_non_null(q3 = find_query(&res, "q3"));

	assert_int_equal(q1->nrel, 4);
	assert_int_equal(q1->nret, 5);
	assert_int_equal(q1->nrel_ret, 3);
	assert_true(fabs(q1->ndcg - dcg / idcg) < EPS);
	assert_true(fabs(q1->ndcg - 0.588246) < 1e-6);     /* 2.466242 / 4.192536 */
	assert_true(fabs(q1->recall - 0.75) < EPS);
	assert_true(fabs(q1->ap - 0.4) < EPS);

	assert_int_equal(q3->nrel, 1);
	assert_int_equal(q3->nret, 0);
	assert_true(q3->ndcg == 0 && q3->recall == 0 && q3->ap == 0);

	assert_true(fabs(res.ndcg - dcg / idcg / 2) < EPS);
	assert_true(fabs(res.recall - 0.375) < EPS);
	assert_true(fabs(res.map - 0.2) < EPS);

	score_result_free(&res);
	score_run_free(&r);
	score_qrels_free(&q);
}

/* Had the tie gone the other way (B before Z), AP would be
 * (1/2 + 2/3 + 3/5) / 4; check the order is by docno, not by file order,
 * by listing the tied pair the other way round too. */
static void test_tie_order_independent_of_input(void **state)
{
	score_qrels q = { 0 };
	score_run r = { 0 };
	score_result res = { 0 };
	score_error err = { { 0 } };

	read_qrels(&q, QRELS);
	read_run(&r, "q1 Q0 Z 1 3.0 s\nq1 Q0 B 2 3.0 s\nq1 Q0 C 3 5.0 s\n"
	             "q1 Q0 A 4 4.0 s\nq1 Q0 E 5 1.0 s\n");
	assert_int_equal(score_evaluate(&q, &r, &res, &err), 0);
	assert_true(fabs(find_query(&res, "q1")->ap - 0.4) < EPS);
	score_result_free(&res);
	score_run_free(&r);
	score_qrels_free(&q);
}

/* Relevant hits at ranks 1, 11, 101 and 1001 of a 1200-hit run, one
 * relevant document never retrieved (5 relevant):
 *   nDCG@10 = 1 / (1 + 1/log2(3) + 1/log2(4) + 1/log2(5) + 1/log2(6))
 *   R@100   = 2/5 (rank 101 is past the cut)
 *   AP      = (1/1 + 2/11 + 3/101) / 5 (rank 1001 is past the 1000 hits
 *             counted).  Scores are negative, higher still ranks first. */
static void test_cutoffs(void **state)
{
	score_qrels q = { 0 };
	score_run r = { 0 };
	score_result res = { 0 };
	score_error err = { { 0 } };
	char doc[32];
	const score_query *sq;
	double idcg = 1 + 1 / log2(3) + 1 / log2(4) + 1 / log2(5) + 1 / log2(6);

	for (int rank = 1200; rank >= 1; rank--) {
		snprintf(doc, sizeof doc, "d%04d", rank);
		assert_int_equal(score_run_add(&r, "long", doc, -(double)rank, &err), 0);
	}
	assert_int_equal(score_qrels_add(&q, "long", "d0001", 1, &err), 0);
	assert_int_equal(score_qrels_add(&q, "long", "d0011", 1, &err), 0);
	assert_int_equal(score_qrels_add(&q, "long", "d0101", 1, &err), 0);
	assert_int_equal(score_qrels_add(&q, "long", "d1001", 1, &err), 0);
	assert_int_equal(score_qrels_add(&q, "long", "missing", 1, &err), 0);
	assert_int_equal(score_evaluate(&q, &r, &res, &err), 0);

	assert_int_equal(res.nq, 1);
	sq = &res.q[0];
	assert_int_equal(sq->nret, SCORE_MAX_RET);
	assert_int_equal(sq->nrel_ret, 3);
	assert_true(fabs(sq->ndcg - 1 / idcg) < EPS);
	assert_true(fabs(sq->recall - 0.4) < EPS);
	assert_true(fabs(sq->ap - (1.0 + 2.0 / 11 + 3.0 / 101) / 5) < EPS);
	score_result_free(&res);
	score_run_free(&r);
	score_qrels_free(&q);
}

/* A perfect graded ranking scores 1 whatever the gains. */
static void test_perfect_ranking(void **state)
{
	score_qrels q = { 0 };
	score_run r = { 0 };
	score_result res = { 0 };
	score_error err = { { 0 } };

	read_qrels(&q, "p 0 a 3\np 0 b 1\np 0 c 2\n");
	read_run(&r, "p Q0 a 1 3 s\np Q0 c 2 2 s\np Q0 b 3 1 s\np Q0 x 4 0 s\n");
	assert_int_equal(score_evaluate(&q, &r, &res, &err), 0);
	assert_true(fabs(res.ndcg - 1) < EPS);
	assert_true(fabs(res.map - 1) < EPS);
	assert_true(fabs(res.recall - 1) < EPS);
	score_result_free(&res);
	score_run_free(&r);
	score_qrels_free(&q);
}

static void expect_read_error(int qrels, const char *text, const char *needle)
{
	score_qrels q = { 0 };
	score_run r = { 0 };
	score_error err = { { 0 } };
	FILE *f = text_file(text);
	int rc = qrels ? score_qrels_read(&q, f, "in", &err) : score_run_read(&r, f, "in", &err);

	fclose(f);
	assert_int_equal(rc, -1);
	if (!strstr(err.msg, needle))
		fail_msg("error '%s' lacks '%s'", err.msg, needle);
	score_run_free(&r);
	score_qrels_free(&q);
}

static void test_malformed_input(void **state)
{
	expect_read_error(1, "q 0 a 1\nq 0 b\n", "in:2: expected 'qid iter docno grade'");
	expect_read_error(1, "q 0 a high\n", "in:1: grade 'high' is not an integer");
	expect_read_error(0, "q Q0 a 1 0.5 s\n\nq Q0 b 2 x s\n", "in:3: score 'x' is not a number");
	expect_read_error(0, "q Q0 a 1\n", "in:1: expected 'qid Q0 docno rank score [tag]'");
	expect_read_error(0, "q Q0 a 1 nan s\n", "not a finite number");
}

static void test_duplicates_rejected(void **state)
{
	score_qrels q = { 0 };
	score_run r = { 0 };
	score_result res = { 0 };
	score_error err = { { 0 } };

	read_qrels(&q, "q 0 a 1\nq 0 a 2\n");
	read_run(&r, "q Q0 a 1 1 s\n");
	assert_int_equal(score_evaluate(&q, &r, &res, &err), -1);
	assert_non_null(strstr(err.msg, "qrels judge 'a' twice for query 'q'"));
	score_run_free(&r);
	score_qrels_free(&q);

	read_qrels(&q, "q 0 a 1\n");
	read_run(&r, "q Q0 a 1 2 s\nq Q0 b 2 1.5 s\nq Q0 a 3 1 s\n");
	assert_int_equal(score_evaluate(&q, &r, &res, &err), -1);
	assert_non_null(strstr(err.msg, "run returns 'a' twice for query 'q'"));
	score_run_free(&r);
	score_qrels_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_scored),
		cmocka_unit_test(test_tie_order_independent_of_input),
		cmocka_unit_test(test_cutoffs),
		cmocka_unit_test(test_perfect_ranking),
		cmocka_unit_test(test_malformed_input),
		cmocka_unit_test(test_duplicates_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
