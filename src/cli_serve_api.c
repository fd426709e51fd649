/*
 * cli_serve_api.c: the JSON API of `litdex serve`: /api/search,
 * /api/show, /api/similar and /api/facet.  Parameters are those of the
 * command line (q, journal, year, author, limit, offset, sort, any, key,
 * field) and are checked as strictly: a bad one is a 400 with a message
 * that names it.  Knows nothing of HTTP beyond status codes; the server
 * (cli_serve_http.c) hands over the decoded parameters.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "serve.h"

#define OFFSET_MAX 1000000
#define FACET_LIMIT_DEFAULT 100
#define FACET_LIMIT_MAX 1000

typedef struct api_req {
	const serve_param *params;
	size_t nparams;
	ldx_db *db;
	serve_json j;
	serve_reply *out;
} api_req;

typedef int (*api_fn)(api_req *r);

/* The value of parameter name, or NULL when absent or empty. */
static const char *param(const api_req *r, const char *name)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (!strcmp(r->params[i].name, name))
			return *r->params[i].value ? r->params[i].value : NULL;
	return NULL;
}

/* A 400 (or other) reply: {"error", "position", "param"}.  Returns -1. */
static int fail(api_req *r, int status, const char *name, int position, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(api_req *r, int status, const char *name, int position, const char *fmt, ...)
{
	char msg[1200];
	va_list ap;
	serve_json j = { 0 };

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sj_object_begin(&j);
	sj_key(&j, "error");
	sj_string(&j, msg);
	sj_key(&j, "position");
	sj_int(&j, position);
	sj_key(&j, "param");
	sj_string(&j, name);
	sj_object_end(&j);
	serve_reply_release(r->out);
	r->out->status = status;
	if (!(r->out->body = sj_detach(&j, &r->out->len)))
		serve_reply_error(r->out, 500, "out of memory");
	return -1;
}

/* Parses a whole number parameter in [min, max]; def when absent. */
static int param_int(api_req *r, const char *name, int def, int min, int max, int *v)
{
	const char *s = param(r, name);
	char *end;
	long n;

	if (!s) {
		*v = def;
		return 0;
	}
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end || n < min || n > max)
		return fail(r, 400, name, 0, "%s must be a whole number from %d to %d, not '%.40s'",
		            name, min, max, s);
	*v = (int)n;
	return 0;
}

/* any=1, true or yes; 0, false, no or absent. */
static int param_bool(api_req *r, const char *name, int *v)
{
	const char *s = param(r, name);
	if (!s || !strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "no"))
		*v = 0;
	else if (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on"))
		*v = 1;
	else
		return fail(r, 400, name, 0, "%s must be 1 or 0, not '%.40s'", name, s);
	return 0;
}

/* The filters, order and page shared by search, similar and facet. */
static int parse_opts(api_req *r, ldx_search_opts *so, int limit_def, int limit_max)
{
	const char *year = param(r, "year"), *sort = param(r, "sort");
	int any = 0;

	so->query = param(r, "q");
	so->journal = param(r, "journal");
	so->author = param(r, "author");
	if (year && ldx_year_range_parse(year, &so->year_min, &so->year_max) != 0)
		return fail(r, 400, "year", 0,
		            "bad year '%.40s' (use 2019, 2015-2024, 2015- or -2010)", year);
	if (!sort || !strcmp(sort, "relevance"))
		so->sort = LDX_SORT_RELEVANCE;
	else if (!strcmp(sort, "date"))
		so->sort = LDX_SORT_DATE;
	else if (!strcmp(sort, "year"))
		so->sort = LDX_SORT_YEAR;
	else
		return fail(r, 400, "sort", 0, "unknown sort '%.40s' (use relevance, date or year)",
		            sort);
	if (param_bool(r, "any", &any) || param_int(r, "limit", limit_def, 1, limit_max,
	                                            &so->limit) ||
	    param_int(r, "offset", 0, 0, OFFSET_MAX, &so->offset))
		return -1;
	so->match = any ? LDX_MATCH_ANY : LDX_MATCH_ALL;
	return 0;
}

/* A failed library call: a query error is the caller's (400), the rest
 * are the server's. */
static int fail_ldx(api_req *r, ldx_status rc, const ldx_error *err)
{
	if (rc == LDX_ERR_QUERY)
		return fail(r, 400, "q", err->position, "%s", err->message);
	if (rc == LDX_ERR_BUSY)
		return fail(r, 503, NULL, 0, "%s", err->message);
	fprintf(stderr, "litdex: serve: %s\n", err->message);
	return fail(r, 500, NULL, 0, "%s", err->message);
}

/* One hit; with full (show) every field of the paper. */
static void write_hit(serve_json *j, const ldx_hit *h, int full)
{
	sj_object_begin(j);
	if (!full) {
		sj_key(j, "rank");
		sj_int(j, h->rank);
		sj_key(j, "score");
		sj_double(j, h->score);
	}
	sj_key(j, "key");
	sj_string(j, h->key);
	sj_key(j, "pmid");
	sj_string(j, h->pmid);
	sj_key(j, "doi");
	sj_string(j, h->doi);
	sj_key(j, "pmcid");
	sj_string(j, h->pmcid);
	sj_key(j, "title");
	sj_string(j, h->title);
	if (!full) {
		sj_key(j, "title_hl");
		sj_marked(j, h->title_hl);
		sj_key(j, "snippet");
		sj_marked(j, h->snippet);
	}
	sj_key(j, "authors");
	sj_list(j, h->authors);
	sj_key(j, "journal");
	sj_string(j, h->journal);
	sj_key(j, "journal_abbrev");
	sj_string(j, h->journal_abbrev);
	sj_key(j, "year");
	if (h->year)
		sj_int(j, h->year);
	else
		sj_null(j);
	sj_key(j, "pub_types");
	sj_list(j, h->pub_types);
	if (full) {
		sj_key(j, "abstract");
		sj_string(j, h->abstract);
		sj_key(j, "keywords");
		sj_list(j, h->keywords);
		sj_key(j, "mesh");
		sj_list(j, h->mesh);
		sj_key(j, "language");
		sj_string(j, h->language);
	}
	sj_object_end(j);
}

/* Writes "hits": [...] from s; returns the status that ended it. */
static ldx_status write_hits(api_req *r, ldx_search *s, const ldx_hit *first, long *n,
                             int max, ldx_error *err)
{
	const ldx_hit *hit = first;
	ldx_status rc = LDX_OK;

	sj_key(&r->j, "hits");
	sj_array_begin(&r->j);
	*n = 0;
	while (hit && *n < max) {
		write_hit(&r->j, hit, 0);
		++*n;
		if ((rc = ldx_search_next(s, &hit, err)) != LDX_OK)
			hit = NULL;
	}
	sj_array_end(&r->j);
	return rc;
}

/*
 * /api/search: like `litdex search`, a query that no paper fully
 * matches is relaxed to any of its words (unless any is given), and the
 * reply says so ("relaxed") and suggests spellings for unknown words.
 */
static int api_search(api_req *r)
{
	ldx_search_opts so = { 0 };
	ldx_search *s = NULL;
	const ldx_hit *first = NULL;
	char *suggest = NULL;
	ldx_error err;
	ldx_status rc;
	long total = 0, n = 0;
	int estimated = 0;     /* total is an estimate (ldx_search_count_estimate) */
	int relaxed = 0;

	if (parse_opts(r, &so, SERVE_LIMIT_DEFAULT, SERVE_LIMIT_MAX))
		return -1;
	if (!so.query && !so.journal && !so.author && !so.year_min && !so.year_max)
		return fail(r, 400, "q", 0, "no query given: q, journal, year or author");
	if ((rc = ldx_search_begin(r->db, &so, &s, &err)) != LDX_OK)
		return fail_ldx(r, rc, &err);
	rc = ldx_search_next(s, &first, &err);
	if (rc != LDX_OK && rc != LDX_DONE)
		goto out;
	if ((rc = ldx_search_count_estimate(r->db, &so, &total, &estimated, &err)) != LDX_OK)
		goto out;
	/* relaxed on every page alike: only when no paper has every word */
	if (!total && so.match == LDX_MATCH_ALL && so.query) {
		ldx_search_end(s);
		s = NULL;
		first = NULL;
		so.match = LDX_MATCH_ANY;
		if ((rc = ldx_search_begin(r->db, &so, &s, &err)) != LDX_OK)
			goto out;
		rc = ldx_search_next(s, &first, &err);
		if ((rc != LDX_OK && rc != LDX_DONE) ||
		    (rc = ldx_search_count_estimate(r->db, &so, &total, &estimated, &err)) != LDX_OK)
			goto out;
		relaxed = total > 0;
		if (!relaxed)
			so.match = LDX_MATCH_ALL;
	}
	/* a suggestion is a nicety: its failure fails nothing */
	if (so.query && (relaxed || !total) && ldx_suggest(r->db, so.query, &suggest, &err))
		suggest = NULL;

	sj_object_begin(&r->j);
	sj_key(&r->j, "query");
	sj_string(&r->j, so.query);
	sj_key(&r->j, "match");
	sj_string(&r->j, so.match == LDX_MATCH_ANY ? "any" : "all");
	sj_key(&r->j, "relaxed");
	sj_bool(&r->j, relaxed);
	sj_key(&r->j, "suggest");
	sj_string(&r->j, suggest);
	sj_key(&r->j, "total");
	sj_int(&r->j, total);
	sj_key(&r->j, "offset");
	sj_int(&r->j, so.offset);
	sj_key(&r->j, "limit");
	sj_int(&r->j, so.limit);
	sj_key(&r->j, "estimated");
	sj_bool(&r->j, estimated);
	rc = write_hits(r, s, first, &n, so.limit, &err);
	sj_object_end(&r->j);
out:
	ldx_search_end(s);
	free(suggest);
	if (rc != LDX_OK && rc != LDX_DONE)
		return fail_ldx(r, rc, &err);
	return 0;
}

/* /api/similar: papers like key; "more" says whether a next page exists. */
static int api_similar(api_req *r)
{
	ldx_search_opts so = { 0 };
	const char *key = param(r, "key");
	ldx_paper *seed = NULL;
	ldx_search *s = NULL;
	const ldx_hit *first = NULL;
	ldx_error err;
	ldx_status rc;
	long n = 0;

	if (parse_opts(r, &so, SERVE_LIMIT_DEFAULT, SERVE_LIMIT_MAX))
		return -1;
	if (so.query)
		return fail(r, 400, "q", 0, "similar takes a key, not a query");
	if (!key)
		return fail(r, 400, "key", 0, "no paper given: key=PMID or DOI");
	if ((rc = ldx_paper_get(r->db, key, &seed, &err)) == LDX_DONE)
		return fail(r, 404, "key", 0, "no paper '%.200s' in the index", key);
	if (rc != LDX_OK)
		return fail_ldx(r, rc, &err);
	/* one more than the page, to know whether there is a next one */
	so.limit++;
	if ((rc = ldx_similar_begin(r->db, key, &so, &s, &err)) != LDX_OK)
		goto out;
	rc = ldx_search_next(s, &first, &err);
	if (rc != LDX_OK && rc != LDX_DONE)
		goto out;

	sj_object_begin(&r->j);
	sj_key(&r->j, "key");
	sj_string(&r->j, seed->hit.key);
	sj_key(&r->j, "paper");
	write_hit(&r->j, &seed->hit, 1);
	sj_key(&r->j, "offset");
	sj_int(&r->j, so.offset);
	sj_key(&r->j, "limit");
	sj_int(&r->j, so.limit - 1);
	rc = write_hits(r, s, first, &n, so.limit - 1, &err);
	sj_key(&r->j, "more");
	sj_bool(&r->j, rc == LDX_OK);
	sj_object_end(&r->j);
out:
	ldx_search_end(s);
	ldx_paper_free(seed);
	if (rc != LDX_OK && rc != LDX_DONE)
		return fail_ldx(r, rc, &err);
	return 0;
}

/* /api/show: one whole paper, with the files it came from. */
static int api_show(api_req *r)
{
	const char *key = param(r, "key");
	ldx_paper *p = NULL;
	ldx_error err;
	ldx_status rc;

	if (!key)
		return fail(r, 400, "key", 0, "no paper given: key=PMID or DOI");
	if ((rc = ldx_paper_get(r->db, key, &p, &err)) == LDX_DONE)
		return fail(r, 404, "key", 0, "no paper '%.200s' in the index", key);
	if (rc != LDX_OK)
		return fail_ldx(r, rc, &err);
	sj_object_begin(&r->j);
	sj_key(&r->j, "paper");
	write_hit(&r->j, &p->hit, 1);
	sj_key(&r->j, "sources");
	sj_array_begin(&r->j);
	for (size_t i = 0; i < p->nsources; i++)
		sj_string(&r->j, p->sources[i]);
	sj_array_end(&r->j);
	sj_key(&r->j, "added_at");
	sj_int(&r->j, p->added_at);
	sj_key(&r->j, "updated_at");
	sj_int(&r->j, p->updated_at);
	sj_object_end(&r->j);
	ldx_paper_free(p);
	return 0;
}

/* /api/facet: hit counts per value of field (year by default). */
static int api_facet(api_req *r)
{
	ldx_search_opts so = { 0 };
	const char *name = param(r, "field");
	ldx_facet_field field = LDX_FACET_YEAR;
	ldx_facet *f = NULL;
	const char *value;
	long count, n = 0;
	ldx_error err;
	ldx_status rc;

	if (parse_opts(r, &so, FACET_LIMIT_DEFAULT, FACET_LIMIT_MAX))
		return -1;
	if (name && cli_facet_parse(name, &field) != 0)
		return fail(r, 400, "field", 0,
		            "unknown field '%.40s' (use year, journal, author or mesh)", name);
	if ((rc = ldx_facet_begin(r->db, &so, field, &f, &err)) != LDX_OK)
		return fail_ldx(r, rc, &err);
	sj_object_begin(&r->j);
	sj_key(&r->j, "field");
	sj_string(&r->j, name ? name : "year");
	sj_key(&r->j, "values");
	sj_array_begin(&r->j);
	/* the offset pages through the values */
	while ((rc = ldx_facet_next(f, &value, &count, &err)) == LDX_OK && n < so.offset + so.limit) {
		if (n++ < so.offset)
			continue;
		sj_object_begin(&r->j);
		sj_key(&r->j, "value");
		sj_string(&r->j, value);
		sj_key(&r->j, "count");
		sj_int(&r->j, count);
		sj_object_end(&r->j);
	}
	sj_array_end(&r->j);
	sj_key(&r->j, "more");
	sj_bool(&r->j, rc == LDX_OK);
	sj_object_end(&r->j);
	ldx_facet_end(f);
	if (rc != LDX_OK && rc != LDX_DONE)
		return fail_ldx(r, rc, &err);
	return 0;
}

static const struct api_route {
	const char *path;
	api_fn fn;
	const char *const params[12];
} routes[] = {
	{ "/api/search", api_search,
	  { "q", "journal", "year", "author", "limit", "offset", "sort", "any" } },
	{ "/api/show", api_show, { "key" } },
	{ "/api/similar", api_similar,
	  { "key", "journal", "year", "author", "limit", "offset", "sort" } },
	{ "/api/facet", api_facet,
	  { "q", "field", "journal", "year", "author", "limit", "offset", "any" } },
};

static const struct api_route *find_route(const char *path)
{
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
		if (!strcmp(path, routes[i].path))
			return &routes[i];
	return NULL;
}

int serve_api_known(const char *path)
{
	return find_route(path) != NULL;
}

/* Unknown parameters are refused, as the command line refuses unknown
 * options: a misspelt filter must not be silently ignored. */
static int check_params(api_req *r, const struct api_route *route)
{
	size_t known = 0;
	while (known < sizeof route->params / sizeof *route->params && route->params[known])
		known++;
	for (size_t i = 0; i < r->nparams; i++) {
		const char *name = r->params[i].name, *near;
		size_t k = 0;
		while (k < known && strcmp(name, route->params[k]))
			k++;
		if (k < known)
			continue;
		if ((near = cli_closest(name, route->params, known)))
			return fail(r, 400, name, 0, "unknown parameter '%.40s'; did you mean '%s'?",
			            name, near);
		return fail(r, 400, name, 0, "unknown parameter '%.40s'", name);
	}
	return 0;
}

void serve_reply_error(serve_reply *out, int status, const char *msg)
{
	serve_json j = { 0 };
	sj_object_begin(&j);
	sj_key(&j, "error");
	sj_string(&j, msg);
	sj_object_end(&j);
	out->status = status;
	if (!(out->body = sj_detach(&j, &out->len))) {
		/* nothing left to build with: a reply that needs no memory */
		static const char oom[] = "{\"error\":\"out of memory\"}";
		out->status = 500;
		out->body = NULL;
		out->len = sizeof oom - 1;
		if ((out->body = malloc(sizeof oom)))
			memcpy(out->body, oom, sizeof oom);
		else
			out->len = 0;
	}
}

void serve_reply_release(serve_reply *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}

void serve_api(const char *db_path, const char *path, const serve_param *params,
               size_t nparams, serve_reply *out)
{
	const struct api_route *route = find_route(path);
	api_req r = { .params = params, .nparams = nparams, .out = out };
	ldx_error err;
	ldx_status rc;

	memset(out, 0, sizeof *out);
	if (!route) {
		serve_reply_error(out, 404, "no such endpoint (use /api/search, /api/show, "
		                            "/api/similar or /api/facet)");
		return;
	}
	if (check_params(&r, route))
		return;
	if ((rc = serve_db_get(db_path, &r.db, &err)) != LDX_OK) {
		fprintf(stderr, "litdex: serve: %s\n", err.message);
		serve_reply_error(out, rc == LDX_ERR_BUSY ? 503 : 500, err.message);
		return;
	}
	if (route->fn(&r) == 0) {
		out->status = 200;
		if (!(out->body = sj_detach(&r.j, &out->len)))
			serve_reply_error(out, 500, "the reply is too large; ask for fewer results");
	}
	sj_release(&r.j);
	serve_db_put(r.db, out->status >= 500);
}
