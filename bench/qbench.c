/*
 * qbench.c: bench-query, the in-process query benchmark.  It runs the
 * workload written by bench-gen (bench/gen_queries.c) against a litdex
 * index through the public API (ldx_search_begin/next/end, top 10, every
 * hit's title highlight and snippet read) and the same searches against
 * the bare FTS5 baseline table t(title, abstract):
 *
 *   SELECT rowid, snippet(t, 1, '[', ']', '…', 24) FROM t WHERE t MATCH ?
 *   ORDER BY bm25(t) LIMIT 10
 *
 * Both are prepared per query, as litdex does.  One untimed pass warms
 * the caches; then --rounds timed passes, the engines alternating per
 * query.  Prints per-class latency percentiles and writes them as JSON.
 *
 * usage: bench-query --db INDEX --base BASE.db --queries FILE
 *          [--rounds R] [--json FILE] [--flat FILE] [--label TEXT]
 * --flat writes "engine.class.figure value" lines for shell scripts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "litdex.h"

#define MAX_QUERIES 4096
#define MAX_CLASSES 8
#define SLOWEST 8

typedef struct query {
	char cls[16];
	int any, year_min, year_max;
	char *journal, *text, *fts;
} query;

typedef struct sample {
	double ms;
	int hits;
	int q;
} sample;

typedef struct run {
	sample *s;
	size_t n, cap;
	long errors;
} run;

typedef struct engine {
	const char *name;
	run per_class[MAX_CLASSES];
	run all;
} engine;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int add_sample(run *r, sample s)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		sample *g = realloc(r->s, cap * sizeof *g);
		if (!g)
			return -1;
		r->s = g;
		r->cap = cap;
	}
	r->s[r->n++] = s;
	return 0;
}

static char *field(char **p)
{
	char *s = *p, *tab = strchr(s, '\t');
	if (tab) {
		*tab = '\0';
		*p = tab + 1;
	} else {
		s[strcspn(s, "\n")] = '\0';
		*p = s + strlen(s);
	}
	return s;
}

static int load(const char *path, query *qs, int *nq, char cls[][16], int *ncls)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	if (!f) {
		fprintf(stderr, "bench-query: cannot read '%s'\n", path);
		return -1;
	}
	*nq = *ncls = 0;
	while (*nq < MAX_QUERIES && fgets(line, sizeof line, f)) {
		char *p = line;
		query *q = &qs[*nq];
		snprintf(q->cls, sizeof q->cls, "%s", field(&p));
		q->any = strcmp(field(&p), "any") == 0;
		q->year_min = atoi(field(&p));
		q->year_max = atoi(field(&p));
		const char *j = field(&p);
		q->journal = *j ? strdup(j) : NULL;
		q->text = strdup(field(&p));
		q->fts = strdup(field(&p));
		if (!q->text || !q->fts || !*q->text)
			continue;
		int c = 0;
		while (c < *ncls && strcmp(cls[c], q->cls))
			c++;
		if (c == *ncls && *ncls < MAX_CLASSES)
			snprintf(cls[(*ncls)++], 16, "%s", q->cls);
		(*nq)++;
	}
	fclose(f);
	return 0;
}

/* One litdex search: top 10, reading every hit's highlight and snippet. */
static int run_litdex(ldx_db *db, const query *q, size_t *bytes, ldx_error *err)
{
	ldx_search_opts o;
	ldx_search *s = NULL;
	const ldx_hit *hit;
	int hits = 0;
	ldx_status st;

	memset(&o, 0, sizeof o);
	o.query = q->text;
	o.match = q->any ? LDX_MATCH_ANY : LDX_MATCH_ALL;
	o.year_min = q->year_min;
	o.year_max = q->year_max;
	o.journal = q->journal;
	o.limit = 10;
	if (ldx_search_begin(db, &o, &s, err) != LDX_OK)
		return -1;
	while ((st = ldx_search_next(s, &hit, err)) == LDX_OK) {
		*bytes += strlen(hit->snippet) + strlen(hit->title_hl);
		hits++;
	}
	ldx_search_end(s);
	return st == LDX_DONE ? hits : -1;
}

static int run_fts5(sqlite3 *db, const query *q, size_t *bytes)
{
	static const char sql[] =
		"SELECT rowid, snippet(t, 1, '[', ']', '…', 24) FROM t WHERE t MATCH ?1 "
		"ORDER BY bm25(t) LIMIT 10";
	sqlite3_stmt *st = NULL;
	int hits = 0, rc;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, q->fts, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *snip = sqlite3_column_text(st, 1);
		*bytes += snip ? strlen((const char *)snip) : 0;
		hits++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? hits : -1;
}

static int by_ms(const void *a, const void *b)
{
	double x = ((const sample *)a)->ms, y = ((const sample *)b)->ms;
	return x < y ? -1 : x > y;
}

static double pct(const run *r, double p)
{
	if (!r->n)
		return 0;
	size_t i = (size_t)ceil(p * (double)r->n);
	return r->s[i ? i - 1 : 0].ms;
}

typedef struct summary {
	double p50, p95, p99, mean, max, hits_mean;
	long n, zero, errors;
} summary;

static summary summarise(run *r)
{
	summary s;
	memset(&s, 0, sizeof s);
	qsort(r->s, r->n, sizeof *r->s, by_ms);
	s.n = (long)r->n;
	s.errors = r->errors;
	for (size_t i = 0; i < r->n; i++) {
		s.mean += r->s[i].ms;
		s.hits_mean += r->s[i].hits;
		s.zero += r->s[i].hits == 0;
	}
	if (r->n) {
		s.mean /= (double)r->n;
		s.hits_mean /= (double)r->n;
		s.max = r->s[r->n - 1].ms;
	}
	s.p50 = pct(r, 0.50);
	s.p95 = pct(r, 0.95);
	s.p99 = pct(r, 0.99);
	return s;
}

static void json_string(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			putc(*s, f);
	}
	putc('"', f);
}

static void json_summary(FILE *f, const char *name, const summary *s)
{
	fprintf(f, "\"%s\": {\"n\": %ld, \"p50_ms\": %.3f, \"p95_ms\": %.3f, \"p99_ms\": %.3f, "
	           "\"mean_ms\": %.3f, \"max_ms\": %.3f, \"hits_mean\": %.2f, \"zero_hit\": %ld, "
	           "\"errors\": %ld}",
	        name, s->n, s->p50, s->p95, s->p99, s->mean, s->max, s->hits_mean, s->zero, s->errors);
}

int main(int argc, char **argv)
{
	const char *db_path = NULL, *base_path = NULL, *q_path = NULL, *json = NULL, *label = "";
	const char *flat = NULL;
	static query qs[MAX_QUERIES];
	char cls[MAX_CLASSES][16];
	int nq = 0, ncls = 0, rounds = 1, status = 1;
	engine eng[2] = { { .name = "litdex" }, { .name = "fts5" } };
	ldx_db *db = NULL;
	sqlite3 *base = NULL;
	ldx_error err;
	size_t bytes = 0;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--db"))
			db_path = argv[i + 1];
		else if (!strcmp(argv[i], "--base"))
			base_path = argv[i + 1];
		else if (!strcmp(argv[i], "--queries"))
			q_path = argv[i + 1];
		else if (!strcmp(argv[i], "--rounds"))
			rounds = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--json"))
			json = argv[i + 1];
		else if (!strcmp(argv[i], "--flat"))
			flat = argv[i + 1];
		else if (!strcmp(argv[i], "--label"))
			label = argv[i + 1];
	}
	if (!db_path || !base_path || !q_path || rounds < 1) {
		fprintf(stderr, "usage: bench-query --db INDEX --base BASE.db --queries FILE "
		                "[--rounds R] [--json FILE] [--flat FILE] [--label TEXT]\n");
		return 2;
	}
	if (load(q_path, qs, &nq, cls, &ncls))
		return 1;
	if (ldx_open(db_path, LDX_OPEN_READONLY, &db, &err) != LDX_OK) {
		fprintf(stderr, "bench-query: %s\n", err.message);
		return 1;
	}
	if (sqlite3_open_v2(base_path, &base, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench-query: cannot open '%s'\n", base_path);
		goto out;
	}
	/* warm-up pass: page cache and SQLite's caches, untimed */
	for (int i = 0; i < nq; i++) {
		if (run_litdex(db, &qs[i], &bytes, &err) < 0)
			fprintf(stderr, "bench-query: litdex failed on '%s': %s\n", qs[i].text, err.message);
		if (run_fts5(base, &qs[i], &bytes) < 0)
			fprintf(stderr, "bench-query: fts5 failed on '%s': %s\n", qs[i].fts,
			        sqlite3_errmsg(base));
	}
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < nq; i++) {
			int c = 0;
			while (strcmp(cls[c], qs[i].cls))
				c++;
			for (int k = 0; k < 2; k++) {
				int e = (i + r + k) % 2;   /* alternate which engine goes first */
				double t0 = now_ms();
				int hits = e == 0 ? run_litdex(db, &qs[i], &bytes, &err)
				                  : run_fts5(base, &qs[i], &bytes);
				sample s = { now_ms() - t0, hits < 0 ? 0 : hits, i };
				if (hits < 0) {
					eng[e].per_class[c].errors++;
					eng[e].all.errors++;
					continue;
				}
				if (add_sample(&eng[e].per_class[c], s) || add_sample(&eng[e].all, s))
					goto out;
			}
		}
	}

	FILE *jf = json ? fopen(json, "w") : NULL;
	FILE *ff = flat ? fopen(flat, "w") : NULL;
	if (jf)
		fprintf(jf, "{\"label\": \"%s\", \"queries\": %d, \"rounds\": %d", label, nq, rounds);
	printf("queries: %d in %d classes, %d timed round(s) after one warm-up; times in ms\n", nq,
	       ncls, rounds);
	printf("%-8s %-7s %5s %8s %8s %8s %8s %8s %6s %5s %4s\n", "engine", "class", "n", "p50",
	       "p95", "p99", "mean", "max", "hits", "zero", "err");
	for (int e = 0; e < 2; e++) {
		if (jf)
			fprintf(jf, ",\n \"%s\": {", eng[e].name);
		for (int c = 0; c <= ncls; c++) {
			run *r = c < ncls ? &eng[e].per_class[c] : &eng[e].all;
			const char *name = c < ncls ? cls[c] : "all";
			summary s = summarise(r);
			printf("%-8s %-7s %5ld %8.2f %8.2f %8.2f %8.2f %8.2f %6.1f %5ld %4ld\n", eng[e].name,
			       name, s.n, s.p50, s.p95, s.p99, s.mean, s.max, s.hits_mean, s.zero, s.errors);
			if (jf) {
				fprintf(jf, "%s", c ? ", " : "");
				json_summary(jf, name, &s);
			}
			if (ff)
				fprintf(ff, "%s.%s.p50_ms %.3f\n%s.%s.p95_ms %.3f\n%s.%s.p99_ms %.3f\n"
				            "%s.%s.mean_ms %.3f\n%s.%s.errors %ld\n",
				        eng[e].name, name, s.p50, eng[e].name, name, s.p95, eng[e].name, name,
				        s.p99, eng[e].name, name, s.mean, eng[e].name, name, s.errors);
		}
		if (jf)
			fprintf(jf, "}");
	}
	/* the slowest litdex queries, for profiling */
	run *all = &eng[0].all;
	printf("slowest litdex queries:\n");
	if (jf)
		fprintf(jf, ",\n \"slowest_litdex\": [");
	for (size_t k = 0; k < SLOWEST && k < all->n; k++) {
		const sample *s = &all->s[all->n - 1 - k];
		const query *q = &qs[s->q];
		printf("  %8.2f ms  %-6s %s%s%s\n", s->ms, q->cls, q->text, q->any ? "  (any)" : "",
		       q->journal || q->year_min || q->year_max ? "  (filtered)" : "");
		if (jf) {
			fprintf(jf, "%s{\"ms\": %.3f, \"class\": \"%s\", \"query\": ", k ? ", " : "", s->ms,
			        q->cls);
			json_string(jf, q->text);
			fprintf(jf, "}");
		}
	}
	if (jf) {
		fprintf(jf, "]}\n");
		fclose(jf);
	}
	if (ff)
		fclose(ff);
	status = eng[0].all.errors || eng[1].all.errors ? 3 : 0;
out:
	for (int i = 0; i < nq; i++) {
		free(qs[i].journal);
		free(qs[i].text);
		free(qs[i].fts);
	}
	for (int e = 0; e < 2; e++) {
		for (int c = 0; c < MAX_CLASSES; c++)
			free(eng[e].per_class[c].s);
		free(eng[e].all.s);
	}
	sqlite3_close(base);
	ldx_close(db);
	return status;
}
