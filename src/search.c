/*
 * search.c: running a query (ldx_search_begin/next/end): translation
 * through query.c, the SQL around the FTS5 MATCH (filters, ranking,
 * highlights, snippets), the result rows, hit counts and --explain.
 * Which papers make the page, where they can be found before the page
 * statement reads them, is search_page.c's.
 *
 * Ranking is the table's configured rank function (schema.c), so the
 * sqlite3 shell with the litdex extension loaded (extension.c) ranks
 * exactly as litdex does.  The SQL is put together
 * from constant fragments only; every user value is a bound parameter.
 *
 * "Any of the words" queries (LDX_MATCH_ANY) of LDX_STOP_MIN_WORDS words
 * or more drop English stop words (stopwords.c) when something else is
 * left, and long ones are re-ranked by pseudo-relevance feedback
 * (feedback.c).  Dropping stop words, measured with `make eval`: NFCorpus
 * dev nDCG@10 0.3122 against 0.3077 (Lucene's list, k1 3, b 1).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "error.h"
#include "prefilter.h"
#include "query.h"
#include "related.h"
#include "search.h"
#include "search_page.h"
#include "stopwords.h"
#include "termstats.h"
#include "topk.h"
#include "tokenizer.h"

#define LDX_DEFAULT_SNIPPET_WORDS 24
#define LDX_MAX_SNIPPET_WORDS 64
struct ldx_search {
	ldx_db *db;
	sqlite3_stmt *st;
	ldx_hit hit;
	int rank;
	double *scores;            /* owned: the page's, by place; NULL: ranked */
	int nscores;
};

/* The translator's callbacks' context. */
typedef struct count_ctx {
	ldx_db *db;
} count_ctx;

/* In an OR query stop words match nearly every paper (or, where a
 * collection was stored without them, almost none) and add only noise to
 * the order; phrases, fielded words and AND queries keep them. */
static int stop_word(void *ctx, const char *text, int n)
{
	return ldx_stop_word(text, n);
}

static int count_query_tokens(void *ctx, const char *text, int n)
{
	count_ctx *cc = ctx;
	ldx_db *db = cc->db;
	int count = 0;
	if (ldx_count_tokens(db->sql, db->language, 1, text, n, &count, NULL) != LDX_OK)
		return -1;
	return count;
}

typedef struct stem_buf {
	char *out;
	size_t size, len;
} stem_buf;

static int append_stem(void *ctx, int tflags, const char *t, int n, int s, int e)
{
	stem_buf *b = ctx;
	if (tflags & 1 /* FTS5_TOKEN_COLOCATED */)
		return SQLITE_OK;
	if (b->len + (size_t)n + 2 > b->size)
		return SQLITE_OK;  /* cut, as the callback contract allows */
	if (b->len)
		b->out[b->len++] = ' ';
	memcpy(b->out + b->len, t, (size_t)n);
	b->len += (size_t)n;
	b->out[b->len] = '\0';
	return SQLITE_OK;
}

static int query_stems(void *ctx, const char *text, int n, char *out, size_t outsz)
{
	ldx_db *db = ((count_ctx *)ctx)->db;
	stem_buf b = { out, outsz, 0 };
	if (!outsz)
		return 0;
	out[0] = '\0';
	if (ldx_tokenize(db->sql, db->language, 1, text, n, append_stem, &b, NULL) != LDX_OK)
		return -1;
	return (int)b.len;
}

static int count_words(const char *s)
{
	int count = 0, in = 0;
	for (; *s; s++) {
		int word = *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r';
		count += word && !in;
		in = word;
	}
	return count;
}

/*
 * Translates query (and explains it when explain is not NULL).  An "any"
 * query of nothing but stop words ("to be or not to be") is translated
 * again with them.
 */
static ldx_status translate(ldx_db *db, const char *query, ldx_match match, char **fts,
                            char **explain, ldx_error *err)
{
	count_ctx cc = { db };
	ldx_query_tokenizer tok = { .count = count_query_tokens, .ctx = &cc, .stems = query_stems };
	int any = match == LDX_MATCH_ANY;
	ldx_status rc;

	if (any && count_words(query) >= LDX_STOP_MIN_WORDS)
		tok.stop = stop_word;
	for (;;) {
		rc = explain ? ldx_query_explain_mode(query, &tok, any, fts, explain, err)
		             : ldx_query_to_fts_mode(query, &tok, any, fts, err);
		if (rc != LDX_ERR_QUERY || !tok.stop)
			break;
		tok.stop = NULL;
	}
	if (rc || any || !*fts || !ldx_related_present(db))
		return rc;
	size_t n = strlen(*fts);
	char *text_only = malloc(sizeof LDX_TEXT_ONLY_OPEN + n + 1);
	if (!text_only) {
		free(*fts);
		*fts = NULL;
		if (explain) {
			free(*explain);
			*explain = NULL;
		}
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	}
	memcpy(text_only, LDX_TEXT_ONLY_OPEN, sizeof LDX_TEXT_ONLY_OPEN - 1);
	memcpy(text_only + sizeof LDX_TEXT_ONLY_OPEN - 1, *fts, n);
	memcpy(text_only + sizeof LDX_TEXT_ONLY_OPEN - 1 + n, ")", 2);
	free(*fts);
	*fts = text_only;
	return LDX_OK;
}

ldx_status ldx_query_translate(ldx_db *db, const ldx_search_opts *opts, char **fts_out,
                               ldx_error *err)
{
	*fts_out = NULL;
	if (!db || !opts)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no query given");
	return ldx_search_translate(db, opts, fts_out, err);
}

static int has_text(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t')
			return 1;
	return 0;
}

int ldx_search_has_filters(const ldx_search_opts *opts)
{
	return opts->journal || opts->author || opts->year_min || opts->year_max ||
	       opts->added_after;
}

/* The journal and author filters' FTS5 phrases (prefilter.c) for a
 * search without words (fts NULL), malloc'ed into *narrow; NULL otherwise,
 * and when neither has words. */
static ldx_status search_narrowing(ldx_db *db, const char *fts, const ldx_search_opts *opts,
                                   char **narrow, ldx_error *err)
{
	ldx_search_opts names_only = { .journal = opts->journal, .author = opts->author };
	int nphrase;

	*narrow = NULL;
	if (fts || (!opts->journal && !opts->author))
		return LDX_OK;
	return ldx_prefilter(db, &names_only, NULL, narrow, &nphrase, err);
}

void ldx_search_where(char *buf, size_t n, int flags, const ldx_search_opts *opts)
{
	int with_fts = (flags & LDX_WHERE_FTS) != 0;
	int join = (flags & LDX_WHERE_PAPERS) || ldx_search_has_filters(opts);

	snprintf(buf, n, "FROM %s WHERE %s%s%s%s%s%s",
	         !with_fts ? "papers p"
	         : join    ? "papers_fts CROSS JOIN papers p ON p.id = papers_fts.rowid"
	                   : "papers_fts",
	         with_fts                    ? "papers_fts MATCH ?1"
	         : flags & LDX_WHERE_NARROW ? "p.id IN (SELECT rowid FROM papers_fts "
	                                      "WHERE papers_fts MATCH ?13)"
	                                    : "1",
	         opts->year_min ? " AND p.year >= ?2" : "",
	         opts->year_max ? " AND p.year <= ?3" : "",
	         opts->journal ? " AND (p.journal = ?4 COLLATE NOCASE"
	                         " OR p.journal_abbrev = ?4 COLLATE NOCASE)" : "",
	         opts->author ? " AND EXISTS (SELECT 1 FROM paper_authors a"
	                        " WHERE a.paper_id = p.id AND (a.last_name = ?5 COLLATE NOCASE"
	                        " OR a.name = ?5 COLLATE NOCASE))" : "",
	         opts->added_after ? " AND p.added_at > ?10" : "");
}

ldx_status ldx_search_where_narrowed(ldx_db *db, const char *fts, int flags,
                                     const ldx_search_opts *opts, char *buf, size_t n,
                                     char **narrow, ldx_error *err)
{
	ldx_status rc = search_narrowing(db, fts, opts, narrow, err);
	if (rc)
		return rc;
	ldx_search_where(buf, n,
	                 flags | (fts ? LDX_WHERE_FTS : 0) | (*narrow ? LDX_WHERE_NARROW : 0),
	                 opts);
	return LDX_OK;
}

void ldx_search_bind(sqlite3_stmt *st, const char *fts, const char *narrow,
                     const ldx_search_opts *opts)
{
	if (fts)
		sqlite3_bind_text(st, 1, fts, -1, SQLITE_TRANSIENT);
	if (narrow)
		sqlite3_bind_text(st, 13, narrow, -1, SQLITE_TRANSIENT);
	if (opts->year_min)
		sqlite3_bind_int(st, 2, opts->year_min);
	if (opts->year_max)
		sqlite3_bind_int(st, 3, opts->year_max);
	if (opts->journal)
		sqlite3_bind_text(st, 4, opts->journal, -1, SQLITE_TRANSIENT);
	if (opts->author)
		sqlite3_bind_text(st, 5, opts->author, -1, SQLITE_TRANSIENT);
	if (opts->added_after)
		sqlite3_bind_double(st, 10, opts->added_after);
}

static const char *order_by(int with_fts, int page_ids, int page_scores, ldx_sort sort)
{
	/* a page found by the heap keeps its order of equal scores */
	if (with_fts && page_scores && sort == LDX_SORT_RELEVANCE)
		return "page_at";
	if (with_fts && page_ids && sort == LDX_SORT_RELEVANCE)
		return "rank, papers_fts.rowid";
	switch (sort) {
	case LDX_SORT_DATE: return "p.added_at DESC, p.id DESC";
	case LDX_SORT_YEAR:
		/* a page found year by year keeps its order of equal scores */
		return !with_fts ? "p.year DESC, p.id"
		       : page_ids ? "p.year DESC, rank, papers_fts.rowid" : "p.year DESC, rank";
	case LDX_SORT_RELEVANCE: break;
	}
	return with_fts ? "rank" : "p.year DESC, p.id";
}

/*
 * ldx_search_begin_fts; rank_call, when not NULL, is a "litdex_rank(...)"
 * call of numbers only (feedback.c) that ranks instead of the index's rank
 * setting, bound as papers_fts.rank MATCH, and --why gets its arguments.
 * page->ids, when not NULL, is a JSON array of the ids of the papers the
 * page is among, known already (search_page.c): only those rows are read,
 * in rank order, from page->offset on; in their own order, with their
 * scores, where page->scores has them (the search takes that array).
 */
static ldx_status begin_ranked(ldx_db *db, const char *fts, const char *rank_call,
                               ldx_search_page *page, const ldx_search_opts *opts,
                               sqlite3_int64 exclude_id, ldx_search **out, ldx_error *err)
{
	char sql[8192], where[1024], why[4096], *narrow = NULL;
	ldx_search *s = NULL;
	ldx_status rc = LDX_OK;
	const char *page_ids = page->ids;
	int with_fts = fts != NULL, marks = with_fts && !opts->no_marks;
	int scored = with_fts && page_ids && page->scores && opts->sort == LDX_SORT_RELEVANCE;
	int words = opts->snippet_words > 0 ? opts->snippet_words : LDX_DEFAULT_SNIPPET_WORDS;
	int limit = ldx_search_limit(opts);

	*out = NULL;
	if (words > LDX_MAX_SNIPPET_WORDS)
		words = LDX_MAX_SNIPPET_WORDS;
	if (opts->limit < 0 || opts->offset < 0)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "limit and offset must not be negative");

	if ((rc = ldx_search_where_narrowed(db, fts, LDX_WHERE_PAPERS, opts, where, sizeof where,
	                                    &narrow, err)))
		return rc;
	if (!with_fts || !opts->why)
		snprintf(why, sizeof why, "''");
	else if (rank_call && strncmp(rank_call, "litdex_rank(", 12) == 0)
		snprintf(why, sizeof why, "litdex_why(papers_fts, %s", rank_call + 12);
	else
		snprintf(why, sizeof why, "litdex_why(papers_fts, " LDX_RANK_ARGS ")");
	/* Without a query, a filter lists papers newest first. */
	snprintf(sql, sizeof sql,
	         "SELECT p.key, p.pmid, p.doi, p.title, %s, %s, p.authors, p.journal, "
	         "p.journal_abbrev, p.year, %s, p.abstract, p.keywords, p.mesh, p.pub_types, "
	         "p.language, p.pmcid, %s %s%s%s%s ORDER BY %s LIMIT ?6 OFFSET ?7",
	         marks ? "highlight(papers_fts, 0, char(2), char(3))" : "p.title",
	         marks ? "snippet(papers_fts, 1, char(2), char(3), '…', ?8)"
	         : opts->no_marks ? "''" : "substr(p.abstract, 1, 200)",
	         scored     ? "(SELECT key FROM json_each(?12) WHERE value = papers_fts.rowid) "
	                      "AS page_at"
	         : with_fts ? "-rank" : "0.0",
	         why, where, exclude_id ? " AND p.id <> ?9" : "",
	         with_fts && rank_call && !scored ? " AND papers_fts.rank MATCH ?11" : "",
	         with_fts && page_ids ? " AND papers_fts.rowid IN (SELECT value FROM "
	                                "json_each(?12))" : "",
	         order_by(with_fts, page_ids != NULL, scored, opts->sort));

	if (!(s = calloc(1, sizeof *s))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	s->db = db;
	if (scored) {
		s->scores = page->scores;
		s->nscores = page->nscores;
		page->scores = NULL;
		page->nscores = 0;
	}
	if (sqlite3_prepare_v2(db->sql, sql, -1, &s->st, NULL) != SQLITE_OK) {
		rc = ldx_db_fail(db, err, "cannot prepare search");
		goto out;
	}
	ldx_search_bind(s->st, fts, narrow, opts);
	if (marks)
		sqlite3_bind_int(s->st, 8, words);
	if (exclude_id)
		sqlite3_bind_int64(s->st, 9, exclude_id);
	if (with_fts && rank_call && !scored)
		sqlite3_bind_text(s->st, 11, rank_call, -1, SQLITE_TRANSIENT);
	if (with_fts && page_ids)
		sqlite3_bind_text(s->st, 12, page_ids, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s->st, 6, limit);
	sqlite3_bind_int(s->st, 7, page_ids ? page->offset : opts->offset);
	s->rank = opts->offset;
out:
	free(narrow);
	if (rc != LDX_OK) {
		ldx_search_end(s);
		return rc;
	}
	*out = s;
	return LDX_OK;
}

ldx_status ldx_search_translate(ldx_db *db, const ldx_search_opts *opts, char **fts,
                                ldx_error *err)
{
	*fts = NULL;
	if (!has_text(opts->query)) {
		if (!ldx_search_has_filters(opts))
			return ldx_fail(err, LDX_ERR_QUERY, NULL, 0, "empty query");
		return LDX_OK;
	}
	return translate(db, opts->query, opts->match, fts, NULL, err);
}

/*
 * Begins the search of fts (NULL: filters only) under opts, leaving out
 * the paper exclude_id (0: none), reading only the page's papers where
 * search_page.c finds them first.
 */
static ldx_status begin_search(ldx_db *db, const char *fts, const ldx_search_opts *opts,
                               sqlite3_int64 exclude_id, ldx_search **out, ldx_error *err)
{
	ldx_search_page page;
	ldx_status rc = ldx_search_page_find(db, fts, opts, exclude_id, &page, err);

	if (rc == LDX_OK)
		rc = begin_ranked(db, page.run_fts ? page.run_fts : fts,
		                  page.run_fts ? page.rank_call : NULL, &page, opts, exclude_id, out,
		                  err);
	ldx_search_page_free(&page);
	return rc;
}

ldx_status ldx_search_begin_fts(ldx_db *db, const char *fts, const ldx_search_opts *opts,
                                sqlite3_int64 exclude_id, ldx_search **out, ldx_error *err)
{
	*out = NULL;
	if (opts->limit < 0 || opts->offset < 0)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "limit and offset must not be negative");
	return begin_search(db, fts, opts, exclude_id, out, err);
}

ldx_status ldx_search_begin(ldx_db *db, const ldx_search_opts *opts, ldx_search **out,
                            ldx_error *err)
{
	char *fts = NULL;
	ldx_status rc;

	*out = NULL;
	/* before planning, which reads the page's ids from offset on */
	if (opts->limit < 0 || opts->offset < 0)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "limit and offset must not be negative");
	if ((rc = ldx_search_translate(db, opts, &fts, err)))
		return rc;
	rc = begin_search(db, fts, opts, 0, out, err);
	free(fts);
	return rc;
}

static const char *column_or_empty(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

ldx_status ldx_search_next(ldx_search *s, const ldx_hit **hit, ldx_error *err)
{
	sqlite3_stmt *st = s->st;
	int step = sqlite3_step(st);

	*hit = NULL;
	if (step == SQLITE_DONE)
		return LDX_DONE;
	if (step != SQLITE_ROW)
		return ldx_db_fail(s->db, err, "search failed");
	ldx_hit *h = &s->hit;
	h->rank = ++s->rank;
	h->key = column_or_empty(st, 0);
	h->pmid = column_or_empty(st, 1);
	h->doi = column_or_empty(st, 2);
	h->title = column_or_empty(st, 3);
	h->title_hl = column_or_empty(st, 4);
	h->snippet = column_or_empty(st, 5);
	h->authors = column_or_empty(st, 6);
	h->journal = column_or_empty(st, 7);
	h->journal_abbrev = column_or_empty(st, 8);
	h->year = sqlite3_column_int(st, 9);
	if (s->scores) {
		sqlite3_int64 at = sqlite3_column_int64(st, 10);
		h->score = at >= 0 && at < s->nscores ? s->scores[at] : 0.0;
	} else {
		h->score = sqlite3_column_double(st, 10);
	}
	h->abstract = column_or_empty(st, 11);
	h->keywords = column_or_empty(st, 12);
	h->mesh = column_or_empty(st, 13);
	h->pub_types = column_or_empty(st, 14);
	h->language = column_or_empty(st, 15);
	h->pmcid = column_or_empty(st, 16);
	h->why = column_or_empty(st, 17);
	*hit = h;
	return LDX_OK;
}

void ldx_search_end(ldx_search *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->st);
	free(s->scores);
	free(s);
}

/* Counts the hits of fts (translated from opts->query; NULL: filters
 * only) under opts's filters; frees fts. */
static ldx_status count_fts(ldx_db *db, const ldx_search_opts *opts, char *fts, long *count,
                            ldx_error *err)
{
	char sql[1200], where[1024];
	char *filter = NULL, *narrow = NULL;
	sqlite3_stmt *st = NULL;
	int nfilter;
	ldx_status rc = LDX_OK;

	*count = 0;
	/* the filters' phrases narrow what FTS5 counts, as in a search */
	if (fts && (rc = ldx_prefilter(db, opts, NULL, &filter, &nfilter, err)))
		goto out;
	if (filter) {
		char *narrowed = ldx_topk_join(filter, fts);
		if (!narrowed) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			goto out;
		}
		free(fts);
		fts = narrowed;
	}
	if ((rc = ldx_search_where_narrowed(db, fts, 0, opts, where, sizeof where, &narrow, err)))
		goto out;
	snprintf(sql, sizeof sql, "SELECT count(*) %s", where);
	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = ldx_db_fail(db, err, "cannot count hits");
		goto out;
	}
	ldx_search_bind(st, fts, narrow, opts);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = ldx_db_fail(db, err, "cannot count hits");
		goto out;
	}
	*count = (long)sqlite3_column_int64(st, 0);
out:
	sqlite3_finalize(st);
	free(fts);
	free(filter);
	free(narrow);
	return rc;
}

ldx_status ldx_search_count(ldx_db *db, const ldx_search_opts *opts, long *count,
                            ldx_error *err)
{
	char *fts = NULL;
	ldx_status rc;

	*count = 0;
	if (has_text(opts->query) && (rc = ldx_search_translate(db, opts, &fts, err)))
		return rc;
	return count_fts(db, opts, fts, count, err);
}

ldx_status ldx_search_count_above(ldx_db *db, const ldx_search_opts *opts, double min_rows,
                                  long *count, int *estimated, ldx_error *err)
{
	ldx_termstats *ts = NULL;
	ldx_flat_query q;
	char *fts = NULL;
	double rows = 0, most = 0, miss = 1, papers = 0;
	ldx_status rc = LDX_OK;

	*estimated = 0;
	*count = 0;
	memset(&q, 0, sizeof q);
	if (has_text(opts->query) && (rc = ldx_search_translate(db, opts, &fts, err)))
		return rc;
	if (!fts || ldx_search_has_filters(opts))
		return count_fts(db, opts, fts, count, err);
	if ((rc = ldx_termstats_open(db, &ts, err)) ||
	    (rc = ldx_flat_query_read(ts, fts, 1, &q, err)) ||
	    (rc = ldx_termstats_papers(ts, &papers, err)))
		goto out;
	for (int i = 0; i < q.nphrase; i++) {
		double share = papers > 0 ? q.df[i] / papers : 1;
		rows += q.df[i];
		most = q.df[i] > most ? q.df[i] : most;
		miss *= share < 1 ? 1 - share : 0;
	}
	if (q.nphrase && q.is_or && rows >= min_rows) {
		double estimate = papers * (1 - miss);
		estimate = estimate < most ? most : estimate > rows ? rows : estimate;
		*count = (long)(estimate + 0.5);
		*estimated = 1;
	}
out:
	ldx_flat_query_free(&q);
	ldx_termstats_close(ts);
	if (rc || *estimated) {
		free(fts);
		return rc;
	}
	return count_fts(db, opts, fts, count, err);
}

ldx_status ldx_search_count_estimate(ldx_db *db, const ldx_search_opts *opts, long *count,
                                     int *estimated, ldx_error *err)
{
	return ldx_search_count_above(db, opts, LDX_COUNT_ESTIMATE_ROWS, count, estimated, err);
}

/* Appends printf output to a malloc'ed text; on failure sets *failed. */
static void text_add(char **text, size_t *len, int *failed, const char *fmt, ...)
{
	va_list ap;
	char line[4096];
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (*failed || n < 0)
		return;
	if ((size_t)n >= sizeof line)
		n = sizeof line - 1;
	char *grown = realloc(*text, *len + (size_t)n + 1);
	if (!grown) {
		*failed = 1;
		return;
	}
	memcpy(grown + *len, line, (size_t)n + 1);
	*text = grown;
	*len += (size_t)n;
}

ldx_status ldx_search_explain(ldx_db *db, const ldx_search_opts *opts, char **text,
                              ldx_error *err)
{
	char *fts = NULL, *understood = NULL, *out = NULL;
	size_t len = 0;
	int failed = 0;
	ldx_status rc = LDX_OK;

	*text = NULL;
	if (has_text(opts->query) &&
	    (rc = translate(db, opts->query, opts->match, &fts, &understood, err)))
		return rc;
	if (!has_text(opts->query) && !ldx_search_has_filters(opts))
		return ldx_fail(err, LDX_ERR_QUERY, NULL, 0, "empty query");
	text_add(&out, &len, &failed, "query:    %s\n", opts->query ? opts->query : "");
	text_add(&out, &len, &failed, "match:    %s\n",
	         opts->match == LDX_MATCH_ANY ? "any of the words (OR), best first"
	                                      : "all of the words (AND)");
	if (understood) {
		text_add(&out, &len, &failed, "understood as:\n");
		for (char *line = understood, *nl; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			if (!nl)
				nl = line + strlen(line) - 1;
			text_add(&out, &len, &failed, "  %.*s\n", (int)(nl - line + (*nl != '\n')), line);
			if (!nl[1])
				break;
		}
	}
	text_add(&out, &len, &failed, "fts5:     %s\n", fts ? fts : "(none: filters only)");
	text_add(&out, &len, &failed, "filters:  %s\n", ldx_search_has_filters(opts) ? "" : "none");
	if (opts->journal)
		text_add(&out, &len, &failed, "  journal is '%s' (title or ISO abbreviation, any case)\n",
		         opts->journal);
	if (opts->year_min && opts->year_max)
		text_add(&out, &len, &failed, "  year %d to %d\n", opts->year_min, opts->year_max);
	else if (opts->year_min)
		text_add(&out, &len, &failed, "  year %d or later\n", opts->year_min);
	else if (opts->year_max)
		text_add(&out, &len, &failed, "  year %d or earlier\n", opts->year_max);
	if (opts->author)
		text_add(&out, &len, &failed, "  author '%s' (last name or full name, any case)\n",
		         opts->author);
	if (opts->added_after)
		text_add(&out, &len, &failed, "  added after %.3f (Unix time)\n", opts->added_after);
	text_add(&out, &len, &failed, "order:    %s\n",
	         opts->sort == LDX_SORT_DATE ? "most recently added first"
	         : opts->sort == LDX_SORT_YEAR ? "publication year, newest first"
	                                       : "relevance: litdex_rank(" LDX_RANK_ARGS ")");
	free(fts);
	free(understood);
	if (failed) {
		free(out);
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	}
	*text = out;
	return LDX_OK;
}
