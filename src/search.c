/*
 * search.c: running a query (ldx_search_begin/next/end): translation
 * through query.c, the SQL around the FTS5 MATCH (filters, ranking,
 * highlights, snippets) and the result rows.
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
#include "feedback.h"
#include "prefilter.h"
#include "query.h"
#include "rank_call.h"
#include "related.h"
#include "search.h"
#include "stopwords.h"
#include "termstats.h"
#include "topk.h"
#include "tokenizer.h"

#define LDX_DEFAULT_LIMIT 20
#define LDX_DEFAULT_SNIPPET_WORDS 24
#define LDX_MAX_SNIPPET_WORDS 64
/* Pages ending deeper than this are read in rank order from FTS5 rather
 * than picked from every hit through a heap (page_of_best). */
#define SEARCH_HEAP_MAX 200
/* Nor unless the phrases' document frequencies say this many rows per
 * paper of the page (offset + limit) match.  The page's second statement
 * costs about 75 us per paper, and sorting saves about 0.45 us per row.
 * The frequencies come from term_df for plain words, and are counted once
 * (phrases_counted_once) for anything else, such as a field: else each
 * statement counts them again.  Filters are checked only on the rows that
 * would enter the heap (ldx_topk_best_of), but journal and year phrases
 * (prefilter.h) leave the rows unknown (plan_ranked). */
#define SEARCH_HEAP_ROWS_PER_ID 200

static double phrase_rows_per_id = LDX_PHRASE_ROWS_PER_ID;
static long year_walk_hits = LDX_YEAR_WALK_HITS;

void ldx_search_set_phrase_rows_per_id(double rows)
{
	phrase_rows_per_id = rows;
}

void ldx_search_set_year_walk_hits(long hits)
{
	year_walk_hits = hits;
}

/* Papers kept past the page's end where the heap ranks by scores that
 * only the true ones' order is known of (page_of_one_phrase). */
#define SEARCH_TIE_MARGIN 2

struct ldx_search {
	ldx_db *db;
	sqlite3_stmt *st;
	ldx_hit hit;
	int rank;
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

/* Where the page ends among the hits: offset + limit. */
static int page_end(const ldx_search_opts *opts)
{
	return opts->offset + (opts->limit > 0 ? opts->limit : LDX_DEFAULT_LIMIT);
}

static const char *order_by(int with_fts, int page_ids, ldx_sort sort)
{
	/* a page found by the heap keeps its order of equal scores */
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
 * page_ids, when not NULL, is a JSON array of the ids of the papers the
 * page is among, known already (topk.c): only those rows are read, in rank
 * order, from page_offset on.
 */
static ldx_status begin_ranked(ldx_db *db, const char *fts, const char *rank_call,
                               const char *page_ids, int page_offset,
                               const ldx_search_opts *opts, sqlite3_int64 exclude_id,
                               ldx_search **out, ldx_error *err)
{
	char sql[8192], where[1024], why[4096], *narrow = NULL;
	ldx_search *s = NULL;
	ldx_status rc = LDX_OK;
	int with_fts = fts != NULL;
	int words = opts->snippet_words > 0 ? opts->snippet_words : LDX_DEFAULT_SNIPPET_WORDS;
	int limit = opts->limit > 0 ? opts->limit : LDX_DEFAULT_LIMIT;

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
	         with_fts ? "highlight(papers_fts, 0, char(2), char(3))" : "p.title",
	         with_fts ? "snippet(papers_fts, 1, char(2), char(3), '…', ?8)"
	                  : "substr(p.abstract, 1, 200)",
	         with_fts ? "-rank" : "0.0",
	         why, where, exclude_id ? " AND p.id <> ?9" : "",
	         with_fts && rank_call ? " AND papers_fts.rank MATCH ?11" : "",
	         with_fts && page_ids ? " AND papers_fts.rowid IN (SELECT value FROM "
	                                "json_each(?12))" : "",
	         order_by(with_fts, page_ids != NULL, opts->sort));

	if (!(s = calloc(1, sizeof *s))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	s->db = db;
	if (sqlite3_prepare_v2(db->sql, sql, -1, &s->st, NULL) != SQLITE_OK) {
		rc = ldx_db_fail(db, err, "cannot prepare search");
		goto out;
	}
	ldx_search_bind(s->st, fts, narrow, opts);
	if (with_fts)
		sqlite3_bind_int(s->st, 8, words);
	if (exclude_id)
		sqlite3_bind_int64(s->st, 9, exclude_id);
	if (with_fts && rank_call)
		sqlite3_bind_text(s->st, 11, rank_call, -1, SQLITE_TRANSIENT);
	if (with_fts && page_ids)
		sqlite3_bind_text(s->st, 12, page_ids, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s->st, 6, limit);
	sqlite3_bind_int(s->st, 7, page_ids ? page_offset : opts->offset);
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

/* "[id, id, ...]": malloc'ed, NULL when out of memory. */
static char *id_list(const sqlite3_int64 *id, int n)
{
	size_t size = 24 * (size_t)n + 3, len = 1;
	char *text = malloc(size);
	if (!text)
		return NULL;
	text[0] = '[';
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, size - len, "%s%lld", i ? "," : "",
		                        (long long)id[i]);
	snprintf(text + len, size - len, "]");
	return text;
}

/*
 * The number of papers matching each of fts's phrases, counted once
 * (litdex_df): *n of them into *df (malloc'ed); *n 0 when nothing matches
 * or a rank call with a weight and a number for each phrase and for extra
 * more would pass SQLite's limit on a function's arguments.
 */
static ldx_status phrases_df(ldx_db *db, const char *fts, int extra, double **df, int *n,
                             ldx_error *err)
{
	static const char what[] = "cannot count the papers holding the query's words";
	int max_args = sqlite3_limit(db->sql, SQLITE_LIMIT_FUNCTION_ARG, -1);
	sqlite3_stmt *st = NULL;
	ldx_status rc = ldx_db_prepare(db, "SELECT litdex_df(papers_fts) FROM papers_fts "
	                                   "WHERE papers_fts MATCH ?1 LIMIT 1",
	                               &st, what, err);
	*df = NULL;
	*n = 0;
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	int step = sqlite3_step(st), count = 1;
	if (step != SQLITE_ROW) {
		if (step != SQLITE_DONE)
			rc = ldx_db_fail(db, err, what);
		goto out;
	}
	const char *text = (const char *)sqlite3_column_text(st, 0);
	if (!text || !*text)
		goto out;
	for (const char *p = text; *p; p++)
		count += *p == ' ';
	if (2 + LDX_FTS_NCOLUMNS + 2 * (count + extra) > max_args)
		goto out;
	if (!(*df = calloc((size_t)count, sizeof **df))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	char *end = (char *)text;
	for (int i = 0; i < count; i++)
		(*df)[i] = strtod(end, &end);
	*n = count;
out:
	sqlite3_finalize(st);
	return rc;
}

/*
 * For fts when it is not plain and runs without filters: counts the rows
 * of each of its phrases once (phrases_df), so that neither of the heap's
 * two statements (page_of_best) counts them again, and estimates its rows
 * from them: the rarest phrase's when every row holds all of them, their
 * sum otherwise.  Leaves *run_fts and *rank_call NULL and *rows < 0 when
 * nothing matches or the call would pass SQLite's limit on arguments.
 */
static ldx_status phrases_counted_once(ldx_db *db, const char *fts, const char *base,
                                       char **run_fts, char **rank_call, double *rows,
                                       ldx_error *err)
{
	double *df = NULL, *ones = NULL;
	int n = 0;
	ldx_status rc = phrases_df(db, fts, 0, &df, &n, err);
	if (rc || !n)
		goto out;
	if (!(ones = calloc((size_t)n, sizeof *ones))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	int all = ldx_fts_all_required(fts);
	*rows = 0;
	for (int i = 0; i < n; i++) {
		ones[i] = 1;
		*rows = !all ? *rows + df[i] : i == 0 || df[i] < *rows ? df[i] : *rows;
	}
	if (!(*run_fts = strdup(fts)) || !(*rank_call = ldx_rank_call_text(base, n, ones, df))) {
		free(*run_fts);
		*run_fts = NULL;
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	}
out:
	free(df);
	free(ones);
	return rc;
}

/*
 * For fts when it is one phrase that term_df does not know, of several
 * common words, without filters: its papers ranked without counting the phrase's
 * rows first, which costs as much as the search.  Its score is its idf
 * times a part that does not depend on it, so the heap ranks its rows the
 * same under any document frequency, and counts them as it goes; the
 * papers are then read with the count.  SEARCH_TIE_MARGIN more papers than
 * the page's end are kept, so that a rounding of the true scores cannot
 * change which papers make the page: *page_ids lists the best from the
 * first on, and the page starts at opts->offset among them.
 */
static ldx_status page_of_one_phrase(ldx_db *db, const char *fts, const char *base,
                                     const ldx_search_opts *opts, double rarest,
                                     char **run_fts, char **rank_call, char **page_ids,
                                     ldx_error *err)
{
	ldx_topk_best best = { 0 };
	double one = 1, rows = 0;
	char *any_df = ldx_rank_call_text(base, 1, &one, &one);
	ldx_status rc = LDX_OK;

	if (!any_df)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	if ((rc = ldx_topk_best_of(db, fts, any_df, opts, page_end(opts) + SEARCH_TIE_MARGIN,
	                           rarest, &best, &rows, err)))
		goto out;
	if (!(*run_fts = strdup(fts)) || !(*rank_call = ldx_rank_call_text(base, 1, &one, &rows)) ||
	    !(*page_ids = id_list(best.id, best.n)))
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
out:
	ldx_topk_best_free(&best);
	free(any_df);
	return rc;
}

/*
 * How a relevance-ranked search of fts runs.  A plain query (words joined
 * by AND, or by OR) gets its words' document frequencies passed to
 * litdex_rank, which then need not count them; an OR query is pruned to
 * the papers that can make its first page (topk.c), and a long "any" one
 * re-ranked by feedback.  Journal and year filters add their phrases in
 * front, weighing 0 (prefilter.c), years only where they hold few papers;
 * else the heap checks them paper by paper.  Leaves *run_fts and *rank_call NULL
 * when the index's own ranking applies to fts as it is.  When a pruning
 * pass has found the page's papers, *page_ids lists them, and the page
 * starts at *page_offset among them (see begin_ranked).
 */
static ldx_status plan_ranked(ldx_db *db, const char *fts, const ldx_search_opts *opts,
                              char **run_fts, char **rank_call, char **page_ids,
                              int *page_offset, double *rows, ldx_error *err)
{
	ldx_termstats *ts = NULL;
	ldx_topk_best best = { 0 };
	ldx_flat_query q;
	char *base = NULL, *filter = NULL, *prune = NULL, *prefix = NULL;
	double k1, *zeros = NULL, rarest = 0;
	int nfilter = 0, nprune = 0, words = 0;
	int k = page_end(opts);
	int max_args = sqlite3_limit(db->sql, SQLITE_LIMIT_FUNCTION_ARG, -1);
	ldx_status rc;

	*run_fts = *rank_call = *page_ids = NULL;
	*page_offset = 0;
	*rows = -1;
	memset(&q, 0, sizeof q);
	if ((rc = ldx_rank_call_base(db, &base, &k1, err)) || !base ||
	    (rc = ldx_termstats_open(db, &ts, err)) ||
	    (rc = ldx_prefilter(db, opts, ts, &filter, &nfilter, err)) ||
	    (rc = ldx_flat_query_read(ts, fts, 0, &q, err)))
		goto out;
	if (q.nphrase == 1 && q.df[0] < 0 && opts->match != LDX_MATCH_ANY &&
	    !ldx_search_has_filters(opts) && k <= SEARCH_HEAP_MAX &&
	    (rc = ldx_termstats_rarest_word(ts, q.phrase[0], q.len[0], &rarest, &words, err)) ==
	            LDX_OK &&
	    words > 1 && rarest >= (double)k * phrase_rows_per_id) {
		rc = page_of_one_phrase(db, fts, base, opts, rarest, run_fts, rank_call, page_ids,
		                        err);
		*page_offset = opts->offset;
		goto out;
	}
	if (rc || (rc = ldx_flat_query_count(ts, &q, err)))
		goto out;
	if (!q.nphrase && !ldx_search_has_filters(opts) && k <= SEARCH_HEAP_MAX) {
		rc = phrases_counted_once(db, fts, base, run_fts, rank_call, rows, err);
		goto out;
	}
	if (!q.nphrase) {
		/* not plain: the filter's phrases go first, weighing 0 */
		if (!filter || 2 + LDX_FTS_NCOLUMNS + nfilter > max_args)
			goto out;
		if (!(zeros = calloc((size_t)nfilter, sizeof *zeros)) ||
		    !(*run_fts = ldx_topk_join(filter, fts)) ||
		    !(*rank_call = ldx_rank_call_text(base, nfilter, zeros, NULL)))
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	/* at most the rarest phrase's rows for AND, their sum for OR; unknown
	 * when journal or year phrases narrow them, and the heap's page would
	 * seek all of those phrases again for each of its papers: 1.3 ms a
	 * paper for a journal's at 1,000,000 papers */
	*rows = q.df[0];
	for (int i = 1; i < q.nphrase; i++)
		*rows = q.is_or ? *rows + q.df[i] : q.df[i] < *rows ? q.df[i] : *rows;
	if (filter)
		*rows = -1;
	int feedback = opts->match == LDX_MATCH_ANY ? ldx_feedback_docs(&q) : 0;
	if ((rc = ldx_topk_prune(db, &q, fts, filter, nfilter, opts, k > feedback ? k : feedback,
	                         base, k1, &prune, &nprune, &best, err)))
		goto out;
	if ((filter || prune) && !(prefix = ldx_topk_join(filter, prune))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	ldx_ranked r = { .q = &q, .fts = fts, .prefix = prefix, .nprefix = nfilter + nprune,
		         .pruned = nprune > 0, .rank_base = base, .max_args = max_args, .ts = ts,
		         .best = best.n ? &best : NULL, .rows = nprune > 0 ? -1 : *rows };
	if (feedback && (rc = ldx_feedback_expand(db, &r, opts, run_fts, rank_call, err)))
		goto out;
	if (!*run_fts && !(rc = ldx_ranked_plain(&r, run_fts, rank_call, err)) && *run_fts &&
	    best.n >= k && !(*page_ids = id_list(best.id + opts->offset, k - opts->offset)))
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
out:
	if (rc) {
		free(*run_fts);
		free(*rank_call);
		free(*page_ids);
		*run_fts = *rank_call = *page_ids = NULL;
	}
	ldx_topk_best_free(&best);
	ldx_flat_query_free(&q);
	ldx_termstats_close(ts);
	free(base);
	free(filter);
	free(prune);
	free(prefix);
	free(zeros);
	return rc;
}

/*
 * The ids of the page's papers when fts, ranked by rank_call (NULL: the
 * index's rank setting), runs under opts without the paper exclude_id (0:
 * none): found by ldx_topk_best_of, which scores every hit without
 * sorting them all, as ORDER BY rank would, one paper deeper than the page
 * when one is left out, so that the page stays full.  rows is what the
 * words' document frequencies say will match (< 0: not known).  Left NULL
 * where reading the rows in rank order is the better way (SEARCH_HEAP_MAX,
 * SEARCH_HEAP_ROWS_PER_ID).
 */
static ldx_status page_of_best(ldx_db *db, const char *fts, const char *rank_call,
                               const ldx_search_opts *opts, double rows,
                               sqlite3_int64 exclude_id, char **page_ids, ldx_error *err)
{
	ldx_topk_best best = { 0 };
	int k = page_end(opts) + (exclude_id != 0), n = 0;
	ldx_status rc;

	*page_ids = NULL;
	if (k > SEARCH_HEAP_MAX || rows < (double)k * SEARCH_HEAP_ROWS_PER_ID)
		return LDX_OK;
	if ((rc = ldx_topk_best_of(db, fts, rank_call, opts, k, rows, &best, NULL, err)))
		return rc;
	for (int i = 0; i < best.n; i++)
		if (best.id[i] != exclude_id)
			best.id[n++] = best.id[i];
	int from = opts->offset < n ? opts->offset : n;
	if (!(*page_ids = id_list(best.id + from, n - from)))
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	ldx_topk_best_free(&best);
	return rc;
}

/*
 * The ids of the page of fts's hits sorted by date (newest first), read
 * from papers alone, so that the page statement makes highlights and
 * snippets for its own rows only: SQLite's sorter holds every result
 * column of every row it sorts, and "comparing" (363,000 hits at
 * 1,000,000 papers) took 23 s with them in it, 1.2 s without.
 */
static ldx_status page_by_date(ldx_db *db, const char *fts, const ldx_search_opts *opts,
                               sqlite3_int64 exclude_id, char **page_ids, ldx_error *err)
{
	int limit = opts->limit > 0 ? opts->limit : LDX_DEFAULT_LIMIT, n = 0, step;
	char where[1024], sql[1400];
	sqlite3_int64 *ids = malloc((size_t)limit * sizeof *ids);
	sqlite3_stmt *st = NULL;
	ldx_status rc;

	*page_ids = NULL;
	if (!ids)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	ldx_search_where(where, sizeof where, LDX_WHERE_NARROW, opts);
	snprintf(sql, sizeof sql, "SELECT p.id %s%s ORDER BY p.added_at DESC, p.id DESC "
	                          "LIMIT ?6 OFFSET ?7", where, exclude_id ? " AND p.id <> ?9" : "");
	if ((rc = ldx_db_prepare(db, sql, &st, "cannot prepare search", err)))
		goto out;
	ldx_search_bind(st, NULL, fts, opts);
	if (exclude_id)
		sqlite3_bind_int64(st, 9, exclude_id);
	sqlite3_bind_int(st, 6, limit);
	sqlite3_bind_int(st, 7, opts->offset);
	while ((step = sqlite3_step(st)) == SQLITE_ROW && n < limit)
		ids[n++] = sqlite3_column_int64(st, 0);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "search failed");
	else if (!(*page_ids = id_list(ids, n)))
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
out:
	sqlite3_finalize(st);
	free(ids);
	return rc;
}

/* The number of papers matching expr: *n. */
static ldx_status count_matches(ldx_db *db, sqlite3_stmt *count, const char *expr, long *n,
                                ldx_error *err)
{
	sqlite3_bind_text(count, 1, expr, -1, SQLITE_TRANSIENT);
	int step = sqlite3_step(count);
	*n = step == SQLITE_ROW ? (long)sqlite3_column_int64(count, 0) : 0;
	sqlite3_reset(count);
	return step == SQLITE_ROW ? LDX_OK : ldx_db_fail(db, err, "search failed");
}

/*
 * The ids of the page of fts's hits sorted by publication year (newest
 * first, then by rank), found year by year in the index: each year's hits
 * are those of year : "Y" AND (fts), which FTS5 counts from its lists, and
 * only the years the page falls in are ranked, with the year's phrase
 * weighing 0, so that the scores are fts's own.  Reading every hit's year
 * from papers instead costs a page read per hit: "comparing", 363,000
 * hits at 1,000,000 papers, took 1.6 s, and a page 63,000 hits deep 20 s.
 * Both statements get the phrases' document frequencies (from term_df for
 * plain words, else counted once), which *rank_call, for the page
 * statement, carries too.  Left NULL (the page is sorted from every hit)
 * under journal, author or --since filters, which the years' counts
 * cannot see, for fewer than year_walk_hits hits, and where the page
 * reaches past the years into the papers without one.
 */
static ldx_status page_by_year(ldx_db *db, const char *fts, const ldx_search_opts *opts,
                               char **page_ids, char **rank_call, ldx_error *err)
{
	static const char what[] = "cannot prepare search";
	int limit = opts->limit > 0 ? opts->limit : LDX_DEFAULT_LIMIT, n = 0;
	int max_args = sqlite3_limit(db->sql, SQLITE_LIMIT_FUNCTION_ARG, -1);
	int lo = 0, hi = 0;
	long total = 0, above = 0;
	char year[64], *base = NULL, *year_call = NULL, *expr = NULL;
	double k1, *weight = NULL, *df = NULL, *counted = NULL;
	const double *phrase_df;
	int nphrase = 0;
	sqlite3_stmt *count = NULL, *page = NULL;
	sqlite3_int64 *ids = NULL;
	ldx_termstats *ts = NULL;
	ldx_flat_query q;
	ldx_status rc;

	*page_ids = *rank_call = NULL;
	memset(&q, 0, sizeof q);
	if (opts->journal || opts->author || opts->added_after)
		return LDX_OK;
	if ((rc = ldx_db_prepare(db, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1",
	                         &count, what, err)) ||
	    (rc = count_matches(db, count, fts, &total, err)) || total < year_walk_hits ||
	    (rc = ldx_rank_call_base(db, &base, &k1, err)) || !base ||
	    (rc = ldx_termstats_open(db, &ts, err)) ||
	    (rc = ldx_flat_query_read(ts, fts, 1, &q, err)))
		goto out;
	if (q.nphrase && 2 + LDX_FTS_NCOLUMNS + 2 * (q.nphrase + 1) <= max_args) {
		nphrase = q.nphrase;
		phrase_df = q.df;
	} else if ((rc = phrases_df(db, fts, 1, &counted, &nphrase, err)) || !nphrase) {
		goto out;
	} else {
		phrase_df = counted;
	}
	/* the year's phrase first, weighing 0; its frequency is not used */
	if (!(weight = calloc((size_t)nphrase + 1, sizeof *weight)) ||
	    !(df = calloc((size_t)nphrase + 1, sizeof *df)) ||
	    !(ids = malloc((size_t)limit * sizeof *ids))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	df[0] = 1;
	for (int i = 0; i < nphrase; i++) {
		weight[i + 1] = 1;
		df[i + 1] = phrase_df[i];
	}
	if (!(year_call = ldx_rank_call_text(base, nphrase + 1, weight, df)) ||
	    !(*rank_call = ldx_rank_call_text(base, nphrase, weight + 1, df + 1))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	if ((rc = ldx_prefilter_index_years(db, &lo, &hi, err)) ||
	    (rc = ldx_db_prepare(db, "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1 "
	                             "AND rank MATCH ?2 ORDER BY rank, rowid LIMIT ?3 OFFSET ?4",
	                         &page, what, err)))
		goto out;
	if (opts->year_min > lo)
		lo = opts->year_min;
	if (opts->year_max && opts->year_max < hi)
		hi = opts->year_max;
	sqlite3_bind_text(page, 2, year_call, -1, SQLITE_STATIC);
	for (int y = hi; y >= lo && y > 0 && n < limit; y--) {
		long in_year;
		snprintf(year, sizeof year, "year : \"%d\"", y);
		free(expr);
		if (!(expr = ldx_topk_join(year, fts))) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			goto out;
		}
		if ((rc = count_matches(db, count, expr, &in_year, err)))
			goto out;
		if (above + in_year > opts->offset) {
			int step;
			sqlite3_bind_text(page, 1, expr, -1, SQLITE_STATIC);
			sqlite3_bind_int(page, 3, limit - n);
			sqlite3_bind_int64(page, 4, opts->offset > above ? opts->offset - above : 0);
			while ((step = sqlite3_step(page)) == SQLITE_ROW && n < limit)
				ids[n++] = sqlite3_column_int64(page, 0);
			sqlite3_reset(page);
			if (step != SQLITE_ROW && step != SQLITE_DONE) {
				rc = ldx_db_fail(db, err, "search failed");
				goto out;
			}
		}
		above += in_year;
	}
	/* papers without a year (or before the first) come last: without a
	 * year range, a page that reaches them is sorted from every hit */
	if (n < limit && above < total && !opts->year_min && !opts->year_max)
		goto out;
	if (!(*page_ids = id_list(ids, n)))
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
out:
	if (!*page_ids) {
		free(*rank_call);
		*rank_call = NULL;
	}
	sqlite3_finalize(count);
	sqlite3_finalize(page);
	ldx_flat_query_free(&q);
	ldx_termstats_close(ts);
	free(base);
	free(year_call);
	free(expr);
	free(weight);
	free(df);
	free(counted);
	free(ids);
	return rc;
}

/*
 * Begins the search of fts (NULL: filters only) under opts, leaving out
 * the paper exclude_id (0: none).  Where the page's papers can be found
 * first, only they are read, highlights and snippets included: by
 * relevance from plan_ranked or the heap (page_of_best), by date from
 * papers (page_by_date), by year from the years' phrases (page_by_year).  plan_ranked's own pages come from plain queries,
 * which leave no paper out; should one, the page is found again without
 * that paper.
 */
static ldx_status begin_search(ldx_db *db, const char *fts, const ldx_search_opts *opts,
                               sqlite3_int64 exclude_id, ldx_search **out, ldx_error *err)
{
	char *run_fts = NULL, *rank_call = NULL, *page_ids = NULL;
	double rows = -1;
	int page_offset = 0;
	ldx_status rc = LDX_OK;

	if (fts && opts->sort == LDX_SORT_RELEVANCE) {
		if ((rc = plan_ranked(db, fts, opts, &run_fts, &rank_call, &page_ids, &page_offset,
		                      &rows, err)))
			goto out;
		if (exclude_id && page_ids) {
			free(page_ids);
			page_ids = NULL;
			page_offset = 0;
		}
		if (!page_ids && (rc = page_of_best(db, run_fts ? run_fts : fts,
		                                    run_fts ? rank_call : NULL, opts, rows,
		                                    exclude_id, &page_ids, err)))
			goto out;
	}
	if (fts && opts->sort == LDX_SORT_DATE &&
	    (rc = page_by_date(db, fts, opts, exclude_id, &page_ids, err)))
		goto out;
	if (fts && opts->sort == LDX_SORT_YEAR && !exclude_id) {
		if ((rc = page_by_year(db, fts, opts, &page_ids, &rank_call, err)))
			goto out;
		if (rank_call && !(run_fts = strdup(fts))) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			goto out;
		}
	}
	rc = begin_ranked(db, run_fts ? run_fts : fts, run_fts ? rank_call : NULL, page_ids,
	                  page_offset, opts, exclude_id, out, err);
out:
	free(run_fts);
	free(rank_call);
	free(page_ids);
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
	h->score = sqlite3_column_double(st, 10);
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
