/*
 * test_reader.c: format dispatch (src/ingest/reader.c): binary
 * rejection, unknown formats, forced formats, extensions, and the pull
 * loop over records, from memory and from a gzip file.
 *
 * The tests drive a fake reader.  It is a weak definition of
 * ldx_reader_pubmed that exists only in this test binary: linked against
 * liblitdex.a it takes the place of the real PubMed reader, whose own
 * tests live elsewhere.  Should the real one be linked in anyway, the
 * tests that need the fake skip and say so.
 */
#include <zlib.h>

#include "unit.h"

#include "error.h"
#include "ingest/input.h"
#include "ingest/reader.h"

/*
 * The fake reader: a document is "FAKE" on its first line and then one
 * record per line, "<pmid> <title>"; a line "bad" is a parse error that
 * the fake leaves without a file name.
 */
static char fake_ext_seen[64];
static int fake_next_calls;

static int fake_sniff(const char *data, size_t len, const char *ext)
{
	snprintf(fake_ext_seen, sizeof fake_ext_seen, "%s", ext);
	return len >= 4 && memcmp(data, "FAKE", 4) == 0 ? 80 : 0;
}

static ldx_status fake_open(ldx_input *in, void **st, ldx_error *err)
{
	*st = in;
	return LDX_OK;
}

static ldx_status fake_next(void *st, ldx_record *rec, ldx_error *err)
{
	ldx_input *in = st;
	const char *line;
	size_t len;
	ldx_status rc;

	fake_next_calls++;
	do {
		rc = ldx_input_getline(in, &line, &len, err);
		if (rc != LDX_OK)
			return rc;
	} while (strcmp(line, "FAKE") == 0);
	if (strcmp(line, "bad") == 0) {
		ldx_error_clear(err);
		err->code = LDX_ERR_PARSE;
		err->line = ldx_input_lineno(in);
		snprintf(err->message, sizeof err->message, "bad line");
		return LDX_ERR_PARSE;
	}
	rec->line = ldx_input_lineno(in);
	if (ldx_record_set(&rec->pmid, line, strcspn(line, " "), 32) != LDX_OK)
		return LDX_ERR_NOMEM;
	return LDX_OK;
}

static void fake_close(void *st)
{
}

__attribute__((weak)) const ldx_reader_ops ldx_reader_pubmed = {
	"pubmed", fake_sniff, fake_open, fake_next, fake_close
};

#define REQUIRE_FAKE() do { \
	if (ldx_reader_pubmed.sniff != fake_sniff) { \
		printf("# SKIP %s: the real PubMed reader is linked in, not the fake\n", \
		       __func__); \
		fflush(stdout); \
		skip(); \
	} \
} while (0)

static ldx_status open_mem_reader(const char *name, const char *text, size_t len,
                                  const char *format, ldx_input **in, ldx_reader **r,
                                  ldx_error *err)
{
	assert_int_equal(ldx_input_open_memory(name, text, len, in, err), LDX_OK);
	return ldx_reader_open(*in, format, r, err);
}

static void expect_binary(const char *name, const char *data, size_t len,
                          const char *want_msg)
{
	ldx_input *in;
	ldx_reader *r = (ldx_reader *)&r;
	ldx_error err;

	assert_int_equal(open_mem_reader(name, data, len, NULL, &in, &r, &err),
	                 LDX_ERR_FORMAT);
	assert_null(r);
	assert_string_equal(err.message, want_msg);
	assert_string_equal(err.file, name);
	ldx_input_close(in);
	/* Forcing a format does not make a PDF a record either. */
	assert_int_equal(open_mem_reader(name, data, len, "pubmed", &in, &r, &err),
	                 LDX_ERR_FORMAT);
	ldx_input_close(in);
}

static void test_reader_binary(void **state)
{
	expect_binary("x.xml", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15,
	              "'x.xml': binary file (PDF), not a paper record");
	expect_binary("fig.xml", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16,
	              "'fig.xml': binary file (PNG), not a paper record");
	expect_binary("a.docx", "PK\x03\x04\x14\0\x06\0", 8,
	              "'a.docx': binary file (ZIP), not a paper record");
	expect_binary("blob", "FAKE\n\0\x01\x02", 8,
	              "'blob': binary file, not a paper record");
}

/* A NUL byte after the first 4 KB does not make a file binary. */
static void test_reader_late_nul(void **state)
{
	size_t n = 6000;
	char *text = malloc(n);
	ldx_input *in;
	ldx_reader *r;
	ldx_error err;

	REQUIRE_FAKE();
	assert_non_null(text);
	memset(text, 'z', n);
	memcpy(text, "FAKE\n", 5);
	text[5000] = '\0';
	assert_int_equal(open_mem_reader("late.txt", text, n, NULL, &in, &r, &err), LDX_OK);
	ldx_reader_close(r);
	ldx_input_close(in);
	free(text);
}

static void test_reader_unknown(void **state)
{
	const char text[] = "hello world\nthis is no paper record\n";
	ldx_input *in;
	ldx_reader *r = (ldx_reader *)&r;
	ldx_error err;

	if (ldx_reader_find("text")) {
		printf("# SKIP %s: a plain-text reader accepts any text\n", __func__);
		fflush(stdout);
		skip();
	}
	assert_int_equal(open_mem_reader("notes.xml", text, sizeof text - 1, NULL, &in, &r,
	                                 &err), LDX_ERR_FORMAT);
	assert_null(r);
	assert_string_equal(err.file, "notes.xml");
	assert_non_null(strstr(err.message, "'notes.xml': unknown format (not PubMed XML"));
	ldx_input_close(in);

	assert_int_equal(open_mem_reader("empty.xml", "", 0, NULL, &in, &r, &err),
	                 LDX_ERR_FORMAT);
	assert_string_equal(err.message, "'empty.xml': empty file");
	ldx_input_close(in);
}

/* A gzip stream that yields no bytes at all is corrupt, not empty. */
static void test_reader_corrupt_gzip(void **state)
{
	ldx_input *in;
	ldx_reader *r = (ldx_reader *)&r;
	ldx_error err;

	assert_int_equal(open_mem_reader("bad.xml.gz", "\x1f\x8b\x08\0garbage", 12, NULL,
	                                 &in, &r, &err), LDX_ERR_IO);
	assert_null(r);
	assert_string_equal(err.message, "'bad.xml.gz': corrupt gzip data");
	ldx_input_close(in);
}

static void test_reader_find(void **state)
{
	ldx_input *in;
	ldx_reader *r = (ldx_reader *)&r;
	ldx_error err;

	assert_ptr_equal(ldx_reader_find("pubmed"), &ldx_reader_pubmed);
	assert_ptr_equal(ldx_reader_find("PubMed"), &ldx_reader_pubmed);
	assert_null(ldx_reader_find("nope"));
	assert_null(ldx_reader_find(""));
	assert_null(ldx_reader_find(NULL));
	assert_int_equal(open_mem_reader("a.xml", "FAKE\n", 5, "nope", &in, &r, &err),
	                 LDX_ERR_USAGE);
	assert_null(r);
	assert_string_equal(err.message,
	                    "unknown format 'nope' (use pubmed, jats, medline, ris, bibtex, html or text)");
	ldx_input_close(in);
}

static void test_reader_extension(void **state)
{
	static const struct { const char *name, *ext; } cases[] = {
		{ "papers.XML.gz", "xml" },
		{ "dir.d/export.nbib", "nbib" },
		{ "dir.d/noext", "" },
		{ ".hidden", "" },
		{ "x.gz", "" },
		{ "a.b.Ris", "ris" },
	};
	ldx_input *in;
	ldx_reader *r;
	ldx_error err;

	REQUIRE_FAKE();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		fake_ext_seen[0] = '#';
		assert_int_equal(open_mem_reader(cases[i].name, "FAKE\n", 5, NULL, &in, &r, &err),
		                 LDX_OK);
		assert_string_equal(fake_ext_seen, cases[i].ext);
		ldx_reader_close(r);
		ldx_input_close(in);
	}
}

static void test_reader_loop(void **state)
{
	const char text[] = "FAKE\n11 first\nbad\n22 second\n";
	ldx_input *in;
	ldx_reader *r;
	ldx_record rec;
	ldx_error err;

	REQUIRE_FAKE();
	ldx_record_init(&rec);
	assert_int_equal(open_mem_reader("f.txt", text, sizeof text - 1, NULL, &in, &r, &err),
	                 LDX_OK);
	assert_string_equal(ldx_reader_format(r), "pubmed");

	/* Fields left from the last record are cleared before next(). */
	rec.title = strdup("stale");
	rec.year = 1999;
	assert_int_equal(ldx_strlist_push(&rec.authors, "Stale A", 7), LDX_OK);
	assert_int_equal(ldx_reader_next(r, &rec, &err), LDX_OK);
	assert_string_equal(rec.pmid, "11");
	assert_int_equal(rec.line, 2);
	assert_null(rec.title);
	assert_int_equal(rec.year, 0);
	assert_int_equal(rec.authors.n, 0);

	/* The error gets the input's name when the reader gave none. */
	assert_int_equal(ldx_reader_next(r, &rec, &err), LDX_ERR_PARSE);
	assert_string_equal(err.file, "f.txt");
	assert_int_equal(err.line, 3);
	assert_null(rec.pmid);

	assert_int_equal(ldx_reader_next(r, &rec, &err), LDX_OK);
	assert_string_equal(rec.pmid, "22");
	fake_next_calls = 0;
	assert_int_equal(ldx_reader_next(r, &rec, &err), LDX_DONE);
	assert_null(rec.pmid);
	/* After the end the reader is not asked again. */
	assert_int_equal(ldx_reader_next(r, &rec, &err), LDX_DONE);
	assert_int_equal(fake_next_calls, 1);
	ldx_reader_close(r);
	ldx_input_close(in);
	ldx_record_clear(&rec);
}

/* The whole chain from a gzip file on disk. */
static void test_reader_gzip_file(void **state)
{
	const char text[] = "FAKE\n7 x\n";
	char path[] = "/tmp/ldx_test_reader.XXXXXX.xml.gz";
	int fd = mkstemps(path, 7);
	gzFile gz;
	ldx_input *in;
	ldx_reader *r;
	ldx_record rec;
	ldx_error err;

	REQUIRE_FAKE();
	assert_true(fd >= 0);
	assert_non_null(gz = gzdopen(fd, "wb"));
	assert_int_equal(gzwrite(gz, text, sizeof text - 1), (int)(sizeof text - 1));
	assert_int_equal(gzclose(gz), Z_OK);
	ldx_record_init(&rec);
	assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_OK);
	assert_int_equal(ldx_reader_open(in, NULL, &r, &err), LDX_OK);
	assert_string_equal(fake_ext_seen, "xml");
	assert_int_equal(ldx_reader_next(r, &rec, &err), LDX_OK);
	assert_string_equal(rec.pmid, "7");
	assert_int_equal(ldx_reader_next(r, &rec, &err), LDX_DONE);
	ldx_reader_close(r);
	ldx_input_close(in);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_binary),
		cmocka_unit_test(test_reader_late_nul),
		cmocka_unit_test(test_reader_unknown),
		cmocka_unit_test(test_reader_corrupt_gzip),
		cmocka_unit_test(test_reader_find),
		cmocka_unit_test(test_reader_extension),
		cmocka_unit_test(test_reader_loop),
		cmocka_unit_test(test_reader_gzip_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
