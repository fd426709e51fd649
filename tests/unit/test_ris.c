/*
 * test_ris.c: the RIS and Web of Science reader (src/ingest/ris.c, with
 * the shared src/ingest/tagged.c): fields, tag variants, record
 * boundaries, bad input and detection on small inputs written here, then
 * exact field values and record counts on the real RIS and WoS files in
 * ../shared/data, and a crash sweep over them and the MEDLINE files.
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

	assert_int_equal(ldx_input_open_memory("test.ris", text, strlen(text), &in, &err),
	                 LDX_OK);
	run_input(&ldx_reader_ris, r, in);
	ldx_input_close(in);
}

static int sniff(const char *text, const char *ext)
{
	return ldx_reader_ris.sniff(text, strlen(text), ext);
}

/* ---- RIS fields ---------------------------------------------------------- */

static void test_fields(void **unused)
{
	run r;
	ldx_record *rec;

	run_text(&r,
	         "TY  - JOUR\n"
	         "T1  - Ketamine and BDNF in\n"
	         "rapid antidepressant action\n"
	         "TI  - A second title is ignored\n"
	         "AU  - Autry, Anita E.\n"
	         "A1  - Monteggia,L. M.\n"
	         "A2  - Editor, Some\n"
	         "KW  - ketamine\n"
	         "KW  - BDNF; eEF2 kinase\n"
	         "synaptic plasticity\n"
	         "JF  - Nature\n"
	         "JO  - Nature (London)\n"
	         "JA  - Nature\n"
	         "Y1  - 1999\n"
	         "PY  - 2011/06/15/\n"
	         "DO  - https://doi.org/10.1000/Nature.2011.1\n"
	         "LA  - eng\n"
	         "N2  - Notes abstract.\n"
	         "AB  - Real abstract,\n"
	         "   over two lines.\n"
	         "ER  - \n"
	         "\n"
	         "TY  - BOOK\n"
	         "BT  - A book title only\n"
	         "N2  - Only N2 here.\n"
	         "DA  - 2003/01/01\n"
	         "Y1  - 1998\n"
	         "ER  -\n");
	assert_string_equal(r.seq, "rr");
	rec = &r.recs[0];
	assert_int_equal(rec->line, 1);
	assert_string_equal(rec->title, "Ketamine and BDNF in rapid antidepressant action");
	assert_int_equal(rec->authors.n, 2);
	assert_string_equal(rec->authors.v[0], "Autry AE");
	assert_string_equal(rec->authors.v[1], "Monteggia LM");
	assert_int_equal(rec->keywords.n, 4);
	assert_string_equal(rec->keywords.v[0], "ketamine");
	assert_string_equal(rec->keywords.v[1], "BDNF");
	assert_string_equal(rec->keywords.v[2], "eEF2 kinase");
	assert_string_equal(rec->keywords.v[3], "synaptic plasticity");
	assert_string_equal(rec->journal, "Nature");
	assert_string_equal(rec->journal_abbrev, "Nature");
	assert_int_equal(rec->year, 2011);
	assert_string_equal(rec->doi, "10.1000/nature.2011.1");
	assert_string_equal(rec->language, "eng");
	assert_string_equal(rec->abstract, "Real abstract, over two lines.");
	assert_null(rec->pmid);
	rec = &r.recs[1];
	assert_int_equal(rec->line, 23);
	assert_string_equal(rec->title, "A book title only");
	assert_string_equal(rec->abstract, "Only N2 here.");
	/* DA before the deprecated Y1. */
	assert_int_equal(rec->year, 2003);
	run_free(&r);
}

static void test_journal_and_year_fallbacks(void **unused)
{
	run r;

	run_text(&r,
	         "TY  - JOUR\nTI  - a\nJO  - J Neurochem\nT2  - Journal of Neurochemistry\n"
	         "J2  - J. Neurochem.\nPY  - 0000\nY1  - 2010///\nER  - \n"
	         "TY  - JOUR\nTI  - b\nT2  - Neuron\nPY  - In press\nER  - \n");
	assert_string_equal(r.seq, "rr");
	assert_string_equal(r.recs[0].journal, "J Neurochem");
	assert_string_equal(r.recs[0].journal_abbrev, "J. Neurochem.");
	assert_int_equal(r.recs[0].year, 2010);
	assert_string_equal(r.recs[1].journal, "Neuron");
	assert_int_equal(r.recs[1].year, 0);
	run_free(&r);
}

static void test_ids(void **unused)
{
	run r;

	run_text(&r,
	         /* PubMed's own RIS: AN with DB PubMed, labelled U1/U2. */
	         "TY  - JOUR\nTI  - a\nAN  - 26957754\nDB  - PubMed\n"
	         "U2  - PMC4756000[pmcid]\nER  - \n"
	         /* An all-digit AN from another database is not a PMID. */
	         "TY  - JOUR\nTI  - b\nDB  - Scopus\nAN  - 12345678\n"
	         "UR  - http://dx.doi.org/10.1023/A:1017379030770\nER  - \n"
	         /* Labelled PMID; PubMed and PMC links; a bare 10. in L1 is a
	          * file name, and DO wins over a link. */
	         "TY  - JOUR\nTI  - c\nU1  - 23690738[pmid]\n"
	         "L1  - 10.1000/file.pdf\nER  - \n"
	         "TY  - JOUR\nTI  - d\nUR  - https://pubmed.ncbi.nlm.nih.gov/31000001/\n"
	         "L2  - https://www.ncbi.nlm.nih.gov/pmc/articles/PMC600001/\n"
	         "UR  - https://doi.org/10.1000/link\nDO  - 10.1000/real\nAN  - PMC700001\n"
	         "ER  - \n");
	assert_string_equal(r.seq, "rrrr");
	assert_string_equal(r.recs[0].pmid, "26957754");
	assert_string_equal(r.recs[0].pmcid, "PMC4756000");
	assert_null(r.recs[1].pmid);
	assert_string_equal(r.recs[1].doi, "10.1023/a:1017379030770");
	assert_string_equal(r.recs[2].pmid, "23690738");
	assert_null(r.recs[2].doi);
	assert_string_equal(r.recs[3].pmid, "31000001");
	assert_string_equal(r.recs[3].doi, "10.1000/real");
	/* L2 is not read; AN "PMC..." is. */
	assert_string_equal(r.recs[3].pmcid, "PMC700001");
	run_free(&r);
}

static void test_tag_variants(void **unused)
{
	run r;

	/* One space before the dash (some exporters), CRLF, a BOM, ER
	 * without a trailing space and no newline at the end. */
	run_text(&r,
	         "\xEF\xBB\xBFTY - JOUR\r\n"
	         "AU - CASTOE, TODD A.\r\n"
	         "AU - Cao, WX\r\n"
	         "AU - Consortium Without Comma\r\n"
	         "TI - One space\r\n"
	         "ER -");
	assert_string_equal(r.seq, "r");
	assert_string_equal(r.recs[0].title, "One space");
	assert_int_equal(r.recs[0].authors.n, 3);
	assert_string_equal(r.recs[0].authors.v[0], "CASTOE TA");
	assert_string_equal(r.recs[0].authors.v[1], "Cao WX");
	assert_string_equal(r.recs[0].authors.v[2], "Consortium Without Comma");
	run_free(&r);
}

/* ---- Bad input ------------------------------------------------------------- */

static void test_missing_er(void **unused)
{
	run r;

	run_text(&r,
	         "TY  - JOUR\n"             /* 1: no ER */
	         "TI  - First\n"
	         "\n"
	         "TY  - JOUR\n"             /* 4 */
	         "TI  - Second\n"
	         "ER  - \n"
	         "TY  - JOUR\n"             /* 7: the file ends first */
	         "TI  - Third\n"
	         "AB  - Cut off in the mid");
	assert_string_equal(r.seq, "errer");
	assert_int_equal(r.errs[0].code, LDX_ERR_PARSE);
	assert_int_equal(r.errs[0].line, 1);
	assert_string_equal(r.errs[0].file, "test.ris");
	assert_non_null(strstr(r.errs[0].message, "record starting at line 1 has no ER"));
	assert_int_equal(r.errs[1].line, 7);
	assert_string_equal(r.recs[0].title, "First");
	assert_int_equal(r.recs[0].line, 1);
	assert_string_equal(r.recs[1].title, "Second");
	assert_int_equal(r.recs[1].line, 4);
	assert_string_equal(r.recs[2].title, "Third");
	assert_string_equal(r.recs[2].abstract, "Cut off in the mid");
	run_free(&r);
}

static void test_stray_text(void **unused)
{
	run r;

	run_text(&r,
	         "Exported by some tool\n"  /* 1: reported */
	         "on some day\n"            /* 2: same run, not again */
	         "TY  - JOUR\n"
	         "TI  - Good\n"
	         "ER  - \n"
	         "JF  - Journal first\n"    /* 6: a record without TY */
	         "TI  - Headless\n"
	         "ER  - \n"
	         "TY  - JOUR\n"             /* a bare TY: an error, no record */
	         "TY  - JOUR\n"
	         "TI  - Last\n"
	         "ER  - \n");
	assert_string_equal(r.seq, "ererer");
	assert_int_equal(r.errs[0].line, 1);
	assert_int_equal(r.errs[1].line, 6);
	assert_non_null(strstr(r.errs[1].message, "does not start with TY"));
	assert_int_equal(r.errs[2].line, 9);
	assert_string_equal(r.recs[0].title, "Good");
	assert_string_equal(r.recs[1].title, "Headless");
	assert_string_equal(r.recs[1].journal, "Journal first");
	assert_int_equal(r.recs[1].line, 6);
	assert_string_equal(r.recs[2].title, "Last");
	run_free(&r);
}

static void test_invalid_utf8(void **unused)
{
	run r;

	run_text(&r, "TY  - JOUR\nTI  - Bad \xc3\x28 byte\nAU  - G\xe1lvez, M.\nER  - \n");
	assert_string_equal(r.seq, "r");
	assert_string_equal(r.recs[0].title, "Bad \xEF\xBF\xBD( byte");
	assert_string_equal(r.recs[0].authors.v[0], "G\xEF\xBF\xBDlvez M");
	run_free(&r);
}

/* ---- Web of Science ---------------------------------------------------------- */

static void test_wos(void **unused)
{
	run r;
	ldx_record *rec;

	run_text(&r,
	         "FN Clarivate Analytics Web of Science\n"
	         "VR 1.0\n"
	         "PT J\n"                                           /* 3 */
	         "AU Kavalali, ET\n"
	         "   Monteggia, LM\n"
	         "AF Kavalali, Ege T.\n"
	         "   Monteggia, Lisa M.\n"
	         "CA Plasticity Consortium\n"
	         "TI How does ketamine act\n"
	         "   as an antidepressant?\n"
	         "SO NEUROPHARMACOLOGY\n"
	         "LA English\n"
	         "DT Article; Proceedings Paper\n"
	         "DE ketamine; synaptic plasticity; BDNF; spontaneous\n"
	         "   neurotransmission\n"
	         "ID KEYWORDS PLUS; ARE SKIPPED\n"
	         "AB Ketamine blocks NMDA receptors\n"
	         "   at rest.\n"
	         "CR Someone A, 2001, J NEUROSCI, V1, P1, DOI 10.1000/cited.1\n"
	         "   Someone B, 2002, NEURON, V2, P2, DOI 10.1000/cited.2\n"
	         "J9 NEUROPHARMACOLOGY\n"
	         "JI Neuropharmacology\n"
	         "PY 2016\n"
	         "DI 10.1000/NEURO.2016.1\n"
	         "PM 26000001\n"
	         "UT WOS:000000000000001\n"
	         "ER\n"
	         "\n"
	         "PT J\n"                                           /* 29 */
	         "AF Castren, Eero\n"
	         "TI Full names only\n"
	         "CR Cited C, 2003, X, V3, P3, DOI 10.1000/cited.3\n"
	         "J9 J NEUROCHEM\n"
	         "ER\n"
	         "\n"
	         "PT J\n"                                           /* 36: no ER */
	         "TI Cut short\n"
	         "EF\n");
	assert_string_equal(r.seq, "rrer");
	rec = &r.recs[0];
	assert_int_equal(rec->line, 3);
	assert_int_equal(rec->authors.n, 3);
	assert_string_equal(rec->authors.v[0], "Kavalali ET");
	assert_string_equal(rec->authors.v[1], "Monteggia LM");
	assert_string_equal(rec->authors.v[2], "Plasticity Consortium");
	assert_string_equal(rec->title, "How does ketamine act as an antidepressant?");
	assert_string_equal(rec->journal, "NEUROPHARMACOLOGY");
	assert_string_equal(rec->journal_abbrev, "Neuropharmacology");
	assert_string_equal(rec->language, "English");
	assert_int_equal(rec->pub_types.n, 2);
	assert_string_equal(rec->pub_types.v[1], "Proceedings Paper");
	assert_int_equal(rec->keywords.n, 4);
	assert_string_equal(rec->keywords.v[3], "spontaneous neurotransmission");
	assert_string_equal(rec->abstract, "Ketamine blocks NMDA receptors at rest.");
	assert_int_equal(rec->year, 2016);
	assert_string_equal(rec->doi, "10.1000/neuro.2016.1");
	assert_string_equal(rec->pmid, "26000001");
	rec = &r.recs[1];
	assert_int_equal(rec->line, 29);
	assert_int_equal(rec->authors.n, 1);
	assert_string_equal(rec->authors.v[0], "Castren E");
	assert_string_equal(rec->journal_abbrev, "J NEUROCHEM");
	/* Cited references' DOIs are not the record's. */
	assert_null(rec->doi);
	assert_int_equal(r.errs[0].line, 36);
	assert_string_equal(r.recs[2].title, "Cut short");
	run_free(&r);
}

static void test_sniff(void **unused)
{
	assert_int_equal(sniff("TY  - JOUR\nER  - \n", "txt"), 90);
	assert_int_equal(sniff("\xEF\xBB\xBFTY - JOUR\r\n", ""), 90);
	assert_int_equal(sniff("\n\nTY  - BOOK\n", "ris"), 90);
	assert_int_equal(sniff("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n", "txt"), 90);
	assert_int_equal(sniff("PT J\r\nAU Doe, J\r\n", ""), 90);
	assert_int_equal(sniff("JF  - A journal\nT1  - x\nER  -\n", "ris"), 80);
	assert_int_equal(sniff("JF  - A journal\nT1  - x\nER  -\n", "txt"), 0);
	assert_int_equal(sniff("PMID- 1\nPT  - Journal Article\nTI  - x\n", "txt"), 0);
	assert_int_equal(sniff("<!DOCTYPE html>\n<html>", "html"), 0);
	assert_int_equal(sniff("@article{key,\n title={x}}\n", "bib"), 0);
	assert_int_equal(sniff("", "ris"), 0);
}

/* ---- Real files ------------------------------------------------------------ */

static void test_jabref(void **unused)
{
	const char *path = unit_shared_path("jabref-importer-fixtures/ris/RisImporterTestDOI.ris");
	run r;
	ldx_record *rec;

	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_ris, &r, path);
	assert_string_equal(r.seq, "r");
	rec = &r.recs[0];
	assert_string_equal(rec->pmid, "26957754");
	assert_string_equal(rec->pmcid, "PMC4756000");
	assert_string_equal(rec->doi, "10.1589/jpts.28.186");
	assert_string_equal(rec->title,
	                    "The effect of smartphone usage time on posture and respiratory function");
	assert_int_equal(rec->year, 2016);
	assert_string_equal(rec->journal, "Journal of physical therapy science");
	assert_string_equal(rec->journal_abbrev, "J Phys Ther Sci");
	assert_int_equal(rec->authors.n, 5);
	assert_string_equal(rec->authors.v[0], "Jung SI");
	assert_int_equal(rec->keywords.n, 3);
	assert_string_equal(rec->language, "eng");
	run_free(&r);

	path = unit_shared_path("jabref-importer-fixtures/ris/RisImporterCorrupted.ris");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_ris, &r, path);
	assert_string_equal(r.seq, "er");
	assert_int_equal(r.errs[0].line, 2);
	assert_string_equal(r.recs[0].doi, "10.1023/a:1017379030770");
	assert_int_equal(r.recs[0].year, 2001);
	assert_string_equal(r.recs[0].authors.v[0], "Harrison W");
	run_free(&r);

	path = unit_shared_path("jabref-importer-fixtures/ris/RisImporterTestWithEmptyER.ris");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_ris, &r, path);
	assert_string_equal(r.seq, "r");
	assert_int_equal(r.recs[0].line, 6);
	assert_string_equal(r.recs[0].title,
	                    "Length scales and interfacial potentials in ion hydration");
	assert_int_equal(r.recs[0].year, 2013);
	assert_int_equal(r.recs[0].authors.n, 2);
	assert_string_equal(r.recs[0].authors.v[1], "Beck TL");
	assert_string_equal(r.recs[0].doi, "10.1063/1.4814070");
	run_free(&r);

	path = unit_shared_path("jabref-importer-fixtures/ris/RisImporterTest6.ris");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_ris, &r, path);
	assert_string_equal(r.seq, "r");
	assert_string_equal(r.recs[0].pmid, "23690738");
	assert_string_equal(r.recs[0].pmcid, "PMC3654245");
	run_free(&r);
}

static void test_rispy(void **unused)
{
	const char *path = unit_shared_path("rispy/example_wos.ris");
	run r;
	ldx_record *rec;

	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_ris, &r, path);
	assert_string_equal(r.seq, "rr");
	rec = &r.recs[0];
	assert_int_equal(rec->line, 3);
	assert_string_equal(rec->pmid, "15170338");
	assert_string_equal(rec->doi, "10.1021/bi049798f");
	assert_int_equal(rec->authors.n, 4);
	assert_string_equal(rec->authors.v[0], "Parkes-Loach PS");
	assert_string_equal(rec->journal, "BIOCHEMISTRY");
	assert_string_equal(rec->journal_abbrev, "Biochemistry");
	assert_int_equal(rec->year, 2004);
	assert_int_equal(rec->keywords.n, 0);
	assert_int_equal(rec->pub_types.n, 1);
	assert_string_equal(rec->pub_types.v[0], "Article");
	assert_string_equal(r.recs[1].pmid, "15170339");
	assert_int_equal(r.recs[1].authors.n, 9);
	run_free(&r);

	path = unit_shared_path("rispy/example_utf_chars.ris");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_ris, &r, path);
	assert_string_equal(r.seq, "r");
	assert_int_equal(r.recs[0].year, 2009);
	assert_string_equal(r.recs[0].journal, "Gynecology, Obstetrics and Perinatology");
	assert_int_equal(r.recs[0].authors.n, 5);
	assert_string_equal(r.recs[0].authors.v[0], "Dobrokhotova YE");
	/* "Состояние", the Cyrillic first word of the abstract. */
	assert_memory_equal(r.recs[0].abstract,
	                    "\xd0\xa1\xd0\xbe\xd1\x81\xd1\x82\xd0\xbe\xd1\x8f\xd0\xbd\xd0\xb8\xd0\xb5 ",
	                    19);
	run_free(&r);
}

static void test_zotero_and_asreview(void **unused)
{
	const char *path = unit_shared_path("zotero-translators/ris/case04.ris");
	run r;

	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_ris, &r, path);
	assert_string_equal(r.seq, "r");
	assert_int_equal(r.recs[0].authors.n, 7);
	assert_string_equal(r.recs[0].authors.v[0], "CASTOE TA");
	assert_string_equal(r.recs[0].doi, "10.1111/j.1755-0998.2009.02750.x");
	assert_string_equal(r.recs[0].journal, "Molecular Ecology Resources");
	assert_int_equal(r.recs[0].year, 2009);
	run_free(&r);

	path = unit_shared_path("zotero-translators/ris/case08.ris");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_ris, &r, path);
	assert_int_equal(r.recs[0].year, 1950);
	run_free(&r);

	path = unit_shared_path("zotero-translators/ris/case09.ris");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_ris, &r, path);
	assert_int_equal(r.recs[0].authors.n, 4);
	assert_string_equal(r.recs[0].authors.v[0], "Georgiev D");
	assert_string_equal(r.recs[0].authors.v[3], "Cohen E");
	run_free(&r);

	/* EndNote export: keywords one per line under a single KW. */
	path = unit_shared_path("asreview-cohen2006/ris/schoot-lgmm-ptsd-included-2.ris");
	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_ris, &r, path);
	assert_int_equal(r.n, 38);
	assert_int_equal(r.errors, 0);
	assert_string_equal(r.recs[0].pmid, "25657356");
	assert_string_equal(r.recs[0].doi, "10.1192/bjp.bp.114.145516");
	assert_int_equal(r.recs[0].keywords.n, 15);
	assert_string_equal(r.recs[0].keywords.v[14], "Young Adult");
	assert_int_equal(r.recs[0].authors.n, 8);
	assert_int_equal(r.recs[0].year, 2015);
	run_free(&r);
}

/* Every RIS and WoS file with its exact record and error counts. */
static void test_all_files(void **unused)
{
	static const struct {
		const char *path;
		size_t records;
		int errors;
	} files[] = {
		{ "jabref-importer-fixtures/ris/RisImporterCorrupted.ris", 1, 1 },
		{ "jabref-importer-fixtures/ris/RisImporterTest1.ris", 3, 10 },
		{ "jabref-importer-fixtures/ris/RisImporterTest3.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTest4a.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTest4b.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTest4c.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTest5a.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTest5b.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTest6.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTest7.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTest8_date.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTest9.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTestDOI.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTestDate1.1.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTestDate1.2.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTestDoiAndJournalTitle.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTestScience.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTestScopus.ris", 1, 0 },
		{ "jabref-importer-fixtures/ris/RisImporterTestWithEmptyER.ris", 1, 0 },
		{ "rispy/example_wos.ris", 2, 0 },
		{ "rispy/example_utf_chars.ris", 1, 0 },
		{ "zotero-translators/ris/case01.ris", 1, 0 },
		{ "zotero-translators/ris/case02.ris", 1, 0 },
		{ "zotero-translators/ris/case03.ris", 48, 0 },
		{ "zotero-translators/ris/case04.ris", 1, 0 },
		{ "zotero-translators/ris/case05.ris", 39, 0 },
		{ "zotero-translators/ris/case06.ris", 1, 0 },
		{ "zotero-translators/ris/case07.ris", 1, 0 },
		{ "zotero-translators/ris/case08.ris", 1, 0 },
		{ "zotero-translators/ris/case09.ris", 1, 0 },
		{ "zotero-translators/ris/case10.ris", 2, 0 },
		{ "zotero-translators/ris/case11.ris", 1, 0 },
		{ "zotero-translators/ris/case12.ris", 1, 0 },
		{ "asreview-cohen2006/ris/Virus_Metagenomics_in_Farm_Animals-INCLUDED-v2.txt", 120, 0 },
		{ "asreview-cohen2006/ris/schoot-lgmm-ptsd-included-1.ris", 363, 0 },
		{ "asreview-cohen2006/ris/schoot-lgmm-ptsd-included-2.ris", 38, 0 },
		{ "asreview-cohen2006/ris/schoot-lgmm-ptsd-included-3.ris", 8, 0 },
	};
	size_t total = 0;

	UNIT_REQUIRE_FILE(unit_shared_path(files[0].path));
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		const char *path = unit_shared_path(files[i].path);
		run r;

		UNIT_REQUIRE_FILE(path);
		run_path(&ldx_reader_ris, &r, path);
		if (r.n != files[i].records || r.errors != files[i].errors)
			fail_msg("%s: %zu records, %d errors", files[i].path, r.n, r.errors);
		total += r.n;
		run_free(&r);
	}
	assert_int_equal(total, 651);
}

/* Files of other formats must not crash or hang the reader. */
static void test_other_formats(void **unused)
{
	static const char *const paths[] = {
		"biopython-entrez/Medline/pubmed_result2.txt",
		"zotero-translators/medline-nbib/case07.nbib",
		"jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestMultipleEntries.txt",
		"jabref-importer-fixtures/medline-plain/MedlinePlainImporterTestInvalidFormat.xml",
	};

	UNIT_REQUIRE_FILE(unit_shared_path(paths[0]));
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		run r;

		UNIT_REQUIRE_FILE(unit_shared_path(paths[i]));
		run_path(&ldx_reader_ris, &r, unit_shared_path(paths[i]));
		run_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_journal_and_year_fallbacks),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_tag_variants),
		cmocka_unit_test(test_missing_er),
		cmocka_unit_test(test_stray_text),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_wos),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_jabref),
		cmocka_unit_test(test_rispy),
		cmocka_unit_test(test_zotero_and_asreview),
		cmocka_unit_test(test_all_files),
		cmocka_unit_test(test_other_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
