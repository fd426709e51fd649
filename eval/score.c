/*
 * score.c: the scorer behind `make eval`: TREC qrels and run files in,
 * nDCG@10, recall@100 and average precision out, computed the way
 * trec_eval computes them; see score.h for the definitions.
 *
 * Both files are kept as flat arrays and sorted: qrels by (qid, docno),
 * so a hit's grade is a binary search; the run first by (qid, docno) to
 * find duplicates, then by (qid, score down, docno down), trec_eval's order.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "score.h"

static int fail(score_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int check_id(const char *what, const char *id, score_error *err)
{
	if (!*id)
		return fail(err, "empty %s", what);
	if (strlen(id) > SCORE_ID_MAX)
		return fail(err, "%s longer than %d bytes: '%.40s...'", what, SCORE_ID_MAX, id);
	return 0;
}

/* Grows an array of elements of size sz to hold one more; *cap doubles. */
static int grow(void **arr, size_t *cap, size_t n, size_t sz, score_error *err)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 256;
	if (!(p = realloc(*arr, ncap * sz)))
		return fail(err, "out of memory");
	*arr = p;
	*cap = ncap;
	return 0;
}

int score_qrels_add(score_qrels *q, const char *qid, const char *docno, int grade,
                    score_error *err)
{
	score_judgment *j;

	if (check_id("qid", qid, err) || check_id("docno", docno, err))
		return -1;
	if (grow((void **)&q->j, &q->cap, q->n, sizeof *q->j, err))
		return -1;
	j = &q->j[q->n];
	j->qid = strdup(qid);
	j->docno = strdup(docno);
	if (!j->qid || !j->docno) {
		free(j->qid);
		free(j->docno);
		return fail(err, "out of memory");
	}
	j->grade = grade;
	q->n++;
	q->sorted = 0;
	return 0;
}

int score_run_add(score_run *r, const char *qid, const char *docno, double score,
                  score_error *err)
{
	score_hit *h;

	if (check_id("qid", qid, err) || check_id("docno", docno, err))
		return -1;
	if (!isfinite(score))
		return fail(err, "score of '%s' is not a finite number", docno);
	if (grow((void **)&r->h, &r->cap, r->n, sizeof *r->h, err))
		return -1;
	h = &r->h[r->n];
	h->qid = strdup(qid);
	h->docno = strdup(docno);
	if (!h->qid || !h->docno) {
		free(h->qid);
		free(h->docno);
		return fail(err, "out of memory");
	}
	h->score = score;
	r->n++;
	r->sorted = 0;
	return 0;
}

/* Splits line into at most max white-space separated fields. */
static int split(char *line, char **field, int max)
{
	int n = 0;
	char *save = NULL, *tok;

	for (tok = strtok_r(line, " \t\r\n", &save); tok && n < max;
	     tok = strtok_r(NULL, " \t\r\n", &save))
		field[n++] = tok;
	return n;
}

/* Reads f line by line; each line that is not blank or a comment goes to
 * fn.  Errors get "name:line: " in front. */
static int read_lines(FILE *f, const char *name, score_error *err,
                      int (*fn)(void *dst, char **field, int nfield, score_error *err),
                      void *dst)
{
	char *line = NULL, *field[7];
	size_t cap = 0;
	long lineno = 0;
	int rc = 0, nfield;
	score_error e;

	while (getline(&line, &cap, f) != -1) {
		lineno++;
		nfield = split(line, field, 7);
		if (nfield == 0 || field[0][0] == '#')
			continue;
		if (fn(dst, field, nfield, &e)) {
			rc = fail(err, "%s:%ld: %s", name, lineno, e.msg);
			goto out;
		}
	}
	if (ferror(f))
		rc = fail(err, "cannot read '%s': %s", name, strerror(errno));
out:
	free(line);
	return rc;
}

static int qrels_line(void *dst, char **field, int nfield, score_error *err)
{
	char *end;
	long grade;

	if (nfield != 4)
		return fail(err, "expected 'qid iter docno grade', found %d fields", nfield);
	errno = 0;
	grade = strtol(field[3], &end, 10);
	if (*end || end == field[3] || errno || grade < -1000000 || grade > 1000000)
		return fail(err, "grade '%s' is not an integer", field[3]);
	return score_qrels_add(dst, field[0], field[2], (int)grade, err);
}

static int run_line(void *dst, char **field, int nfield, score_error *err)
{
	char *end;
	double score;

	if (nfield < 5 || nfield > 6)
		return fail(err, "expected 'qid Q0 docno rank score [tag]', found %d fields",
		            nfield);
	errno = 0;
	score = strtod(field[4], &end);
	if (*end || end == field[4] || errno)
		return fail(err, "score '%s' is not a number", field[4]);
	return score_run_add(dst, field[0], field[2], score, err);
}

int score_qrels_read(score_qrels *q, FILE *f, const char *name, score_error *err)
{
	return read_lines(f, name, err, qrels_line, q);
}

int score_run_read(score_run *r, FILE *f, const char *name, score_error *err)
{
	return read_lines(f, name, err, run_line, r);
}

static int cmp_judgment(const void *a, const void *b)
{
	const score_judgment *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);
	return c ? c : strcmp(x->docno, y->docno);
}

static int cmp_hit_docno(const void *a, const void *b)
{
	const score_hit *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);
	return c ? c : strcmp(x->docno, y->docno);
}

/* trec_eval's order: score down, then docno down. */
static int cmp_hit_rank(const void *a, const void *b)
{
	const score_hit *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);
	if (c)
		return c;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(y->docno, x->docno);
}

static int cmp_gain_down(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x < y) - (x > y);
}

/* Index of the first run hit with this qid (or where it would be). */
static size_t run_lower_bound(const score_run *r, const char *qid)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(r->h[mid].qid, qid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Grade of docno among the judgments j[0..n) of one query; 0 if unjudged. */
static int grade_of(const score_judgment *j, size_t n, const char *docno)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(j[mid].docno, docno);
		if (c == 0)
			return j[mid].grade;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int sort_inputs(score_qrels *q, score_run *r, score_error *err)
{
	if (!q->sorted) {
		qsort(q->j, q->n, sizeof *q->j, cmp_judgment);
		for (size_t i = 1; i < q->n; i++)
			if (!cmp_judgment(&q->j[i - 1], &q->j[i]))
				return fail(err, "qrels judge '%s' twice for query '%s'", q->j[i].docno,
				            q->j[i].qid);
		q->sorted = 1;
	}
	if (!r->sorted) {
		qsort(r->h, r->n, sizeof *r->h, cmp_hit_docno);
		for (size_t i = 1; i < r->n; i++)
			if (!cmp_hit_docno(&r->h[i - 1], &r->h[i]))
				return fail(err, "run returns '%s' twice for query '%s'", r->h[i].docno,
				            r->h[i].qid);
		qsort(r->h, r->n, sizeof *r->h, cmp_hit_rank);
		r->sorted = 1;
	}
	return 0;
}

/* Scores one query: its judgments j[0..nj) and the run's hits from h. */
static int score_one(const score_judgment *j, size_t nj, const score_run *r,
                     score_query *out, score_error *err)
{
	int *gain = malloc((nj ? nj : 1) * sizeof *gain);
	int ngain = 0;
	double ideal = 0, dcg = 0, prec_sum = 0;
	int rel_cut = 0;
	size_t start, i;

	if (!gain)
		return fail(err, "out of memory");
	memset(out, 0, sizeof *out);
	snprintf(out->qid, sizeof out->qid, "%s", j[0].qid);
	for (i = 0; i < nj; i++) {
		if (j[i].grade >= 1)
			out->nrel++;
		if (j[i].grade > 0)
			gain[ngain++] = j[i].grade;
	}
	qsort(gain, (size_t)ngain, sizeof *gain, cmp_gain_down);
	for (i = 0; i < (size_t)ngain && i < SCORE_NDCG_CUT; i++)
		ideal += gain[i] / log2((double)i + 2);
	free(gain);

	start = run_lower_bound(r, j[0].qid);
	for (i = start; i < r->n && !strcmp(r->h[i].qid, j[0].qid) && out->nret < SCORE_MAX_RET;
	     i++) {
		int g = grade_of(j, nj, r->h[i].docno);
		int rank = ++out->nret;

		if (g > 0 && rank <= SCORE_NDCG_CUT)
			dcg += g / log2((double)rank + 1);
		if (g >= 1) {
			out->nrel_ret++;
			prec_sum += (double)out->nrel_ret / rank;
			if (rank <= SCORE_RECALL_CUT)
				rel_cut++;
		}
	}
	out->ndcg = ideal > 0 ? dcg / ideal : 0;
	out->recall = out->nrel ? (double)rel_cut / out->nrel : 0;
	out->ap = out->nrel ? prec_sum / out->nrel : 0;
	return 0;
}

int score_evaluate(score_qrels *q, score_run *r, score_result *out, score_error *err)
{
	score_result res = { 0 };
	size_t i = 0, end, nq = 0;

	if (sort_inputs(q, r, err))
		return -1;
	for (i = 0; i < q->n; i = end) {
		for (end = i + 1; end < q->n && !strcmp(q->j[end].qid, q->j[i].qid); end++)
			;
		nq++;
	}
	if (nq && !(res.q = calloc(nq, sizeof *res.q)))
		return fail(err, "out of memory");
	for (i = 0; i < q->n; i = end) {
		score_query *sq = &res.q[res.nq];

		for (end = i + 1; end < q->n && !strcmp(q->j[end].qid, q->j[i].qid); end++)
			;
		if (score_one(&q->j[i], end - i, r, sq, err)) {
			free(res.q);
			return -1;
		}
		if (sq->nrel == 0)
			continue;          /* nothing relevant: trec_eval leaves it out */
		res.ndcg += sq->ndcg;
		res.recall += sq->recall;
		res.map += sq->ap;
		res.nq++;
	}
	if (res.nq) {
		res.ndcg /= res.nq;
		res.recall /= res.nq;
		res.map /= res.nq;
	}
	*out = res;
	return 0;
}

void score_qrels_free(score_qrels *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->j[i].qid);
		free(q->j[i].docno);
	}
	free(q->j);
	memset(q, 0, sizeof *q);
}

void score_run_free(score_run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->h[i].qid);
		free(r->h[i].docno);
	}
	free(r->h);
	memset(r, 0, sizeof *r);
}

void score_result_free(score_result *res)
{
	free(res->q);
	memset(res, 0, sizeof *res);
}
