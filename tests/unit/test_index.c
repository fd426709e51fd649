/*
 * test_index.c: the index writer and the schema: replacing, merging and
 * deleting records keeps the external-content FTS5 index consistent
 * (the FTS5 'integrity-check' command), and searches see the changes.
 */
#include "unit.h"

#include "db.h"
#include "ingest/readahead.h"
#include "litdex.h"
#include "tokenizer.h"

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
	/* searching handles get the writer's page cache, not SQLite's 2 MB */
	sqlite3_stmt *cache;
	assert_int_equal(sqlite3_prepare_v2(ro->sql, "PRAGMA cache_size", -1, &cache, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(cache), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(cache, 0), atoi(LDX_CACHE_KB));
	sqlite3_finalize(cache);
	ldx_close(ro);
	close_temp(db, path);
}

/* Bytes of page cache db uses once a transaction has touched `bytes` of
 * 16 KB pages, rolled back after. */
static int cache_after_writing(ldx_db *db, int bytes)
{
	int used = 0, high = 0;
	assert_int_equal(sqlite3_exec(db->sql, "BEGIN; CREATE TABLE filler(b BLOB)", NULL, NULL,
	                              NULL), SQLITE_OK);
	for (int i = 0; i < bytes / 16000; i++)
		assert_int_equal(sqlite3_exec(db->sql, "INSERT INTO filler VALUES (zeroblob(16000))",
		                              NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_db_status(db->sql, SQLITE_DBSTATUS_CACHE_USED, &used, &high, 0),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	return used;
}

/* The page cache holds LDX_CACHE_KB whatever the page size was when it
 * was set: set before a new index's page size, SQLite kept the number of
 * 4 KB pages, and an index run's peak RSS went from 53 to 129 MB. */
static void test_page_cache_is_bounded(void **state)
{
	char path[4096];
	ldx_db *db = open_temp(path, sizeof path), *again = NULL;
	ldx_error err;
	int limit = -atoi(LDX_CACHE_KB) * 1024;

	int used = cache_after_writing(db, limit + limit / 2);
	assert_true(used > limit / 2);
	assert_true(used <= limit + limit / 16);
	ldx_close(db);
	assert_int_equal(ldx_open(path, LDX_OPEN_CREATE, &again, &err), LDX_OK);
	used = cache_after_writing(again, limit + limit / 2);
	assert_true(used <= limit + limit / 16);
	close_temp(again, path);
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

/* ---- the reader thread's pre-tokenized records -------------------------- */

typedef struct xbuf {
	char *p;
	size_t len, cap;
} xbuf;

static void xprintf(xbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if ((size_t)n < b->cap - b->len)
			break;
		b->cap = 2 * (b->cap + (size_t)n);
		assert_non_null(b->p = realloc(b->p, b->cap));
	}
	b->len += (size_t)n;
}

/* Words with every kind of token the tokenizer makes: Greek letters and
 * their names (colocated), acronyms with their stems (colocated), pieces
 * split at digits, folded diacritics, possessives. */
static const char *const rich_words[] = {
	"α-synuclein", "TNFα", "SARS-CoV-2", "5-HT2A", "IL-6", "NSAIDs", "Müller", "naïve",
	"Alzheimer\xe2\x80\x99s", "plasticity", "synapses", "AIDS", "β-amyloid", "cortex",
	"dendritic", "spines", "NF-κB", "1990s", "ÅSTRÖM", "T", "cells", "homeostatic",
	"Mu\xcc\x88ller", "microglia", "prune", "running", "COVID-19", "receptors",
};
#define NRICH (sizeof rich_words / sizeof *rich_words)

static void rich_text(xbuf *b, unsigned i, unsigned salt, int nwords, const char *sep)
{
	for (int k = 0; k < nwords; k++)
		xprintf(b, "%s%s", k ? sep : "", rich_words[(i * 7 + (unsigned)k * salt) % NRICH]);
}

/*
 * A PubMed file of n records with all six texts the reader thread
 * pre-tokenizes (title, abstract, keywords, MeSH, authors, publication
 * types), none two alike in a record; every 97th record repeats an
 * earlier PMID (a replace) and one DeleteCitation removes a paper.
 * Returns how many records are stored (added or replaced).
 */
static long rich_pubmed(xbuf *b, int n)
{
	static const char *const mesh[] = { "Neurons", "Synapses", "Humans", "Mice", "Brain" };
	static const char *const last[] = { "Kavalali", "Ferrand", "Østergaard", "Nguyen" };
	long stored = 0;

	xprintf(b, "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n");
	for (int i = 0; i < n; i++) {
		unsigned pmid = 940000000u + (unsigned)(i % 97 == 96 ? i - 50 : i);
		if (i == n / 2)
			xprintf(b, "<DeleteCitation><PMID>%u</PMID></DeleteCitation>\n", pmid - 10);
		xprintf(b, "<PubmedArticle><MedlineCitation><PMID>%u</PMID><Article>"
		        "<Journal><JournalIssue><PubDate><Year>%d</Year></PubDate></JournalIssue>"
		        "<Title>Journal %d</Title></Journal><ArticleTitle>", pmid, 1990 + i % 30,
		        i % 40);
		rich_text(b, (unsigned)i, 5, 9, " ");
		xprintf(b, "</ArticleTitle><Abstract><AbstractText>");
		rich_text(b, (unsigned)i, 11, 70, " ");
		xprintf(b, "</AbstractText></Abstract><AuthorList>");
		for (int k = 0; k < 3; k++)
			xprintf(b, "<Author><LastName>%s</LastName><Initials>%c</Initials></Author>",
			        last[(i + k) % 4], 'A' + (i + k) % 26);
		xprintf(b, "</AuthorList><Language>eng</Language><PublicationTypeList>"
		        "<PublicationType>%s</PublicationType></PublicationTypeList></Article>"
		        "<MeshHeadingList>", i % 3 ? "Journal Article" : "Review");
		for (int k = 0; k < 2; k++)
			xprintf(b, "<MeshHeading><DescriptorName>%s</DescriptorName></MeshHeading>",
			        mesh[(i + 2 * k) % 5]);
		xprintf(b, "</MeshHeadingList><KeywordList>");
		for (int k = 0; k < 3; k++) {
			xprintf(b, "<Keyword>");
			rich_text(b, (unsigned)(i + k), 3, 2, " ");
			xprintf(b, "</Keyword>");
		}
		xprintf(b, "</KeywordList></MedlineCitation></PubmedArticle>\n");
		stored++;
	}
	xprintf(b, "</PubmedArticleSet>\n");
	return stored;
}

/* Rows of main.t and other.t that the other lacks (0: the same rows). */
static long table_diff(ldx_db *db, const char *t)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT (SELECT count(*) FROM (SELECT * FROM main.%s EXCEPT SELECT * FROM other.%s))"
	         " + (SELECT count(*) FROM (SELECT * FROM other.%s EXCEPT SELECT * FROM main.%s))",
	         t, t, t, t);
	return count(db, sql);
}

/*
 * A file of 1 MB or more is parsed and tokenized on the reader thread,
 * and the writer replays its tokens; standard input (here a buffer) is
 * tokenized by the writer.  Both must build the very same FTS5 index,
 * and the thread's path must really have replayed every text it made.
 * The thread tokenizes only while the writer has work queued, so here it
 * is made to tokenize every record (a), then none (c).
 */
static void test_pretokenized_index_is_identical(void **state)
{
	char path_a[4096], path_b[4096], file[] = "/tmp/litdex-test-rich-XXXXXX", sql[4200];
	static const char *const tables[] = {
		"papers_fts_data", "papers_fts_idx", "papers_fts_docsize", "papers_fts_config",
	};
	char path_c[4096];
	ldx_db *a = open_temp(path_a, sizeof path_a), *b = open_temp(path_b, sizeof path_b);
	ldx_db *c = open_temp(path_c, sizeof path_c);
	ldx_tokenizer_module *mod_a = NULL, *mod_b = NULL, *mod_c = NULL;
	const char *paths[1] = { file };
	ldx_index_stats st_a, st_b, st_c;
	ldx_error err;
	xbuf x = { 0 };
	long stored = rich_pubmed(&x, 1500);
	int fd = mkstemp(file);

	assert_true(fd >= 0);
	assert_true(x.len >= 1024 * 1024);   /* index.c's LDX_READAHEAD_BYTES */
	assert_int_equal(write(fd, x.p, x.len), (ssize_t)x.len);
	close(fd);

	ldx_readahead_set_low_water(0);
	assert_int_equal(ldx_index_paths(a, paths, 1, NULL, &st_a, &err), LDX_OK);
	ldx_readahead_set_low_water(LDX_READAHEAD_SLOTS + 1);
	assert_int_equal(ldx_index_paths(c, paths, 1, NULL, &st_c, &err), LDX_OK);
	ldx_readahead_set_low_water(LDX_READAHEAD_LOW_WATER);
	assert_int_equal(ldx_index_buffer(b, "rich.xml", x.p, x.len, NULL, &st_b, &err), LDX_OK);
	assert_int_equal(st_c.records_added, st_a.records_added);
	assert_int_equal(st_a.errors, 0);
	assert_int_equal(st_a.records_added + st_a.records_replaced, stored);
	assert_int_equal(st_a.records_deleted, 1);
	assert_int_equal(st_a.records_replaced, st_b.records_replaced);
	assert_true(st_a.records_replaced > 10);

	assert_int_equal(ldx_tokenizer_module_get(a->sql, &mod_a, &err), LDX_OK);
	assert_int_equal(ldx_tokenizer_module_get(b->sql, &mod_b, &err), LDX_OK);
	assert_int_equal(ldx_tokenizer_replayed(mod_a), 6 * stored);
	assert_int_equal(ldx_tokenizer_replayed(mod_b), 0);
	assert_int_equal(ldx_tokenizer_module_get(c->sql, &mod_c, &err), LDX_OK);
	assert_int_equal(ldx_tokenizer_replayed(mod_c), 0);

	for (int other = 0; other < 2; other++) {
		snprintf(sql, sizeof sql, "ATTACH '%s' AS other", other ? path_c : path_b);
		assert_int_equal(sqlite3_exec(a->sql, sql, NULL, NULL, NULL), SQLITE_OK);
		for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
			char n_a[128], n_b[128];
			snprintf(n_a, sizeof n_a, "SELECT count(*) FROM main.%s", tables[i]);
			snprintf(n_b, sizeof n_b, "SELECT count(*) FROM other.%s", tables[i]);
			assert_true(count(a, n_a) > 0);
			assert_int_equal(count(a, n_a), count(a, n_b));
			if (table_diff(a, tables[i]) != 0)
				fail_msg("%s differs between the thread and the %s path", tables[i],
				         other ? "untokenized thread" : "inline");
		}
		assert_int_equal(sqlite3_exec(a->sql, "DETACH other", NULL, NULL, NULL),
		                 SQLITE_OK);
	}
	assert_integrity(a);
	assert_integrity(b);
	/* a Greek name, an acronym's stem and a folded name are all found */
	assert_true(hits(a, "alpha") > 0);
	assert_int_equal(hits(a, "alpha synuclein"), hits(b, "alpha synuclein"));
	assert_int_equal(hits(a, "aid"), hits(b, "aid"));
	assert_int_equal(hits(a, "muller"), hits(b, "muller"));
	unlink(file);
	free(x.p);
	close_temp(a, path_a);
	close_temp(b, path_b);
	close_temp(c, path_c);
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
		cmocka_unit_test(test_page_cache_is_bounded),
		cmocka_unit_test(test_missing_and_newer_index),
		cmocka_unit_test(test_pretokenized_index_is_identical),
	};
	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
