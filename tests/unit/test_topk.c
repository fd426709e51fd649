/*
 * test_topk.c: the common terms' document frequencies (termstats.c) and
 * the pruned "any of the words" search (topk.c) on a generated index of
 * 6,000 titles with Zipf-distributed made-up words: pruning must happen,
 * and every pruned search must return the papers, scores and order that
 * ranking every match with the index's own rank setting gives.
 */
#include <math.h>

#include "topk_corpus.h"

#include "rank.h"
#include "rank_call.h"
#include "related.h"
#include "store.h"
#include "termstats.h"
#include "topk.h"

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
	assert_int_equal(ldx_topk_prune(db, &q, fts, NULL, 0, &so, k, k, base, k1, &prefix, &nprefix,
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
 * page; pages deeper than the heap's reach still come right.  The heap
 * pass offers its rows to the heap inside its statement (litdex_offer),
 * and the page statement keeps the heap's order and scores (page_at)
 * rather than ranking its papers again; a deeper page ranks them.  After
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
	ldx_search_opts so = all_words(vocab[0], 5, 10);
	assert_true(traced_search("litdex_offer(", &so, &page) >= 1);
	assert_int_equal(traced_search("AS page_at", &so, &page), 1);
	assert_int_equal(page.n, 10);
	for (int i = 0; i < page.n; i++) {
		assert_string_equal(page.pmid[i], whole.pmid[5 + i]);
		assert_true(page.score[i] == whole.score[5 + i]);
	}
	exhaustive(fts, 1000, 10, &all);
	so = all_words(vocab[0], 1000, 10);
	assert_int_equal(traced_search("AS page_at", &so, &page), 0);
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
	/* a pruning pass seeks the query's phrases to each of E's rows, and is
	 * split by rows times phrases: even the first, of the rarest word's
	 * rows alone, when those are below the threshold */
	char rarest[32];
	snprintf(rarest, sizeof rarest, "\"%s\"", vocab[90]);
	ldx_topk_set_split_rows(
	        (double)one_int("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1", rarest) +
	        1);
	int passes = traced_search("SELECT papers_fts.rowid", &so, &found);
	assert_true(passes >= 1);
	assert_int_equal(traced_search("rowid BETWEEN ?13 AND ?14", &so, &found), passes);
	assert_same(&all, &found);
	ldx_topk_set_split_rows(1);

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
static int searched_fts_traced(const char *fts, sqlite3_int64 exclude, int offset, int limit,
                               const char *traced, hit_list *out)
{
	ldx_search_opts so = { .offset = offset, .limit = limit };
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	out->n = 0;
	unit_traced_statements = 0;
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced, (void *)traced);
	assert_int_equal(ldx_search_begin_fts(db, fts, &so, exclude, &s, &err), LDX_OK);
	while (ldx_search_next(s, &h, &err) == LDX_OK && out->n < 40) {
		snprintf(out->pmid[out->n], 16, "%s", h->pmid);
		out->score[out->n++] = h->score;
	}
	ldx_search_end(s);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	return unit_traced_statements;
}

static int searched_fts(const char *fts, sqlite3_int64 exclude, int offset, int limit,
                        hit_list *out)
{
	return searched_fts_traced(fts, exclude, offset, limit, "json_each", out);
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

/*
 * A pruned "any" search that leaves a paper out takes its page from the
 * pruning passes, which find one paper more, as it does without leaving
 * one out: no further pass over the pruned papers.  The same papers and
 * scores as ranking every match without that paper.
 */
static void test_pruned_search_leaves_one_out(void **state)
{
	static const int pages[][2] = { { 0, 10 }, { 0, 3 }, { 3, 5 }, { 8, 4 } };
	char fts[128];
	hit_list all, page;

	snprintf(fts, sizeof fts, "\"%s\" OR \"%s\" OR \"%s\"", vocab[1], vocab[40],
	         vocab[90]);
	exhaustive(fts, 0, 20, &all);
	assert_int_equal(all.n, 20);
	sqlite3_int64 fourth = one_int("SELECT id FROM papers WHERE pmid = ?1", all.pmid[3]);
	for (int i = 3; i + 1 < all.n; i++) {
		memcpy(all.pmid[i], all.pmid[i + 1], sizeof all.pmid[i]);
		all.score[i] = all.score[i + 1];
	}
	all.n--;
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		int passes = searched_fts_traced(fts, 0, pages[p][0], pages[p][1],
		                                 "SELECT papers_fts.rowid", &page);
		assert_true(passes >= 1);
		assert_int_equal(searched_fts_traced(fts, fourth, pages[p][0], pages[p][1],
		                                     "SELECT papers_fts.rowid", &page),
		                 passes);
		assert_int_equal(page.n, pages[p][1]);
		for (int i = 0; i < page.n; i++) {
			assert_string_equal(page.pmid[i], all.pmid[pages[p][0] + i]);
			assert_true(fabs(page.score[i] - all.score[pages[p][0] + i]) <
			            1e-9 * fabs(page.score[i]));
		}
	}
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
		cmocka_unit_test(test_pruned_search_leaves_one_out),
		cmocka_unit_test(test_year_phrases_where_they_pay),
		cmocka_unit_test(test_phrase_counted_in_halves),
	};
	return cmocka_run_group_tests_name("topk", tests, setup, teardown);
}
