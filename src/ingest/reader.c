/*
 * reader.c: the table of input-format readers, format detection, and the
 * pull loop every caller uses (see reader.h).  Readers themselves live in
 * src/ingest/<format>.c; this file only chooses one and drives it.
 *
 * Adding a format is one line in `formats` below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "ingest/reader.h"

struct format {
	const ldx_reader_ops *ops;
	const char *label;   /* for messages: "PubMed XML" */
	/* Space-separated extensions (lowercase, no ".gz") that break a tie
	 * between readers that sniff the same score. */
	const char *exts;
};

static const struct format formats[] = {
	{ &ldx_reader_pubmed, "PubMed XML", "xml" },
	{ &ldx_reader_jats, "PMC/JATS XML", "nxml xml" },
	{ &ldx_reader_medline, "MEDLINE", "nbib medline txt" },
	{ &ldx_reader_ris, "RIS / Web of Science", "ris txt" },
	{ &ldx_reader_bibtex, "BibTeX", "bib" },
	{ &ldx_reader_html, "web page (HTML)", "html htm" },
	{ &ldx_reader_text, "plain text", "txt" },
};

#define NFORMATS (sizeof formats / sizeof *formats)

struct ldx_reader {
	const ldx_reader_ops *ops;
	void *state;
	ldx_input *in;
	int done;
};

/* Magic numbers of files people drop next to their records by mistake. */
static const struct {
	const char *magic;
	size_t len;
	const char *label;
} binary_magic[] = {
	{ "%PDF", 4, "PDF" },
	{ "\x89PNG\r\n\x1a\n", 8, "PNG" },
	{ "PK\x03\x04", 4, "ZIP" },
	{ "PK\x05\x06", 4, "ZIP" },
	{ "\xff\xd8\xff", 3, "JPEG" },
	{ "GIF8", 4, "GIF" },
	{ "\x1f\x8b", 2, "gzip inside gzip" },
	{ "BZh", 3, "bzip2" },
	{ "\xfd" "7zXZ", 5, "xz" },
	{ "\x28\xb5\x2f\xfd", 4, "zstd" },
	{ "\xd0\xcf\x11\xe0", 4, "MS Office" },
	{ "SQLite format 3", 16, "SQLite database" },
	{ "\x7f" "ELF", 4, "ELF executable" },
};

#define BINARY_SCAN 4096

/* The label of a binary file type, "" for binary without a known magic,
 * or NULL for text. */
static const char *binary_kind(const char *data, size_t len)
{
	size_t scan = len < BINARY_SCAN ? len : BINARY_SCAN;

	for (size_t i = 0; i < sizeof binary_magic / sizeof *binary_magic; i++)
		if (len >= binary_magic[i].len &&
		    memcmp(data, binary_magic[i].magic, binary_magic[i].len) == 0)
			return binary_magic[i].label;
	/* UTF-16 text has NUL bytes; with a BOM it is left to the readers. */
	if (len >= 2 && ((data[0] == '\xff' && data[1] == '\xfe') ||
	                 (data[0] == '\xfe' && data[1] == '\xff')))
		return NULL;
	if (memchr(data, '\0', scan))
		return "";
	return NULL;
}

/* The lowercase extension of name without a trailing ".gz", or "". */
static void extension(const char *name, char *ext, size_t size)
{
	const char *base = strrchr(name, '/'), *dot, *end;
	size_t n;

	base = base ? base + 1 : name;
	end = base + strlen(base);
	if (end - base > 3 && strcasecmp(end - 3, ".gz") == 0)
		end -= 3;
	ext[0] = '\0';
	dot = NULL;
	for (const char *p = base; p < end; p++)
		if (*p == '.')
			dot = p;
	if (!dot || dot == base)
		return;
	n = (size_t)(end - dot - 1);
	if (n >= size)
		return;
	for (size_t i = 0; i < n; i++) {
		char c = dot[1 + i];
		ext[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	ext[n] = '\0';
}

static int ext_listed(const char *exts, const char *ext)
{
	size_t n = strlen(ext);

	if (n == 0)
		return 0;
	for (const char *p = exts; *p;) {
		size_t k = strcspn(p, " ");
		if (k == n && strncmp(p, ext, n) == 0)
			return 1;
		p += k;
		p += strspn(p, " ");
	}
	return 0;
}

ldx_status ldx_reader_check_format(const char *name, ldx_error *err)
{
	if (ldx_reader_find(name))
		return LDX_OK;
	return ldx_fail(err, LDX_ERR_USAGE, NULL, 0,
	                "unknown format '%s' (use pubmed, jats, medline, ris, bibtex, html or text)",
	                name);
}

const ldx_reader_ops *ldx_reader_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcasecmp(formats[i].ops->name, name) == 0)
			return formats[i].ops;
	return NULL;
}

static ldx_status unknown_format(const char *name, ldx_error *err)
{
	char known[512] = "";
	size_t pos = 0;

	for (size_t i = 0; i < NFORMATS && pos < sizeof known; i++)
		pos += (size_t)snprintf(known + pos, sizeof known - pos, "%s%s",
		                        i ? ", " : "", formats[i].label);
	return ldx_fail(err, LDX_ERR_FORMAT, name, 0, "'%s': unknown format (not %s)",
	                name, known);
}

static ldx_status detect(ldx_input *in, const char *data, size_t len,
                         const ldx_reader_ops **ops, ldx_error *err)
{
	const char *name = ldx_input_name(in);
	char ext[32];
	int best = 0, best_listed = 0;

	extension(name, ext, sizeof ext);
	*ops = NULL;
	for (size_t i = 0; i < NFORMATS; i++) {
		int score = formats[i].ops->sniff(data, len, ext);
		int listed = ext_listed(formats[i].exts, ext);

		if (score <= 0)
			continue;
		if (score > best || (score == best && listed && !best_listed)) {
			best = score;
			best_listed = listed;
			*ops = formats[i].ops;
		}
	}
	if (*ops)
		return LDX_OK;
	if (len == 0)
		return ldx_fail(err, LDX_ERR_FORMAT, name, 0, "'%s': empty file", name);
	return unknown_format(name, err);
}

ldx_status ldx_reader_open(ldx_input *in, const char *format, ldx_reader **out,
                           ldx_error *err)
{
	const ldx_reader_ops *ops = NULL;
	const char *name = ldx_input_name(in);
	const char *data, *kind;
	ldx_reader *r = NULL;
	size_t len;
	ldx_status rc;

	*out = NULL;
	if (format) {
		ops = ldx_reader_find(format);
		if (!ops)
			return ldx_reader_check_format(format, err);
	}
	len = ldx_input_peek(in, &data);
	if (len == 0) {
		/* Nothing to peek at: either empty, or a source that failed at
		 * once (a broken gzip header), which a one-byte read reports. */
		char probe;
		if (ldx_input_read(in, &probe, 1, err) < 0)
			return err ? err->code : LDX_ERR_IO;
	}
	kind = binary_kind(data, len);
	if (kind)
		return ldx_fail(err, LDX_ERR_FORMAT, name, 0, "'%s': binary file%s%s%s, "
		                "not a paper record", name, *kind ? " (" : "", kind,
		                *kind ? ")" : "");
	if (!ops) {
		rc = detect(in, data, len, &ops, err);
		if (rc != LDX_OK)
			return rc;
	}
	r = calloc(1, sizeof *r);
	if (!r)
		return ldx_fail(err, LDX_ERR_NOMEM, name, 0, "out of memory opening '%s'", name);
	r->ops = ops;
	r->in = in;
	rc = ops->open(in, &r->state, err);
	if (rc != LDX_OK) {
		free(r);
		return rc;
	}
	*out = r;
	return LDX_OK;
}

ldx_status ldx_reader_next(ldx_reader *r, ldx_record *rec, ldx_error *err)
{
	ldx_status rc;

	ldx_record_clear(rec);
	if (r->done)
		return LDX_DONE;
	rc = r->ops->next(r->state, rec, err);
	if (rc == LDX_DONE)
		r->done = 1;
	else if (rc != LDX_OK && err && !err->file[0])
		snprintf(err->file, sizeof err->file, "%s", ldx_input_name(r->in));
	return rc;
}

const char *ldx_reader_format(const ldx_reader *r)
{
	return r->ops->name;
}

void ldx_reader_close(ldx_reader *r)
{
	if (!r)
		return;
	r->ops->close(r->state);
	free(r);
}
