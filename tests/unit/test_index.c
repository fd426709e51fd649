/*
 * test_index.c: the index writer and the schema: replacing, merging and
 * deleting records keeps the external-content FTS5 index consistent
 * (the FTS5 'integrity-check' command), and searches see the changes.
 */
#include "unit.h"

#include "db.h"
#include "doclen.h"
#include "ingest/readahead.h"
#include "litdex.h"
#include "rank.h"
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
	/* and the ranking's copy of the column lengths followed every write */
	long bad = -1;
	ldx_error err;
	assert_int_equal(ldx_doclen_check(db, &bad, &err), LDX_OK);
	assert_int_equal(bad, 0);
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
	/* searching handles read the file mapped, as far as SQLite allows;
	 * the writer does not */
	assert_true(count(ro, "PRAGMA mmap_size") > 0);
	assert_int_equal(count(db, "PRAGMA mmap_size"), 0);
	assert_int_equal(hits(ro, "spinal"), 1);
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

/* PubMed XML for papers pmid first .. first + n - 1: each title is "lumen"
 * and 0 to 12 more words, so the papers' lengths differ. */
static char *numbered_papers(int first, int n, const char *extra)
{
	size_t cap = (size_t)n * 400 + 64, at = 0;
	char *xml = malloc(cap);
	assert_non_null(xml);
	at += (size_t)snprintf(xml, cap, "<PubmedArticleSet>");
	for (int i = first; i < first + n; i++) {
		at += (size_t)snprintf(xml + at, cap - at,
		                       "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article>"
		                       "<ArticleTitle>lumen%s", 900100000 + i, extra);
		for (int w = 0; w < i * 7 % 13; w++)
			at += (size_t)snprintf(xml + at, cap - at, " w%d", w);
		at += (size_t)snprintf(xml + at, cap - at, "</ArticleTitle></Article>"
		                                            "</MedlineCitation></PubmedArticle>");
	}
	snprintf(xml + at, cap - at, "</PubmedArticleSet>");
	return xml;
}

/* FTS5's segments: each has its pages' first terms in papers_fts_idx. */
static long fts_segments(ldx_db *db)
{
	return count(db, "SELECT count(DISTINCT segid) FROM papers_fts_idx");
}

/*
 * A run that writes at least half of the papers then in the index ends
 * with FTS5's segments merged into one; a smaller run leaves them to
 * FTS5.  Above LDX_RELATED_MAX_PAPERS, so that related words (which merge
 * them after remaking every paper's) stay out of it.
 */
static void index_numbered(ldx_db *db, const char *name, int first, int n,
                           ldx_index_stats *st)
{
	char *xml = numbered_papers(first, n, "");
	index_text(db, name, xml, st);
	free(xml);
	assert_int_equal(st->records_added, n);
}

static void test_big_runs_end_merged(void **state)
{
	char path[4096];
	ldx_db *db = open_temp(path, sizeof path);
	ldx_index_stats st;
	/* 21,000 papers in one run: five transactions, five segments or so */
	index_numbered(db, "first.xml", 0, 21000, &st);
	assert_int_equal(fts_segments(db), 1);
	/* 2,000 more: a tenth, left to FTS5 */
	index_numbered(db, "second.xml", 21000, 2000, &st);
	assert_int_equal(fts_segments(db), 2);
	/* as many again as there are: merged */
	index_numbered(db, "third.xml", 23000, 23000, &st);
	assert_int_equal(fts_segments(db), 1);
	assert_integrity(db);
	assert_int_equal(count(db, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'lumen'"),
	                 46000);
	close_temp(db, path);
}

/* Every (rowid, litdex_rank) match gives, in rowid order, with the
 * column sizes read as reader says (rank.h): their number. */
static int scores(ldx_db *db, const char *match, int reader, double *score, int cap)
{
	sqlite3_stmt *st;
	int n = 0;
	ldx_rank_set_size_reader(reader);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT rowid, rank FROM papers_fts WHERE "
	                                             "papers_fts MATCH ?1 ORDER BY rowid",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap)
		score[n++] = sqlite3_column_double(st, 1);
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
	ldx_rank_set_size_reader(LDX_RANK_SIZES_BLOCKS);
	return n;
}

/* Whether litdex_rank scores match the same from the blocks as from
 * FTS5's own sizes, to the bit: the number of rows that differ. */
static int scores_differ(ldx_db *db, const char *match, int expect_rows)
{
	enum { CAP = 4000 };
	static double blocks[CAP], fts5[CAP];
	int n = scores(db, match, LDX_RANK_SIZES_BLOCKS, blocks, CAP), differ = 0;
	assert_int_equal(scores(db, match, LDX_RANK_SIZES_FTS5, fts5, CAP), n);
	assert_int_equal(n, expect_rows);
	for (int i = 0; i < n; i++)
		differ += memcmp(&blocks[i], &fts5[i], sizeof *blocks) != 0;
	return differ;
}

/* Indexes xml (and frees it), then checks the index as assert_integrity
 * does, the stamp's count of papers, and that "lumen" finds rows papers
 * with the same scores from the blocks as from FTS5. */
static void index_checked(ldx_db *db, const char *name, char *xml, ldx_index_stats *st,
                          int rows)
{
	index_text(db, name, xml, st);
	free(xml);
	assert_integrity(db);
	assert_int_equal(count(db, "SELECT rows FROM papers_doclen WHERE block = -1"), rows);
	assert_int_equal(scores_differ(db, "lumen", rows), 0);
}

/*
 * papers_doclen (doclen.h) is made again with every write: 2,100 papers
 * over three blocks, a hundred of them replaced, and the first 1,030
 * deleted, which empties block 0.  assert_integrity compares every block
 * and the stamp with FTS5's docsize rows each time, and the scores are
 * FTS5's own.
 */
static void test_doclen_follows_writes(void **state)
{
	char path[4096];
	ldx_index_stats st;
	ldx_db *db = open_temp(path, sizeof path);

	index_checked(db, "a.xml", numbered_papers(1, 2100, ""), &st, 2100);
	assert_int_equal(st.records_added, 2100);
	assert_int_equal(count(db, "SELECT count(*) FROM papers_doclen WHERE block >= 0"), 3);
	index_checked(db, "b.xml", numbered_papers(500, 100, " longer title now"), &st, 2100);
	assert_int_equal(st.records_replaced, 100);

	size_t cap = 1030 * 40 + 100, at = 0;
	char *del = malloc(cap);
	assert_non_null(del);
	at += (size_t)snprintf(del, cap, "<PubmedArticleSet><DeleteCitation>");
	for (int i = 1; i <= 1030; i++)
		at += (size_t)snprintf(del + at, cap - at, "<PMID>%d</PMID>", 900100000 + i);
	snprintf(del + at, cap - at, "</DeleteCitation></PubmedArticleSet>");
	index_checked(db, "del.xml", del, &st, 1070);
	assert_int_equal(st.records_deleted, 1030);
	assert_int_equal(count(db, "SELECT count(*) FROM papers_doclen WHERE block = 0"), 0);
	close_temp(db, path);
}

/* The lens of paper id's block into lens. */
static void read_block(ldx_db *db, sqlite3_int64 id,
                       unsigned char lens[LDX_DOCLEN_BLOCK * LDX_DOCLEN_PAPER_BYTES])
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT lens FROM papers_doclen WHERE block = ?1",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id >> LDX_DOCLEN_SHIFT);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(st, 0), LDX_DOCLEN_BLOCK * LDX_DOCLEN_PAPER_BYTES);
	memcpy(lens, sqlite3_column_blob(st, 0), LDX_DOCLEN_BLOCK * LDX_DOCLEN_PAPER_BYTES);
	sqlite3_finalize(st);
}

/* Where column col of paper id's length starts in its block's lens. */
static size_t length_at(sqlite3_int64 id, int col)
{
	return (size_t)(id & (LDX_DOCLEN_BLOCK - 1)) * LDX_DOCLEN_PAPER_BYTES + ldx_doclen_offset[col];
}

/* Sets column col (one byte wide) of paper id's length in its block to
 * len, as a stale block would hold it. */
static void tamper_length(ldx_db *db, sqlite3_int64 id, int col, int len)
{
	static unsigned char lens[LDX_DOCLEN_BLOCK * LDX_DOCLEN_PAPER_BYTES];
	sqlite3_stmt *st;
	read_block(db, id, lens);
	assert_int_equal(ldx_doclen_offset[col + 1] - ldx_doclen_offset[col], 1);
	lens[length_at(id, col)] = (unsigned char)len;
	assert_int_equal(sqlite3_prepare_v2(db->sql, "UPDATE papers_doclen SET lens = ?1 "
	                                             "WHERE block = ?2",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_blob(st, 1, lens, sizeof lens, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id >> LDX_DOCLEN_SHIFT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/*
 * The blocks are what litdex_rank reads, and the stamp is what keeps it
 * from reading stale ones.  A block edited behind litdex's back (paper
 * 30's title length, past the 8 rows rank.c checks) changes that paper's
 * score and no other, and the check counts one bad row.  A write that
 * does not keep the blocks, as an older litdex's would, changes FTS5's
 * totals: the stamp no longer agrees, and every score is FTS5's again.
 * 'litdex rebuild' makes the blocks again.
 */
static void test_doclen_stamp_guards_stale_blocks(void **state)
{
	char path[4096];
	ldx_index_stats st;
	ldx_error err;
	ldx_db *db = open_temp(path, sizeof path);
	long bad = -1;

	index_checked(db, "a.xml", numbered_papers(1, 40, ""), &st, 40);
	assert_int_equal(count(db, "SELECT id FROM papers WHERE pmid = '900100030'"), 30);
	tamper_length(db, 30, 0, 40);
	assert_int_equal(scores_differ(db, "lumen", 40), 1);
	assert_int_equal(ldx_doclen_check(db, &bad, &err), LDX_OK);
	assert_int_equal(bad, 1);

	assert_int_equal(sqlite3_exec(db->sql,
	                              "INSERT INTO papers(id, key, title, added_at, updated_at) "
	                              "VALUES (41, 'k41', 'lumen late', 0, 0);"
	                              "INSERT INTO papers_fts(rowid, title) VALUES (41, 'lumen late')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(scores_differ(db, "lumen", 41), 0);
	assert_int_equal(ldx_doclen_check(db, &bad, &err), LDX_OK);
	assert_true(bad >= 2);

	assert_int_equal(ldx_rebuild(db, &err), LDX_OK);
	assert_integrity(db);
	assert_int_equal(scores_differ(db, "lumen", 41), 0);
	close_temp(db, path);
}

/* The lengths of papers first, first + step, ... (n of them) through a
 * reader of connection db with cache (NULL: none), into len. */
static void read_lengths(ldx_db *db, ldx_doclen_cache *cache, int first, int step, int n,
                         int len[][LDX_FTS_NCOLUMNS])
{
	sqlite3_int64 rows = count(db, "SELECT rows FROM papers_doclen WHERE block = -1");
	sqlite3_int64 totals[LDX_FTS_NCOLUMNS];
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT totals FROM papers_doclen "
	                                             "WHERE block = -1", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(st, 0), (int)sizeof totals);
	memcpy(totals, sqlite3_column_blob(st, 0), sizeof totals);  /* little-endian here */
	sqlite3_finalize(st);
	ldx_doclen *r = ldx_doclen_open(db->sql, cache, LDX_FTS_NCOLUMNS, rows, totals);
	assert_non_null(r);
	for (int i = 0; i < n; i++)
		assert_int_equal(ldx_doclen_read(r, first + i * step, len[i]), 1);
	ldx_doclen_close(r);
}

/*
 * A read-only connection keeps the blocks it reads (doclen.h): the same
 * lengths as reading them each time, three blocks held for papers in
 * three blocks, and none again for a second read.  A write committed by
 * another connection empties it, and the next read has the new lengths.
 * A writable connection keeps none.
 */
static void test_doclen_cache(void **state)
{
	enum { N = 6, BLOCK_BYTES = LDX_DOCLEN_BLOCK * LDX_DOCLEN_PAPER_BYTES };
	static int plain[N][LDX_FTS_NCOLUMNS], kept[N][LDX_FTS_NCOLUMNS];
	char path[4096];
	ldx_index_stats st;
	ldx_error err;
	ldx_db *db = open_temp(path, sizeof path), *reader = NULL;
	ldx_doclen_cache *cache = ldx_doclen_cache_new();

	assert_non_null(cache);
	index_checked(db, "a.xml", numbered_papers(1, 2100, ""), &st, 2100);
	assert_int_equal(ldx_open(path, LDX_OPEN_READONLY, &reader, &err), LDX_OK);
	read_lengths(reader, NULL, 100, 400, N, plain);
	read_lengths(reader, cache, 100, 400, N, kept);
	assert_memory_equal(plain, kept, sizeof plain);
	assert_int_equal(ldx_doclen_cache_bytes(cache), 3 * BLOCK_BYTES);
	read_lengths(reader, cache, 100, 400, N, kept);
	assert_memory_equal(plain, kept, sizeof plain);
	assert_int_equal(ldx_doclen_cache_bytes(cache), 3 * BLOCK_BYTES);

	index_checked(db, "b.xml", numbered_papers(500, 100, " longer title now"), &st, 2100);
	assert_int_equal(st.records_replaced, 100);
	int id = (int)count(db, "SELECT id FROM papers WHERE pmid = '900100550'");
	read_lengths(reader, NULL, id, 1, 1, plain);
	read_lengths(reader, cache, id, 1, 1, kept);
	assert_memory_equal(plain[0], kept[0], sizeof plain[0]);
	assert_int_equal(ldx_doclen_cache_bytes(cache), BLOCK_BYTES);

	ldx_doclen_cache *writer_cache = ldx_doclen_cache_new();
	assert_non_null(writer_cache);
	read_lengths(db, writer_cache, 100, 400, N, kept);
	assert_int_equal(ldx_doclen_cache_bytes(writer_cache), 0);
	ldx_doclen_cache_free(writer_cache);
	ldx_doclen_cache_free(cache);
	ldx_close(reader);
	close_temp(db, path);
}

/*
 * litdex_rank keeps each read-only connection's blocks across its
 * searches: after a writer makes a hundred titles longer, the reader's
 * next search ranks them by their new lengths, as FTS5 does.
 */
static void test_doclen_cache_in_searches(void **state)
{
	char path[4096];
	ldx_index_stats st;
	ldx_error err;
	ldx_db *db = open_temp(path, sizeof path), *reader = NULL;

	index_checked(db, "a.xml", numbered_papers(1, 2100, ""), &st, 2100);
	assert_int_equal(ldx_open(path, LDX_OPEN_READONLY, &reader, &err), LDX_OK);
	assert_int_equal(scores_differ(reader, "lumen", 2100), 0);
	index_checked(db, "b.xml", numbered_papers(500, 100, " longer title now"), &st, 2100);
	assert_int_equal(scores_differ(reader, "lumen", 2100), 0);
	ldx_close(reader);
	close_temp(db, path);
}

/* A length its bytes cannot hold (65,535 abstract tokens or more, 255
 * title tokens or more) is stored as the largest value, which sends that
 * paper to FTS5.  Both papers come after the 8 rows rank.c checks
 * against FTS5, so that a wrong length would show in the scores. */
static void test_doclen_long_column(void **state)
{
	enum { WORDS = 70000 };
	static unsigned char lens[LDX_DOCLEN_BLOCK * LDX_DOCLEN_PAPER_BYTES];
	char path[4096];
	ldx_index_stats st;
	ldx_db *db = open_temp(path, sizeof path);
	size_t cap = WORDS * 8 + 1000, at = 0;
	char *xml = malloc(cap);

	assert_non_null(xml);
	index_checked(db, "short.xml", numbered_papers(1, 20, ""), &st, 20);
	at += (size_t)snprintf(xml, cap, "<PubmedArticleSet><PubmedArticle><MedlineCitation>"
	                                 "<PMID>900200001</PMID><Article><ArticleTitle>lumen long"
	                                 "</ArticleTitle><Abstract><AbstractText>");
	for (int w = 0; w < WORDS; w++)
		at += (size_t)snprintf(xml + at, cap - at, "%s", w % 2 ? " cell" : " lumen");
	at += (size_t)snprintf(xml + at, cap - at, "</AbstractText></Abstract></Article>"
	                                           "</MedlineCitation></PubmedArticle><PubmedArticle>"
	                                           "<MedlineCitation><PMID>900200002</PMID><Article>"
	                                           "<ArticleTitle>lumen");
	for (int w = 0; w < 300; w++)
		at += (size_t)snprintf(xml + at, cap - at, " cell");
	snprintf(xml + at, cap - at, "</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
	                             "</PubmedArticleSet>");
	index_checked(db, "long.xml", xml, &st, 22);
	sqlite3_int64 abstract = count(db, "SELECT id FROM papers WHERE pmid = '900200001'");
	sqlite3_int64 title = count(db, "SELECT id FROM papers WHERE pmid = '900200002'");
	read_block(db, abstract, lens);
	assert_int_equal(lens[length_at(abstract, 1)], 0xff);
	assert_int_equal(lens[length_at(abstract, 1) + 1], 0xff);
	assert_int_equal(lens[length_at(abstract, 0)], 2);
	read_block(db, title, lens);
	assert_int_equal(lens[length_at(title, 0)], 0xff);
	close_temp(db, path);
}

/* An index made before papers_doclen: searched read-only, it is ranked
 * from FTS5's rows as before; a writable open makes the table. */
static void test_doclen_made_on_writable_open(void **state)
{
	char path[4096];
	ldx_index_stats st;
	ldx_error err;
	ldx_db *db = open_temp(path, sizeof path);

	index_checked(db, "a.xml", numbered_papers(1, 30, ""), &st, 30);
	assert_int_equal(sqlite3_exec(db->sql, "DROP TABLE papers_doclen", NULL, NULL, NULL),
	                 SQLITE_OK);
	ldx_close(db);
	assert_int_equal(ldx_open(path, LDX_OPEN_READONLY, &db, &err), LDX_OK);
	assert_int_equal(scores_differ(db, "lumen", 30), 0);
	assert_int_equal(hits(db, "lumen"), 30);
	assert_int_equal(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'papers_doclen'"),
	                 0);
	ldx_close(db);
	assert_int_equal(ldx_open(path, 0, &db, &err), LDX_OK);
	assert_int_equal(count(db, "SELECT rows FROM papers_doclen WHERE block = -1"), 30);
	assert_integrity(db);
	assert_int_equal(scores_differ(db, "lumen", 30), 0);
	close_temp(db, path);
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
		cmocka_unit_test(test_doclen_follows_writes),
		cmocka_unit_test(test_doclen_stamp_guards_stale_blocks),
		cmocka_unit_test(test_doclen_cache),
		cmocka_unit_test(test_doclen_cache_in_searches),
		cmocka_unit_test(test_doclen_long_column),
		cmocka_unit_test(test_doclen_made_on_writable_open),
		cmocka_unit_test(test_big_runs_end_merged),
	};
	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
