/*
 * test_rank.c: litdex_rank on a three-paper index whose scores are worked
 * out by hand (idf, saturation, length normalisation, phrase weights),
 * stop words in "any of the words" queries, and pseudo-relevance
 * feedback (feedback.c) re-ranking a long query without widening it.
 */
#include <math.h>

#include "unit.h"

#include "db.h"
#include "litdex.h"
#include "rank.h"
#include "rank_call.h"

static char db_path[4096];
static ldx_db *db;

#define ARTICLE(pmid, title) \
	"<PubmedArticle><MedlineCitation><PMID>" pmid "</PMID><Article><Journal>" \
	"<JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue>" \
	"<Title>Journal</Title></Journal><ArticleTitle>" title "</ArticleTitle>" \
	"</Article></MedlineCitation></PubmedArticle>"

/*
 * Titles only, so with every other column weighted 0 the sums are short.
 * Title lengths 4, 3 and 2 tokens: the average is 3.
 */
static const char three_xml[] =
	"<PubmedArticleSet>"
	ARTICLE("900000301", "zinc zinc zinc copper")
	ARTICLE("900000302", "zinc copper iron")
	ARTICLE("900000303", "iron iron")
	"</PubmedArticleSet>";

static void remove_db(void)
{
	unit_remove_db(db_path);
}

static int open_with(const char *xml, size_t len, int expect)
{
	ldx_error err;
	ldx_index_stats st;
	snprintf(db_path, sizeof db_path, "/tmp/litdex-test-rank-%d.db", (int)getpid());
	remove_db();
	if (ldx_open(db_path, LDX_OPEN_CREATE, &db, &err) != LDX_OK)
		return -1;
	if (ldx_index_buffer(db, "corpus.xml", xml, len, NULL, &st, &err))
		return -1;
	return st.records_added == expect ? 0 : -1;
}

static int setup_three(void **state)
{
	return open_with(three_xml, sizeof three_xml - 1, 3);
}

static int teardown(void **state)
{
	ldx_close(db);
	db = NULL;
	remove_db();
	return 0;
}

/*
 * Runs "SELECT pmid, score" for match, ranked by litdex_rank(papers_fts,
 * args) (title weight only), best first; fills up to 3 rows.
 */
static int ranked(const char *match, const char *args, char pmid[][16], double *score)
{
	char sql[512];
	sqlite3_stmt *st;
	int n = 0;
	snprintf(sql, sizeof sql,
	         "SELECT p.pmid, -litdex_rank(papers_fts, %s) AS s FROM papers_fts "
	         "JOIN papers p ON p.id = papers_fts.rowid WHERE papers_fts MATCH ?1 "
	         "ORDER BY s DESC, p.pmid", args);
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < 3) {
		snprintf(pmid[n], 16, "%s", (const char *)sqlite3_column_text(st, 0));
		score[n++] = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	return n;
}

/* Title weight 1, all other columns 0. */
#define TITLE_ONLY "1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0"

/* BM25 of one term: idf * tf (k1 + 1) / (tf + k1). */
static double bm25(double idf, double tf, double k1)
{
	return idf * tf * (k1 + 1) / (tf + k1);
}

/*
 * "zinc OR iron", k1 1.2, b 0 (no length normalisation).  Both words are
 * in 2 of 3 papers: idf = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln 1.6.
 *   301: zinc 3 times       ln1.6 * 3 * 2.2 / 4.2   = 0.739
 *   302: zinc once, iron once  2 * ln1.6            = 0.940
 *   303: iron twice         ln1.6 * 2 * 2.2 / 3.2   = 0.646
 * Saturation puts two different words above three of one.
 */
static void test_idf_and_saturation(void **state)
{
	char pmid[3][16];
	double s[3], idf = log(1.6);
	assert_int_equal(ranked("zinc OR iron", "1.2, 0, " TITLE_ONLY, pmid, s), 3);
	assert_string_equal(pmid[0], "900000302");
	assert_string_equal(pmid[1], "900000301");
	assert_string_equal(pmid[2], "900000303");
	assert_true(fabs(s[0] - 2 * bm25(idf, 1, 1.2)) < 1e-9);
	assert_true(fabs(s[1] - bm25(idf, 3, 1.2)) < 1e-9);
	assert_true(fabs(s[2] - bm25(idf, 2, 1.2)) < 1e-9);
}

/*
 * "copper", in 301 (4 title tokens) and 302 (3), average length 3.  With
 * b 0 they tie; with b 1 the tf is divided by len / avglen:
 *   301: tf' = 1 / (4/3) = 0.75      302: tf' = 1 / (3/3) = 1
 */
static void test_length_normalisation(void **state)
{
	char pmid[3][16];
	double s[3], idf = log(1.6);
	assert_int_equal(ranked("copper", "1.2, 0, " TITLE_ONLY, pmid, s), 2);
	assert_true(fabs(s[0] - s[1]) < 1e-12);
	assert_int_equal(ranked("copper", "1.2, 1, " TITLE_ONLY, pmid, s), 2);
	assert_string_equal(pmid[0], "900000302");
	assert_string_equal(pmid[1], "900000301");
	assert_true(fabs(s[0] - bm25(idf, 1, 1.2)) < 1e-9);
	assert_true(fabs(s[1] - bm25(idf, 0.75, 1.2)) < 1e-9);
}

/*
 * Phrase weights follow the 12 column weights: "zinc OR iron" with zinc
 * weighed 0 and iron 2 puts 303 (iron twice) first, 302 next, and gives
 * 301 (zinc only) nothing.
 */
static void test_phrase_weights(void **state)
{
	char pmid[3][16];
	double s[3], idf = log(1.6);
	assert_int_equal(ranked("zinc OR iron", "1.2, 0, " TITLE_ONLY ", 0, 2", pmid, s), 3);
	assert_string_equal(pmid[0], "900000303");
	assert_string_equal(pmid[1], "900000302");
	assert_string_equal(pmid[2], "900000301");
	assert_true(fabs(s[0] - 2 * bm25(idf, 2, 1.2)) < 1e-9);
	assert_true(fabs(s[1] - 2 * bm25(idf, 1, 1.2)) < 1e-9);
	assert_true(s[2] == 0.0);
}

/*
 * Document frequencies may follow the phrase weights (topk.c passes them
 * so litdex_rank need not count): "zinc OR iron" said to be in 1 paper
 * each has idf ln(1 + 2.5 / 1.5) = ln(8/3) instead of ln 1.6; a negative
 * one means "count it".
 */
static void test_supplied_document_frequency(void **state)
{
	char pmid[3][16];
	double s[3];
	assert_int_equal(ranked("zinc OR iron", "1.2, 0, " TITLE_ONLY ", 1, 1, 1, 1", pmid, s), 3);
	assert_string_equal(pmid[0], "900000302");
	assert_true(fabs(s[0] - 2 * bm25(log(8.0 / 3.0), 1, 1.2)) < 1e-9);
	assert_int_equal(ranked("zinc OR iron", "1.2, 0, " TITLE_ONLY ", 1, 1, -1, 1", pmid, s), 3);
	assert_string_equal(pmid[0], "900000302");
	assert_true(fabs(s[0] - bm25(log(1.6), 1, 1.2) - bm25(log(8.0 / 3.0), 1, 1.2)) < 1e-9);
}

/* Where litdex_offer's rows go in test_offer_scores_as_rank. */
typedef struct offered {
	int n;
	sqlite3_int64 id[8];
	double score[8];
} offered;

static void take_offer(void *ctx, double score, sqlite3_int64 rowid)
{
	offered *o = ctx;
	if (o->n < 8) {
		o->id[o->n] = rowid;
		o->score[o->n++] = score;
	}
}

/*
 * litdex_offer (rank.h) hands each row to its sink with the score
 * litdex_rank gives it, to the bit and with the sign turned, and the
 * statement passes no row; without a sink it fails.  The heap passes
 * write their calls with ldx_rank_offer_call, which takes litdex_rank
 * calls of numbers only.
 */
static void test_offer_scores_as_rank(void **state)
{
	static const char *const args = "1.2, 0.75, " TITLE_ONLY ", 1, 0.5, -1, 2";
	char sql[512], call[256];
	sqlite3_stmt *st;
	offered got = { 0 };
	ldx_rank_sink sink = { take_offer, &got };
	sqlite3_int64 id[8];
	double score[8];
	int n = 0;

	snprintf(call, sizeof call, "litdex_rank(%s)", args);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT rowid, -rank FROM papers_fts WHERE "
	                                             "papers_fts MATCH ?1 AND rank MATCH ?2 "
	                                             "ORDER BY rowid", -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, "zinc OR iron", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, call, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < 8) {
		id[n] = sqlite3_column_int64(st, 0);
		score[n++] = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	assert_int_equal(n, 3);

	char *offer = ldx_rank_offer_call(call, 5);
	assert_non_null(offer);
	snprintf(sql, sizeof sql, "litdex_offer(papers_fts, ?5, %s)", args);
	assert_string_equal(offer, sql);
	snprintf(sql, sizeof sql, "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?1 AND %s",
	         offer);
	free(offer);
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, "zinc OR iron", -1, SQLITE_STATIC);
	sqlite3_bind_pointer(st, 5, &sink, LDX_RANK_SINK_TYPE, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_reset(st);
	assert_int_equal(got.n, n);
	for (int i = 0; i < n; i++) {
		assert_int_equal(got.id[i], id[i]);
		assert_memory_equal(&got.score[i], &score[i], sizeof score[i]);
	}
	sqlite3_clear_bindings(st);
	sqlite3_bind_text(st, 1, "zinc OR iron", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ERROR);
	assert_non_null(strstr(sqlite3_errmsg(db->sql), "no sink"));
	sqlite3_finalize(st);

	offer = ldx_rank_offer_call("litdex_rank()", 20);
	assert_string_equal(offer, "litdex_offer(papers_fts, ?20)");
	free(offer);
	assert_null(ldx_rank_offer_call("litdex_rank(1, (SELECT 2))", 20));
	assert_null(ldx_rank_offer_call("bm25(1, 2)", 20));
	assert_null(ldx_rank_offer_call("litdex_rank(1, 2", 20));
	assert_null(ldx_rank_offer_call(NULL, 20));
}

/* A column weight scales that column's tf before saturation. */
static void test_column_weight(void **state)
{
	char pmid[3][16];
	double s[3], idf = log(1.6);
	assert_int_equal(ranked("iron", "1.2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0", pmid, s), 2);
	assert_string_equal(pmid[0], "900000303");
	assert_true(fabs(s[0] - bm25(idf, 6, 1.2)) < 1e-9);
	assert_true(fabs(s[1] - bm25(idf, 3, 1.2)) < 1e-9);
}

static char *translated(const char *query, ldx_match match)
{
	ldx_search_opts so = { .query = query, .match = match };
	ldx_error err;
	char *fts = NULL;
	assert_int_equal(ldx_query_translate(db, &so, &fts, &err), LDX_OK);
	assert_non_null(fts);
	return fts;
}

static void test_stop_words_any_only(void **state)
{
	/* want: the whole expression, or with contains set a part of it */
	static const struct { const char *q; ldx_match match; int contains; const char *want; } c[] = {
		{ "the effect of zinc in iron", LDX_MATCH_ANY, 0, "\"effect\" OR \"zinc\" OR \"iron\"" },
		/* a phrase keeps them */
		{ "\"zinc in iron\" of", LDX_MATCH_ANY, 0, "\"zinc in iron\"" },
		/* nothing but stop words: searched for after all */
		{ "to be or not", LDX_MATCH_ANY, 1, "\"be\"" },
		/* AND queries are untouched */
		{ "the zinc", LDX_MATCH_ALL, 1, "\"the\"" },
		/* question words go from a long query */
		{ "how do statins work", LDX_MATCH_ANY, 0, "\"statins\" OR \"work\"" },
		/* short queries keep them: "vitamin a" is a vitamin */
		{ "vitamin a", LDX_MATCH_ANY, 0, "\"vitamin\" OR \"a\"" },
		/* a lone letter is not a stop word ("d" but not "a") */
		{ "vitamin d and bone", LDX_MATCH_ANY, 0, "\"vitamin\" OR \"d\" OR \"bone\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		char *fts = translated(c[i].q, c[i].match);
		if (c[i].contains)
			assert_non_null(strstr(fts, c[i].want));
		else
			assert_string_equal(fts, c[i].want);
		free(fts);
	}
}

/* ---- feedback ----------------------------------------------------------- */

/*
 * Two papers have all six query words and "selenium"; 900000403 has one
 * query word and "selenium", 900000404 the same query word in a shorter
 * title.  26 unrelated papers make selenium rare (3 of 30).
 */
static char *feedback_corpus(size_t *len)
{
	static const char head[] = "<PubmedArticleSet>"
		ARTICLE("900000401", "kelp quinoa lentil barley millet sorghum selenium")
		ARTICLE("900000402", "sorghum millet barley lentil quinoa kelp selenium intake")
		ARTICLE("900000403", "kelp selenium")
		ARTICLE("900000404", "kelp");
	size_t cap = sizeof head + 27 * 400, n;
	char *xml = malloc(cap);
	assert_non_null(xml);
	n = (size_t)snprintf(xml, cap, "%s", head);
	for (int i = 0; i < 26; i++)
		n += (size_t)snprintf(xml + n, cap - n,
		                      ARTICLE("9000005%02d", "zorb%c flim%c wugs%c"), i,
		                      'a' + i, 'a' + i, 'a' + i);
	n += (size_t)snprintf(xml + n, cap - n, "</PubmedArticleSet>");
	*len = n;
	return xml;
}

static int setup_feedback(void **state)
{
	size_t len;
	char *xml = feedback_corpus(&len);
	int rc = open_with(xml, len, 30);
	free(xml);
	return rc;
}

/* The PMIDs of the hits of an "any" query, space-separated; *n hits. */
static void any_hits(const char *query, char *out, size_t size, int *n)
{
	ldx_search_opts so = { .query = query, .match = LDX_MATCH_ANY, .limit = 100 };
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	ldx_status rc;
	out[0] = '\0';
	*n = 0;
	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_OK);
	while ((rc = ldx_search_next(s, &h, &err)) == LDX_OK) {
		snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " " : "", h->pmid);
		(*n)++;
	}
	assert_int_equal(rc, LDX_DONE);
	ldx_search_end(s);
}

static long any_count(const char *query)
{
	ldx_search_opts so = { .query = query, .match = LDX_MATCH_ANY };
	ldx_error err;
	long count = -1;
	assert_int_equal(ldx_search_count(db, &so, &count, &err), LDX_OK);
	return count;
}

static void test_feedback_reranks_long_query(void **state)
{
	char hits[512];
	int n;
	/* five words: no feedback, the shorter title wins */
	any_hits("kelp quinoa lentil barley millet", hits, sizeof hits, &n);
	assert_int_equal(n, 4);
	assert_non_null(strstr(hits, "900000404 900000403"));
	/* six: selenium, shared by the two best papers, lifts 403 over 404 */
	any_hits("kelp quinoa lentil barley millet sorghum", hits, sizeof hits, &n);
	assert_non_null(strstr(hits, "900000403 900000404"));
	/* and widens nothing: the same papers the count sees */
	assert_int_equal(n, 4);
	assert_int_equal(any_count("kelp quinoa lentil barley millet sorghum"), 4);
	assert_null(strstr(hits, "9000005"));
}

static void test_feedback_why_matches_score(void **state)
{
	ldx_search_opts so = { .query = "kelp quinoa lentil barley millet sorghum",
	                       .match = LDX_MATCH_ANY, .why = 1 };
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	int found = 0;
	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_OK);
	while (ldx_search_next(s, &h, &err) == LDX_OK) {
		if (strcmp(h->pmid, "900000403") != 0)
			continue;
		found = 1;
		/* the added word shows, and the title holds all of the score */
		assert_non_null(strstr(h->why, "selenium"));
		assert_non_null(strstr(h->why, "title 100%"));
	}
	ldx_search_end(s);
	assert_true(found);
}

int main(void)
{
	const struct CMUnitTest three[] = {
		cmocka_unit_test(test_idf_and_saturation),
		cmocka_unit_test(test_length_normalisation),
		cmocka_unit_test(test_phrase_weights),
		cmocka_unit_test(test_supplied_document_frequency),
		cmocka_unit_test(test_column_weight),
		cmocka_unit_test(test_offer_scores_as_rank),
		cmocka_unit_test(test_stop_words_any_only),
	};
	const struct CMUnitTest fb[] = {
		cmocka_unit_test(test_feedback_reranks_long_query),
		cmocka_unit_test(test_feedback_why_matches_score),
	};
	int failed = cmocka_run_group_tests_name("rank", three, setup_three, teardown);
	return failed + cmocka_run_group_tests_name("feedback", fb, setup_feedback, teardown);
}
