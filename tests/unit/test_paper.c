/*
 * test_paper.c: ldx_paper_get: every key form (key, PMID with and without
 * a label, DOI spellings, PMC id), the fields and sources it fills, what
 * names no paper, and that a read-only handle serves it.
 */
#include "unit.h"

#include <sys/stat.h>

#include "litdex.h"

static char dir[4096], db_path[4200], a_path[4200], b_path[4200];
static ldx_db *db;

#define PMID_ART "900000301"

/* One paper with PMID, DOI and PMC id (and keywords, MeSH, a type), one
 * with only a DOI, one with no identifier at all. */
static const char a_xml[] =
	"<PubmedArticleSet>"
	"<PubmedArticle><MedlineCitation><PMID>" PMID_ART "</PMID><Article><Journal>"
	"<JournalIssue><PubDate><Year>2017</Year></PubDate></JournalIssue><Title>Neuron</Title>"
	"<ISOAbbreviation>Neuron</ISOAbbreviation></Journal>"
	"<ArticleTitle>Synaptic scaling after silencing</ArticleTitle><Abstract><AbstractText>"
	"Blocking spikes for two days scaled miniature currents up.</AbstractText></Abstract>"
	"<AuthorList><Author><LastName>Brandt</LastName><Initials>K</Initials></Author>"
	"<Author><LastName>Osei</LastName><Initials>KA</Initials></Author></AuthorList>"
	"<Language>eng</Language><PublicationTypeList><PublicationType>Journal Article"
	"</PublicationType></PublicationTypeList></Article>"
	"<MeshHeadingList><MeshHeading><DescriptorName>Synapses</DescriptorName></MeshHeading>"
	"</MeshHeadingList><KeywordList><Keyword>homeostasis</Keyword><Keyword>scaling</Keyword>"
	"</KeywordList></MedlineCitation><PubmedData><ArticleIdList>"
	"<ArticleId IdType=\"pubmed\">" PMID_ART "</ArticleId>"
	"<ArticleId IdType=\"doi\">10.5555/ABC.Def-1</ArticleId>"
	"<ArticleId IdType=\"pmc\">PMC7654321</ArticleId>"
	"</ArticleIdList></PubmedData></PubmedArticle>"
	"<PubmedArticle><MedlineCitation><PMID></PMID><Article><Journal>"
	"<JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue>"
	"<Title>eLife</Title></Journal><ArticleTitle>Dendritic spikes in layer 5</ArticleTitle>"
	"<ELocationID EIdType=\"doi\">10.5555/only.doi</ELocationID></Article></MedlineCitation>"
	"</PubmedArticle>"
	"<PubmedArticle><MedlineCitation><PMID></PMID><Article><Journal>"
	"<JournalIssue><PubDate><Year>2011</Year></PubDate></JournalIssue>"
	"<Title>eLife</Title></Journal><ArticleTitle>Untitled notes on glia</ArticleTitle>"
	"</Article></MedlineCitation></PubmedArticle>"
	"</PubmedArticleSet>";

/* The first paper again, from a second file: it then has two sources. */
static const char b_xml[] =
	"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>" PMID_ART "</PMID>"
	"<Article><Journal><JournalIssue><PubDate><Year>2017</Year></PubDate></JournalIssue>"
	"<Title>Neuron</Title></Journal><ArticleTitle>Synaptic scaling after silencing"
	"</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>";

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int setup(void **state)
{
	ldx_index_stats st;
	ldx_error err;
	const char *paths[2];

	snprintf(dir, sizeof dir, "/tmp/litdex-test-paper-%d", (int)getpid());
	snprintf(db_path, sizeof db_path, "%s/index.db", dir);
	snprintf(a_path, sizeof a_path, "%s/a.xml", dir);
	snprintf(b_path, sizeof b_path, "%s/b.xml", dir);
	mkdir(dir, 0700);
	if (write_file(a_path, a_xml) || write_file(b_path, b_xml))
		return -1;
	paths[0] = a_path;
	paths[1] = b_path;
	if (ldx_open(db_path, LDX_OPEN_CREATE, &db, &err) != LDX_OK)
		return -1;
	if (ldx_index_paths(db, paths, 2, NULL, &st, &err) != LDX_OK || st.records_added != 3)
		return -1;
	ldx_close(db);
	/* every test reads through a read-only handle, as show does */
	return ldx_open(db_path, LDX_OPEN_READONLY, &db, &err) == LDX_OK ? 0 : -1;
}

static int teardown(void **state)
{
	char aux[4300];
	ldx_close(db);
	unlink(a_path);
	unlink(b_path);
	unlink(db_path);
	snprintf(aux, sizeof aux, "%s-wal", db_path);
	unlink(aux);
	snprintf(aux, sizeof aux, "%s-shm", db_path);
	unlink(aux);
	rmdir(dir);
	return 0;
}

/* The key of the paper key names, into out ("" when none). */
static ldx_status key_of(const char *key, char *out, size_t n)
{
	ldx_paper *p = (ldx_paper *)&p;  /* must be reset to NULL on failure */
	ldx_error err;
	ldx_status rc = ldx_paper_get(db, key, &p, &err);
	out[0] = '\0';
	if (rc == LDX_OK) {
		snprintf(out, n, "%s", p->hit.key);
		ldx_paper_free(p);
	} else {
		assert_null(p);
	}
	return rc;
}

static void test_pmid_forms(void **state)
{
	static const char *const forms[] = {
		PMID_ART, "PMID:" PMID_ART, "pmid " PMID_ART, "PMID: " PMID_ART,
		"  " PMID_ART "\n", "pmid:" PMID_ART,
	};
	char key[256];
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		assert_int_equal(key_of(forms[i], key, sizeof key), LDX_OK);
		assert_string_equal(key, PMID_ART);
	}
}

static void test_doi_forms(void **state)
{
	static const char *const forms[] = {
		"10.5555/abc.def-1", "10.5555/ABC.DEF-1", "doi:10.5555/ABC.Def-1",
		"https://doi.org/10.5555/abc.def-1", "http://dx.doi.org/10.5555/abc.def-1",
		"DOI: 10.5555/abc.def-1",
	};
	char key[256];
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		assert_int_equal(key_of(forms[i], key, sizeof key), LDX_OK);
		assert_string_equal(key, PMID_ART);  /* the paper's key is its PMID */
	}
	/* a paper with only a DOI is keyed by it */
	assert_int_equal(key_of("https://doi.org/10.5555/ONLY.DOI", key, sizeof key), LDX_OK);
	assert_string_equal(key, "10.5555/only.doi");
}

static void test_pmcid_forms(void **state)
{
	char key[256];
	assert_int_equal(key_of("PMC7654321", key, sizeof key), LDX_OK);
	assert_string_equal(key, PMID_ART);
	assert_int_equal(key_of("pmc7654321", key, sizeof key), LDX_OK);
	assert_string_equal(key, PMID_ART);
	assert_int_equal(key_of("PMCID: PMC7654321", key, sizeof key), LDX_OK);
	assert_string_equal(key, PMID_ART);
}

/* A paper with no identifier has only its title key, which search hands out. */
static void test_title_key(void **state)
{
	ldx_search_opts so = { .query = "glia" };
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	char hkey[256], key[256];

	assert_int_equal(ldx_search_begin(db, &so, &s, &err), LDX_OK);
	assert_int_equal(ldx_search_next(s, &h, &err), LDX_OK);
	snprintf(hkey, sizeof hkey, "%s", h->key);
	ldx_search_end(s);
	assert_memory_equal(hkey, "t:", 2);
	assert_int_equal(key_of(hkey, key, sizeof key), LDX_OK);
	assert_string_equal(key, hkey);
}

static void test_unknown(void **state)
{
	static const char *const misses[] = {
		"PMID:1", "900000399", "10.5555/none", "doi:10.5555/abc.def-2", "PMC1",
		"PMCID:7654321x", "nonsense", "t:0000000000000000", "PMID:" PMID_ART "x",
		"pmid", "PMC",
	};
	char key[256];
	for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++)
		assert_int_equal(key_of(misses[i], key, sizeof key), LDX_DONE);
}

static void test_bad_keys(void **state)
{
	ldx_paper *p = NULL;
	ldx_error err;
	char *longkey = malloc(10000);
	assert_non_null(longkey);
	assert_int_equal(ldx_paper_get(db, "", &p, &err), LDX_ERR_USAGE);
	assert_null(p);
	assert_int_equal(ldx_paper_get(db, "   ", &p, &err), LDX_ERR_USAGE);
	assert_int_equal(ldx_paper_get(db, NULL, &p, &err), LDX_ERR_USAGE);
	memset(longkey, '1', 9999);
	longkey[9999] = '\0';
	assert_int_equal(ldx_paper_get(db, longkey, &p, &err), LDX_DONE);
	assert_null(p);
	free(longkey);
}

static void test_fields_and_sources(void **state)
{
	ldx_paper *p = NULL;
	ldx_error err;

	assert_int_equal(ldx_paper_get(db, PMID_ART, &p, &err), LDX_OK);
	const ldx_hit *h = &p->hit;
	assert_int_equal(h->rank, 1);
	assert_string_equal(h->pmid, PMID_ART);
	assert_string_equal(h->doi, "10.5555/abc.def-1");
	assert_string_equal(h->pmcid, "PMC7654321");
	assert_string_equal(h->title, "Synaptic scaling after silencing");
	assert_string_equal(h->title_hl, h->title);
	assert_string_equal(h->abstract,
	                    "Blocking spikes for two days scaled miniature currents up.");
	assert_string_equal(h->snippet, h->abstract);  /* short: the whole of it */
	assert_string_equal(h->authors, "Brandt K; Osei KA");
	assert_string_equal(h->journal, "Neuron");
	assert_string_equal(h->journal_abbrev, "Neuron");
	assert_int_equal(h->year, 2017);
	assert_string_equal(h->keywords, "homeostasis; scaling");
	assert_string_equal(h->mesh, "Synapses");
	assert_string_equal(h->pub_types, "Journal Article");
	assert_string_equal(h->language, "eng");
	assert_non_null(h->why);
	assert_true(p->added_at > 0);
	assert_true(p->updated_at >= p->added_at);
	assert_int_equal(p->nsources, 2);
	assert_string_equal(p->sources[0], a_path);
	assert_string_equal(p->sources[1], b_path);
	ldx_paper_free(p);

	/* unknown fields are "", never NULL */
	assert_int_equal(ldx_paper_get(db, "10.5555/only.doi", &p, &err), LDX_OK);
	assert_string_equal(p->hit.pmid, "");
	assert_string_equal(p->hit.pmcid, "");
	assert_string_equal(p->hit.abstract, "");
	assert_string_equal(p->hit.snippet, "");
	assert_string_equal(p->hit.mesh, "");
	assert_int_equal(p->nsources, 1);
	assert_string_equal(p->sources[0], a_path);
	ldx_paper_free(p);
	ldx_paper_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pmid_forms),
		cmocka_unit_test(test_doi_forms),
		cmocka_unit_test(test_pmcid_forms),
		cmocka_unit_test(test_title_key),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_bad_keys),
		cmocka_unit_test(test_fields_and_sources),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
