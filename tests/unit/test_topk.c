/*
 * test_topk.c: the common terms' document frequencies (termstats.c) and
 * the pruned "any of the words" search (topk.c) on a generated index of
 * 6,000 titles with Zipf-distributed made-up words: pruning must happen,
 * and every pruned search must return the papers, scores and order that
 * ranking every match with the index's own rank setting gives.
 */
#include <math.h>

#include "unit.h"

#include "db.h"
#include "docsize.h"
#include "litdex.h"
#include "rank.h"
#include "rank_call.h"
#include "related.h"
#include "search.h"
#include "store.h"
#include "termstats.h"
#include "topk.h"

#define PAPERS 6000
#define WORDS 300
#define TITLE_WORDS 8

static char db_path[4096];
static ldx_db *db;
static char vocab[WORDS][8];
static unsigned long seed = 12345;

static unsigned long next_random(void)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return seed >> 33;
}

/* Letters only, no s, e or y at the end: Snowball leaves them alone. */
static void make_vocab(void)
{
	static const char cons[] = "bdgkmpt", vow[] = "aiou";
	for (int i = 0; i < WORDS; i++) {
		int x = i * 7919 + 17;
		char *w = vocab[i];
		w[0] = cons[x % 7];
		w[1] = vow[(x / 7) % 4];
		w[2] = cons[(x / 28) % 7];
		w[3] = cons[(x / 196) % 7];
		w[4] = vow[(x / 1372) % 4];
		w[5] = cons[(i * 3 + x / 5488) % 7];
		w[6] = '\0';
	}
}

/* A word index, Zipf-distributed: P(i) proportional to 1 / (i + 1). */
static int zipf_word(const double *cum)
{
	double u = (double)(next_random() % 1000000) / 1000000.0 * cum[WORDS - 1];
	int lo = 0, hi = WORDS - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void remove_db(void)
{
	unit_remove_db(db_path);
}

/* PubMed XML for papers [first, first + n), titles from the Zipf words. */
static char *corpus(int first, int n, size_t *len)
{
	double cum[WORDS], total = 0;
	size_t cap = (size_t)n * 300 + 64;
	char *xml = malloc(cap);
	size_t at = 0;
	for (int i = 0; i < WORDS; i++)
		cum[i] = total += 1.0 / (i + 1);
	assert_non_null(xml);
	at += (size_t)snprintf(xml + at, cap - at, "<PubmedArticleSet>");
	for (int p = first; p < first + n; p++) {
		at += (size_t)snprintf(xml + at, cap - at,
		                       "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article>"
		                       "<Journal><JournalIssue><PubDate><Year>%d</Year></PubDate>"
		                       "</JournalIssue></Journal><ArticleTitle>", 910000000 + p,
		                       1950 + p % 75);
		for (int w = 0; w < TITLE_WORDS; w++)
			at += (size_t)snprintf(xml + at, cap - at, "%s%s", w ? " " : "",
			                       vocab[zipf_word(cum)]);
		at += (size_t)snprintf(xml + at, cap - at,
		                       "</ArticleTitle></Article></MedlineCitation></PubmedArticle>");
	}
	at += (size_t)snprintf(xml + at, cap - at, "</PubmedArticleSet>");
	*len = at;
	return xml;
}

static void add_papers(int first, int n)
{
	ldx_error err;
	ldx_index_stats st;
	size_t len;
	char name[32];
	char *xml = corpus(first, n, &len);
	/* one name per batch: indexing a name again replaces what it gave */
	snprintf(name, sizeof name, "corpus-%d.xml", first);
	assert_int_equal(ldx_index_buffer(db, name, xml, len, NULL, &st, &err), LDX_OK);
	assert_int_equal(st.records_added, n);
	free(xml);
}

static int setup(void **state)
{
	ldx_error err;
	make_vocab();
	snprintf(db_path, sizeof db_path, "/tmp/litdex-test-topk-%d.db", (int)getpid());
	remove_db();
	if (ldx_open(db_path, LDX_OPEN_CREATE, &db, &err) != LDX_OK)
		return -1;
	add_papers(0, PAPERS);
	return 0;
}

static int teardown(void **state)
{
	ldx_close(db);
	db = NULL;
	remove_db();
	return 0;
}

static long long one_int(const char *sql, const char *text)
{
	sqlite3_stmt *st;
	long long v = -1;
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static double df_of(ldx_termstats *ts, const char *phrase)
{
	ldx_error err;
	double df = -1;
	assert_int_equal(ldx_termstats_df(ts, phrase, (int)strlen(phrase), &df, &err), LDX_OK);
	return df;
}

/* What stats says of the terms: their number, and at how many papers
 * it was counted (0: now). */
static void stats_terms(long long *terms, long long *counted_at, long long *papers)
{
	ldx_stats *st = NULL;
	ldx_error err;
	assert_int_equal(ldx_stats_get(db, &st, &err), LDX_OK);
	*terms = st->terms;
	*counted_at = st->terms_counted_at;
	*papers = st->papers;
	ldx_stats_free(st);
}

/* The index run kept the common words' counts; the rest are counted.  It
 * counted every term of the index on the way, and stats shows that count
 * until a run counts again. */
static void test_termstats(void **state)
{
	ldx_termstats *ts;
	ldx_error err;
	char phrase[32], quoted[64];
	long long terms, counted_at, papers, vocab_then;

	assert_int_equal(sqlite3_exec(db->sql, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.all_terms "
	                                       "USING fts5vocab(main, 'papers_fts', 'row')",
	                              NULL, NULL, NULL), SQLITE_OK);
	vocab_then = one_int("SELECT count(*) FROM temp.all_terms", NULL);
	assert_true(vocab_then > WORDS / 2);
	assert_int_equal(one_int("SELECT CAST(value AS INTEGER) FROM meta "
	                         "WHERE key = 'term_df_terms'", NULL), vocab_then);
	stats_terms(&terms, &counted_at, &papers);
	assert_int_equal(terms, vocab_then);
	assert_int_equal(counted_at, PAPERS);
	assert_int_equal(papers, PAPERS);
	assert_int_equal(one_int("SELECT CAST(value AS INTEGER) FROM meta "
	                         "WHERE key = 'term_df_papers'", NULL), PAPERS);
	assert_true(one_int("SELECT count(*) FROM term_df", NULL) > 10);
	assert_int_equal(one_int("SELECT count(*) FROM term_df WHERE term = ?1", vocab[0]), 1);
	assert_int_equal(ldx_termstats_open(db, &ts, &err), LDX_OK);
	for (int i = 0; i < WORDS; i += 37) {
		snprintf(quoted, sizeof quoted, "\"%.7s\"", vocab[i]);
		assert_true(df_of(ts, vocab[i]) ==
		            (double)one_int("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1",
		                            quoted));
	}
	/* a two-word phrase is counted as a phrase */
	snprintf(phrase, sizeof phrase, "%s %s", vocab[0], vocab[1]);
	snprintf(quoted, sizeof quoted, "\"%s\"", phrase);
	double both = df_of(ts, phrase);
	assert_true(both ==
	            (double)one_int("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1",
	                            quoted));
	assert_true(both < df_of(ts, vocab[1]));
	ldx_termstats_close(ts);

	/* 5% more papers: the table and the count wait; 15% more: both are
	 * made again */
	add_papers(PAPERS, PAPERS / 20);
	assert_int_equal(one_int("SELECT CAST(value AS INTEGER) FROM meta "
	                         "WHERE key = 'term_df_papers'", NULL), PAPERS);
	stats_terms(&terms, &counted_at, &papers);
	assert_int_equal(terms, vocab_then);
	assert_int_equal(counted_at, PAPERS);
	assert_int_equal(papers, PAPERS + PAPERS / 20);
	add_papers(PAPERS + PAPERS / 20, PAPERS / 10);
	assert_int_equal(one_int("SELECT CAST(value AS INTEGER) FROM meta "
	                         "WHERE key = 'term_df_papers'", NULL),
	                 PAPERS + PAPERS / 20 + PAPERS / 10);
	stats_terms(&terms, &counted_at, &papers);
	assert_int_equal(terms, one_int("SELECT count(*) FROM temp.all_terms", NULL));
	assert_true(terms > vocab_then);
	assert_int_equal(counted_at, papers);
	assert_int_equal(papers, PAPERS + PAPERS / 20 + PAPERS / 10);
}

typedef struct hit_list {
	char pmid[40][16];
	double score[40];
	int n;
} hit_list;

/* Every match, of papers from years first to last, ranked by the index's
 * rank setting (counting every phrase). */
static void exhaustive_years(const char *fts, int first, int last, int offset, int limit,
                             hit_list *out)
{
	sqlite3_stmt *st;
	out->n = 0;
	assert_int_equal(sqlite3_prepare_v2(db->sql,
	                                    "SELECT p.pmid, -rank FROM papers_fts JOIN papers p "
	                                    "ON p.id = papers_fts.rowid WHERE papers_fts MATCH ?1 "
	                                    "AND p.year BETWEEN ?4 AND ?5 "
	                                    "ORDER BY rank LIMIT ?2 OFFSET ?3",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 4, first);
	sqlite3_bind_int(st, 5, last);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	sqlite3_bind_int(st, 3, offset);
	while (sqlite3_step(st) == SQLITE_ROW && out->n < 40) {
		snprintf(out->pmid[out->n], 16, "%s", (const char *)sqlite3_column_text(st, 0));
		out->score[out->n++] = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
}

/* Every match ranked by the index's rank setting (counting every phrase). */
static void exhaustive(const char *fts, int offset, int limit, hit_list *out)
{
	exhaustive_years(fts, 0, 9999, offset, limit, out);
}

static void searched_opts(const ldx_search_opts *so, hit_list *out)
{
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	ldx_status rc;
	out->n = 0;
	assert_int_equal(ldx_search_begin(db, so, &s, &err), LDX_OK);
	while ((rc = ldx_search_next(s, &h, &err)) == LDX_OK && out->n < 40) {
		snprintf(out->pmid[out->n], 16, "%s", h->pmid);
		out->score[out->n++] = h->score;
	}
	ldx_search_end(s);
}

static void searched(const char *query, ldx_match match, int offset, int limit, hit_list *out)
{
	ldx_search_opts so = { .query = query, .match = match, .offset = offset, .limit = limit };
	searched_opts(&so, out);
}

/* searched_opts, returning how many statements whose SQL holds needle it
 * ran (each step of a reset statement counts). */
static int traced_search(const char *needle, const ldx_search_opts *so, hit_list *out)
{
	unit_traced_statements = 0;
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced, (void *)needle);
	searched_opts(so, out);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	return unit_traced_statements;
}

/* An all-words search of query, its page at offset. */
static ldx_search_opts all_words(const char *query, int offset, int limit)
{
	return (ldx_search_opts){ .query = query, .offset = offset, .limit = limit };
}

/* Whether topk.c prunes query (an "any" query) for its best k. */
static int pruned(const char *query, int k)
{
	ldx_search_opts so = { .query = query, .match = LDX_MATCH_ANY };
	ldx_termstats *ts;
	ldx_flat_query q;
	ldx_error err;
	char *fts = NULL, *base = NULL, *prefix = NULL;
	ldx_topk_best best;
	double k1;
	int nprefix = 0;
	assert_int_equal(ldx_query_translate(db, &so, &fts, &err), LDX_OK);
	assert_int_equal(ldx_rank_call_base(db, &base, &k1, &err), LDX_OK);
	assert_non_null(base);
	assert_int_equal(ldx_termstats_open(db, &ts, &err), LDX_OK);
	assert_int_equal(ldx_flat_query_read(ts, fts, 1, &q, &err), LDX_OK);
	assert_true(q.is_or);
	assert_int_equal(ldx_topk_prune(db, &q, fts, NULL, 0, &so, k, base, k1, &prefix, &nprefix,
	                                &best, &err), LDX_OK);
	assert_true((prefix != NULL) == (nprefix > 0));
	/* a certified pass hands over exactly the k best */
	assert_int_equal(best.n, prefix ? k : 0);
	for (int i = 1; i < best.n; i++)
		assert_true(best.score[i - 1] >= best.score[i]);
	ldx_topk_best_free(&best);
	assert_true(nprefix < q.nphrase);
	ldx_flat_query_free(&q);
	ldx_termstats_close(ts);
	free(fts);
	free(base);
	free(prefix);
	return nprefix > 0;
}

static void assert_same(const hit_list *a, const hit_list *b)
{
	assert_int_equal(a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		assert_string_equal(a->pmid[i], b->pmid[i]);
		assert_true(fabs(a->score[i] - b->score[i]) < 1e-9 * fabs(a->score[i]) + 1e-12);
	}
}

/*
 * Queries of 3 to 5 words (no feedback), each with one or two common
 * words and rarer ones: the pruned search equals ranking every match,
 * on the first page and deeper, and most of them are pruned.
 */
static void test_pruned_equals_exhaustive(void **state)
{
	int prunes = 0, queries = 0;
	seed = 777;
	for (int t = 0; t < 40; t++) {
		char query[128] = "", fts[160] = "";
		int nwords = 3 + t % 3;
		for (int w = 0; w < nwords; w++) {
			/* a common word first, then rarer ones */
			int i = w == 0 ? (int)(next_random() % 4)
			       : w == 1 && t % 2 ? (int)(next_random() % 10)
			                         : 20 + (int)(next_random() % 200);
			snprintf(query + strlen(query), sizeof query - strlen(query), "%s%s",
			         w ? " " : "", vocab[i]);
			snprintf(fts + strlen(fts), sizeof fts - strlen(fts), "%s\"%s\"",
			         w ? " OR " : "", vocab[i]);
		}
		hit_list a, b;
		for (int page = 0; page < 2; page++) {
			int offset = page * 7, limit = page ? 13 : 10;
			exhaustive(fts, offset, limit, &a);
			searched(query, LDX_MATCH_ANY, offset, limit, &b);
			assert_int_equal(a.n, limit);
			assert_same(&a, &b);
		}
		queries++;
		prunes += pruned(query, 10);
	}
	assert_true(prunes * 2 >= queries);
	/* two rare words: too few rows to be worth a pass */
	char rare[32];
	snprintf(rare, sizeof rare, "%s %s", vocab[250], vocab[260]);
	assert_false(pruned(rare, 10));
}

/*
 * A 60-word "any" query needs more litdex_rank arguments than SQLite
 * allows (127) for weights and frequencies of feedback's expression: it
 * must still run, ranked as every match would be.
 */
static void test_long_query_runs(void **state)
{
	char query[1024] = "", fts[1400] = "";
	hit_list a, b;
	for (int w = 0; w < 60; w++) {
		snprintf(query + strlen(query), sizeof query - strlen(query), "%s%.7s", w ? " " : "",
		         vocab[w * 5]);
		snprintf(fts + strlen(fts), sizeof fts - strlen(fts), "%s\"%.7s\"", w ? " OR " : "",
		         vocab[w * 5]);
	}
	exhaustive(fts, 0, 10, &a);
	searched(query, LDX_MATCH_ANY, 0, 10, &b);
	assert_int_equal(b.n, 10);
	assert_same(&a, &b);
}

/*
 * Hit counts: exact below the threshold; above it (lowered here), an
 * estimate between the commonest word's count and the sum, near the true
 * count for words drawn independently, as these are.
 */
static void test_count_estimate(void **state)
{
	char query[64];
	ldx_search_opts so = { .query = query, .match = LDX_MATCH_ANY };
	ldx_error err;
	long exact = 0, count = 0;
	int estimated = -1;
	snprintf(query, sizeof query, "%s %s %s", vocab[2], vocab[5], vocab[9]);
	assert_int_equal(ldx_search_count(db, &so, &exact, &err), LDX_OK);
	assert_int_equal(ldx_search_count_estimate(db, &so, &count, &estimated, &err), LDX_OK);
	assert_int_equal(estimated, 0);
	assert_int_equal(count, exact);
	assert_int_equal(ldx_search_count_above(db, &so, 100, &count, &estimated, &err), LDX_OK);
	assert_int_equal(estimated, 1);
	assert_true(labs(count - exact) * 20 < exact);
	/* never for AND searches, nor under a filter */
	so.match = LDX_MATCH_ALL;
	assert_int_equal(ldx_search_count_above(db, &so, 100, &count, &estimated, &err), LDX_OK);
	assert_int_equal(estimated, 0);
	so = (ldx_search_opts){ .query = query, .match = LDX_MATCH_ANY, .year_min = 1900 };
	assert_int_equal(ldx_search_count_above(db, &so, 100, &count, &estimated, &err), LDX_OK);
	assert_int_equal(estimated, 0);
}

/*
 * With related words in the index (6,000 papers), an AND search leaves
 * their column out, and its words' frequencies are counted in the
 * columns searched: the same as ranking every match of that expression.
 */
static void test_and_query_text_only(void **state)
{
	char query[64], fts[128];
	hit_list a, b;
	assert_true(ldx_related_present(db));
	snprintf(query, sizeof query, "%s %s", vocab[0], vocab[3]);
	snprintf(fts, sizeof fts, LDX_TEXT_ONLY_OPEN "\"%s\" AND \"%s\")", vocab[0], vocab[3]);
	exhaustive(fts, 0, 20, &a);
	searched(query, LDX_MATCH_ALL, 0, 20, &b);
	assert_true(a.n > 10);
	assert_same(&a, &b);
}

/*
 * Without related words (as in libraries too big for them), AND queries
 * are flat and get the cached frequencies too, and rank as before.  Runs
 * late: it removes the related words from the shared index.
 */
static void test_and_query_cached_frequencies(void **state)
{
	char query[64], fts[80];
	hit_list a, b;
	ldx_store *store;
	sqlite3_stmt *st;
	ldx_error err;
	assert_int_equal(ldx_store_open(db, &store, &err), LDX_OK);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT id FROM papers", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		assert_int_equal(ldx_store_set_related(store, sqlite3_column_int64(st, 0), NULL, &err),
		                 LDX_OK);
	sqlite3_finalize(st);
	ldx_store_close(store);
	assert_int_equal(sqlite3_exec(db->sql, "DELETE FROM meta WHERE key = 'related_papers'; "
	                                       "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_false(ldx_related_present(db));
	/* as ldx_related_refresh's caller does when all changed */
	assert_int_equal(ldx_termstats_refresh(db, 1, &err), LDX_OK);

	snprintf(query, sizeof query, "%s %s", vocab[0], vocab[3]);
	snprintf(fts, sizeof fts, "\"%s\" AND \"%s\"", vocab[0], vocab[3]);
	exhaustive(fts, 0, 20, &a);
	searched(query, LDX_MATCH_ALL, 0, 20, &b);
	assert_true(a.n > 10);
	assert_same(&a, &b);
}

/*
 * A search picks its page from every hit through a heap
 * (ldx_topk_best_of), not FTS5's ORDER BY rank, when its words say 200
 * rows or more per paper of the page match: the same scores at every
 * place, equal scores (a one-word query has many) in the order of the
 * papers' ids, so that pages put together give the same list as one long
 * page; pages deeper than the heap's reach still come right.  After
 * test_and_query_cached_frequencies: without related words an AND query
 * is plain, and its frequencies are known.
 */
static void test_heap_pages(void **state)
{
	char fts[64];
	hit_list all, whole, page;
	int ties = 0;
	snprintf(fts, sizeof fts, "\"%s\"", vocab[0]);
	assert_true(one_int("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1", fts) >=
	            200 * 20);
	exhaustive(fts, 0, 20, &all);
	searched(vocab[0], LDX_MATCH_ALL, 0, 20, &whole);
	assert_int_equal(whole.n, 20);
	for (int i = 0; i < whole.n; i++) {
		assert_true(fabs(all.score[i] - whole.score[i]) < 1e-9 * fabs(all.score[i]));
		if (i && whole.score[i - 1] == whole.score[i]) {
			ties++;
			assert_true(strcmp(whole.pmid[i - 1], whole.pmid[i]) < 0);
		} else if (i) {
			assert_true(whole.score[i - 1] > whole.score[i]);
		}
	}
	assert_true(ties > 5);
	static const int pages[][2] = { { 0, 10 }, { 10, 10 }, { 5, 15 }, { 13, 7 } };
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		searched(vocab[0], LDX_MATCH_ALL, pages[p][0], pages[p][1], &page);
		assert_int_equal(page.n, pages[p][1]);
		for (int i = 0; i < page.n; i++)
			assert_string_equal(page.pmid[i], whole.pmid[pages[p][0] + i]);
	}
	exhaustive(fts, 1000, 10, &all);
	searched(vocab[0], LDX_MATCH_ALL, 1000, 10, &page);
	assert_int_equal(page.n, 10);
	for (int i = 0; i < page.n; i++)
		assert_true(fabs(all.score[i] - page.score[i]) < 1e-9 * fabs(all.score[i]));
}

/* The FTS5 expression litdex makes of query. */
static char *translated(const char *query)
{
	ldx_search_opts so = { .query = query };
	ldx_error err;
	char *fts = NULL;
	assert_int_equal(ldx_query_translate(db, &so, &fts, &err), LDX_OK);
	assert_non_null(fts);
	return fts;
}

/* Searches query, which has enough hits for the heap, tracing the
 * statements that count its phrases once (litdex_df) and read the page's
 * papers by id (json_each), and checks the page against ranking every
 * match of its expression. */
static void field_query_pages(const char *query, int counted)
{
	char *fts = translated(query);
	hit_list all, whole, page;
	ldx_search_opts so;

	exhaustive(fts, 0, 20, &all);
	assert_int_equal(all.n, 20);
	so = all_words(query, 0, 20);
	assert_int_equal(traced_search("litdex_df", &so, &whole), counted);
	so = all_words(query, 5, 10);
	assert_int_equal(traced_search("json_each", &so, &page), counted);
	assert_int_equal(whole.n, 20);
	for (int i = 0; i < whole.n; i++) {
		assert_string_equal(all.pmid[i], whole.pmid[i]);
		assert_true(fabs(all.score[i] - whole.score[i]) < 1e-9 * fabs(all.score[i]));
	}
	assert_int_equal(page.n, 10);
	for (int i = 0; i < page.n; i++)
		assert_string_equal(page.pmid[i], whole.pmid[5 + i]);
	free(fts);
}

/* Queries that are not plain words (a field, NOT, OR inside AND) go
 * through the heap when they have many hits: their phrases' rows, within
 * the columns asked for, are counted once for both statements, and the
 * scores are those of ranking every match with the index's own setting. */
static void test_field_query_heap(void **state)
{
	char query[96], fts[64];

	snprintf(fts, sizeof fts, "title : \"%s\"", vocab[0]);
	assert_true(one_int("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1", fts) >=
	            200 * 20);
	snprintf(query, sizeof query, "%s[ti]", vocab[0]);
	field_query_pages(query, 1);
	snprintf(query, sizeof query, "%s[ti] NOT %s", vocab[0], vocab[1]);
	field_query_pages(query, 1);
	snprintf(query, sizeof query, "%s[ti] AND (%s OR %s)", vocab[0], vocab[1], vocab[2]);
	field_query_pages(query, 1);
	/* the rarest phrase says too few rows: one statement, in rank order */
	snprintf(query, sizeof query, "%s[ti] %s[ti]", vocab[0], vocab[WORDS - 1]);
	hit_list few;
	ldx_search_opts so;
	char *both = translated(query);
	exhaustive(both, 0, 20, &few);
	assert_true(few.n > 0);
	so = all_words(query, 0, 20);
	assert_int_equal(traced_search("json_each", &so, &few), 0);
	free(both);
}

/* A filter that no phrase narrows (here a range of more than
 * LDX_PREFILTER_MAX_YEARS years) lets the heap run too: it is checked
 * paper by paper, and only for the rows that would enter the heap. */
static void test_filtered_heap(void **state)
{
	ldx_search_opts so = { .query = vocab[0], .limit = 20, .year_min = 1950, .year_max = 1999 };
	char fts[64];
	hit_list all, whole, page;

	snprintf(fts, sizeof fts, "\"%s\"", vocab[0]);
	long long rows = one_int("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1", fts);
	exhaustive_years(fts, 1950, 1999, 0, 20, &all);
	/* every step of the check statement is traced: far fewer than the rows */
	int checks = traced_search("p.id = ?12", &so, &whole);
	assert_true(checks >= 20);
	assert_true(checks < rows / 4);
	assert_int_equal(whole.n, 20);
	for (int i = 0; i < whole.n; i++) {
		assert_string_equal(all.pmid[i], whole.pmid[i]);
		assert_true(fabs(all.score[i] - whole.score[i]) < 1e-9 * fabs(all.score[i]));
		int year = 1950 + (atoi(whole.pmid[i]) - 910000000) % 75;
		assert_true(year >= 1950 && year <= 1999);
	}
	so.offset = 7;
	so.limit = 9;
	assert_int_equal(traced_search("json_each", &so, &page), 1);
	assert_int_equal(page.n, 9);
	for (int i = 0; i < page.n; i++)
		assert_string_equal(page.pmid[i], whole.pmid[7 + i]);
}

/*
 * Years become phrases of a ranked search only where they hold at most a
 * quarter of the papers (each year holds 1/75 here): ten years do, and
 * twenty, 27%, are checked on the heap's rows instead (the phrases are
 * seen in the statements' bound values).  Both rank as every match of
 * those years would.
 */
static void test_year_phrases_where_they_pay(void **state)
{
	static const int ranges[][3] = { { 1960, 1969, 1 }, { 1960, 1979, 0 } };
	char fts[64];
	hit_list all, found;

	snprintf(fts, sizeof fts, "\"%s\"", vocab[0]);
	for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++) {
		ldx_search_opts so = { .query = vocab[0], .limit = 20, .year_min = ranges[i][0],
		                       .year_max = ranges[i][1] };
		unit_traced_statements = 0;
		sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced_bound, "year : (");
		searched_opts(&so, &found);
		sqlite3_trace_v2(db->sql, 0, NULL, NULL);
		int phrases = unit_traced_statements > 0;
		assert_int_equal(phrases, ranges[i][2]);
		exhaustive_years(fts, ranges[i][0], ranges[i][1], 0, 20, &all);
		assert_int_equal(found.n, 20);
		assert_same(&all, &found);
	}
}

/* A phrase of several common words is not counted before the search: the
 * heap ranks it under a made-up frequency, counts its rows, and the page
 * is read with the count, in the order and with the scores that ranking
 * every match gives.  One with a rare word is counted: that is cheap. */
static void test_phrase_counted_by_the_search(void **state)
{
	char query[64];
	hit_list all, whole, page;
	ldx_search_opts so;

	/* 6,000 papers: no word is in LDX_PHRASE_ROWS_PER_ID per paper of 10 */
	snprintf(query, sizeof query, "\"%s %s\"", vocab[0], vocab[1]);
	so = all_words(query, 0, 10);
	assert_int_equal(traced_search("count(*)", &so, &whole), 1);
	ldx_search_set_phrase_rows_per_id(200);

	snprintf(query, sizeof query, "\"%s %s\"", vocab[0], vocab[1]);
	char *fts = translated(query);
	assert_true(one_int("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1", fts) > 10);
	exhaustive(fts, 0, 10, &all);
	so = all_words(query, 0, 10);
	assert_int_equal(traced_search("count(*)", &so, &whole), 0);
	so = all_words(query, 3, 7);
	assert_int_equal(traced_search("json_each", &so, &page), 1);
	assert_int_equal(whole.n, 10);
	for (int i = 0; i < whole.n; i++) {
		assert_string_equal(all.pmid[i], whole.pmid[i]);
		assert_true(fabs(all.score[i] - whole.score[i]) < 1e-9 * fabs(all.score[i]));
	}
	assert_int_equal(page.n, 7);
	for (int i = 0; i < page.n; i++) {
		assert_string_equal(page.pmid[i], whole.pmid[3 + i]);
		assert_true(page.score[i] == whole.score[3 + i]);
	}
	free(fts);

	snprintf(query, sizeof query, "\"%s %s\"", vocab[0], vocab[WORDS - 1]);
	so = all_words(query, 0, 10);
	assert_int_equal(traced_search("count(*)", &so, &whole), 1);
	ldx_search_set_phrase_rows_per_id(LDX_PHRASE_ROWS_PER_ID);
}

/* A heap pass over fts, searched as query (all words), compared with
 * ranking every match, first page and one at an offset; returns how many
 * of the searches bounded the rowids of the handle's own statement. */
static int split_pages(const char *query, const char *fts)
{
	hit_list all, found;
	ldx_search_opts so = all_words(query, 0, 20);
	int split = traced_search("rowid BETWEEN ?13 AND ?14", &so, &found);
	exhaustive(fts, 0, 20, &all);
	assert_int_equal(all.n, 20);
	assert_same(&all, &found);
	so = all_words(query, 7, 9);
	split += traced_search("rowid BETWEEN ?13 AND ?14", &so, &found);
	exhaustive(fts, 7, 9, &all);
	assert_same(&all, &found);
	return split;
}

/*
 * A heap pass expected to read many rows scores the papers of the upper
 * half of the ids on the handle's twin, in another thread, and merges the
 * two heaps (the threshold is lowered here): the same papers and scores as
 * ranking every match, for a word, queries with a field, NOT and OR, a
 * filter and a pruned "any" query.  Only from the threshold on, and not
 * inside a transaction, which the twin could not see.
 */
static void test_split_pass(void **state)
{
	char query[96], fts[128];
	hit_list all, found;

	snprintf(fts, sizeof fts, "\"%s\"", vocab[0]);
	long long matches = one_int("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1", fts);
	ldx_topk_set_split_rows((double)matches + 1);
	assert_int_equal(split_pages(vocab[0], fts), 0);
	ldx_topk_set_split_rows((double)matches);
	assert_int_equal(split_pages(vocab[0], fts), 2);
	ldx_topk_set_split_rows(1);
	assert_int_equal(split_pages(vocab[0], fts), 2);
	assert_non_null(db->twin);
	/* the halves meet: every row is read once */
	static const ldx_search_opts no_filters;
	ldx_topk_best best = { 0 };
	ldx_error err;
	double rows = 0;
	assert_int_equal(ldx_topk_best_of(db, fts, NULL, &no_filters, 20, 1e9, &best, &rows, &err),
	                 LDX_OK);
	assert_true(rows == (double)one_int("SELECT count(*) FROM papers_fts WHERE papers_fts "
	                                    "MATCH ?1", fts));
	exhaustive(fts, 0, 20, &all);
	assert_int_equal(best.n, 20);
	for (int i = 0; i < best.n; i++)
		assert_true(fabs(all.score[i] - best.score[i]) < 1e-9 * fabs(all.score[i]));
	ldx_topk_best_free(&best);
	static const char *const shapes[] = { "%s[ti] NOT %s", "%s[ti] AND (%s OR %s)" };
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		snprintf(query, sizeof query, shapes[i], vocab[0], vocab[1], vocab[2]);
		char *translation = translated(query);
		assert_int_equal(split_pages(query, translation), 2);
		free(translation);
	}

	ldx_search_opts so = { .query = vocab[0], .limit = 20, .year_min = 1950,
	                       .year_max = 1999 };
	snprintf(fts, sizeof fts, "\"%s\"", vocab[0]);
	assert_int_equal(traced_search("rowid BETWEEN ?13 AND ?14", &so, &found), 1);
	exhaustive_years(fts, 1950, 1999, 0, 20, &all);
	assert_same(&all, &found);

	snprintf(query, sizeof query, "%s %s %s", vocab[1], vocab[40], vocab[90]);
	snprintf(fts, sizeof fts, "\"%s\" OR \"%s\" OR \"%s\"", vocab[1], vocab[40], vocab[90]);
	assert_true(pruned(query, 10));
	so = (ldx_search_opts){ .query = query, .match = LDX_MATCH_ANY, .limit = 10 };
	assert_true(traced_search("rowid BETWEEN ?13 AND ?14", &so, &found) >= 1);
	exhaustive(fts, 0, 10, &all);
	assert_same(&all, &found);

	assert_int_equal(sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	snprintf(fts, sizeof fts, "\"%s\"", vocab[0]);
	assert_int_equal(split_pages(vocab[0], fts), 0);
	assert_int_equal(sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	ldx_topk_set_split_rows(LDX_TOPK_SPLIT_ROWS);
}

/* The document frequency ldx_flat_query_count gives phrase 1 of fts, and
 * in *halves how many counts over half of the ids ran on db's handle. */
static double counted_df(const char *fts, int *halves)
{
	ldx_termstats *ts;
	ldx_flat_query q;
	ldx_error err;
	assert_int_equal(ldx_termstats_open(db, &ts, &err), LDX_OK);
	assert_int_equal(ldx_flat_query_read(ts, fts, 0, &q, &err), LDX_OK);
	assert_int_equal(q.nphrase, 2);
	assert_true(q.df[0] > 0);
	assert_true(q.df[1] < 0);  /* a phrase: term_df does not know it */
	unit_traced_statements = 0;
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced,
	                 (void *)"rowid BETWEEN ?2 AND ?3");
	assert_int_equal(ldx_flat_query_count(db, ts, &q, &err), LDX_OK);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	*halves = unit_traced_statements;
	double df = q.df[1];
	ldx_flat_query_free(&q);
	ldx_termstats_close(ts);
	return df;
}

/*
 * A phrase of common words costs as much to count as to search, so where
 * its rarest word reaches the split threshold it is counted in two halves
 * of the ids, the upper one on the twin in another thread: the same count
 * as one statement.  Not below the threshold, nor inside a transaction.
 */
static void test_phrase_counted_in_halves(void **state)
{
	char fts[96], phrase[64];
	int halves = -1;
	snprintf(phrase, sizeof phrase, "\"%s %s\"", vocab[0], vocab[1]);
	snprintf(fts, sizeof fts, "\"%s\" AND %s", vocab[2], phrase);
	long long want = one_int("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1", phrase);
	assert_true(want > 10);
	ldx_topk_set_split_rows(1e12);
	assert_true(counted_df(fts, &halves) == (double)want);
	assert_int_equal(halves, 0);
	ldx_topk_set_split_rows(1);
	assert_true(counted_df(fts, &halves) == (double)want);
	assert_int_equal(halves, 1);
	assert_int_equal(sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_true(counted_df(fts, &halves) == (double)want);
	assert_int_equal(halves, 0);
	assert_int_equal(sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	ldx_topk_set_split_rows(LDX_TOPK_SPLIT_ROWS);
}

/* ldx_search_begin_fts's hits for fts without paper exclude, page at
 * offset; returns how many page statements (by id) it ran. */
static int searched_fts(const char *fts, sqlite3_int64 exclude, int offset, int limit,
                        hit_list *out)
{
	ldx_search_opts so = { .offset = offset, .limit = limit };
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	out->n = 0;
	unit_traced_statements = 0;
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced, (void *)"json_each");
	assert_int_equal(ldx_search_begin_fts(db, fts, &so, exclude, &s, &err), LDX_OK);
	while (ldx_search_next(s, &h, &err) == LDX_OK && out->n < 40) {
		snprintf(out->pmid[out->n], 16, "%s", h->pmid);
		out->score[out->n++] = h->score;
	}
	ldx_search_end(s);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	return unit_traced_statements;
}

/*
 * similar.c's searches (ldx_search_begin_fts: an OR in some columns, one
 * paper left out) take their page from the heap when the phrases promise
 * enough rows: the same papers and scores as ranking every match without
 * that paper, on pages before, across and after its place.
 */
static void test_search_fts_leaves_one_out(void **state)
{
	static const int pages[][2] = { { 0, 10 }, { 0, 2 }, { 2, 5 }, { 5, 10 } };
	char fts[128];
	hit_list all, page;

	snprintf(fts, sizeof fts, "{title} : (\"%s\" OR \"%s\")", vocab[0], vocab[1]);
	exhaustive(fts, 0, 20, &all);
	assert_int_equal(all.n, 20);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT id FROM papers WHERE pmid = ?1", -1,
	                                    &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, all.pmid[2], -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	sqlite3_int64 third = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* the list without the third paper */
	for (int i = 2; i + 1 < all.n; i++) {
		memcpy(all.pmid[i], all.pmid[i + 1], sizeof all.pmid[i]);
		all.score[i] = all.score[i + 1];
	}
	all.n--;
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		assert_int_equal(searched_fts(fts, third, pages[p][0], pages[p][1], &page), 1);
		assert_int_equal(page.n, pages[p][1]);
		for (int i = 0; i < page.n; i++) {
			assert_string_equal(page.pmid[i], all.pmid[pages[p][0] + i]);
			assert_true(fabs(page.score[i] - all.score[pages[p][0] + i]) <
			            1e-9 * fabs(page.score[i]));
		}
	}
}

/* Every match of fts (of the years first..last when first is not 0, and
 * not paper exclude) in the order order_by, page at offset: a statement to
 * step through its PMIDs and scores. */
static sqlite3_stmt *matches_in_order(const char *order_by, const char *fts, int offset,
                                      int limit, int first, int last, sqlite3_int64 exclude)
{
	char sql[512];
	sqlite3_stmt *st;
	snprintf(sql, sizeof sql,
	         "SELECT p.pmid, -rank FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid "
	         "WHERE papers_fts MATCH ?1 AND (?4 = 0 OR p.year BETWEEN ?4 AND ?5) "
	         "AND p.id <> ?6 ORDER BY %s LIMIT ?2 OFFSET ?3", order_by);
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, limit);
	sqlite3_bind_int(st, 3, offset);
	sqlite3_bind_int(st, 4, first);
	sqlite3_bind_int(st, 5, last);
	sqlite3_bind_int64(st, 6, exclude);
	return st;
}

/* matches_in_order by date, newest first. */
static sqlite3_stmt *matches_by_date(const char *fts, int offset, int limit, int first,
                                     int last, sqlite3_int64 exclude)
{
	return matches_in_order("p.added_at DESC, p.id DESC", fts, offset, limit, first, last,
	                        exclude);
}

/*
 * A search sorted by date takes its page's ids from papers first, so that
 * highlights and snippets are made for the page alone: the same papers, in
 * the same order, as sorting every match, with and without a filter.
 */
static void test_date_sorted_page(void **state)
{
	static const int pages[][4] = { { 0, 10, 0, 0 }, { 5, 7, 0, 0 }, { 3, 9, 1960, 1990 } };
	char fts[64];
	snprintf(fts, sizeof fts, "\"%s\"", vocab[0]);
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		ldx_search_opts so = { .query = vocab[0], .sort = LDX_SORT_DATE, .offset = pages[p][0],
		                       .limit = pages[p][1], .year_min = pages[p][2],
		                       .year_max = pages[p][3] };
		hit_list found;
		assert_int_equal(traced_search("json_each", &so, &found), 1);
		assert_int_equal(found.n, pages[p][1]);
		sqlite3_stmt *st = matches_by_date(fts, pages[p][0], pages[p][1], pages[p][2],
		                                   pages[p][3], 0);
		for (int i = 0; i < found.n; i++) {
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			assert_string_equal(found.pmid[i], (const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_finalize(st);
	}
}

/*
 * similar.c's searches sorted by date (the API's /api/similar?sort=date)
 * take their ids first too, without the paper left out: the newest
 * matching paper is left out here, and the pages equal sorting every
 * other match by date.
 */
static void test_date_sorted_page_leaves_one_out(void **state)
{
	static const int pages[][2] = { { 0, 10 }, { 4, 6 } };
	char fts[64];
	snprintf(fts, sizeof fts, "\"%s\"", vocab[0]);
	sqlite3_int64 newest = one_int("SELECT p.id FROM papers_fts JOIN papers p "
	                               "ON p.id = papers_fts.rowid WHERE papers_fts MATCH ?1 "
	                               "ORDER BY p.added_at DESC, p.id DESC LIMIT 1", fts);
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		ldx_search_opts so = { .sort = LDX_SORT_DATE, .offset = pages[p][0],
		                       .limit = pages[p][1] };
		ldx_search *s = NULL;
		const ldx_hit *h;
		ldx_error err;
		sqlite3_stmt *st;
		int n = 0;
		unit_traced_statements = 0;
		sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced, (void *)"json_each");
		assert_int_equal(ldx_search_begin_fts(db, fts, &so, newest, &s, &err), LDX_OK);
		st = matches_by_date(fts, pages[p][0], pages[p][1], 0, 0, newest);
		while (ldx_search_next(s, &h, &err) == LDX_OK) {
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			assert_string_equal(h->pmid, (const char *)sqlite3_column_text(st, 0));
			n++;
		}
		ldx_search_end(s);
		sqlite3_finalize(st);
		sqlite3_trace_v2(db->sql, 0, NULL, NULL);
		assert_int_equal(n, pages[p][1]);
		assert_int_equal(unit_traced_statements, 1);
	}
}

/* Every match of fts (of the years first..last when first is not 0)
 * sorted by year, newest first, then by rank and rowid; page at offset. */
static void matches_by_year(const char *fts, int offset, int limit, int first, int last,
                            hit_list *out)
{
	sqlite3_stmt *st = matches_in_order("p.year DESC, rank, papers_fts.rowid", fts, offset,
	                                    limit, first, last, 0);
	out->n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && out->n < 40) {
		snprintf(out->pmid[out->n], 16, "%s", (const char *)sqlite3_column_text(st, 0));
		out->score[out->n++] = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
}

/* so sorted by year equals matches_by_year; returns whether its page was
 * found year by year (a page statement reading ids). */
static int year_sorted_equals_every_match(ldx_search_opts so)
{
	hit_list found, all;
	ldx_error err;
	char *fts = NULL;
	so.sort = LDX_SORT_YEAR;
	assert_int_equal(ldx_search_translate(db, &so, &fts, &err), LDX_OK);
	int by_year = traced_search("json_each", &so, &found);
	matches_by_year(fts, so.offset, so.limit, so.year_min, so.year_max ? so.year_max : 9999,
	                &all);
	free(fts);
	assert_int_equal(found.n, all.n);
	for (int i = 0; i < found.n; i++) {
		assert_string_equal(found.pmid[i], all.pmid[i]);
		assert_true(fabs(found.score[i] - all.score[i]) <= 1e-9 * fabs(all.score[i]));
	}
	return by_year;
}

/*
 * --sort year finds its page year by year (search.c's page_by_year): the
 * same papers, scores and order as sorting every match by year, then rank
 * (equal scores by rowid), for AND, OR and any-word queries, pages within
 * and across years (80 papers a year here) and under a year range, and a
 * field query.  A page that reaches the papers without a year, which come
 * last, is sorted from every match.  Once the index has related words,
 * an all-words query leaves their column out (not plain words any more),
 * and still walks the years.
 */
static void test_year_sorted_page(void **state)
{
	static const int pages[][4] = { { 0, 10, 0, 0 }, { 7, 12, 0, 0 }, { 35, 20, 0, 0 },
		                        { 5, 9, 1960, 1990 }, { 0, 10, 1990, 0 } };
	char two[64], either[64], field[64], xml[4096];
	size_t len;
	ldx_index_stats st;
	ldx_error err;
	long count = 0;

	snprintf(two, sizeof two, "%s %s", vocab[0], vocab[1]);
	snprintf(either, sizeof either, "%s OR %s", vocab[0], vocab[3]);
	snprintf(field, sizeof field, "title:%s", vocab[0]);
	ldx_search_set_year_walk_hits(1);
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		const char *queries[] = { vocab[0], two, either };
		for (size_t q = 0; q < 3; q++) {
			ldx_search_opts so = { .query = queries[q], .offset = pages[p][0],
			                       .limit = pages[p][1], .year_min = pages[p][2],
			                       .year_max = pages[p][3] };
			assert_int_equal(year_sorted_equals_every_match(so), 1);
		}
		ldx_search_opts any = { .query = two, .match = LDX_MATCH_ANY, .offset = pages[p][0],
		                        .limit = pages[p][1] };
		assert_int_equal(year_sorted_equals_every_match(any), 1);
	}
	/* not plain words: the phrases' frequencies are counted once */
	ldx_search_opts by_field = { .query = field, .limit = 10, .offset = 3 };
	assert_int_equal(year_sorted_equals_every_match(by_field), 1);

	/* papers without a year: the page at the very end reaches them */
	len = (size_t)snprintf(xml, sizeof xml, "<PubmedArticleSet>");
	for (int i = 0; i < 6; i++)
		len += (size_t)snprintf(xml + len, sizeof xml - len,
		                        "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article>"
		                        "<ArticleTitle>%s %s</ArticleTitle></Article>"
		                        "</MedlineCitation></PubmedArticle>",
		                        919000000 + i, vocab[0], i % 2 ? vocab[0] : vocab[1]);
	len += (size_t)snprintf(xml + len, sizeof xml - len, "</PubmedArticleSet>");
	assert_int_equal(ldx_index_buffer(db, "yearless.xml", xml, len, NULL, &st, &err), LDX_OK);
	assert_int_equal(st.records_added, 6);
	ldx_search_opts so = { .query = vocab[0] };
	assert_int_equal(ldx_search_count(db, &so, &count, &err), LDX_OK);
	so = (ldx_search_opts){ .query = vocab[0], .offset = (int)count - 8, .limit = 10 };
	assert_int_equal(year_sorted_equals_every_match(so), 0);
	so.offset = (int)count - 20;
	assert_int_equal(year_sorted_equals_every_match(so), 1);
	/* ... and a year range leaves them out, wherever the page is */
	so = (ldx_search_opts){ .query = vocab[0], .offset = (int)count - 8, .limit = 10,
	                        .year_min = 1950 };
	assert_int_equal(year_sorted_equals_every_match(so), 1);
	/* below the threshold, every match is sorted */
	ldx_search_set_year_walk_hits(LDX_YEAR_WALK_HITS);
	so = (ldx_search_opts){ .query = two, .limit = 10 };
	assert_int_equal(year_sorted_equals_every_match(so), 0);
}

/* Every row sql (rowid, score; ?1 the MATCH) gives for match, with
 * litdex_rank's column sizes read as reader says (rank.h): their number. */
static int scores_of(const char *sql, const char *match, int reader, sqlite3_int64 *rowid,
                     double *score, int cap)
{
	sqlite3_stmt *st;
	int n = 0;
	ldx_rank_set_size_reader(reader);
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
		rowid[n] = sqlite3_column_int64(st, 0);
		score[n++] = sqlite3_column_double(st, 1);
	}
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
	ldx_rank_set_size_reader(LDX_RANK_SIZES_BLOCKS);
	return n;
}

/*
 * litdex_rank reads the columns' sizes with its own cursor over the
 * docsize table (docsize.h).  Read directly, in order, with gaps, back
 * again, past the end and for an id no paper has, the sizes are the
 * corpus's (8 title words, one year token, no abstract) or none.  Every score of AND, OR and field queries,
 * thousands of rows, is the same to the bit as with FTS5's own sizes.  On
 * another FTS5 table, whose rows the docsize table does not describe, the
 * check of the first rows drops the reader and the scores stay right.
 */
static void test_docsize_reader(void **state)
{
	enum { CAP = 8000 };
	static const sqlite3_int64 order[] = { 1, 2, 3, 9, 200, 201, 50, 7, 4000, 4001, 4017 };
	sqlite3_int64 *rowid_on = malloc(CAP * sizeof *rowid_on);
	sqlite3_int64 *rowid_off = malloc(CAP * sizeof *rowid_off);
	double *on = malloc(CAP * sizeof *on), *off = malloc(CAP * sizeof *off);
	char two[64], either[64], field[64], title[256];
	int len[LDX_FTS_NCOLUMNS];

	assert_non_null(rowid_on);
	assert_non_null(rowid_off);
	assert_non_null(on);
	assert_non_null(off);
	ldx_docsize *d = ldx_docsize_open(db->sql, LDX_FTS_NCOLUMNS);
	assert_non_null(d);
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		memset(len, -1, sizeof len);
		assert_int_equal(ldx_docsize_read(d, order[i], len), 1);
		assert_int_equal(len[0], TITLE_WORDS);
		assert_int_equal(len[1], 0);
		assert_int_equal(len[8], 1);
	}
	sqlite3_int64 last = one_int("SELECT max(id) FROM papers", NULL);
	assert_int_equal(ldx_docsize_read(d, last + 5, len), 0);
	assert_int_equal(ldx_docsize_read(d, 5, len), 1);
	/* no paper has id 0: not the sizes of the row after it */
	assert_int_equal(ldx_docsize_read(d, 0, len), 0);
	assert_int_equal(ldx_docsize_read(d, 1, len), 1);
	ldx_docsize_close(d);
	/* too few columns for the blob: refused */
	d = ldx_docsize_open(db->sql, 3);
	assert_int_equal(ldx_docsize_read(d, 5, len), 0);
	ldx_docsize_close(d);

	snprintf(two, sizeof two, "\"%s\" AND \"%s\"", vocab[0], vocab[2]);
	snprintf(either, sizeof either, "\"%s\" OR \"%s\"", vocab[1], vocab[5]);
	snprintf(field, sizeof field, "title : \"%s\"", vocab[0]);
	const char *matches[] = { two, either, field };
	for (size_t m = 0; m < 3; m++) {
		static const char sql[] = "SELECT rowid, rank FROM papers_fts WHERE papers_fts MATCH ?1";
		int n = scores_of(sql, matches[m], LDX_RANK_SIZES_ROWS, rowid_on, on, CAP);
		assert_int_equal(scores_of(sql, matches[m], LDX_RANK_SIZES_FTS5, rowid_off, off, CAP),
		                 n);
		assert_true(n > 100 && n < CAP);
		assert_memory_equal(rowid_on, rowid_off, (size_t)n * sizeof *rowid_on);
		assert_memory_equal(on, off, (size_t)n * sizeof *on);
		/* and from papers_doclen's blocks (doclen.h) */
		assert_int_equal(scores_of(sql, matches[m], LDX_RANK_SIZES_BLOCKS, rowid_on, on, CAP),
		                 n);
		assert_memory_equal(rowid_on, rowid_off, (size_t)n * sizeof *rowid_on);
		assert_memory_equal(on, off, (size_t)n * sizeof *on);
	}

	/* another table of twelve columns: the docsize table's rows 1..20
	 * say 8 title words, these titles hold 1 to 20 */
	assert_int_equal(sqlite3_exec(db->sql, "CREATE VIRTUAL TABLE temp.other USING fts5(title, "
	                                       "abstract, keywords, mesh, authors, venue, pub_types, "
	                                       "body, year, language, ids, related, "
	                                       "tokenize='litdex english')", NULL, NULL, NULL),
	                 SQLITE_OK);
	for (int r = 1; r <= 20; r++) {
		char sql[400];
		title[0] = '\0';
		for (int w = 0; w < r; w++)
			snprintf(title + strlen(title), sizeof title - strlen(title), "%s%s",
			         w ? " " : "", w % 3 ? vocab[7] : vocab[0]);
		snprintf(sql, sizeof sql, "INSERT INTO temp.other(rowid, title) VALUES (%d, '%s')", r,
		         title);
		assert_int_equal(sqlite3_exec(db->sql, sql, NULL, NULL, NULL), SQLITE_OK);
	}
	static const char other_sql[] =
		"SELECT rowid, litdex_rank(other) FROM temp.other WHERE other MATCH ?1";
	snprintf(field, sizeof field, "\"%s\"", vocab[0]);
	int n = scores_of(other_sql, field, LDX_RANK_SIZES_ROWS, rowid_on, on, CAP);
	assert_int_equal(n, 20);
	assert_int_equal(scores_of(other_sql, field, LDX_RANK_SIZES_FTS5, rowid_off, off, CAP), n);
	assert_memory_equal(on, off, (size_t)n * sizeof *on);
	assert_int_equal(scores_of(other_sql, field, LDX_RANK_SIZES_BLOCKS, rowid_on, on, CAP), n);
	assert_memory_equal(on, off, (size_t)n * sizeof *on);
	assert_int_equal(sqlite3_exec(db->sql, "DROP TABLE temp.other", NULL, NULL, NULL),
	                 SQLITE_OK);
	free(rowid_on);
	free(rowid_off);
	free(on);
	free(off);
}

/* Which expressions need every phrase in every row they match. */
static void test_all_required(void **state)
{
	assert_true(ldx_fts_all_required("\"a\""));
	assert_true(ldx_fts_all_required("\"a\" AND \"b\""));
	assert_true(ldx_fts_all_required("title : \"a\" AND {title abstract} : \"b c\""));
	assert_true(ldx_fts_all_required("\"OR\" AND \"NOT \"\" x\""));
	assert_true(ldx_fts_all_required("NEAR(\"a\" \"b\", 5)"));
	assert_false(ldx_fts_all_required("\"a\" OR \"b\""));
	assert_false(ldx_fts_all_required("\"a\" NOT \"b\""));
	assert_false(ldx_fts_all_required("(\"a\" OR \"b\") AND \"c\""));
	assert_false(ldx_fts_all_required("\"c\" AND (\"a\" OR(\"b\"))"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pruned_equals_exhaustive),
		cmocka_unit_test(test_and_query_text_only),
		cmocka_unit_test(test_long_query_runs),
		cmocka_unit_test(test_count_estimate),
		cmocka_unit_test(test_termstats),
		cmocka_unit_test(test_and_query_cached_frequencies),
		cmocka_unit_test(test_heap_pages),
		cmocka_unit_test(test_field_query_heap),
		cmocka_unit_test(test_filtered_heap),
		cmocka_unit_test(test_phrase_counted_by_the_search),
		cmocka_unit_test(test_all_required),
		cmocka_unit_test(test_split_pass),
		cmocka_unit_test(test_search_fts_leaves_one_out),
		cmocka_unit_test(test_date_sorted_page),
		cmocka_unit_test(test_date_sorted_page_leaves_one_out),
		cmocka_unit_test(test_year_phrases_where_they_pay),
		cmocka_unit_test(test_year_sorted_page),
		cmocka_unit_test(test_docsize_reader),
		cmocka_unit_test(test_phrase_counted_in_halves),
	};
	return cmocka_run_group_tests_name("topk", tests, setup, teardown);
}
