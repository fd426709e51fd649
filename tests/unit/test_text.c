/*
 * test_text.c: the plain-text reader (src/ingest/text.c): sniffing, the
 * text of saved PubMed pages (the seed file in ../shared/seeds and pages
 * written here), plain title-and-abstract files (OHSUMED in
 * ../shared/data), and bad input: empty files, invalid UTF-8, NUL bytes.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "unit.h"

#include "ingest/input.h"
#include "ingest/reader.h"

static ldx_status read_one(const char *name, const char *buf, size_t len,
                           ldx_record *rec, ldx_error *err)
{
	ldx_input *in = NULL;
	void *st = NULL;
	ldx_status rc;
	ldx_record again;
	ldx_error err2;

	ldx_record_init(rec);
	ldx_record_init(&again);
	memset(err, 0, sizeof *err);
	assert_int_equal(ldx_input_open_memory(name, buf, len, &in, err), LDX_OK);
	assert_int_equal(ldx_reader_text.open(in, &st, err), LDX_OK);
	rc = ldx_reader_text.next(st, rec, err);
	/* One file is one record, error or not. */
	assert_int_equal(ldx_reader_text.next(st, &again, &err2), LDX_DONE);
	ldx_reader_text.close(st);
	ldx_input_close(in);
	return rc;
}

static void read_str(const char *name, const char *text, ldx_record *rec)
{
	ldx_error err;

	if (read_one(name, text, strlen(text), rec, &err) != LDX_OK)
		fail_msg("%s: %s", name, err.message);
}

static ldx_status read_path(const char *path, ldx_record *rec, ldx_error *err)
{
	ldx_input *in = NULL;
	void *st = NULL;
	ldx_status rc;
	ldx_record again;

	ldx_record_init(rec);
	ldx_record_init(&again);
	assert_int_equal(ldx_input_open_path(path, &in, err), LDX_OK);
	assert_int_equal(ldx_reader_text.open(in, &st, err), LDX_OK);
	rc = ldx_reader_text.next(st, rec, err);
	assert_int_equal(ldx_reader_text.next(st, &again, err), LDX_DONE);
	ldx_reader_text.close(st);
	ldx_input_close(in);
	return rc;
}

static void assert_list(const ldx_strlist *l, size_t n, const char *const *want)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l->v[i], want[i]);
}

/* ---- Sniffing ------------------------------------------------------------ */

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(ldx_reader_text.sniff("A title\nSome text\n", 18, "txt"), 10);
	assert_int_equal(ldx_reader_text.sniff("", 0, "txt"), 10);
	assert_int_equal(ldx_reader_text.sniff("A title\0more", 12, "txt"), 0);
	assert_int_equal(ldx_reader_text.sniff("A title\n", 8, "xml"), 0);
	assert_int_equal(ldx_reader_text.sniff("A title\n", 8, ""), 0);
	assert_int_equal(ldx_reader_text.sniff("A title\n", 8, "TXT"), 0);  /* ext is lowercased */
}

/* ---- Saved PubMed pages ------------------------------------------------------ */

static void test_seed_pubmed_page(void **state)
{
	static const char *const kw[] = {
		"BDNF", "Homeostatic plasticity", "Ketamine", "Spontaneous neurotransmission",
		"Spontaneous neurotransmitter release", "Synaptic plasticity", "TrkB",
	};
	const char *path = unit_shared_path("../seeds/000_1f3aa0e9da2e033d.txt");
	ldx_record rec;
	ldx_error err;

	(void)state;
	UNIT_REQUIRE_FILE(path);
	assert_int_equal(read_path(path, &rec, &err), LDX_OK);
	assert_string_equal(rec.title, "Synaptic basis of rapid antidepressant action");
	assert_string_equal(rec.doi, "10.1007/s00406-024-01898-6");
	assert_int_equal(rec.year, 2024);
	assert_list(&rec.keywords, 7, kw);
	assert_int_equal(rec.authors.n, 1);
	assert_string_equal(rec.authors.v[0], "Kavalali ET");
	assert_string_equal(rec.journal_abbrev, "Eur Arch Psychiatry Clin Neurosci");
	assert_non_null(rec.abstract);
	assert_true(strncmp(rec.abstract, "The discovery of ketamine", 25) == 0);
	/* The abstract stops at the keywords; no navigation text anywhere. */
	assert_null(strstr(rec.abstract, "Keywords"));
	assert_null(strstr(rec.abstract, "PubMed Disclaimer"));
	assert_null(strstr(rec.abstract, "official website"));
	assert_null(strstr(rec.title, "Skip to main"));
	assert_null(rec.pmid);
	assert_int_equal(rec.line, 1);
	ldx_record_clear(&rec);
}

/* The same structure, in words written for this test ("Save as text"). */
static const char saved_page[] =
	"Skip to main page content\n"
	"U.S. flag\n"
	"\n"
	"An official website of the United States government\n"
	"\n"
	"Access keys NCBI Homepage MyNCBI Homepage Main Content Main Navigation\n"
	"Comparative Study\n"
	". 2023 Mar 3;15(2):44-52.\n"
	"doi: 10.5555/litdex.text.1.\n"
	"\n"
	"Silent synapses wake up after ketamine\n"
	"\n"
	"Affiliations\n"
	"Comparative Study\n"
	"\n"
	"Silent synapses wake up after ketamine\n"
	"\n"
	"Ana\xc2\xa0" "de la Cruz et al. J Quiet Neurosci. .\n"
	"\n"
	"Abstract\n"
	"\n"
	"Background: Some synapses carry no AMPA receptors at rest.\n"
	"Results: A single low dose of ketamine added receptors within an hour.\n"
	"\xc2\xa9 2023 The authors.\n"
	"\n"
	"Keywords: AMPA receptor; ketamine; silent synapse.\n"
	"\n"
	"PubMed Disclaimer\n"
	"\n"
	"Similar articles\n"
	"\n"
	"Another paper about ketamine and synapses\n"
	"Keywords: not these.\n";

static void test_synthetic_saved_page(void **state)
{
	static const char *const kw[] = { "AMPA receptor", "ketamine", "silent synapse" };
	ldx_record rec;

	(void)state;
	read_str("page.txt", saved_page, &rec);
	assert_string_equal(rec.title, "Silent synapses wake up after ketamine");
	assert_string_equal(rec.doi, "10.5555/litdex.text.1");
	assert_int_equal(rec.year, 2023);
	assert_int_equal(rec.authors.n, 1);
	assert_string_equal(rec.authors.v[0], "de la Cruz A");
	assert_string_equal(rec.journal_abbrev, "J Quiet Neurosci");
	assert_string_equal(rec.abstract,
	                    "Background: Some synapses carry no AMPA receptors at rest. "
	                    "Results: A single low dose of ketamine added receptors within "
	                    "an hour.");
	assert_list(&rec.keywords, 3, kw);
	ldx_record_clear(&rec);
}

/* "Select all, copy": the title once, then the author list, a PMID line,
 * and the journal before the date. */
static const char copied_page[] =
	"Skip to main page content\r\n"
	"Review\r\n"
	"J Quiet Neurosci\r\n"
	"\r\n"
	"J Quiet Neurosci. 2020 Jan;3(1):1-9.\r\n"
	"doi: 10.5555/litdex.text.2. Epub 2019 Dec 30.\r\n"
	"Resting release and the speed of antidepressants\r\n"
	"Maria K Lopez 1 , Tom Berg 2 , Ana de la Cruz 1 2\r\n"
	"Affiliations\r\n"
	"PMID: 22223333 DOI: 10.5555/litdex.text.2\r\n"
	"Abstract\r\n"
	"Spontaneous release keeps a synapse calibrated.\r\n"
	"Drugs that block it act fast.\r\n"
	"Conflict of interest statement\r\n"
	"None.\r\n"
	"PubMed Disclaimer\r\n";

static void test_synthetic_copied_page(void **state)
{
	static const char *const authors[] = { "Lopez MK", "Berg T", "de la Cruz A" };
	ldx_record rec;

	(void)state;
	read_str("copied.txt", copied_page, &rec);
	assert_string_equal(rec.title, "Resting release and the speed of antidepressants");
	assert_string_equal(rec.doi, "10.5555/litdex.text.2");
	assert_string_equal(rec.pmid, "22223333");
	assert_int_equal(rec.year, 2020);
	assert_string_equal(rec.journal_abbrev, "J Quiet Neurosci");
	assert_list(&rec.authors, 3, authors);
	assert_string_equal(rec.abstract, "Spontaneous release keeps a synapse calibrated. "
	                    "Drugs that block it act fast.");
	assert_int_equal(rec.keywords.n, 0);
	ldx_record_clear(&rec);
}

/* One marker alone (a "doi:" line in a plain paper) is not a PubMed page. */
static void test_one_marker_is_plain(void **state)
{
	ldx_record rec;

	(void)state;
	read_str("paper.txt", "A plain paper about BDNF\ndoi: 10.5555/litdex.text.3\n"
	         "Abstract\nBDNF matters.\n", &rec);
	assert_string_equal(rec.title, "A plain paper about BDNF");
	assert_string_equal(rec.abstract,
	                    "doi: 10.5555/litdex.text.3 Abstract BDNF matters.");
	assert_null(rec.doi);
	ldx_record_clear(&rec);
}

/* ---- Plain text ---------------------------------------------------------------- */

static void test_plain(void **state)
{
	ldx_record rec;

	(void)state;
	read_str("p.txt", "\xef\xbb\xbf\n  \n  Ketamine and the hippocampus  \r\n"
	         " First sentence of the abstract.\r\n\r\n Second sentence.\r\n", &rec);
	assert_string_equal(rec.title, "Ketamine and the hippocampus");
	assert_string_equal(rec.abstract, "First sentence of the abstract. Second sentence.");
	assert_int_equal(rec.line, 3);
	assert_null(rec.doi);
	assert_int_equal(rec.year, 0);
	ldx_record_clear(&rec);

	read_str("one-line.txt", "Only a title, no newline", &rec);
	assert_string_equal(rec.title, "Only a title, no newline");
	assert_null(rec.abstract);
	ldx_record_clear(&rec);
}

/* A first line too long for a title: its first sentence is the title. */
static void test_paragraph_first_line(void **state)
{
	char buf[4096];
	size_t pos;
	ldx_record rec;

	(void)state;
	pos = (size_t)snprintf(buf, sizeof buf, "BDNF and synapses. ");
	while (pos + 40 < sizeof buf - 2)
		pos += (size_t)snprintf(buf + pos, sizeof buf - pos, "More words on one line. ");
	buf[pos++] = '\n';
	buf[pos] = '\0';
	read_str("para.txt", buf, &rec);
	assert_string_equal(rec.title, "BDNF and synapses.");
	assert_non_null(rec.abstract);
	assert_true(strncmp(rec.abstract, "BDNF and synapses. More words", 29) == 0);
	ldx_record_clear(&rec);
}

static void test_plain_bounded(void **state)
{
	size_t cap = 300000, pos;
	char *buf = malloc(cap);
	ldx_record rec;

	(void)state;
	assert_non_null(buf);
	pos = (size_t)snprintf(buf, cap, "Long text\n");
	while (pos + 60 < cap)
		pos += (size_t)snprintf(buf + pos, cap - pos, "Synapses scale after silence.\n");
	read_str("long.txt", buf, &rec);
	assert_string_equal(rec.title, "Long text");
	assert_true(strlen(rec.abstract) <= 64 * 1024);
	assert_true(strlen(rec.abstract) > 60 * 1024);
	ldx_record_clear(&rec);
	free(buf);
}

/* ---- Bad input ------------------------------------------------------------------- */

static void test_no_text(void **state)
{
	static const char *const inputs[] = { "", "   \n\t\n\r\n", "\xef\xbb\xbf" };
	ldx_record rec;
	ldx_error err;

	(void)state;
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		assert_int_equal(read_one("blank.txt", inputs[i], strlen(inputs[i]), &rec, &err),
		                 LDX_ERR_PARSE);
		assert_string_equal(err.file, "blank.txt");
		assert_int_equal(err.line, 1);
		assert_string_equal(err.message, "'blank.txt': no text");
		assert_null(rec.title);
		ldx_record_clear(&rec);
	}
}

static void test_invalid_utf8(void **state)
{
	ldx_record rec;

	(void)state;
	read_str("bad.txt", "Synaptic \xff scaling\nCaf\xe9 \xc3\xa9t\xc3\xa9\n", &rec);
	assert_string_equal(rec.title, "Synaptic \xef\xbf\xbd scaling");
	assert_string_equal(rec.abstract, "Caf\xef\xbf\xbd \xc3\xa9t\xc3\xa9");
	ldx_record_clear(&rec);
}

/* NUL bytes: sniffing refuses the file; read anyway, they are spaces. */
static void test_nul_bytes(void **state)
{
	static const char buf[] = "Title\0with NUL\nBody\0text\n";
	ldx_record rec;
	ldx_error err;

	(void)state;
	assert_int_equal(ldx_reader_text.sniff(buf, sizeof buf - 1, "txt"), 0);
	assert_int_equal(read_one("nul.txt", buf, sizeof buf - 1, &rec, &err), LDX_OK);
	assert_string_equal(rec.title, "Title with NUL");
	assert_string_equal(rec.abstract, "Body text");
	ldx_record_clear(&rec);
}

/* A line over the input's limit is an error with its line number. */
static void test_line_too_long(void **state)
{
	size_t len = (size_t)LDX_LINE_MAX + 100;
	char *buf = malloc(len);
	ldx_record rec;
	ldx_error err;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, "Title\n", 6);
	memset(buf + 6, 'a', len - 6);
	assert_int_equal(read_one("wide.txt", buf, len, &rec, &err), LDX_ERR_PARSE);
	assert_string_equal(err.file, "wide.txt");
	assert_int_equal(err.line, 2);
	ldx_record_clear(&rec);
	free(buf);
}

/* ---- OHSUMED in ../shared/data ------------------------------------------------------ */

static void test_ohsumed_named(void **state)
{
	char path[4096];
	ldx_record rec;
	ldx_error err;

	(void)state;
	snprintf(path, sizeof path, "%s", unit_shared_path("ohsumed-single23/test/C01/0001011"));
	UNIT_REQUIRE_FILE(path);
	assert_int_equal(read_path(path, &rec, &err), LDX_OK);
	assert_string_equal(rec.title, "Infection in total joint replacement.");
	assert_true(strncmp(rec.abstract, "Although a small number of infections in total "
	                    "joint replacements", 65) == 0);
	assert_non_null(strstr(rec.abstract, "from distant sources, most infections appear"));
	assert_non_null(strstr(rec.abstract, "derived at operation. Strenuous attempts"));
	assert_int_equal(rec.line, 1);
	ldx_record_clear(&rec);

	snprintf(path, sizeof path, "%s",
	         unit_shared_path("ohsumed-single23/training/C04/0000024"));
	UNIT_REQUIRE_FILE(path);
	assert_int_equal(read_path(path, &rec, &err), LDX_OK);
	assert_string_equal(rec.title,
	                    "Cisplatin-fluorouracil interaction in a squamous cell carcinoma "
	                    "xenograft.");
	assert_true(strncmp(rec.abstract, "Patients with squamous cell carcinoma of the head "
	                    "and neck", 57) == 0);
	ldx_record_clear(&rec);
}

/* Reads every regular file under dir (but SOURCE.txt), counting records
 * and records with an abstract. */
static void read_tree(const char *dir, long *records, long *with_abstract)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat sb;
		ldx_record rec;
		ldx_error err;

		if (e->d_name[0] == '.' || strcmp(e->d_name, "SOURCE.txt") == 0)
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path)
			fail_msg("path too long under '%s'", dir);
		assert_int_equal(stat(path, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			read_tree(path, records, with_abstract);
			continue;
		}
		if (read_path(path, &rec, &err) != LDX_OK)
			fail_msg("%s: %s", path, err.message);
		assert_non_null(rec.title);
		(*records)++;
		*with_abstract += rec.abstract != NULL;
		ldx_record_clear(&rec);
	}
	closedir(d);
}

/* Every OHSUMED file: one record with a title, nearly all with an
 * abstract (SOURCE.txt: 7,400 documents). */
static void test_ohsumed_all(void **state)
{
	char dir[4096];
	long records = 0, with_abstract = 0;

	(void)state;
	snprintf(dir, sizeof dir, "%s", unit_shared_path("ohsumed-single23/SOURCE.txt"));
	UNIT_REQUIRE_FILE(dir);
	snprintf(dir, sizeof dir, "%s", unit_shared_path("ohsumed-single23"));
	read_tree(dir, &records, &with_abstract);
	assert_int_equal(records, 7400);
	assert_true(with_abstract >= 7000);
	printf("# ohsumed: %ld records, %ld with an abstract\n", records, with_abstract);
}

/* The samples in corpus/formats (tests run from the repository root). */
static void test_corpus_samples(void **state)
{
	ldx_record rec;
	ldx_error err;

	(void)state;
	assert_int_equal(read_path("corpus/formats/saved-pubmed-page.txt", &rec, &err), LDX_OK);
	assert_string_equal(rec.title,
	                    "Homeostatic synaptic scaling in cortical neurons after sleep loss");
	assert_int_equal(rec.year, 2021);
	assert_string_equal(rec.journal_abbrev, "J Neurophysiol");
	assert_int_equal(rec.authors.n, 1);
	assert_string_equal(rec.authors.v[0], "Lopez MK");
	assert_int_equal(rec.keywords.n, 4);
	assert_true(strncmp(rec.abstract, "Neurons keep their firing", 25) == 0);
	ldx_record_clear(&rec);

	assert_int_equal(read_path("corpus/formats/plain-abstract.txt", &rec, &err), LDX_OK);
	assert_string_equal(rec.title, "Spontaneous neurotransmitter release and the speed of "
	                    "antidepressant action");
	assert_true(strncmp(rec.abstract, "Synapses release transmitter", 28) == 0);
	ldx_record_clear(&rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_seed_pubmed_page),
		cmocka_unit_test(test_synthetic_saved_page),
		cmocka_unit_test(test_synthetic_copied_page),
		cmocka_unit_test(test_one_marker_is_plain),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_paragraph_first_line),
		cmocka_unit_test(test_plain_bounded),
		cmocka_unit_test(test_no_text),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_ohsumed_named),
		cmocka_unit_test(test_ohsumed_all),
		cmocka_unit_test(test_corpus_samples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
