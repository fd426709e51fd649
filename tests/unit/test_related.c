/*
 * test_related.c: the papers' related words (related.c) on a generated
 * library of three topics, 50 papers each with 5 of its topic's 10 words:
 * a paper gets words of its own topic that it lacks and none of the
 * others'; only "any of the
 * words" searches match them; an index run that adds a paper makes its
 * words and leaves the others'; small libraries have none, and one that
 * shrinks below the limit loses them; and an index
 * of schema version 1 (no related column) is upgraded when opened for
 * writing, and refused with a clear message when opened read-only.
 */
#include "unit.h"

#include "db.h"
#include "doclen.h"
#include "litdex.h"
#include "related.h"
#include "search.h"

#define TOPICS 3
#define PER_TOPIC 50
#define TOPIC_WORDS 10
#define PAPER_WORDS 5

static char db_path[4096];
static ldx_db *db;

static const char *const topic_words[TOPICS][TOPIC_WORDS] = {
	{ "kelp", "iodine", "thyroid", "seaweed", "goitre", "hormone", "algae", "salt",
	  "gland", "deficiency" },
	{ "sprint", "muscle", "tendon", "stretching", "athlete", "injury", "knee", "runner",
	  "strain", "ligament" },
	{ "coffee", "caffeine", "sleep", "insomnia", "alertness", "melatonin", "espresso",
	  "drowsiness", "nap", "circadian" },
};
/* each paper has one, so none is in every paper */
static const char *const fillers[] = {
	"cohort", "trial", "survey", "review", "registry", "sample", "interview", "panel",
	"audit", "series",
};

/* The PAPER_WORDS words (indexes into its topic's) of paper j of a topic:
 * drawn without repeats by a fixed generator. */
static void paper_words(int t, int j, int out[PAPER_WORDS])
{
	unsigned long x = 2654435761UL * (unsigned long)(t * 1000 + j + 1);
	int used[TOPIC_WORDS] = { 0 };
	for (int k = 0; k < PAPER_WORDS; k++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		int w = (int)((x >> 33) % TOPIC_WORDS);
		while (used[w])
			w = (w + 1) % TOPIC_WORDS;
		used[w] = 1;
		out[k] = w;
	}
}

static int paper_has(int t, int j, const char *word)
{
	int w[PAPER_WORDS];
	paper_words(t, j, w);
	for (int k = 0; k < PAPER_WORDS; k++)
		if (strcmp(topic_words[t][w[k]], word) == 0)
			return 1;
	return 0;
}

/*
 * Paper j of topic t (PMID base + 1000 t + j) has its PAPER_WORDS words in
 * its title and the first three again in its abstract, with filler j mod
 * 10.
 */
static char *library_xml(int topics, int per_topic, int pmid_base, size_t *len)
{
	size_t cap = (size_t)topics * per_topic * 700 + 64, n = 0;
	char *xml = malloc(cap);
	assert_non_null(xml);
	n += (size_t)snprintf(xml + n, cap - n, "<PubmedArticleSet>");
	for (int t = 0; t < topics; t++)
		for (int j = 0; j < per_topic; j++) {
			const char *const *tw = topic_words[t];
			int w[PAPER_WORDS];
			paper_words(t, j, w);
			n += (size_t)snprintf(
				xml + n, cap - n,
				"<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article><Journal>"
				"<JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue>"
				"<Title>Journal</Title></Journal><ArticleTitle>%s %s %s %s %s"
				"</ArticleTitle><Abstract><AbstractText>A %s of %s, %s and %s."
				"</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>",
				pmid_base + t * 1000 + j, tw[w[0]], tw[w[1]], tw[w[2]], tw[w[3]], tw[w[4]],
				fillers[j % 10], tw[w[0]], tw[w[1]], tw[w[2]]);
		}
	n += (size_t)snprintf(xml + n, cap - n, "</PubmedArticleSet>");
	assert_true(n < cap);
	*len = n;
	return xml;
}

static void open_library(int topics, int per_topic)
{
	ldx_error err;
	ldx_index_stats st;
	size_t len;
	char *xml = library_xml(topics, per_topic, 920000000, &len);
	snprintf(db_path, sizeof db_path, "/tmp/litdex-test-related-%d.db", (int)getpid());
	unit_remove_db(db_path);
	assert_int_equal(ldx_open(db_path, LDX_OPEN_CREATE, &db, &err), LDX_OK);
	assert_int_equal(ldx_index_buffer(db, "library.xml", xml, len, NULL, &st, &err), LDX_OK);
	assert_int_equal(st.records_added, topics * per_topic);
	free(xml);
}

static int setup(void **state)
{
	open_library(TOPICS, PER_TOPIC);
	return 0;
}

static int teardown(void **state)
{
	ldx_close(db);
	db = NULL;
	unit_remove_db(db_path);
	return 0;
}

/* The related words of PMID pmid, malloc'ed; NULL when it has none. */
static char *related_of(int pmid)
{
	sqlite3_stmt *st;
	char *words = NULL;
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT related FROM papers WHERE pmid = ?1",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 1, pmid);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		words = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return words;
}

static int has_word(const char *words, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = words; (p = strstr(p, word)) != NULL; p += n)
		if ((p == words || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static long count(const char *query, ldx_match match)
{
	ldx_search_opts so = { .query = query, .match = match };
	ldx_error err;
	long n = -1;
	assert_int_equal(ldx_search_count(db, &so, &n, &err), LDX_OK);
	return n;
}

/* A topic-0 word that paper 0 of topic 0 lacks and got as a related word. */
static const char *lacked_word(void)
{
	char *words = related_of(920000000);
	const char *found = NULL;
	assert_non_null(words);
	for (int i = 0; i < TOPIC_WORDS && !found; i++)
		if (!paper_has(0, 0, topic_words[0][i]) && has_word(words, topic_words[0][i]))
			found = topic_words[0][i];
	free(words);
	return found;
}

static void test_words_of_its_own_topic(void **state)
{
	char *words = related_of(920000000);
	assert_non_null(words);
	assert_non_null(lacked_word());
	for (int t = 1; t < TOPICS; t++)
		for (int i = 0; i < TOPIC_WORDS; i++)
			assert_false(has_word(words, topic_words[t][i]));
	free(words);
	assert_true(ldx_related_present(db));
}

/*
 * Only the any-of-the-words search finds the papers that have a word as
 * a related word only (paper 0, at least), and below those that have it.
 */
static void test_only_any_searches_match_them(void **state)
{
	const char *word = lacked_word();
	ldx_search_opts so = { .query = word, .match = LDX_MATCH_ANY, .limit = 200 };
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	char fielded[64];
	long with_it = 0, n = 0;
	int seen_related_only = 0, seen_paper_0 = 0;

	for (int j = 0; j < PER_TOPIC; j++)
		with_it += paper_has(0, j, word);
	assert_int_equal(count(word, LDX_MATCH_ALL), with_it);
	snprintf(fielded, sizeof fielded, "title:%s OR abstract:%s", word, word);
	assert_int_equal(count(fielded, LDX_MATCH_ALL), with_it);
	assert_true(count(word, LDX_MATCH_ANY) > with_it);
	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_OK);
	while (ldx_search_next(s, &h, &err) == LDX_OK) {
		int pmid = atoi(h->pmid);
		assert_int_equal(pmid / 1000, 920000);  /* topic 0 */
		if (!paper_has(0, pmid % 1000, word))
			seen_related_only = 1;
		else
			assert_false(seen_related_only);
		seen_paper_0 |= pmid == 920000000;
		n++;
	}
	ldx_search_end(s);
	assert_true(seen_paper_0);
	assert_int_equal(n, count(word, LDX_MATCH_ANY));
}

/* Adding a paper makes its words and leaves the others' as they were. */
static void test_index_run_makes_new_papers_words(void **state)
{
	ldx_index_stats st;
	ldx_error err;
	size_t len;
	char *before = related_of(920001003);
	char *xml = library_xml(2, 1, 930000000, &len);  /* paper 0 of topics 0 and 1 again */
	assert_int_equal(ldx_index_buffer(db, "more.xml", xml, len, NULL, &st, &err), LDX_OK);
	assert_int_equal(st.records_added, 2);
	free(xml);

	char *added = related_of(930001000);
	char *original = related_of(920001000);
	assert_non_null(added);
	/* the same text as 920001000, so the same neighbours but itself */
	int shared = 0;
	for (int i = 0; i < TOPIC_WORDS; i++)
		shared += has_word(added, topic_words[1][i]) && has_word(original, topic_words[1][i]);
	assert_true(shared >= PAPER_WORDS);
	for (int i = 0; i < TOPIC_WORDS; i++)
		assert_false(has_word(added, topic_words[0][i]));
	char *after = related_of(920001003);
	assert_string_equal(before, after);
	/* made for the new papers only: all were last made at 150 papers */
	sqlite3_stmt *meta;
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT value FROM meta WHERE key = "
	                                             "'related_papers'", -1, &meta, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(meta), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(meta, 0), TOPICS * PER_TOPIC);
	sqlite3_finalize(meta);
	free(before);
	free(after);
	free(added);
	free(original);
}

/*
 * A library that shrinks under LDX_RELATED_MIN_PAPERS loses its related
 * words, and all-words searches are no longer wrapped.
 */

/* FTS5 agrees with the papers table, and papers_doclen with FTS5
 * (related words are written through the store, which keeps the blocks). */
static void assert_index_consistent(void)
{
	long bad = -1;
	ldx_error err;
	assert_int_equal(sqlite3_exec(db->sql, "INSERT INTO papers_fts(papers_fts, rank) "
	                                       "VALUES('integrity-check', 1)", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(ldx_doclen_check(db, &bad, &err), LDX_OK);
	assert_int_equal(bad, 0);
	assert_int_equal(sqlite3_exec(db->sql, "SELECT 1 FROM papers_doclen WHERE block = -1",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
}

static void test_shrinking_library_loses_them(void **state)
{
	char xml[8192], *fts = NULL;
	size_t n = 0;
	ldx_search_opts so = { .query = "kelp", .match = LDX_MATCH_ALL };
	ldx_index_stats st;
	ldx_error err;
	long papers = 0, made = -1;
	sqlite3_stmt *q;

	assert_true(ldx_related_present(db));
	n += (size_t)snprintf(xml + n, sizeof xml - n, "<PubmedArticleSet><DeleteCitation>");
	for (int t = 1; t < TOPICS; t++)
		for (int j = 0; j < PER_TOPIC; j++)
			n += (size_t)snprintf(xml + n, sizeof xml - n, "<PMID>%d</PMID>",
			                      920000000 + t * 1000 + j);
	n += (size_t)snprintf(xml + n, sizeof xml - n, "</DeleteCitation></PubmedArticleSet>");
	assert_true(n < sizeof xml);
	assert_int_equal(ldx_index_buffer(db, "deletions.xml", xml, n, NULL, &st, &err), LDX_OK);
	assert_int_equal(st.records_deleted, (TOPICS - 1) * PER_TOPIC);

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT count(*), count(related) FROM papers",
	                                    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	papers = sqlite3_column_int(q, 0);
	made = sqlite3_column_int(q, 1);
	sqlite3_finalize(q);
	assert_true(papers < LDX_RELATED_MIN_PAPERS);
	assert_int_equal(made, 0);
	assert_false(ldx_related_present(db));
	assert_int_equal(ldx_search_translate(db, &so, &fts, &err), LDX_OK);
	assert_string_equal(fts, "\"kelp\"");
	free(fts);
	assert_index_consistent();
}

static void test_small_library_has_none(void **state)
{
	char *fts = NULL;
	ldx_search_opts so = { .query = "kelp iodine", .match = LDX_MATCH_ALL };
	ldx_error err;
	ldx_close(db);
	open_library(1, LDX_RELATED_MIN_PAPERS - 1);
	assert_null(related_of(920000000));
	assert_false(ldx_related_present(db));
	assert_int_equal(ldx_search_translate(db, &so, &fts, &err), LDX_OK);
	assert_string_equal(fts, "\"kelp\" AND \"iodine\"");
	free(fts);
}

/* Makes the open index look like one of schema version 1, and closes it. */
static void downgrade_to_version_1(void)
{
	static const char sql[] =
		"BEGIN;"
		"DROP TABLE papers_fts;"
		"ALTER TABLE papers DROP COLUMN related;"
		"CREATE VIRTUAL TABLE papers_fts USING fts5("
		"  title, abstract, keywords, mesh, authors, venue, pub_types, body, year, language,"
		"  ids, content='papers', content_rowid='id', tokenize='litdex english');"
		"INSERT INTO papers_fts(papers_fts, rank) VALUES('rank', 'litdex_rank(3.0, 1.0, 4.0, "
		"1.0, 2.5, 2.0, 1.0, 0.5, 0.5, 0.25, 0.0, 0.0, 0.0)');"
		"INSERT INTO papers_fts(papers_fts) VALUES('rebuild');"
		"DELETE FROM meta WHERE key = 'related_papers';"
		"PRAGMA user_version = 1;"
		"COMMIT;";
	char *msg = NULL;
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("downgrade: %s", msg);
	ldx_close(db);
	db = NULL;
}

static void test_upgrade_from_version_1(void **state)
{
	ldx_error err;
	long version = 0;
	sqlite3_stmt *st;
	long kelp = count("kelp", LDX_MATCH_ALL);

	downgrade_to_version_1();
	assert_int_equal(ldx_open(db_path, LDX_OPEN_READONLY, &db, &err), LDX_ERR_SCHEMA);
	assert_non_null(strstr(err.message, "litdex rebuild"));
	assert_int_equal(ldx_open(db_path, 0, &db, &err), LDX_OK);
	assert_int_equal(ldx_upgraded_from(db), 1);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	assert_int_equal(version, LDX_SCHEMA_VERSION);
	assert_int_equal(count("kelp", LDX_MATCH_ALL), kelp);
	assert_index_consistent();
	/* the related words come back with litdex rebuild (or the next run) */
	assert_int_equal(ldx_rebuild(db, &err), LDX_OK);
	assert_true(ldx_related_present(db));
	assert_non_null(lacked_word());
	/* opened again: nothing to upgrade */
	ldx_close(db);
	assert_int_equal(ldx_open(db_path, 0, &db, &err), LDX_OK);
	assert_int_equal(ldx_upgraded_from(db), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_of_its_own_topic),
		cmocka_unit_test(test_only_any_searches_match_them),
		cmocka_unit_test(test_index_run_makes_new_papers_words),
		cmocka_unit_test(test_upgrade_from_version_1),
		cmocka_unit_test(test_shrinking_library_loses_them),
		cmocka_unit_test(test_small_library_has_none),
	};
	return cmocka_run_group_tests_name("related", tests, setup, teardown);
}
