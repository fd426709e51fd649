/*
 * input.c: the bytes of one input document (see input.h).  This file owns
 * every open(), read() and zlib call made on input files; readers only
 * ever see decompressed bytes or lines.
 *
 * Sources:
 *  - a path or "-": the fd goes through gzdopen(), which undoes gzip and
 *    passes plain data through unchanged;
 *  - a memory buffer that starts with the gzip magic: inflate() with
 *    automatic header detection, concatenated members included;
 *  - any other memory buffer: read in place.
 *
 * One buffer (buf[start..end)) sits between the source and the caller.
 * Peek fills it without consuming; read() drains it before going to the
 * source; getline() scans it for newlines.  A caller uses either read()
 * or getline() on one input, never both: getline() may have buffered bytes
 * past the line it returned, and read() after getline() would see them,
 * but getline() after read() could start mid-line.
 *
 * A failing source (corrupt gzip, a read error) is reported by one read()
 * or getline() call; later calls see the end of the input.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "error.h"
#include "ingest/input.h"

#define CHUNK (64 * 1024)

enum source { SRC_GZFILE, SRC_MEMORY, SRC_INFLATE };

struct ldx_input {
	enum source src;
	char *name;
	gzFile gz;                  /* SRC_GZFILE */
	const unsigned char *mem;   /* SRC_MEMORY and SRC_INFLATE: the input */
	size_t memlen, mempos;
	z_stream zs;                /* SRC_INFLATE */
	int zs_ready;
	int zs_end;                 /* inflate reached the end of the last member */

	char *buf;                  /* bytes read from the source, not yet consumed */
	size_t cap, start, end;
	size_t scan;                /* getline: buf[start..scan) holds no '\n' */
	int eof;                    /* the source has no more bytes */
	int failed;                 /* the source failed; error holds why */
	ldx_error error;
	int consumed;               /* a read or getline happened: no more peeks */
	int skipping;               /* getline: discarding the rest of a too-long line */
	long lineno;
};

static ldx_status input_new(const char *name, ldx_input **out, ldx_error *err)
{
	ldx_input *in = calloc(1, sizeof *in);

	if (!in || !(in->name = strdup(name))) {
		free(in);
		return ldx_fail(err, LDX_ERR_NOMEM, name, 0, "out of memory opening '%s'", name);
	}
	*out = in;
	return LDX_OK;
}

ldx_status ldx_input_open_path(const char *path, ldx_input **out, ldx_error *err)
{
	ldx_input *in = NULL;
	struct stat st;
	const char *name;
	int is_stdin, fd = -1;
	ldx_status rc;

	*out = NULL;
	if (!path || !*path)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no input path given");
	is_stdin = strcmp(path, "-") == 0;
	name = is_stdin ? "<stdin>" : path;
	/* gzclose() closes the fd, and standard input must stay open. */
	fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ldx_fail(err, LDX_ERR_IO, name, 0, "cannot open '%s': %s", name,
		                strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = ldx_fail(err, LDX_ERR_IO, name, 0, "cannot open '%s': %s", name,
		              strerror(EISDIR));
		goto out;
	}
	rc = input_new(name, &in, err);
	if (rc != LDX_OK)
		goto out;
	in->src = SRC_GZFILE;
	in->gz = gzdopen(fd, "rb");
	if (!in->gz) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, in->name, 0, "out of memory opening '%s'",
		              in->name);
		goto out;
	}
	fd = -1;
	gzbuffer(in->gz, 128 * 1024);
	*out = in;
	in = NULL;
out:
	if (fd >= 0)
		close(fd);
	ldx_input_close(in);
	return rc;
}

ldx_status ldx_input_open_memory(const char *name, const char *buf, size_t len,
                                 ldx_input **out, ldx_error *err)
{
	ldx_input *in = NULL;
	ldx_status rc;

	*out = NULL;
	if (!name || !*name)
		name = "<memory>";
	if (!buf && len > 0)
		return ldx_fail(err, LDX_ERR_USAGE, name, 0, "no buffer given for '%s'", name);
	rc = input_new(name, &in, err);
	if (rc != LDX_OK)
		return rc;
	in->mem = (const unsigned char *)buf;
	in->memlen = len;
	in->src = SRC_MEMORY;
	if (len >= 2 && in->mem[0] == 0x1f && in->mem[1] == 0x8b) {
		in->src = SRC_INFLATE;
		/* 15 + 32: full window, gzip or zlib header detected. */
		if (inflateInit2(&in->zs, 15 + 32) != Z_OK) {
			ldx_input_close(in);
			return ldx_fail(err, LDX_ERR_NOMEM, name, 0,
			                "out of memory opening '%s'", name);
		}
		in->zs_ready = 1;
	}
	*out = in;
	return LDX_OK;
}

void ldx_input_close(ldx_input *in)
{
	if (!in)
		return;
	if (in->gz)
		gzclose(in->gz);
	if (in->zs_ready)
		inflateEnd(&in->zs);
	free(in->buf);
	free(in->name);
	free(in);
}

const char *ldx_input_name(const ldx_input *in)
{
	return in->name;
}

long ldx_input_lineno(const ldx_input *in)
{
	return in->lineno;
}

/* ---- The source ------------------------------------------------------- */

static ssize_t source_fail_corrupt(ldx_input *in)
{
	ldx_fail(&in->error, LDX_ERR_IO, in->name, 0, "'%s': corrupt gzip data", in->name);
	in->failed = 1;
	return -1;
}

static ssize_t read_gzfile(ldx_input *in, char *dst, size_t n)
{
	int got, zerr;
	const char *msg;

	if (n > INT_MAX)
		n = INT_MAX;
	got = gzread(in->gz, dst, (unsigned)n);
	if (got > 0)
		return got;
	msg = gzerror(in->gz, &zerr);
	if (got == 0 && zerr == Z_OK) {
		in->eof = 1;
		return 0;
	}
	/* A gzip stream cut short reads as Z_BUF_ERROR at its end. */
	if (zerr == Z_DATA_ERROR || zerr == Z_BUF_ERROR || zerr == Z_STREAM_ERROR)
		return source_fail_corrupt(in);
	if (zerr == Z_ERRNO)
		ldx_fail(&in->error, LDX_ERR_IO, in->name, 0, "cannot read '%s': %s", in->name,
		         strerror(errno));
	else if (zerr == Z_MEM_ERROR)
		ldx_fail(&in->error, LDX_ERR_NOMEM, in->name, 0, "out of memory reading '%s'",
		         in->name);
	else
		ldx_fail(&in->error, LDX_ERR_IO, in->name, 0, "cannot read '%s': %s", in->name,
		         msg ? msg : "read error");
	in->failed = 1;
	return -1;
}

static ssize_t read_inflate(ldx_input *in, char *dst, size_t n)
{
	z_stream *zs = &in->zs;
	size_t produced;
	int zrc;

	if (n > UINT_MAX)
		n = UINT_MAX;
	zs->next_out = (unsigned char *)dst;
	zs->avail_out = (unsigned)n;
	while (zs->avail_out == n) {
		if (in->zs_end) {
			/* Another gzip member may follow; anything else is ignored,
			 * as gzread() does for files. */
			if (in->memlen - in->mempos >= 2 && in->mem[in->mempos] == 0x1f &&
			    in->mem[in->mempos + 1] == 0x8b && inflateReset(zs) == Z_OK) {
				in->zs_end = 0;
			} else {
				in->eof = 1;
				return 0;
			}
		}
		if (zs->avail_in == 0) {
			size_t left = in->memlen - in->mempos;
			if (left == 0)
				return source_fail_corrupt(in);  /* ended inside a member */
			zs->next_in = (unsigned char *)(in->mem + in->mempos);
			zs->avail_in = left > UINT_MAX ? UINT_MAX : (unsigned)left;
			in->mempos += zs->avail_in;
		}
		zrc = inflate(zs, Z_NO_FLUSH);
		if (zrc == Z_STREAM_END) {
			in->zs_end = 1;
			/* Give back the input inflate did not use. */
			in->mempos -= zs->avail_in;
			zs->avail_in = 0;
		} else if (zrc == Z_MEM_ERROR) {
			in->failed = 1;
			ldx_fail(&in->error, LDX_ERR_NOMEM, in->name, 0,
			         "out of memory reading '%s'", in->name);
			return -1;
		} else if (zrc != Z_OK && !(zrc == Z_BUF_ERROR && zs->avail_in == 0)) {
			return source_fail_corrupt(in);
		}
	}
	produced = n - zs->avail_out;
	return (ssize_t)produced;
}

/* Reads up to n bytes from the source itself, bypassing buf. */
static ssize_t source_read(ldx_input *in, char *dst, size_t n)
{
	size_t k;

	if (in->failed)
		return -1;
	if (in->eof || n == 0)
		return 0;
	switch (in->src) {
	case SRC_GZFILE:
		return read_gzfile(in, dst, n);
	case SRC_INFLATE:
		return read_inflate(in, dst, n);
	case SRC_MEMORY:
		k = in->memlen - in->mempos;
		if (k > n)
			k = n;
		if (k == 0) {
			in->eof = 1;
			return 0;
		}
		memcpy(dst, in->mem + in->mempos, k);
		in->mempos += k;
		return (ssize_t)k;
	}
	return 0;
}

/* Makes room for at least want more bytes after end, compacting first. */
static int buf_reserve(ldx_input *in, size_t want)
{
	char *grown;
	size_t cap;

	if (in->start > 0 && in->cap - in->end < want) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->scan -= in->start;
		in->start = 0;
	}
	if (in->cap - in->end >= want)
		return 0;
	cap = in->cap ? in->cap : CHUNK;
	while (cap - in->end < want)
		cap *= 2;
	grown = realloc(in->buf, cap);
	if (!grown)
		return -1;
	in->buf = grown;
	in->cap = cap;
	return 0;
}

/* Adds one source read to the buffer: > 0 bytes added, 0 at end, -1 on
 * error (in->error set).  One extra byte is kept free for getline's NUL. */
static ssize_t buf_fill(ldx_input *in)
{
	ssize_t got;

	if (buf_reserve(in, CHUNK + 1) != 0) {
		ldx_fail(&in->error, LDX_ERR_NOMEM, in->name, 0, "out of memory reading '%s'",
		         in->name);
		in->failed = 1;
		return -1;
	}
	got = source_read(in, in->buf + in->end, in->cap - in->end - 1);
	if (got > 0)
		in->end += (size_t)got;
	return got;
}

/*
 * Hands the source's error to the caller once; after that the input
 * behaves as if at its end.  A reader that passes the error up and is
 * called again then finishes instead of failing forever.
 */
static ldx_status report(ldx_input *in, ldx_error *err)
{
	if (err)
		*err = in->error;
	in->failed = 0;
	in->eof = 1;
	return in->error.code;
}

/* ---- Callers ---------------------------------------------------------- */

size_t ldx_input_peek(ldx_input *in, const char **data)
{
	if (in->consumed) {
		*data = "";
		return 0;
	}
	/* A failure here stays in in->error for the first read to report. */
	while (in->end - in->start < LDX_PEEK_MAX && buf_fill(in) > 0)
		;
	*data = in->buf ? in->buf + in->start : "";
	return in->end - in->start < LDX_PEEK_MAX ? in->end - in->start : LDX_PEEK_MAX;
}

ssize_t ldx_input_read(ldx_input *in, char *buf, size_t n, ldx_error *err)
{
	size_t k = in->end - in->start;
	ssize_t got;

	in->consumed = 1;
	if (n > SSIZE_MAX)
		n = SSIZE_MAX;
	if (k > 0) {
		if (k > n)
			k = n;
		memcpy(buf, in->buf + in->start, k);
		in->start += k;
		if (in->start == in->end)
			in->start = in->end = in->scan = 0;
		return (ssize_t)k;
	}
	got = source_read(in, buf, n);
	if (got < 0)
		report(in, err);
	return got;
}

ldx_status ldx_input_getline(ldx_input *in, const char **line, size_t *len,
                             ldx_error *err)
{
	char *nl;
	size_t n;
	ssize_t got;

	*line = NULL;
	if (len)
		*len = 0;
	if (!in->consumed) {
		in->consumed = 1;
		in->scan = in->start;
		/* The BOM only counts at the very start of the stream. */
		while (in->end - in->start < 3 && !in->eof && !in->failed && buf_fill(in) > 0)
			;
		if (in->end - in->start >= 3 && memcmp(in->buf + in->start, "\xEF\xBB\xBF", 3) == 0)
			in->start += 3;
		in->scan = in->start;
	}
	for (;;) {
		nl = in->scan < in->end ? memchr(in->buf + in->scan, '\n', in->end - in->scan)
		                        : NULL;
		if (in->skipping) {
			/* Drop the rest of an over-long line, up to its newline. */
			if (nl) {
				in->start = in->scan = (size_t)(nl - in->buf) + 1;
				in->skipping = 0;
				continue;
			}
			in->start = in->end = in->scan = 0;
		} else if (nl) {
			break;
		} else {
			in->scan = in->end;
			/* One byte over for a '\r' that the "\r\n" strip will remove. */
			if (in->end - in->start > (size_t)LDX_LINE_MAX + 1) {
				in->lineno++;
				in->skipping = 1;
				in->start = in->end = in->scan = 0;
				return ldx_fail(err, LDX_ERR_PARSE, in->name, in->lineno,
				                "'%s' line %ld: line longer than %d bytes",
				                in->name, in->lineno, LDX_LINE_MAX);
			}
		}
		got = buf_fill(in);
		if (got < 0) {
			/* The unterminated rest is a fragment of a broken stream. */
			in->start = in->end = in->scan = 0;
			in->skipping = 0;
			return report(in, err);
		}
		if (got == 0) {
			if (in->skipping || in->start == in->end) {
				in->skipping = 0;
				return LDX_DONE;
			}
			/* Last line without a final newline: buf_fill left room. */
			nl = in->buf + in->end;
			in->end++;
			break;
		}
	}
	n = (size_t)(nl - (in->buf + in->start));
	*nl = '\0';
	if (n > 0 && in->buf[in->start + n - 1] == '\r')
		in->buf[in->start + --n] = '\0';
	in->lineno++;
	*line = in->buf + in->start;
	in->start = in->scan = (size_t)(nl - in->buf) + 1;
	if (n > LDX_LINE_MAX) {
		*line = NULL;
		return ldx_fail(err, LDX_ERR_PARSE, in->name, in->lineno,
		                "'%s' line %ld: line longer than %d bytes", in->name,
		                in->lineno, LDX_LINE_MAX);
	}
	if (len)
		*len = n;
	return LDX_OK;
}
