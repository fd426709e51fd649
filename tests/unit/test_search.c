/*
 * test_search.c: searching through the public API: ranking by field
 * weight, highlight markers, filters, paging, and the query plan (the
 * FTS5 MATCH must drive the query, not a scan of papers).
 */
#include "unit.h"

#include "db.h"
#include "litdex.h"
#include "prefilter.h"
#include "search.h"

static char db_path[4096];
static ldx_db *db;

static const char corpus_xml[] =
	"<PubmedArticleSet>"
	"<PubmedArticle><MedlineCitation><PMID>900000201</PMID><Article><Journal>"
	"<JournalIssue><PubDate><Year>2016</Year></PubDate></JournalIssue><Title>Neuron</Title>"
	"<ISOAbbreviation>Neuron</ISOAbbreviation></Journal>"
	"<ArticleTitle>Synaptic scaling in cortex</ArticleTitle><Abstract><AbstractText>"
	"We measured miniature currents after silencing.</AbstractText></Abstract>"
	"<AuthorList><Author><LastName>Brandt</LastName><Initials>K</Initials></Author>"
	"</AuthorList></Article></MedlineCitation></PubmedArticle>"
	"<PubmedArticle><MedlineCitation><PMID>900000202</PMID><Article><Journal>"
	"<JournalIssue><PubDate><Year>2009</Year></PubDate></JournalIssue>"
	"<Title>The Journal of neuroscience</Title><ISOAbbreviation>J Neurosci</ISOAbbreviation>"
	"</Journal><ArticleTitle>Miniature currents in hippocampus</ArticleTitle><Abstract>"
	"<AbstractText>Silencing produced synaptic scaling of quantal amplitude.</AbstractText>"
	"</Abstract><AuthorList><Author><LastName>Osei</LastName><Initials>KA</Initials></Author>"
	"</AuthorList></Article></MedlineCitation></PubmedArticle>"
	"<PubmedArticle><MedlineCitation><PMID>900000203</PMID><Article><Journal>"
	"<JournalIssue><PubDate><Year>2021</Year></PubDate></JournalIssue><Title>Neuron</Title>"
	"</Journal><ArticleTitle>Dendritic spikes</ArticleTitle><Abstract><AbstractText>"
	"Spikes in dendrites were recorded with two electrodes.</AbstractText></Abstract>"
	"<AuthorList><Author><LastName>Brandt</LastName><Initials>K</Initials></Author>"
	"</AuthorList></Article></MedlineCitation></PubmedArticle>"
	"</PubmedArticleSet>";

static int setup(void **state)
{
	ldx_error err;
	ldx_index_stats st;
	snprintf(db_path, sizeof db_path, "/tmp/litdex-test-search-%d.db", (int)getpid());
	unlink(db_path);
	if (ldx_open(db_path, LDX_OPEN_CREATE, &db, &err) != LDX_OK)
		return -1;
	if (ldx_index_buffer(db, "corpus.xml", corpus_xml, sizeof corpus_xml - 1, NULL, &st, &err))
		return -1;
	return st.records_added == 3 ? 0 : -1;
}

static int teardown(void **state)
{
	char aux[4200];
	ldx_close(db);
	unlink(db_path);
	snprintf(aux, sizeof aux, "%s-wal", db_path);
	unlink(aux);
	snprintf(aux, sizeof aux, "%s-shm", db_path);
	unlink(aux);
	return 0;
}

/* Runs a search and writes the PMIDs of the hits, space-separated. */
static ldx_status run(const ldx_search_opts *so, char *out, size_t n)
{
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	ldx_status rc = ldx_search_begin(db, so, &s, &err);
	out[0] = '\0';
	if (rc)
		return rc;
	while ((rc = ldx_search_next(s, &h, &err)) == LDX_OK)
		snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? " " : "", h->pmid);
	ldx_search_end(s);
	return rc == LDX_DONE ? LDX_OK : rc;
}

static void test_title_outranks_abstract(void **state)
{
	char ids[256];
	ldx_search_opts so = { .query = "synaptic scaling" };
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "900000201 900000202");
	so.query = "miniature";
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "900000202 900000201");
}

static void test_scores_descend_and_ranks_count(void **state)
{
	ldx_search_opts so = { .query = "synaptic OR spikes OR miniature" };
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	double last = 1e300;
	int n = 0;
	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_OK);
	while (ldx_search_next(s, &h, &err) == LDX_OK) {
		assert_int_equal(h->rank, ++n);
		assert_true(h->score > 0);
		assert_true(h->score <= last);
		last = h->score;
	}
	ldx_search_end(s);
	assert_int_equal(n, 3);
}

static void test_highlight_markers(void **state)
{
	ldx_search_opts so = { .query = "spike" };
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_OK);
	assert_int_equal(ldx_search_next(s, &h, &err), LDX_OK);
	assert_string_equal(h->title, "Dendritic spikes");
	assert_string_equal(h->title_hl, "Dendritic " LDX_MARK_BEGIN "spikes" LDX_MARK_END);
	assert_non_null(strstr(h->snippet, LDX_MARK_BEGIN "Spikes" LDX_MARK_END " in dendrites"));
	assert_string_equal(h->journal, "Neuron");
	assert_int_equal(h->year, 2021);
	assert_string_equal(h->authors, "Brandt K");
	assert_string_equal(h->doi, "");
	ldx_search_end(s);
}

/* Without marks (output that shows neither): the same hits, in the same
 * order with the same scores, the plain title and no snippet; and a
 * search of filters alone has no abstract excerpt either. */
static void test_no_marks(void **state)
{
	static const char *const queries[] = { "spike", "dendrites OR spikes", NULL };
	for (int q = 0; q < 3; q++) {
		ldx_search_opts marked = { .query = queries[q], .year_min = q == 2 ? 1900 : 0 };
		ldx_search_opts plain = marked;
		ldx_search *a = NULL, *b = NULL;
		const ldx_hit *ha, *hb;
		ldx_error err;
		int n = 0;
		plain.no_marks = 1;
		assert_int_equal(ldx_search_begin(db, &marked, &a, &err), LDX_OK);
		assert_int_equal(ldx_search_begin(db, &plain, &b, &err), LDX_OK);
		while (ldx_search_next(a, &ha, &err) == LDX_OK) {
			assert_int_equal(ldx_search_next(b, &hb, &err), LDX_OK);
			assert_string_equal(ha->key, hb->key);
			assert_true(ha->score == hb->score);
			assert_string_equal(hb->title_hl, hb->title);
			assert_string_equal(hb->snippet, "");
			assert_true(*ha->snippet != '\0' || *ha->abstract == '\0');
			n++;
		}
		assert_int_equal(ldx_search_next(b, &hb, &err), LDX_DONE);
		assert_true(n > 0);
		ldx_search_end(a);
		ldx_search_end(b);
	}
}

static void test_filters_and_paging(void **state)
{
	char ids[256];
	ldx_search_opts so = { .query = "synaptic OR spikes", .journal = "NEURON" };
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_int_equal(strlen(ids), 19);
	assert_non_null(strstr(ids, "900000201"));
	assert_non_null(strstr(ids, "900000203"));
	so = (ldx_search_opts){ .query = "synaptic OR spikes", .year_min = 2010, .year_max = 2020 };
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "900000201");
	so = (ldx_search_opts){ .query = "synaptic OR spikes", .author = "osei" };
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "900000202");
	so = (ldx_search_opts){ .query = "synaptic OR spikes", .author = "Brandt K", .limit = 1,
	                        .offset = 1 };
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_int_equal(strlen(ids), 9);
	so = (ldx_search_opts){ .journal = "j neurosci" };
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "900000202");
}

/* The phrases --journal, --author and --year add in front of the query. */
static void test_prefilter_phrases(void **state)
{
	ldx_search_opts so = { .journal = "The \"J\" Neurosci", .year_min = 2009,
	                       .year_max = 2011 };
	ldx_error err;
	char *expr = NULL;
	int n = -1;
	assert_int_equal(ldx_prefilter(db, &so, NULL, &expr, &n, &err), LDX_OK);
	assert_string_equal(expr, "venue : \"the \"\"j\"\" neurosci\" AND "
	                          "year : (\"2009\" OR \"2010\" OR \"2011\")");
	assert_int_equal(n, 4);
	free(expr);
	/* an author's phrase goes between the journal's and the years' */
	so = (ldx_search_opts){ .journal = "Neuron", .author = "Kavalali \"ET\"", .year_min = 2021 };
	assert_int_equal(ldx_prefilter(db, &so, NULL, &expr, &n, &err), LDX_OK);
	assert_string_equal(expr, "venue : \"neuron\" AND authors : \"kavalali \"\"et\"\"\" AND "
	                          "year : (\"2021\")");
	assert_int_equal(n, 3);
	free(expr);
	so = (ldx_search_opts){ .author = "Osei KA" };
	assert_int_equal(ldx_prefilter(db, &so, NULL, &expr, &n, &err), LDX_OK);
	assert_string_equal(expr, "authors : \"osei ka\"");
	assert_int_equal(n, 1);
	free(expr);
	/* an open range ends at the index's last year (2021) */
	so = (ldx_search_opts){ .year_min = 2019 };
	assert_int_equal(ldx_prefilter(db, &so, NULL, &expr, &n, &err), LDX_OK);
	assert_string_equal(expr, "year : (\"2019\" OR \"2020\" OR \"2021\")");
	free(expr);
	/* too many years, and a journal and an author without words: nothing */
	so = (ldx_search_opts){ .year_min = 1950, .year_max = 2020, .journal = "--",
	                        .author = "." };
	assert_int_equal(ldx_prefilter(db, &so, NULL, &expr, &n, &err), LDX_OK);
	assert_null(expr);
	assert_int_equal(n, 0);
}

/*
 * The phrases only narrow: a journal whose words are in another journal's
 * name ("neuroscience" in "The Journal of neuroscience") still matches
 * nothing, and the full title matches in any case.
 */
static void test_prefilter_keeps_exact_filters(void **state)
{
	char ids[256];
	ldx_search_opts so = { .query = "synaptic OR spikes OR currents", .journal = "neuroscience" };
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "");
	so.journal = "THE JOURNAL OF NEUROSCIENCE";
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "900000202");
	so = (ldx_search_opts){ .query = "synaptic OR spikes OR currents", .year_min = 2016,
	                        .journal = "neuron", .match = LDX_MATCH_ANY };
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_int_equal(strlen(ids), 19);
}

static void test_bad_query_has_position(void **state)
{
	ldx_search_opts so = { .query = "scaling AND (cortex" };
	ldx_search *s = NULL;
	ldx_error err;
	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_ERR_QUERY);
	assert_null(s);
	assert_int_equal(err.position, 13);
	so.query = "   ";
	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_ERR_QUERY);
	/* refused before any planning reads the page from its offset */
	so = (ldx_search_opts){ .query = "synaptic spikes", .match = LDX_MATCH_ANY, .offset = -1 };
	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_ERR_USAGE);
	assert_null(s);
	so.offset = 0;
	so.limit = -3;
	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_ERR_USAGE);
}

/* The lines of sql's EXPLAIN QUERY PLAN, each ending in a newline. */
static void query_plan(const char *sql, char *plan, size_t size)
{
	char explain[1400];
	sqlite3_stmt *st;
	snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
	plan[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db->sql, explain, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		snprintf(plan + strlen(plan), size - strlen(plan), "%s\n",
		         (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
}

/* The DESIGN trap: filters must not turn the MATCH into a scan. */
static void test_match_drives_the_plan(void **state)
{
	char plan[2048];
	query_plan("SELECT p.key FROM papers_fts CROSS JOIN papers p "
	           "ON p.id = papers_fts.rowid WHERE papers_fts MATCH 'x' AND p.year >= 2015 "
	           "AND p.year <= 2024 AND (p.journal = 'Neuron' COLLATE NOCASE OR "
	           "p.journal_abbrev = 'Neuron' COLLATE NOCASE) ORDER BY rank LIMIT 10",
	           plan, sizeof plan);
	assert_non_null(strstr(plan, "SCAN papers_fts VIRTUAL TABLE"));
	assert_non_null(strstr(plan, "SEARCH p USING INTEGER PRIMARY KEY"));
	assert_null(strstr(plan, "SCAN p\n"));
}

static long index_count(const char *names)
{
	char sql[256];
	sqlite3_stmt *st;
	long n = -1;
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN (%s)", names);
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * papers has no index on journals (schema.c): a search by journal alone
 * finds its papers through papers_fts's venue column, by full title or
 * ISO abbreviation in any case, and counts them the same way; a journal
 * without words is looked for in papers itself.  An older index loses the
 * two journal indexes at its next writable open, not a read-only one.
 */
static void test_journal_alone_uses_the_venue_column(void **state)
{
	char ids[256], where[1024], sql[1300], plan[2048];
	ldx_search_opts so = { .journal = "J NEUROSCI" };
	ldx_error err;
	long count = -1;

	assert_int_equal(index_count("'papers_journal', 'papers_journal_abbrev'"), 0);
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced, "papers_fts MATCH ?13");
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	assert_int_equal(unit_traced_statements, 1);
	assert_string_equal(ids, "900000202");
	so.journal = "the journal of NEUROSCIENCE";
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "900000202");
	so = (ldx_search_opts){ .journal = "neuron", .year_min = 2020 };
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "900000203");
	so = (ldx_search_opts){ .journal = "Neuron" };
	assert_int_equal(ldx_search_count(db, &so, &count, &err), LDX_OK);
	assert_int_equal(count, 2);
	so.journal = "--";
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "");
	assert_int_equal(ldx_search_count(db, &so, &count, &err), LDX_OK);
	assert_int_equal(count, 0);

	so.journal = "Neuron";
	ldx_search_where(where, sizeof where, LDX_WHERE_NARROW, &so);
	snprintf(sql, sizeof sql, "SELECT p.key %s", where);
	query_plan(sql, plan, sizeof plan);
	assert_non_null(strstr(plan, "papers_fts VIRTUAL TABLE"));
	assert_non_null(strstr(plan, "SEARCH p USING INTEGER PRIMARY KEY"));
	assert_null(strstr(plan, "SCAN p\n"));

	assert_int_equal(sqlite3_exec(db->sql,
	                              "CREATE INDEX papers_journal ON papers(journal COLLATE NOCASE);"
	                              "CREATE INDEX papers_journal_abbrev ON "
	                              "papers(journal_abbrev COLLATE NOCASE);",
	                              NULL, NULL, NULL), SQLITE_OK);
	ldx_close(db);
	assert_int_equal(ldx_open(db_path, LDX_OPEN_READONLY, &db, &err), LDX_OK);
	assert_int_equal(index_count("'papers_journal', 'papers_journal_abbrev'"), 2);
	ldx_close(db);
	assert_int_equal(ldx_open(db_path, LDX_OPEN_CREATE, &db, &err), LDX_OK);
	assert_int_equal(index_count("'papers_journal', 'papers_journal_abbrev'"), 0);
	assert_int_equal(index_count("'papers_year', 'papers_pmid', 'papers_doi'"), 3);
	so = (ldx_search_opts){ .journal = "j neurosci" };
	assert_int_equal(run(&so, ids, sizeof ids), LDX_OK);
	assert_string_equal(ids, "900000202");
}

/*
 * Counting the hits of a query without filters reads papers_fts alone: a
 * join to papers would cost a lookup per hit.  With a filter it joins,
 * and both counts are right.
 */
static void test_count_joins_papers_only_for_filters(void **state)
{
	ldx_search_opts so = { .query = "synaptic OR spikes OR currents" };
	ldx_error err;
	long count = -1;

	unit_traced_statements = 0;
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced, "JOIN papers");
	assert_int_equal(ldx_search_count(db, &so, &count, &err), LDX_OK);
	assert_int_equal(unit_traced_statements, 0);
	assert_int_equal(count, 3);
	so.year_min = 2016;
	assert_int_equal(ldx_search_count(db, &so, &count, &err), LDX_OK);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	assert_int_equal(unit_traced_statements, 1);
	assert_int_equal(count, 2);
}

/* An index of its own, at db_path + "-" + name, of the records in xml
 * (built by the test), which must add records papers: its handle, and its
 * path in path. */
static ldx_db *own_index(const char *name, const char *xml, size_t len, int records,
                         char *path, size_t size)
{
	ldx_db *odb = NULL;
	ldx_index_stats st;
	ldx_error err;
	char file[64];
	snprintf(path, size, "%.4000s-%s", db_path, name);
	snprintf(file, sizeof file, "%s.xml", name);
	unit_remove_db(path);
	assert_int_equal(ldx_open(path, LDX_OPEN_CREATE, &odb, &err), LDX_OK);
	assert_int_equal(ldx_index_buffer(odb, file, xml, len, NULL, &st, &err), LDX_OK);
	assert_int_equal(st.records_added, records);
	return odb;
}

/* One PubMed record for the facet index; year 0 leaves PubDate out. */
static size_t facet_record(char *out, size_t size, int pmid, int year, const char *title)
{
	char date[96] = "";
	if (year)
		snprintf(date, sizeof date, "<PubDate><Year>%d</Year></PubDate>", year);
	return (size_t)snprintf(out, size,
	                        "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article><Journal>"
	                        "<JournalIssue>%s</JournalIssue><Title>Facets</Title></Journal>"
	                        "<ArticleTitle>%s</ArticleTitle><AuthorList><Author><LastName>%s"
	                        "</LastName><Initials>A</Initials></Author></AuthorList></Article>"
	                        "</MedlineCitation></PubmedArticle>",
	                        pmid, date, title, pmid % 2 ? "Odd" : "Even");
}

/* "value count" lines, joined by ", ", of a facet of so. */
static void facet_lines(ldx_db *fdb, const ldx_search_opts *so, ldx_facet_field field,
                        char *out, size_t size)
{
	ldx_facet *f = NULL;
	ldx_error err;
	const char *value;
	long count;
	size_t at = 0;

	out[0] = '\0';
	assert_int_equal(ldx_facet_begin(fdb, so, field, &f, &err), LDX_OK);
	while (ldx_facet_next(f, &value, &count, &err) == LDX_OK)
		at += (size_t)snprintf(out + at, size - at, "%s%s %ld", at ? ", " : "", value, count);
	ldx_facet_end(f);
}

/* The lines of the year facet of so, and whether its statement counted in
 * the index (a year phrase) or joined the hits to papers. */
static void year_facet(ldx_db *fdb, const ldx_search_opts *so, char *out, size_t size,
                       int *in_index)
{
	unit_traced_statements = 0;
	sqlite3_trace_v2(fdb->sql, SQLITE_TRACE_STMT, unit_count_traced, "AND year :");
	facet_lines(fdb, so, LDX_FACET_YEAR, out, size);
	sqlite3_trace_v2(fdb->sql, 0, NULL, NULL);
	*in_index = unit_traced_statements > 0;
}

/*
 * The year facet of a query without other filters is counted in the
 * index, one year phrase at a time, the papers without a year being the
 * rest of the hits; with an author filter it joins the hits to papers.
 * Both give the counts the papers hold.
 */
static void test_year_facet_counted_in_the_index(void **state)
{
	static const struct { int pmid, year; const char *title; } papers[] = {
		{ 910000301, 2001, "Glutamate spillover" }, { 910000302, 2001, "Glutamate uptake" },
		{ 910000303, 2003, "Glutamate receptors" }, { 910000304, 0, "Glutamate transport" },
		{ 910000305, 0, "Glutamate release" },      { 910000306, 2005, "Glutamate sensing" },
		{ 910000307, 2005, "Glutamate imaging" },   { 910000308, 2005, "Glutamate toxicity" },
		{ 910000309, 2004, "Unrelated dopamine" },
	};
	char path[4096], xml[8192], got[512];
	size_t len = (size_t)snprintf(xml, sizeof xml, "<PubmedArticleSet>");
	ldx_db *fdb = NULL;
	int in_index;

	for (size_t i = 0; i < sizeof papers / sizeof *papers; i++)
		len += facet_record(xml + len, sizeof xml - len, papers[i].pmid, papers[i].year,
		                    papers[i].title);
	len += (size_t)snprintf(xml + len, sizeof xml - len, "</PubmedArticleSet>");
	fdb = own_index("facets", xml, len, 9, path, sizeof path);

	ldx_search_opts so = { .query = "glutamate" };
	year_facet(fdb, &so, got, sizeof got, &in_index);
	assert_string_equal(got, " 2, 2001 2, 2003 1, 2005 3");
	assert_true(in_index);
	so.year_min = 2002;
	year_facet(fdb, &so, got, sizeof got, &in_index);
	assert_string_equal(got, "2003 1, 2005 3");
	assert_true(in_index);
	so = (ldx_search_opts){ .query = "glutamate", .author = "Odd" };
	year_facet(fdb, &so, got, sizeof got, &in_index);
	assert_string_equal(got, " 1, 2001 1, 2003 1, 2005 1");
	assert_false(in_index);
	so = (ldx_search_opts){ .query = "serotonin" };
	year_facet(fdb, &so, got, sizeof got, &in_index);
	assert_string_equal(got, "");

	ldx_close(fdb);
	unit_remove_db(path);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* How many PMIDs a space-separated list holds. */
static long pmids_in(const char *list)
{
	long n = *list != '\0';
	for (; *list; list++)
		n += *list == ' ';
	return n;
}

/* The PMIDs of the papers that pass the author filter name, in PMID
 * order, read from paper_authors alone (no FTS5). */
static void authors_exactly(ldx_db *adb, const char *name, char *out, size_t size)
{
	sqlite3_stmt *st;
	size_t at = 0;
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(adb->sql,
	                                    "SELECT p.pmid FROM papers p WHERE EXISTS (SELECT 1 "
	                                    "FROM paper_authors a WHERE a.paper_id = p.id AND "
	                                    "(a.last_name = ?1 COLLATE NOCASE OR a.name = ?1 "
	                                    "COLLATE NOCASE)) ORDER BY p.pmid",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		at += (size_t)snprintf(out + at, size - at, "%s%s", at ? " " : "",
		                       (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* The PMIDs a search under so finds, in PMID order, and how many
 * statements ran with an authors phrase among their bound values. */
static void search_sorted(ldx_db *adb, const ldx_search_opts *so, char *out, size_t size,
                          int *phrased)
{
	char *pmid[16];
	int n = 0;
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;

	unit_traced_statements = 0;
	sqlite3_trace_v2(adb->sql, SQLITE_TRACE_STMT, unit_count_traced_bound, "authors : ");
	assert_int_equal(ldx_search_begin(adb, so, &s, &err), LDX_OK);
	while (ldx_search_next(s, &h, &err) == LDX_OK && n < 16)
		pmid[n++] = strdup(h->pmid);
	ldx_search_end(s);
	sqlite3_trace_v2(adb->sql, 0, NULL, NULL);
	*phrased = unit_traced_statements;
	qsort(pmid, (size_t)n, sizeof *pmid, compare_strings);
	out[0] = '\0';
	for (int i = 0, at = 0; i < n; i++) {
		at += snprintf(out + at, size - (size_t)at, "%s%s", i ? " " : "", pmid[i]);
		free(pmid[i]);
	}
}

/*
 * --author narrows through the authors column (prefilter.h), alone and
 * with words, and still passes exactly the papers with an author of that
 * name or last name, in ASCII letters of any case: the phrase of an
 * initial, of a last name inside another's, or of a name that another
 * name holds, finds more, and the filter drops them.  Names whose words
 * are stemmed ("Williams"), typed in capitals, with diacritics or with
 * several words are found.
 */
static void test_author_narrows_through_the_authors_column(void **state)
{
	static const struct { int pmid; const char *last, *initials; } papers[] = {
		{ 920000401, "Williams", "RJ" }, { 920000402, "Williamson", "R" },
		{ 920000403, "De Laat", "OI" },  { 920000404, "Laat", "O" },
		{ 920000405, "Muñoz", "W" },     { 920000406, "Muñoz", "WA" },
		{ 920000407, "Osei", "K" },      { 920000408, "K", "Osei" },
	};
	static const char *const names[] = {
		"Williams", "WILLIAMS RJ", "williams r", "Williamson", "Laat", "De Laat",
		"de laat oi", "Muñoz", "Muñoz W", "MUñOZ WA", "K", "Osei", "Osei K", "k OSEI", "O",
		"RJ", "Nobody",
	};
	char path[4096], xml[8192], want[256], got[256];
	size_t len = (size_t)snprintf(xml, sizeof xml, "<PubmedArticleSet>");
	ldx_db *adb = NULL;
	ldx_error err;
	int phrased;

	for (size_t i = 0; i < sizeof papers / sizeof *papers; i++)
		len += (size_t)snprintf(xml + len, sizeof xml - len,
		                        "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article>"
		                        "<ArticleTitle>Glutamate spillover</ArticleTitle><AuthorList>"
		                        "<Author><LastName>%s</LastName><Initials>%s</Initials>"
		                        "</Author></AuthorList></Article></MedlineCitation>"
		                        "</PubmedArticle>",
		                        papers[i].pmid, papers[i].last, papers[i].initials);
	len += (size_t)snprintf(xml + len, sizeof xml - len, "</PubmedArticleSet>");
	adb = own_index("authors", xml, len, 8, path, sizeof path);

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		ldx_search_opts so = { .author = names[i] };
		long count = -1;
		authors_exactly(adb, names[i], want, sizeof want);
		search_sorted(adb, &so, got, sizeof got, &phrased);
		assert_string_equal(got, want);
		assert_int_equal(phrased, 1);
		assert_int_equal(ldx_search_count(adb, &so, &count, &err), LDX_OK);
		assert_int_equal(count, pmids_in(want));
		so.query = "glutamate";
		search_sorted(adb, &so, got, sizeof got, &phrased);
		assert_string_equal(got, want);
		assert_true(phrased >= 1);
	}
	/* the exact answers the phrases must not lose or add to */
	authors_exactly(adb, "williams", want, sizeof want);
	assert_string_equal(want, "920000401");
	authors_exactly(adb, "muñoz w", want, sizeof want);
	assert_string_equal(want, "920000405");
	authors_exactly(adb, "K", want, sizeof want);
	assert_string_equal(want, "");
	authors_exactly(adb, "k OSEI", want, sizeof want);
	assert_string_equal(want, "920000408");

	ldx_close(adb);
	unit_remove_db(path);
}

/* The same lines from SQL's GROUP BY over the papers whose ids sql_ids
 * selects (the way facets were counted before facet.c counted them). */
static void facet_by_group(ldx_db *fdb, ldx_facet_field field, const char *sql_ids,
                           char *out, size_t size)
{
	char sql[1024];
	sqlite3_stmt *st;
	size_t at = 0;

	if (field == LDX_FACET_JOURNAL)
		snprintf(sql, sizeof sql,
		         "SELECT coalesce(nullif(journal_abbrev, ''), journal, '') AS j, count(*) "
		         "FROM papers WHERE id IN (%s) GROUP BY j ORDER BY count(*) DESC, j", sql_ids);
	else if (field == LDX_FACET_AUTHOR)
		snprintf(sql, sizeof sql,
		         "SELECT name, count(*) FROM paper_authors WHERE paper_id IN (%s) "
		         "GROUP BY name ORDER BY count(*) DESC, name", sql_ids);
	else
		snprintf(sql, sizeof sql,
		         "WITH RECURSIVE split(term, rest) AS (SELECT NULL, mesh || '; ' FROM papers "
		         "WHERE id IN (%s) AND mesh <> '' UNION ALL "
		         "SELECT substr(rest, 1, instr(rest, '; ') - 1), "
		         "substr(rest, instr(rest, '; ') + 2) FROM split WHERE rest <> '') "
		         "SELECT term, count(*) FROM split WHERE term IS NOT NULL AND term <> '' "
		         "GROUP BY term ORDER BY count(*) DESC, term", sql_ids);
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(fdb->sql, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		at += (size_t)snprintf(out + at, size - at, "%s%s %lld", at ? ", " : "",
		                       (const char *)sqlite3_column_text(st, 0),
		                       (long long)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
}

/*
 * Journals, authors and MeSH terms are counted in C (facet.c), not by
 * SQL's GROUP BY, with the same result: most hits first, equal counts in
 * byte order (capitals before small letters, ASCII before other UTF-8),
 * MeSH lists split at "; ", empty values and items left out where they
 * were, with and without words and filters.
 */
static void test_facets_count_like_group_by(void **state)
{
	static const struct {
		int pmid, year;
		const char *title, *journal, *abbrev, *authors[3], *mesh[4];
	} papers[] = {
		{ 930000501, 2001, "Glutamate spillover", "Neuron", "Neuron",
		  { "Zed A", "Abel B" }, { "Synapses", "Glutamic Acid" } },
		{ 930000502, 2002, "Glutamate uptake", "Neuron", "",
		  { "abel b", "Abel B", "Ölund C" }, { "Glutamic Acid", "Ölfactory Bulb" } },
		{ 930000503, 2003, "Glutamate receptors", "The Journal of neuroscience", "J Neurosci",
		  { "Abel B" }, { "Synapses", "Receptors", "synapses" } },
		{ 930000504, 2003, "Dopamine release", "", "",
		  { "Zed A", "Quist D" }, { "Dopamine" } },
		{ 930000505, 2004, "Glutamate and dopamine", "J Neurosci", "",
		  { "Quist D" }, { "" } },
		{ 930000506, 2005, "Glutamate sensing", "Cell", "Cell",
		  { "Yoo E" }, { "Receptors", "Synapses", "Glutamic Acid", "Zinc" } },
	};
	static const struct { const char *query, *author; int year_min; const char *ids; } runs[] = {
		{ NULL, NULL, 1900, "SELECT id FROM papers" },
		{ "glutamate", NULL, 0,
		  "SELECT rowid FROM papers_fts WHERE papers_fts MATCH 'title : glutamate'" },
		{ "glutamate", "abel", 0,
		  "SELECT paper_id FROM paper_authors WHERE name = 'Abel B' AND paper_id IN "
		  "(SELECT rowid FROM papers_fts WHERE papers_fts MATCH 'title : glutamate')" },
		{ NULL, NULL, 2003, "SELECT id FROM papers WHERE year >= 2003" },
		{ "serotonin", NULL, 0, "SELECT 0" },
	};
	static const ldx_facet_field fields[] = { LDX_FACET_JOURNAL, LDX_FACET_AUTHOR,
		                                  LDX_FACET_MESH };
	char path[4096], xml[16384], got[1024], want[1024];
	size_t len = (size_t)snprintf(xml, sizeof xml, "<PubmedArticleSet>");
	ldx_db *fdb = NULL;

	for (size_t i = 0; i < sizeof papers / sizeof *papers; i++) {
		len += (size_t)snprintf(xml + len, sizeof xml - len,
		                        "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article>"
		                        "<Journal><JournalIssue><PubDate><Year>%d</Year></PubDate>"
		                        "</JournalIssue><Title>%s</Title><ISOAbbreviation>%s"
		                        "</ISOAbbreviation></Journal><ArticleTitle>%s</ArticleTitle>"
		                        "<AuthorList>",
		                        papers[i].pmid, papers[i].year, papers[i].journal,
		                        papers[i].abbrev, papers[i].title);
		for (int a = 0; a < 3 && papers[i].authors[a]; a++)
			len += (size_t)snprintf(xml + len, sizeof xml - len,
			                        "<Author><CollectiveName>%s</CollectiveName></Author>",
			                        papers[i].authors[a]);
		len += (size_t)snprintf(xml + len, sizeof xml - len,
		                        "</AuthorList></Article><MeshHeadingList>");
		for (int m = 0; m < 4 && papers[i].mesh[m]; m++)
			len += (size_t)snprintf(xml + len, sizeof xml - len,
			                        "<MeshHeading><DescriptorName>%s</DescriptorName>"
			                        "</MeshHeading>", papers[i].mesh[m]);
		len += (size_t)snprintf(xml + len, sizeof xml - len,
		                        "</MeshHeadingList></MedlineCitation></PubmedArticle>");
	}
	len += (size_t)snprintf(xml + len, sizeof xml - len, "</PubmedArticleSet>");
	fdb = own_index("group", xml, len, 6, path, sizeof path);

	for (size_t r = 0; r < sizeof runs / sizeof *runs; r++)
		for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
			ldx_search_opts so = { .query = runs[r].query, .author = runs[r].author,
			                       .year_min = runs[r].year_min };
			facet_lines(fdb, &so, fields[k], got, sizeof got);
			facet_by_group(fdb, fields[k], runs[r].ids, want, sizeof want);
			assert_string_equal(got, want);
		}
	/* what the reference itself says, so that it cannot agree by being empty */
	ldx_search_opts all = { .year_min = 1900 };
	facet_lines(fdb, &all, LDX_FACET_AUTHOR, got, sizeof got);
	assert_string_equal(got, "Abel B 3, Quist D 2, Zed A 2, Yoo E 1, abel b 1, Ölund C 1");
	facet_lines(fdb, &all, LDX_FACET_MESH, got, sizeof got);
	assert_string_equal(got, "Glutamic Acid 3, Synapses 3, Receptors 2, Dopamine 1, "
	                         "Zinc 1, synapses 1, Ölfactory Bulb 1");
	facet_lines(fdb, &all, LDX_FACET_JOURNAL, got, sizeof got);
	assert_string_equal(got, "J Neurosci 2, Neuron 2,  1, Cell 1");
	/* empty items, which no parser stores, are left out as SQL left them
	 * (papers_fts goes stale here: the facet of years alone does not read it) */
	assert_int_equal(sqlite3_exec(fdb->sql, "UPDATE papers SET mesh = '; Zinc; ; Zinc;; x; ' "
	                                        "WHERE pmid = '930000506'", NULL, NULL, NULL),
	                 SQLITE_OK);
	facet_lines(fdb, &all, LDX_FACET_MESH, got, sizeof got);
	facet_by_group(fdb, LDX_FACET_MESH, "SELECT id FROM papers", want, sizeof want);
	assert_string_equal(got, want);
	assert_non_null(strstr(got, "Zinc 1, Zinc; 1, synapses 1, x 1"));

	ldx_close(fdb);
	unit_remove_db(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_title_outranks_abstract),
		cmocka_unit_test(test_scores_descend_and_ranks_count),
		cmocka_unit_test(test_highlight_markers),
		cmocka_unit_test(test_no_marks),
		cmocka_unit_test(test_filters_and_paging),
		cmocka_unit_test(test_prefilter_phrases),
		cmocka_unit_test(test_prefilter_keeps_exact_filters),
		cmocka_unit_test(test_bad_query_has_position),
		cmocka_unit_test(test_match_drives_the_plan),
		cmocka_unit_test(test_journal_alone_uses_the_venue_column),
		cmocka_unit_test(test_count_joins_papers_only_for_filters),
		cmocka_unit_test(test_year_facet_counted_in_the_index),
		cmocka_unit_test(test_author_narrows_through_the_authors_column),
		cmocka_unit_test(test_facets_count_like_group_by),
	};
	return cmocka_run_group_tests_name("search", tests, setup, teardown);
}
