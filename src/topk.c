/*
 * topk.c: plain queries' phrases and document frequencies, the heap pass
 * that keeps a search's best papers (split over two threads when it has
 * many rows), and the MaxScore pruning of "any of the words" queries; see
 * topk.h.
 *
 * A pruning pass costs what running "(E) AND (Q)" costs, and a certified
 * one is then run again for the rows the caller reads.  So E stays under
 * half of Q's rows, and after a first cheap pass, which gives a k-th score
 * that larger E can only raise, a pass runs only where the bound is
 * already below that score.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "rank.h"
#include "rank_call.h"
#include "search.h"
#include "topk.h"

/* Below this many matching rows (summed over the phrases) ranking them
 * all is cheap: no pruning. */
#define TOPK_MIN_ROWS 2000

static double split_rows = LDX_TOPK_SPLIT_ROWS;

void ldx_topk_set_split_rows(double rows)
{
	split_rows = rows;
}

void ldx_flat_query_free(ldx_flat_query *q)
{
	for (int i = 0; q->phrase && i < q->nphrase; i++)
		free(q->phrase[i]);
	free(q->phrase);
	free(q->len);
	free(q->df);
	memset(q, 0, sizeof *q);
}

/* The end of the quoted string starting at p (just past its closing
 * quote), or NULL. */
static const char *string_end(const char *p)
{
	if (*p != '"')
		return NULL;
	for (p++; *p; p++)
		if (*p == '"') {
			if (p[1] != '"')
				return p + 1;
			p++;
		}
	return NULL;
}

/* Counts the strings of a flat expression and tells its operator; 0 when
 * it is not flat. */
static int flat_shape(const char *fts, int *is_or)
{
	int count = 0, op = -1;
	const char *p = fts;

	for (;;) {
		while (*p == ' ')
			p++;
		if (!(p = string_end(p)))
			return 0;
		count++;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		int this_op = strncmp(p, "OR ", 3) == 0 ? 1 : strncmp(p, "AND ", 4) == 0 ? 0 : -1;
		if (this_op < 0 || (op >= 0 && this_op != op))
			return 0;
		op = this_op;
		p += this_op ? 3 : 4;
	}
	*is_or = op == 1;
	return count;
}

int ldx_fts_all_required(const char *fts)
{
	for (const char *p = fts; p && *p;) {
		if (*p == '"') {
			if (!(p = string_end(p)))
				return 0;
			continue;
		}
		if ((p == fts || p[-1] == ' ' || p[-1] == '(' || p[-1] == ')') &&
		    (strncmp(p, "OR", 2) == 0 || strncmp(p, "NOT", 3) == 0)) {
			char after = p[*p == 'O' ? 2 : 3];
			if (!after || after == ' ' || after == '(')
				return 0;
		}
		p++;
	}
	return 1;
}

ldx_status ldx_flat_query_read(ldx_termstats *ts, const char *fts, int count,
                               ldx_flat_query *q, ldx_error *err)
{
	int n, is_or = 0;
	ldx_status rc = LDX_OK;

	memset(q, 0, sizeof *q);
	if (!fts || (n = flat_shape(fts, &is_or)) == 0)
		return LDX_OK;
	if (!(q->phrase = calloc((size_t)n, sizeof *q->phrase)) ||
	    !(q->len = calloc((size_t)n, sizeof *q->len)) ||
	    !(q->df = calloc((size_t)n, sizeof *q->df))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	q->nphrase = n;
	q->is_or = is_or;
	const char *p = fts;
	for (int i = 0; i < n; i++) {
		while (*p != '"')
			p++;
		const char *end = string_end(p);
		char *s = malloc((size_t)(end - p));
		int len = 0;
		if (!(q->phrase[i] = s)) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			goto out;
		}
		for (const char *c = p + 1; c < end - 1; c++) {
			s[len++] = *c;
			if (*c == '"')
				c++;  /* the doubled quote */
		}
		s[len] = '\0';
		q->len[i] = len;
		int known = 0;
		if ((rc = ldx_termstats_known_df(ts, s, len, &q->df[i], &known, err)))
			goto out;
		if (!known)
			q->df[i] = -1;
		if (!known && count && (rc = ldx_termstats_count_df(ts, s, len, &q->df[i], err)))
			goto out;
		p = end;
	}
out:
	if (rc)
		ldx_flat_query_free(q);
	return rc;
}

typedef struct phrase_df {
	double df;
	int phrase;
} phrase_df;

static int rarer_first(const void *a, const void *b)
{
	const phrase_df *x = a, *y = b;
	if (x->df != y->df)
		return x->df < y->df ? -1 : 1;
	return x->phrase - y->phrase;
}

/* "\"a\" OR \"b\"" for the phrases order[0..n): malloc'ed or NULL. */
static char *or_of(const ldx_flat_query *q, const int *order, int n)
{
	size_t size = 1;
	for (int i = 0; i < n; i++)
		size += 2 * (size_t)q->len[order[i]] + 6;
	char *text = malloc(size), *p = text;
	if (!text)
		return NULL;
	for (int i = 0; i < n; i++) {
		const char *s = q->phrase[order[i]];
		if (i)
			p += sprintf(p, " OR ");
		*p++ = '"';
		for (int k = 0; k < q->len[order[i]]; k++) {
			if (s[k] == '"')
				*p++ = '"';
			*p++ = s[k];
		}
		*p++ = '"';
	}
	*p = '\0';
	return text;
}

ldx_status ldx_ranked_query(const ldx_ranked *r, const char *inner, int n,
                            const double *weight, const double *df, char **fts, char **call,
                            ldx_error *err)
{
	int total = r->nprefix + n;
	double *w = malloc(((size_t)total + 1) * sizeof *w);
	double *d = malloc(((size_t)total + 1) * sizeof *d);
	size_t size = strlen(inner) + (r->prefix ? strlen(r->prefix) : 0) + 16;
	ldx_status rc = LDX_OK;

	*fts = *call = NULL;
	int fixed = 2 + LDX_FTS_NCOLUMNS;  /* k1, b, the column weights */
	if (fixed + total > r->max_args)
		goto out;
	if (!w || !d || !(*fts = malloc(size)))
		goto nomem;
	for (int i = 0; i < total; i++) {
		w[i] = i < r->nprefix ? 0.0 : weight[i - r->nprefix];
		d[i] = i < r->nprefix ? -1.0 : df[i - r->nprefix];
	}
	if (r->prefix)
		snprintf(*fts, size, "(%s) AND (%s)", r->prefix, inner);
	else
		snprintf(*fts, size, "%s", inner);
	if (!(*call = ldx_rank_call_text(r->rank_base, total, w,
	                                 fixed + 2 * total <= r->max_args ? d : NULL)))
		goto nomem;
	goto out;
nomem:
	free(*fts);
	*fts = NULL;
	rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
out:
	free(w);
	free(d);
	return rc;
}

ldx_status ldx_ranked_plain(const ldx_ranked *r, char **fts, char **call, ldx_error *err)
{
	double *ones = malloc(((size_t)r->q->nphrase + 1) * sizeof *ones);
	ldx_status rc;
	if (!ones)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	for (int i = 0; i < r->q->nphrase; i++)
		ones[i] = 1.0;
	rc = ldx_ranked_query(r, r->fts, r->q->nphrase, ones, r->q->df, fts, call, err);
	free(ones);
	return rc;
}

void ldx_topk_best_free(ldx_topk_best *b)
{
	free(b->id);
	free(b->score);
	memset(b, 0, sizeof *b);
}

int ldx_topk_ranks_below(double s1, sqlite3_int64 id1, double s2, sqlite3_int64 id2)
{
	return s1 < s2 || (s1 == s2 && id1 > id2);
}

static void best_swap(ldx_topk_best *b, int i, int j)
{
	double s = b->score[i];
	sqlite3_int64 id = b->id[i];
	b->score[i] = b->score[j];
	b->id[i] = b->id[j];
	b->score[j] = s;
	b->id[j] = id;
}

/* Restores the heap below i, of its first n entries: each entry ranks
 * below neither child, so the lowest kept is at the root. */
static void best_sift_down(ldx_topk_best *b, int i, int n)
{
	for (;;) {
		int low = i, l = 2 * i + 1, r = l + 1;
		if (l < n &&
		    ldx_topk_ranks_below(b->score[l], b->id[l], b->score[low], b->id[low]))
			low = l;
		if (r < n &&
		    ldx_topk_ranks_below(b->score[r], b->id[r], b->score[low], b->id[low]))
			low = r;
		if (low == i)
			return;
		best_swap(b, i, low);
		i = low;
	}
}

/* Whether best_offer would keep (score, id). */
static int best_wants(const ldx_topk_best *b, int k, double score, sqlite3_int64 id)
{
	return b->n < k || ldx_topk_ranks_below(b->score[0], b->id[0], score, id);
}

/* Keeps (score, id) when it is among the best k seen. */
static void best_offer(ldx_topk_best *b, int k, double score, sqlite3_int64 id)
{
	if (!best_wants(b, k, score, id))
		return;
	if (b->n < k) {
		int i = b->n++;
		b->score[i] = score;
		b->id[i] = id;
		while (i > 0) {
			int up = (i - 1) / 2;
			if (!ldx_topk_ranks_below(b->score[i], b->id[i], b->score[up], b->id[up]))
				break;
			best_swap(b, i, up);
			i = up;
		}
	} else {
		b->score[0] = score;
		b->id[0] = id;
		best_sift_down(b, 0, b->n);
	}
}

/* Heap order to best first: the lowest goes to the end, again and again. */
static void best_sort(ldx_topk_best *b)
{
	for (int n = b->n - 1; n > 0; n--) {
		best_swap(b, 0, n);
		best_sift_down(b, 0, n);
	}
}

/* Whether paper id passes opts's filters: one step of passes (see
 * ldx_topk_best_of). */
static int passes_filters(sqlite3_stmt *passes, sqlite3_int64 id, int *step)
{
	sqlite3_bind_int64(passes, 12, id);
	*step = sqlite3_step(passes);
	sqlite3_reset(passes);
	return *step == SQLITE_ROW;
}

/* One heap pass: what it reads, on which handle, and what it found.  A
 * pass with known papers scores those into known_score, and keeps only
 * the best score of the others, with no heap and no filters. */
typedef struct heap_pass {
	ldx_db *db;
	const char *fts, *call;
	const ldx_search_opts *opts;
	int k;
	int ranged;                /* only the rows lo..hi */
	sqlite3_int64 lo, hi;
	ldx_topk_best best;        /* in heap order */
	const sqlite3_int64 *known;  /* ascending; NULL: a heap pass */
	int nknown;
	double *known_score;
	double outside;            /* the best score of a paper not known */
	double rows;
	ldx_status rc;
	ldx_error err;
} heap_pass;

static const ldx_search_opts no_filters;

/* Scores a row of a pass with known papers. */
static void note_known(heap_pass *p, double score, sqlite3_int64 id)
{
	int lo = 0, hi = p->nknown;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (p->known[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->nknown && p->known[lo] == id)
		p->known_score[lo] = score;
	else if (score > p->outside)
		p->outside = score;
}

/* A row of a pass without filters: litdex_offer's sink (rank.h), and
 * run_pass's loop where the call cannot go through litdex_offer. */
static void offer_row(void *ctx, double score, sqlite3_int64 id)
{
	heap_pass *p = ctx;
	p->rows++;
	if (p->known)
		note_known(p, score, id);
	else if (best_wants(&p->best, p->k, score, id))
		best_offer(&p->best, p->k, score, id);
}

#define TOPK_SINK_PARAM 20

/*
 * A pass without filters whose call litdex_offer can take: the rows are
 * offered to the heap (or scored for the known papers) inside the
 * statement, which returns none (rank.h): "necessary", 28,405 rows at
 * 1,000,000 papers on one thread, took 3.3 ms returning each row, about
 * 2.5 ms computing the scores alone.  Both kinds of pass start "SELECT
 * papers_fts.rowid", which the tests count them by.  Returns 0 when it
 * does not apply, leaving the pass to run_pass's loop.
 */
static int run_offering_pass(heap_pass *p, const char *where)
{
	char *offer = ldx_rank_offer_call(p->call, TOPK_SINK_PARAM);
	ldx_rank_sink sink = { offer_row, p };
	sqlite3_stmt *st = NULL;
	char *sql = NULL;
	size_t size;

	if (!offer)
		return 0;
	size = strlen(where) + strlen(offer) + 128;
	if (!(sql = malloc(size))) {
		p->rc = ldx_fail(&p->err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	snprintf(sql, size, "SELECT papers_fts.rowid %s AND %s%s", where, offer,
	         p->ranged ? " AND papers_fts.rowid BETWEEN ?13 AND ?14" : "");
	if ((p->rc = ldx_db_prepare(p->db, sql, &st, "cannot prepare search", &p->err)))
		goto out;
	ldx_search_bind(st, p->fts, NULL, &no_filters);
	sqlite3_bind_pointer(st, TOPK_SINK_PARAM, &sink, LDX_RANK_SINK_TYPE, NULL);
	if (p->ranged) {
		sqlite3_bind_int64(st, 13, p->lo);
		sqlite3_bind_int64(st, 14, p->hi);
	}
	if (sqlite3_step(st) != SQLITE_DONE)  /* litdex_offer passes no row */
		p->rc = ldx_db_fail(p->db, &p->err, "search failed");
out:
	sqlite3_finalize(st);
	free(sql);
	free(offer);
	return 1;
}

static void run_pass(heap_pass *p)
{
	char where[1024], sql[1400];
	sqlite3_stmt *st = NULL, *passes = NULL;
	ldx_topk_best *best = &p->best;
	int step, checked = SQLITE_ROW;

	p->rows = 0;
	if (!p->known && (!(best->id = malloc((size_t)p->k * sizeof *best->id)) ||
	                  !(best->score = malloc((size_t)p->k * sizeof *best->score)))) {
		p->rc = ldx_fail(&p->err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	/* Filters are checked paper by paper, and only for the rows that would
	 * enter the heap, rather than joined to every row. */
	if (ldx_search_has_filters(p->opts)) {
		ldx_search_where(where, sizeof where, 0, p->opts);
		snprintf(sql, sizeof sql, "SELECT 1 %s AND p.id = ?12", where);
		if ((p->rc = ldx_db_prepare(p->db, sql, &passes, "cannot prepare search", &p->err)))
			goto out;
		ldx_search_bind(passes, NULL, NULL, p->opts);
	}
	ldx_search_where(where, sizeof where, LDX_WHERE_FTS, &no_filters);
	if (!passes && run_offering_pass(p, where))
		goto out;
	snprintf(sql, sizeof sql, "SELECT papers_fts.rowid, -rank %s%s%s", where,
	         p->call ? " AND papers_fts.rank MATCH ?11" : "",
	         p->ranged ? " AND papers_fts.rowid BETWEEN ?13 AND ?14" : "");
	if ((p->rc = ldx_db_prepare(p->db, sql, &st, "cannot prepare search", &p->err)))
		goto out;
	ldx_search_bind(st, p->fts, NULL, &no_filters);
	if (p->call)
		sqlite3_bind_text(st, 11, p->call, -1, SQLITE_STATIC);
	if (p->ranged) {
		sqlite3_bind_int64(st, 13, p->lo);
		sqlite3_bind_int64(st, 14, p->hi);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		double score = sqlite3_column_double(st, 1);
		if (!passes) {
			offer_row(p, score, id);
			continue;
		}
		p->rows++;
		if (!best_wants(best, p->k, score, id))
			continue;
		if (passes_filters(passes, id, &checked))
			best_offer(best, p->k, score, id);
		else if (checked != SQLITE_DONE)
			break;
	}
	if ((step != SQLITE_DONE && step != SQLITE_ROW) ||
	    (checked != SQLITE_ROW && checked != SQLITE_DONE))
		p->rc = ldx_db_fail(p->db, &p->err, "search failed");
out:
	sqlite3_finalize(st);
	sqlite3_finalize(passes);
}

static void *run_pass_thread(void *pass)
{
	run_pass(pass);
	return NULL;
}

/* The papers' ids, cut in two: lo..mid and mid + 1..hi. */
typedef struct id_halves {
	sqlite3_int64 lo, mid, hi;
} id_halves;

/* Whether work expected to read this many rows runs as two (see
 * ldx_topk_best_of): at least two cores, a twin handle, and papers to cut
 * in two, into *ids. */
static long cores;

static void count_cores(void)
{
	cores = sysconf(_SC_NPROCESSORS_ONLN);
}

static ldx_db *twin_for(ldx_db *db, double expected_rows, id_halves *ids)
{
	static pthread_once_t counted = PTHREAD_ONCE_INIT;
	sqlite3_stmt *st = NULL;
	ldx_db *twin;
	ldx_error ignored;
	int found = 0;

	/* once per process: serve's threads search at the same time */
	pthread_once(&counted, count_cores);
	if (expected_rows < split_rows || cores < 2 || !(twin = ldx_db_twin(db)) ||
	    ldx_db_prepare(db, "SELECT (SELECT min(id) FROM papers), (SELECT max(id) FROM papers)",
	                   &st, "", &ignored))
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		ids->lo = sqlite3_column_int64(st, 0);
		ids->hi = sqlite3_column_int64(st, 1);
		ids->mid = ids->lo + (ids->hi - ids->lo) / 2;
		found = ids->hi > ids->lo;
	}
	sqlite3_finalize(st);
	return found ? twin : NULL;
}

/* Runs fn(lower) here and fn(upper) on a thread of its own, at once: 1,
 * or 0 (neither ran) when the thread could not start. */
static int run_in_halves(void *(*fn)(void *), void *lower, void *upper)
{
	pthread_t thread;
	if (pthread_create(&thread, NULL, fn, upper) != 0)
		return 0;
	fn(lower);
	pthread_join(thread, NULL);
	return 1;
}

/* Counting one phrase's papers whose ids are lo..hi, on db. */
typedef struct count_pass {
	ldx_db *db;
	const char *fts;
	sqlite3_int64 lo, hi;
	double n;
	ldx_status rc;
	ldx_error err;
} count_pass;

static void *run_count(void *pass)
{
	count_pass *c = pass;
	long long n = 0;
	sqlite3_stmt *st = NULL;
	if ((c->rc = ldx_db_prepare(c->db, "SELECT count(*) FROM papers_fts WHERE papers_fts "
	                                   "MATCH ?1 AND rowid BETWEEN ?2 AND ?3",
	                            &st, "cannot count papers", &c->err)))
		return NULL;
	sqlite3_bind_text(st, 1, c->fts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->lo);
	sqlite3_bind_int64(st, 3, c->hi);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		c->rc = ldx_db_fail(c->db, &c->err, "cannot count papers");
	sqlite3_finalize(st);
	c->n = (double)n;
	return NULL;
}

/* Counts phrase i of q, the papers of each half of the ids on a thread of
 * its own (db and twin); 0 when no second thread could start. */
static int count_split(ldx_db *db, ldx_db *twin, const id_halves *ids, const ldx_flat_query *q,
                       int i, double *df, ldx_status *rc, ldx_error *err)
{
	char *fts = or_of(q, &i, 1);
	count_pass lower = { .db = db, .fts = fts, .lo = ids->lo, .hi = ids->mid };
	count_pass upper = { .db = twin, .fts = fts, .lo = ids->mid + 1, .hi = ids->hi };

	if (!fts) {
		*rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		return 1;
	}
	int split = run_in_halves(run_count, &lower, &upper);
	free(fts);
	if (!split)
		return 0;
	*rc = lower.rc ? lower.rc : upper.rc;
	if (*rc)
		*err = lower.rc ? lower.err : upper.err;
	*df = lower.n + upper.n;
	return 1;
}

ldx_status ldx_flat_query_count(ldx_db *db, ldx_termstats *ts, ldx_flat_query *q,
                                ldx_error *err)
{
	ldx_status rc = LDX_OK;
	for (int i = 0; i < q->nphrase && !rc; i++) {
		double rarest = 0;
		int words = 0;
		id_halves ids;
		ldx_db *twin;
		if (q->df[i] >= 0)
			continue;
		/* a phrase of common words costs as much to count as to search:
		 * two halves, as a heap pass would be split */
		if ((rc = ldx_termstats_rarest_word(ts, q->phrase[i], q->len[i], &rarest, &words,
		                                    err)))
			break;
		if (words > 1 && (twin = twin_for(db, rarest, &ids)) &&
		    count_split(db, twin, &ids, q, i, &q->df[i], &rc, err))
			continue;
		rc = ldx_termstats_count_df(ts, q->phrase[i], q->len[i], &q->df[i], err);
	}
	return rc;
}

/* Runs the pass lower over all its rows: in two halves of the ids, the
 * upper one as *upper on the twin in another thread, when expected_rows
 * is large (twin_for); 1 when it did.  lower then holds the first error
 * and both halves' rows. */
static int run_pass_split(heap_pass *lower, heap_pass *upper, double expected_rows)
{
	id_halves ids;
	ldx_db *twin = twin_for(lower->db, expected_rows, &ids);

	if (twin) {
		lower->ranged = 1;
		lower->lo = ids.lo;
		lower->hi = ids.mid;
		*upper = *lower;
		upper->db = twin;
		upper->lo = ids.mid + 1;
		upper->hi = ids.hi;
		if (run_in_halves(run_pass_thread, lower, upper)) {
			if (!lower->rc && upper->rc) {
				lower->rc = upper->rc;
				lower->err = upper->err;
			}
			lower->rows += upper->rows;
			return 1;
		}
	}
	lower->ranged = 0;
	run_pass(lower);
	return 0;
}

ldx_status ldx_topk_best_of(ldx_db *db, const char *fts, const char *call,
                            const ldx_search_opts *opts, int k, double expected_rows,
                            ldx_topk_best *best, double *rows, ldx_error *err)
{
	heap_pass lower = { .db = db, .fts = fts, .call = call, .opts = opts, .k = k };
	heap_pass upper = { 0 };

	if (rows)
		*rows = 0;
	ldx_topk_best_free(best);
	if (k < 1)
		return LDX_OK;
	if (run_pass_split(&lower, &upper, expected_rows)) {
		for (int i = 0; i < upper.best.n; i++)
			best_offer(&lower.best, k, upper.best.score[i], upper.best.id[i]);
		ldx_topk_best_free(&upper.best);
	}
	if (lower.rc) {
		*err = lower.err;
		ldx_topk_best_free(&lower.best);
		return lower.rc;
	}
	best_sort(&lower.best);
	*best = lower.best;
	if (rows)
		*rows = lower.rows;
	return LDX_OK;
}

ldx_status ldx_topk_score_known(ldx_db *db, const char *fts, const char *call,
                                const sqlite3_int64 *ids, int n, double expected_rows,
                                double *score, double *outside, ldx_error *err)
{
	heap_pass lower = { .db = db, .fts = fts, .call = call, .opts = &no_filters,
		            .known = ids, .nknown = n, .known_score = score,
		            .outside = -HUGE_VAL };
	heap_pass upper = { 0 };

	for (int i = 0; i < n; i++)
		score[i] = 0;
	if (run_pass_split(&lower, &upper, expected_rows) && upper.outside > lower.outside)
		lower.outside = upper.outside;
	if (lower.rc) {
		*err = lower.err;
		return lower.rc;
	}
	*outside = lower.outside;
	return LDX_OK;
}

ldx_status ldx_topk_best_rows(ldx_db *db, const ldx_ranked *r, const ldx_search_opts *opts,
                              int k, ldx_topk_best *best, ldx_error *err)
{
	char *expr = NULL, *call = NULL;
	ldx_status rc;

	ldx_topk_best_free(best);
	if ((rc = ldx_ranked_plain(r, &expr, &call, err)) || !expr)
		return rc;
	rc = ldx_topk_best_of(db, expr, call, opts, k, r->rows, best, NULL, err);
	free(expr);
	free(call);
	return rc;
}

char *ldx_topk_join(const char *a, const char *b)
{
	if (!a || !b)
		return a ? strdup(a) : b ? strdup(b) : NULL;
	size_t size = strlen(a) + strlen(b) + 16;
	char *text = malloc(size);
	if (text)
		snprintf(text, size, "(%s) AND (%s)", a, b);
	return text;
}

ldx_status ldx_topk_prune(ldx_db *db, const ldx_flat_query *q, const char *fts,
                          const char *filter, int nfilter, const ldx_search_opts *opts,
                          int k, int keep, const char *rank_base, double k1, char **prefix,
                          int *nprefix, ldx_topk_best *best, ldx_error *err)
{
	int n = q->nphrase, *order = NULL;
	phrase_df *by_df = NULL;
	double total = 0, rows = 0, *rest = NULL;
	sqlite3_stmt *st = NULL;
	sqlite3_int64 papers = 1;
	ldx_status rc = LDX_OK;

	*prefix = NULL;
	*nprefix = 0;
	memset(best, 0, sizeof *best);
	if (!q->is_or || n < 2 || !rank_base || k < 1)
		return LDX_OK;
	for (int i = 0; i < n; i++)
		total += q->df[i];
	if (total < TOPK_MIN_ROWS)
		return LDX_OK;
	/* max(id) is at least the number of rows litdex_rank's idf uses, and
	 * idf grows with it, so the bounds below stay bounds */
	if ((rc = ldx_db_prepare(db, "SELECT max(id) FROM papers", &st, "cannot count papers",
	                         err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 1)
		papers = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);

	if (!(order = malloc((size_t)n * sizeof *order)) ||
	    !(by_df = malloc((size_t)n * sizeof *by_df)) ||
	    !(rest = malloc(((size_t)n + 1) * sizeof *rest))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	for (int i = 0; i < n; i++)
		by_df[i] = (phrase_df){ q->df[i], i };
	qsort(by_df, (size_t)n, sizeof *by_df, rarer_first);
	for (int i = 0; i < n; i++)
		order[i] = by_df[i].phrase;
	/* rest[i]: the most the phrases order[i..n) can add together */
	rest[n] = 0;
	for (int i = n - 1; i >= 0; i--)
		rest[i] = rest[i + 1] + ldx_rank_idf((double)papers, q->df[order[i]]) * (k1 + 1.0);

	/* the first pass takes the fewest rarest phrases that can fill k
	 * places; each next one the fewest whose bound the last k-th score
	 * already beats (the k-th score only grows with E) */
	double kth = -HUGE_VAL;
	for (int i = 1; i < n; i++) {
		rows += q->df[order[i - 1]];
		if (2 * rows > total)
			break;
		if (rows < k || (kth > -HUGE_VAL && rest[i] >= kth))
			continue;
		char *e = or_of(q, order, i), *pass = e ? ldx_topk_join(filter, e) : NULL;
		if (!pass) {
			free(e);
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			goto out;
		}
		/* each of E's rows seeks Q's n phrases to it: a pass of few rows
		 * can cost many (4,822 rows of "kg" against 9 phrases, 42 ms at
		 * 1,000,000 papers), so it is split by rows * n */
		ldx_ranked r = { .q = q, .fts = fts, .prefix = pass, .nprefix = nfilter + i,
		                 .pruned = 1, .rank_base = rank_base,
		                 .max_args = sqlite3_limit(db->sql, SQLITE_LIMIT_FUNCTION_ARG, -1),
		                 .rows = filter ? -1 : rows * n };
		rc = ldx_topk_best_rows(db, &r, opts, keep > k ? keep : k, best, err);
		kth = best->n >= k ? best->score[k - 1] : -HUGE_VAL;
		free(pass);
		if (rc) {
			free(e);
			goto out;
		}
		if (kth > rest[i]) {
			*prefix = e;
			*nprefix = i;
			break;
		}
		free(e);
	}
out:
	if (rc || !*prefix)
		ldx_topk_best_free(best);
	free(order);
	free(by_df);
	free(rest);
	return rc;
}
