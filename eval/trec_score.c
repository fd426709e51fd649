/*
 * trec_score.c: the command line of the eval scorer (score.c), a small
 * stand-in for trec_eval with the three measures `make eval` reports:
 *
 *   trec_score [-q] QRELS RUN
 *
 * prints "measure<TAB>all<TAB>value" lines like trec_eval: num_q,
 * num_rel, num_rel_ret, ndcg_cut_10, recall_100, map (six decimals).
 * -q adds the same lines per query first, with the qid in place of "all".
 * Exit status: 0 done, 1 unreadable or malformed input, 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "score.h"

enum { EXIT_DONE = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static void print_query(const char *qid, const score_query *q)
{
	printf("num_rel\t%s\t%d\n", qid, q->nrel);
	printf("num_rel_ret\t%s\t%d\n", qid, q->nrel_ret);
	printf("ndcg_cut_10\t%s\t%.6f\n", qid, q->ndcg);
	printf("recall_100\t%s\t%.6f\n", qid, q->recall);
	printf("map\t%s\t%.6f\n", qid, q->ap);
}

static int read_file(const char *path, int qrels, void *dst, score_error *err)
{
	FILE *f = fopen(path, "r");
	int rc;

	if (!f) {
		snprintf(err->msg, sizeof err->msg, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = qrels ? score_qrels_read(dst, f, path, err) : score_run_read(dst, f, path, err);
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	score_qrels qrels = { 0 };
	score_run run = { 0 };
	score_result res = { 0 };
	score_error err = { { 0 } };
	int per_query = 0, opt, code = EXIT_INPUT;
	long nrel = 0, nrel_ret = 0;

	while ((opt = getopt(argc, argv, "q")) != -1) {
		if (opt != 'q') {
			fprintf(stderr, "usage: trec_score [-q] QRELS RUN\n");
			return EXIT_USAGE;
		}
		per_query = 1;
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: trec_score [-q] QRELS RUN\n");
		return EXIT_USAGE;
	}
	if (read_file(argv[optind], 1, &qrels, &err) ||
	    read_file(argv[optind + 1], 0, &run, &err) ||
	    score_evaluate(&qrels, &run, &res, &err)) {
		fprintf(stderr, "trec_score: %s\n", err.msg);
		goto out;
	}
	for (size_t i = 0; i < res.nq; i++) {
		if (per_query)
			print_query(res.q[i].qid, &res.q[i]);
		nrel += res.q[i].nrel;
		nrel_ret += res.q[i].nrel_ret;
	}
	printf("num_q\tall\t%zu\n", res.nq);
	printf("num_rel\tall\t%ld\n", nrel);
	printf("num_rel_ret\tall\t%ld\n", nrel_ret);
	printf("ndcg_cut_10\tall\t%.6f\n", res.ndcg);
	printf("recall_100\tall\t%.6f\n", res.recall);
	printf("map\tall\t%.6f\n", res.map);
	code = EXIT_DONE;
out:
	score_result_free(&res);
	score_run_free(&run);
	score_qrels_free(&qrels);
	return code;
}
