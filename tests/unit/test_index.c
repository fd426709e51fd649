/*
 * test_index.c: the index writer and the schema: replacing, merging and
 * deleting records keeps the external-content FTS5 index consistent
 * (the FTS5 'integrity-check' command), and searches see the changes.
 */
#include "unit.h"

#include "db.h"
#include "litdex.h"

static const char *article(char *buf, size_t n, const char *pmid, const char *doi,
                           const char *title, int year)
{
	snprintf(buf, n,
	         "<PubmedArticleSet><PubmedArticle><MedlineCitation>%s%s%s<Article>"
	         "<Journal><JournalIssue><PubDate><Year>%d</Year></PubDate></JournalIssue>"
	         "<Title>Neuron</Title></Journal><ArticleTitle>%s</ArticleTitle>"
	         "<Abstract><AbstractText>Abstract text about %s.</AbstractText></Abstract>"
	         "<AuthorList><Author><LastName>Ferrand</LastName><Initials>L</Initials></Author>"
	         "</AuthorList></Article></MedlineCitation>%s%s%s</PubmedArticle>"
	         "</PubmedArticleSet>",
	         pmid ? "<PMID>" : "", pmid ? pmid : "", pmid ? "</PMID>" : "", year, title,
	         title, doi ? "<PubmedData><ArticleIdList><ArticleId IdType=\"doi\">" : "",
	         doi ? doi : "", doi ? "</ArticleId></ArticleIdList></PubmedData>" : "");
	return buf;
}

static ldx_db *open_temp(char *path, size_t n)
{
	ldx_db *db = NULL;
	ldx_error err;
	snprintf(path, n, "/tmp/litdex-test-index-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	assert_int_equal(ldx_open(path, LDX_OPEN_CREATE, &db, &err), LDX_OK);
	return db;
}

static void close_temp(ldx_db *db, const char *path)
{
	char aux[4200];
	ldx_close(db);
	unlink(path);
	snprintf(aux, sizeof aux, "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof aux, "%s-shm", path);
	unlink(aux);
}

static void assert_integrity(ldx_db *db)
{
	char *msg = NULL;
	/* rank 1: compare with the content table too, not only the index itself */
	int rc = sqlite3_exec(db->sql,
	                      "INSERT INTO papers_fts(papers_fts, rank) VALUES('integrity-check', 1)",
	                      NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("fts5 integrity-check: %s", msg ? msg : "?");
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db->sql, "PRAGMA integrity_check", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
}

static long count(ldx_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long n = -1;
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static long hits(ldx_db *db, const char *query)
{
	ldx_search_opts so = { .query = query, .limit = 100 };
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	long n = 0;
	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_OK);
	while (ldx_search_next(s, &h, &err) == LDX_OK)
		n++;
	ldx_search_end(s);
	return n;
}

static void index_text(ldx_db *db, const char *name, const char *xml, ldx_index_stats *st)
{
	ldx_error err;
	assert_int_equal(ldx_index_buffer(db, name, xml, strlen(xml), NULL, st, &err), LDX_OK);
}

static void test_replace_keeps_fts_consistent(void **state)
{
	char path[4096], buf[2048];
	ldx_index_stats st;
	ldx_db *db = open_temp(path, sizeof path);

	index_text(db, "a.xml", article(buf, sizeof buf, "900000101", NULL, "dendritic spines", 2010), &st);
	assert_int_equal(st.records_added, 1);
	index_text(db, "b.xml", article(buf, sizeof buf, "900000101", NULL, "axonal boutons", 2011), &st);
	assert_int_equal(st.records_added, 0);
	assert_int_equal(st.records_replaced, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM papers"), 1);
	assert_int_equal(hits(db, "dendritic"), 0);
	assert_int_equal(hits(db, "boutons"), 1);
	assert_int_equal(count(db, "SELECT year FROM papers"), 2011);
	assert_int_equal(count(db, "SELECT count(*) FROM paper_authors"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM sources"), 2);
	assert_integrity(db);
	close_temp(db, path);
}

static void test_same_paper_by_doi_is_merged(void **state)
{
	char path[4096], buf[2048];
	ldx_index_stats st;
	ldx_db *db = open_temp(path, sizeof path);

	index_text(db, "a.xml", article(buf, sizeof buf, NULL, "10.1234/TEST.1", "glial scar", 2012), &st);
	assert_int_equal(count(db, "SELECT count(*) FROM papers WHERE key = '10.1234/test.1'"), 1);
	index_text(db, "b.xml", article(buf, sizeof buf, "900000102", "https://doi.org/10.1234/test.1", "glial scar", 2012), &st);
	assert_int_equal(st.records_replaced, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM papers"), 1);
	/* the key moves to the PMID once one is known */
	assert_int_equal(count(db, "SELECT count(*) FROM papers WHERE key = '900000102'"), 1);
	assert_integrity(db);
	close_temp(db, path);
}

static void test_title_hash_then_pmid_is_merged(void **state)
{
	char path[4096], buf[2048];
	ldx_index_stats st;
	ldx_db *db = open_temp(path, sizeof path);

	index_text(db, "a.xml", article(buf, sizeof buf, NULL, NULL, "Microglia prune synapses", 2016), &st);
	assert_int_equal(count(db, "SELECT count(*) FROM papers WHERE key LIKE 't:%'"), 1);
	index_text(db, "b.xml", article(buf, sizeof buf, "900000103", NULL, "Microglia prune synapses.", 2016), &st);
	assert_int_equal(st.records_replaced, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM papers"), 1);
	assert_integrity(db);
	close_temp(db, path);
}

static void test_delete_citation(void **state)
{
	char path[4096], buf[2048];
	ldx_index_stats st;
	ldx_db *db = open_temp(path, sizeof path);

	index_text(db, "a.xml", article(buf, sizeof buf, "900000104", NULL, "astrocyte calcium", 2014), &st);
	index_text(db, "b.xml", article(buf, sizeof buf, "900000105", NULL, "astrocyte glutamate", 2014), &st);
	const char *del = "<PubmedArticleSet><DeleteCitation><PMID>900000104</PMID>"
	                  "<PMID>900000999</PMID></DeleteCitation></PubmedArticleSet>";
	index_text(db, "del.xml", del, &st);
	assert_int_equal(st.records_deleted, 1);
	assert_int_equal(hits(db, "astrocyte"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM paper_authors"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM sources"), 1);
	assert_integrity(db);
	close_temp(db, path);
}

static void test_errors_leave_index_intact(void **state)
{
	char path[4096], buf[2048];
	ldx_index_stats st;
	ldx_error err;
	ldx_db *db = open_temp(path, sizeof path);

	index_text(db, "a.xml", article(buf, sizeof buf, "900000106", NULL, "cerebellar learning", 2009), &st);
	const char *bad = "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>900000107"
	                  "</PMID><Article><ArticleTitle>half</Title>";
	assert_int_equal(ldx_index_buffer(db, "bad.xml", bad, strlen(bad), NULL, &st, &err), LDX_OK);
	assert_int_equal(st.files_failed, 1);
	assert_true(st.errors >= 1);
	assert_int_equal(hits(db, "cerebellar"), 1);
	assert_integrity(db);
	close_temp(db, path);
}

static void test_readonly_open_refuses_writes(void **state)
{
	char path[4096], buf[2048];
	ldx_index_stats st;
	ldx_error err;
	ldx_db *db = open_temp(path, sizeof path), *ro = NULL;

	index_text(db, "a.xml", article(buf, sizeof buf, "900000108", NULL, "spinal cord", 2001), &st);
	assert_int_equal(ldx_open(path, LDX_OPEN_READONLY, &ro, &err), LDX_OK);
	assert_int_equal(hits(ro, "spinal"), 1);
	assert_int_equal(ldx_index_buffer(ro, "x.xml", buf, strlen(buf), NULL, &st, &err),
	                 LDX_ERR_USAGE);
	ldx_close(ro);
	close_temp(db, path);
}

static void test_missing_and_newer_index(void **state)
{
	ldx_db *db = NULL;
	ldx_error err;
	char path[4096];

	assert_int_equal(ldx_open("/nonexistent/dir/index.db", 0, &db, &err), LDX_ERR_NOINDEX);
	assert_null(db);
	db = open_temp(path, sizeof path);
	assert_int_equal(sqlite3_exec(db->sql, "PRAGMA user_version = 42", NULL, NULL, NULL),
	                 SQLITE_OK);
	ldx_close(db);
	db = NULL;
	assert_int_equal(ldx_open(path, LDX_OPEN_READONLY, &db, &err), LDX_ERR_SCHEMA);
	assert_non_null(strstr(err.message, "schema version 42"));
	assert_int_equal(ldx_open(path, 0, &db, &err), LDX_ERR_SCHEMA);
	assert_null(db);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace_keeps_fts_consistent),
		cmocka_unit_test(test_same_paper_by_doi_is_merged),
		cmocka_unit_test(test_title_hash_then_pmid_is_merged),
		cmocka_unit_test(test_delete_citation),
		cmocka_unit_test(test_errors_leave_index_intact),
		cmocka_unit_test(test_readonly_open_refuses_writes),
		cmocka_unit_test(test_missing_and_newer_index),
	};
	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
