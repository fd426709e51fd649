/*
 * test_medline.c: the MEDLINE tagged-text reader (src/ingest/medline.c,
 * with the shared src/ingest/tagged.c): fields, record boundaries, bad
 * input and detection on small inputs written here, then exact field
 * values and record counts on the real MEDLINE / .nbib files in
 * ../shared/data, and a crash sweep over them and the RIS files.
 */
#include "unit.h"

#include "error.h"
#include "ingest/input.h"
#include "ingest/reader.h"
#include "reader_run.h"

/* ---- Running the reader ------------------------------------------------- */

static void run_text(run *r, const char *text)
{
	ldx_input *in;
	ldx_error err;

	assert_int_equal(ldx_input_open_memory("test.nbib", text, strlen(text), &in, &err),
	                 LDX_OK);
	run_input(&ldx_reader_medline, r, in);
	ldx_input_close(in);
}

static int sniff(const char *text, const char *ext)
{
	return ldx_reader_medline.sniff(text, strlen(text), ext);
}

/* ---- Fields ----------------------------------------------------------------- */

static const char full_record[] =
	"PMID- 31000001\n"
	"OWN - NLM\n"
	"DP  - 2019 May-Jun\n"
	"TI  - Ketamine restores synaptic\n"
	"      plasticity in stressed mice.\n"
	"LID - S0000-0000(19)00001-1 [pii]\n"
	"AB  - BACKGROUND: Ketamine acts fast.\n"
	"      RESULTS: Spines grew back.\n"
	"FAU - Kavalali, Ege T\n"
	"AU  - Kavalali ET\n"
	"FAU - Monteggia, Lisa M\n"
	"AU  - Monteggia LM\n"
	"CN  - Plasticity Study Group\n"
	"LA  - eng\n"
	"LA  - fre\n"
	"PT  - Journal Article\n"
	"PT  - Review\n"
	"TA  - J Neurosci\n"
	"JT  - The Journal of neuroscience\n"
	"MH  - *Ketamine/administration & dosage/*pharmacology\n"
	"MH  - Neuronal Plasticity/drug\n"
	"      effects\n"
	"MH  - Mice\n"
	"OT  - BDNF\n"
	"OT  - synaptic plasticity\n"
	"PMC - PMC6500001\n"
	"AID - S0000-0000(19)00001-1 [pii]\n"
	"AID - 10.1523/JNEUROSCI.0001-19.2019 [doi]\n"
	"SO  - J Neurosci. 2019;39(1):1-2.\n";

static void test_fields(void **unused)
{
	run r;
	ldx_record *rec;

	run_text(&r, full_record);
	assert_string_equal(r.seq, "r");
	rec = &r.recs[0];
	assert_int_equal(rec->line, 1);
	assert_string_equal(rec->pmid, "31000001");
	assert_string_equal(rec->title, "Ketamine restores synaptic plasticity in stressed mice.");
	assert_string_equal(rec->abstract,
	                    "BACKGROUND: Ketamine acts fast. RESULTS: Spines grew back.");
	assert_int_equal(rec->year, 2019);
	assert_int_equal(rec->authors.n, 3);
	assert_string_equal(rec->authors.v[0], "Kavalali ET");
	assert_string_equal(rec->authors.v[1], "Monteggia LM");
	assert_string_equal(rec->authors.v[2], "Plasticity Study Group");
	assert_string_equal(rec->language, "eng");
	assert_int_equal(rec->pub_types.n, 2);
	assert_string_equal(rec->pub_types.v[1], "Review");
	assert_string_equal(rec->journal, "The Journal of neuroscience");
	assert_string_equal(rec->journal_abbrev, "J Neurosci");
	assert_int_equal(rec->mesh.n, 3);
	assert_string_equal(rec->mesh.v[0], "Ketamine");
	assert_string_equal(rec->mesh.v[1], "Neuronal Plasticity");
	assert_string_equal(rec->mesh.v[2], "Mice");
	assert_int_equal(rec->keywords.n, 2);
	assert_string_equal(rec->keywords.v[1], "synaptic plasticity");
	assert_string_equal(rec->pmcid, "PMC6500001");
	/* The [pii] ids come first and are not DOIs. */
	assert_string_equal(rec->doi, "10.1523/jneurosci.0001-19.2019");
	run_free(&r);
}

static void test_authors(void **unused)
{
	run r;

	/* Only FAU: names are derived; "et al." is nobody; AU in the
	 * "Last, First" form (ERIC) is converted too. */
	run_text(&r,
	         "PMID- 1\n"
	         "FAU - Castren, Eero\n"
	         "FAU - de Hoon, M J L\n"
	         "FAU - Jean-Paul, Marie-Claire Anne\n"
	         "FAU - Selvamani\n"
	         "\n"
	         "PMID- 2\n"
	         "AU  - Nestler EJ\n"
	         "AU  - et al.\n"
	         "\n"
	         "OWN - ERIC\n"
	         "AU  - van Groen, Maaike M.\n"
	         "AU  - Di Giacomo, F. Tony\n");
	assert_string_equal(r.seq, "rrr");
	assert_int_equal(r.recs[0].authors.n, 4);
	assert_string_equal(r.recs[0].authors.v[0], "Castren E");
	assert_string_equal(r.recs[0].authors.v[1], "de Hoon MJL");
	assert_string_equal(r.recs[0].authors.v[2], "Jean-Paul MCA");
	assert_string_equal(r.recs[0].authors.v[3], "Selvamani");
	assert_int_equal(r.recs[1].authors.n, 1);
	assert_string_equal(r.recs[1].authors.v[0], "Nestler EJ");
	assert_null(r.recs[2].pmid);
	assert_int_equal(r.recs[2].authors.n, 2);
	assert_string_equal(r.recs[2].authors.v[0], "van Groen MM");
	assert_string_equal(r.recs[2].authors.v[1], "Di Giacomo FT");
	run_free(&r);
}

static void test_ids_and_titles(void **unused)
{
	run r;

	run_text(&r,
	         /* Tags written tight, as some tools do; a "doi:" AID. */
	         "PMID-22000001\n"
	         "TI  -Tight tag\n"
	         "AID - doi:10.1000/ABC.1\n"
	         "PMC -22000002\n"
	         "\n"
	         /* A whole book: BTI is the title. */
	         "PMID- 22000003\n"
	         "BTI - Neurotrophins in Health\n"
	         "\n"
	         /* A chapter: TI is the title and the book stands as journal. */
	         "PMID- 22000004\n"
	         "TI  - BDNF signalling\n"
	         "BTI - Neurotrophins in Health\n"
	         "\n"
	         /* Repeated TI and AB lines are appended. */
	         "PMID- 22000005\n"
	         "TI  - Part one:\n"
	         "TI  - part two\n"
	         "AB  - First.\n"
	         "AB  - Second.\n"
	         "LID - 10.1000/xyz [doi]\n"
	         "AID - 10.1000/other [doi]\n"
	         "PMID- 22000006\n"
	         "TI  - Pasted without a blank line\n");
	assert_string_equal(r.seq, "rrrrr");
	assert_string_equal(r.recs[0].pmid, "22000001");
	assert_string_equal(r.recs[0].title, "Tight tag");
	assert_string_equal(r.recs[0].doi, "10.1000/abc.1");
	assert_string_equal(r.recs[0].pmcid, "PMC22000002");
	assert_string_equal(r.recs[1].title, "Neurotrophins in Health");
	assert_null(r.recs[1].journal);
	assert_string_equal(r.recs[2].title, "BDNF signalling");
	assert_string_equal(r.recs[2].journal, "Neurotrophins in Health");
	assert_string_equal(r.recs[3].title, "Part one: part two");
	assert_string_equal(r.recs[3].abstract, "First. Second.");
	assert_string_equal(r.recs[3].doi, "10.1000/xyz");
	assert_string_equal(r.recs[4].pmid, "22000006");
	assert_int_equal(r.recs[4].line, 20);
	run_free(&r);
}

/* ---- Boundaries and bad input ------------------------------------------------ */

static void test_crlf_bom_blank_runs(void **unused)
{
	run r;

	run_text(&r,
	         "\xEF\xBB\xBF\r\n"
	         "PMID- 11\r\n"
	         "TI  - First\r\n"
	         "      title\r\n"
	         "\r\n"
	         "   \r\n"
	         "\r\n"
	         "PMID- 12\r\n"
	         "DP  - 2001\r\n");
	assert_string_equal(r.seq, "rr");
	assert_int_equal(r.recs[0].line, 2);
	assert_string_equal(r.recs[0].title, "First title");
	assert_int_equal(r.recs[1].line, 8);
	assert_int_equal(r.recs[1].year, 2001);
	run_free(&r);
}

static void test_bad_lines(void **unused)
{
	run r;

	run_text(&r,
	         "PMID- 101\n"                      /* 1 */
	         "TI  - Before the bad line\n"      /* 2 */
	         "this is not a tag\n"              /* 3: reported */
	         "      orphan continuation\n"      /* 4: same record, not again */
	         "AB  - After the bad line.\n"      /* 5 */
	         "\n"
	         "Just some stray words.\n"         /* 7: reported, no record */
	         "\n"
	         "PMID- 102\n"                      /* 9 */
	         "TI  - Clean\n");
	assert_string_equal(r.seq, "erer");
	assert_int_equal(r.errors, 2);
	assert_int_equal(r.errs[0].code, LDX_ERR_PARSE);
	assert_int_equal(r.errs[0].line, 3);
	assert_string_equal(r.errs[0].file, "test.nbib");
	assert_int_equal(r.errs[1].line, 7);
	assert_non_null(strstr(r.errs[0].message, "line 3"));
	/* The record around the bad line keeps both sides of it. */
	assert_string_equal(r.recs[0].pmid, "101");
	assert_string_equal(r.recs[0].title, "Before the bad line");
	assert_string_equal(r.recs[0].abstract, "After the bad line.");
	assert_string_equal(r.recs[1].pmid, "102");
	run_free(&r);
}

static void test_truncated(void **unused)
{
	run r;
	char cut[sizeof full_record];
	const char *ab = strstr(full_record, "AB  - ");

	/* Cut in the middle of the abstract's first line. */
	size_t n = (size_t)(ab - full_record) + 16;
	memcpy(cut, full_record, n);
	cut[n] = '\0';
	run_text(&r, cut);
	assert_string_equal(r.seq, "r");
	assert_string_equal(r.recs[0].pmid, "31000001");
	assert_string_equal(r.recs[0].abstract, "BACKGROUND");
	assert_int_equal(r.recs[0].authors.n, 0);
	run_free(&r);

	run_text(&r, "");
	assert_string_equal(r.seq, "");
	run_free(&r);
}

static void test_invalid_utf8(void **unused)
{
	run r;

	run_text(&r, "PMID- 5\nTI  - Caf\xe9 \xff\xfe study\nFAU - M\xc3\xbcller, J\xfcrgen\n");
	assert_string_equal(r.seq, "r");
	assert_string_equal(r.recs[0].title, "Caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD study");
	assert_string_equal(r.recs[0].authors.v[0], "M\xc3\xbcller J");
	run_free(&r);
}

static void test_sniff(void **unused)
{
	assert_int_equal(sniff("PMID- 1\nTI  - x\n", "txt"), 90);
	assert_int_equal(sniff("\xEF\xBB\xBF\nPMID-22664220\n", ""), 90);
	assert_int_equal(sniff("\nOWN - ERIC\nTI  - x\n", "txt"), 80);
	assert_int_equal(sniff("TI  - x\nAU  - Doe J\n", "nbib"), 80);
	assert_int_equal(sniff("TI  - x\nAU  - Doe J\n", "txt"), 0);
	assert_int_equal(sniff("TY  - JOUR\nTI  - x\nER  - \n", "nbib"), 0);
	assert_int_equal(sniff("<?xml version=\"1.0\"?>\n<PubmedArticleSet>", "xml"), 0);
	assert_int_equal(sniff("FN Clarivate Analytics Web of Science\nVR 1.0\n", "txt"), 0);
	assert_int_equal(sniff("Ketamine is a drug.\n", "txt"), 0);
	assert_int_equal(sniff("", ""), 0);
}

/* ---- Real files ------------------------------------------------------------ */

static void test_biopython(void **unused)
{
	const char *path = unit_shared_path("biopython-entrez/Medline/pubmed_result2.txt");
	run r;
	ldx_record *rec;

	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_medline, &r, path);
	assert_string_equal(r.seq, "rrrr");
	rec = &r.recs[0];
	assert_int_equal(rec->line, 2);
	assert_string_equal(rec->pmid, "16403221");
	assert_string_equal(rec->title,
	                    "A high level interface to SCOP and ASTRAL implemented in python.");
	assert_int_equal(rec->year, 2006);
	assert_string_equal(rec->journal, "BMC bioinformatics");
	assert_string_equal(rec->journal_abbrev, "BMC Bioinformatics");
	assert_int_equal(rec->authors.n, 3);
	assert_string_equal(rec->authors.v[0], "Casbon JA");
	assert_string_equal(rec->doi, "10.1186/1471-2105-7-10");
	assert_string_equal(rec->pmcid, "PMC1373603");
	assert_int_equal(rec->mesh.n, 9);
	assert_string_equal(rec->mesh.v[2], "Information Storage and Retrieval");
	assert_int_equal(rec->pub_types.n, 2);
	assert_string_equal(r.recs[3].pmid, "14630660");
	run_free(&r);

	/* A MeSH heading wrapped over two lines. */
	path = unit_shared_path("biopython-entrez/Medline/pubmed_result3.txt");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_medline, &r, path);
	assert_string_equal(r.seq, "r");
	assert_string_equal(r.recs[0].pmid, "23039619");
	assert_string_equal(r.recs[0].doi, "10.1118/1.4748329");
	assert_int_equal(r.recs[0].year, 2012);
	assert_int_equal(r.recs[0].mesh.n, 8);
	assert_string_equal(r.recs[0].mesh.v[1], "High-Intensity Focused Ultrasound Ablation");
	assert_int_equal(r.recs[0].authors.n, 4);
	run_free(&r);
}

static void test_zotero_nbib(void **unused)
{
	const char *path = unit_shared_path("zotero-translators/medline-nbib/case06.nbib");
	run r;

	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_medline, &r, path);
	assert_string_equal(r.seq, "r");
	assert_string_equal(r.recs[0].pmid, "35128459");
	assert_string_equal(r.recs[0].pmcid, "PMC8816568");
	assert_int_equal(r.recs[0].year, 2021);
	assert_int_equal(r.recs[0].keywords.n, 6);
	assert_int_equal(r.recs[0].authors.n, 6);
	assert_string_equal(r.recs[0].authors.v[0], "Bith-Melander P");
	assert_null(r.recs[0].doi);
	run_free(&r);

	/* A book chapter after a journal article: editors are not authors. */
	path = unit_shared_path("zotero-translators/medline-nbib/case02.nbib");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_medline, &r, path);
	assert_string_equal(r.seq, "rr");
	assert_string_equal(r.recs[1].pmid, "21249755");
	assert_string_equal(r.recs[1].title, "Peutz-Jeghers Syndrome");
	assert_string_equal(r.recs[1].journal, "Cancer Syndromes");
	assert_int_equal(r.recs[1].authors.n, 7);
	assert_string_equal(r.recs[1].authors.v[0], "Riegert-Johnson D");
	run_free(&r);

	/* ERIC records: no PMID, "Last, First" authors, a DOI link. */
	path = unit_shared_path("zotero-translators/medline-nbib/case05.nbib");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_medline, &r, path);
	assert_string_equal(r.seq, "rrr");
	assert_null(r.recs[1].pmid);
	assert_string_equal(r.recs[1].doi, "10.1186/s40468-019-0086-7");
	assert_int_equal(r.recs[1].year, 2019);
	assert_string_equal(r.recs[1].authors.v[0], "Zhou Y");
	assert_int_equal(r.recs[1].keywords.n, 13);
	run_free(&r);
}

static void test_jabref(void **unused)
{
	const char *path =
		unit_shared_path("jabref-importer-fixtures/medline-plain/"
		                 "MedlinePlainImporterTestMultipleEntries.txt");
	run r;

	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_medline, &r, path);
	/* The stray sentence between two records is the one error. */
	assert_string_equal(r.seq, "rerrrrrr");
	assert_int_equal(r.errs[0].line, 53);
	assert_string_equal(r.recs[0].pmid, "20481061");
	assert_int_equal(r.recs[0].mesh.n, 10);
	assert_string_equal(r.recs[1].pmcid, "PMC22664230");
	assert_string_equal(r.recs[1].abstract, "Old Abstract new abstract");
	assert_int_equal(r.recs[1].year, 2013);
	assert_string_equal(r.recs[2].title,
	                    "This is a Testtitle This title should be appended: This title "
	                    "should also be appended. Another append to the Title? LastTitle");
	assert_string_equal(r.recs[3].doi, "10.1016/j.cpr.2005.02.002");
	assert_string_equal(r.recs[6].pmid, "45984220");
	run_free(&r);

	path = unit_shared_path("jabref-importer-fixtures/medline-plain/"
	                        "MedlinePlainImporterStringOutOfBounds.txt");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_medline, &r, path);
	assert_string_equal(r.seq, "err");
	assert_int_equal(r.errs[0].line, 3);
	assert_string_equal(r.recs[0].title, "This is a test title");
	assert_string_equal(r.recs[1].title, "This is also a test title");
	run_free(&r);

	path = unit_shared_path("jabref-importer-fixtures/nbib/NbibImporterTest.nbib");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_medline, &r, path);
	assert_string_equal(r.seq, "r");
	assert_string_equal(r.recs[0].doi, "10.4103/2277-9175.180636");
	assert_int_equal(r.recs[0].authors.n, 4);
	assert_string_equal(r.recs[0].authors.v[2], "Selvamani");
	assert_string_equal(r.recs[0].authors.v[3], "corporater");
	assert_int_equal(r.recs[0].keywords.n, 5);
	run_free(&r);
}

/* Every MEDLINE file with its exact record and error counts. */
static void test_all_files(void **unused)
{
	static const struct {
		const char *path;
		size_t records;
		int errors;
	} files[] = {
		{ "biopython-entrez/Medline/pubmed_result1.txt", 1, 0 },
		{ "biopython-entrez/Medline/pubmed_result2.txt", 4, 0 },
		{ "biopython-entrez/Medline/pubmed_result3.txt", 1, 0 },
		{ "zotero-translators/medline-nbib/case01.nbib", 1, 0 },
		{ "zotero-translators/medline-nbib/case02.nbib", 2, 0 },
		{ "zotero-translators/medline-nbib/case03.nbib", 1, 0 },
		{ "zotero-translators/medline-nbib/case04.nbib", 1, 0 },
		{ "zotero-translators/medline-nbib/case05.nbib", 3, 0 },
		{ "zotero-translators/medline-nbib/case06.nbib", 1, 0 },
		{ "zotero-translators/medline-nbib/case07.nbib", 4, 0 },
		{ "zotero-translators/medline-nbib/case08.nbib", 2, 0 },
		{ "zotero-translators/medline-nbib/case09.nbib", 1, 0 },
		{ "jabref-importer-fixtures/medline-plain/MedlinePlainImporterStringOutOfBounds.txt", 2, 1 },
		{ "jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestCompleteEntry.txt", 1, 0 },
		{ "jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestDOI.txt", 1, 0 },
		{ "jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestInproceeding.txt", 1, 0 },
		{ "jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestMultiAbstract.txt", 1, 0 },
		{ "jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestMultiTitle.txt", 1, 0 },
		{ "jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestMultipleEntries.txt", 7, 1 },
		{ "jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestInvalidFormat.xml", 0, 1 },
		{ "jabref-importer-fixtures/nbib/NbibImporterTest.nbib", 1, 0 },
	};
	size_t total = 0;

	UNIT_REQUIRE_FILE(unit_shared_path(files[0].path));
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		const char *path = unit_shared_path(files[i].path);
		run r;

		UNIT_REQUIRE_FILE(path);
		run_path(&ldx_reader_medline, &r, path);
		if (r.n != files[i].records || r.errors != files[i].errors)
			fail_msg("%s: %zu records, %d errors", files[i].path, r.n, r.errors);
		total += r.n;
		run_free(&r);
	}
	assert_int_equal(total, 37);
}

/* Files of other formats must not crash or hang the reader. */
static void test_other_formats(void **unused)
{
	static const char *const paths[] = {
		"rispy/example_wos.ris",
		"rispy/example_utf_chars.ris",
		"jabref-importer-fixtures/ris/RisImporterTest1.ris",
		"zotero-translators/ris/case03.ris",
		"asreview-cohen2006/ris/schoot-lgmm-ptsd-included-2.ris",
	};

	UNIT_REQUIRE_FILE(unit_shared_path(paths[0]));
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		run r;

		UNIT_REQUIRE_FILE(unit_shared_path(paths[i]));
		run_path(&ldx_reader_medline, &r, unit_shared_path(paths[i]));
		run_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_authors),
		cmocka_unit_test(test_ids_and_titles),
		cmocka_unit_test(test_crlf_bom_blank_runs),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_biopython),
		cmocka_unit_test(test_zotero_nbib),
		cmocka_unit_test(test_jabref),
		cmocka_unit_test(test_all_files),
		cmocka_unit_test(test_other_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
