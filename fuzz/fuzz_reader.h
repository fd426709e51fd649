/*
 * fuzz_reader.h: the harness every reader fuzz target shares (included by
 * fuzz/fuzz_<format>.c, one libFuzzer target per reader, and by the
 * replaying unit test tests/unit/test_regress.c).
 *
 * It feeds the bytes through ldx_input_open_memory and the reader's own
 * ops (sniff, open, next until LDX_DONE, close) and checks what record.h
 * and reader.h promise, aborting when a promise is broken:
 *  - next() ends: at most a bounded number of calls per input byte (a
 *    reader that returns an error forever would hang `litdex index`,
 *    which calls next() again after every error);
 *  - after LDX_DONE, next() keeps returning LDX_DONE;
 *  - an error names the input file;
 *  - every stored text field is valid UTF-8 without control characters
 *    and within its length limit.
 * The sanitizers find the rest (overflows, leaks, undefined behaviour).
 */
#ifndef LDX_FUZZ_READER_H
#define LDX_FUZZ_READER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/input.h"
#include "ingest/reader.h"

#define FUZZ_NAME "fuzz-input"

/* What a broken promise does: abort() for libFuzzer; the replaying unit
 * test (tests/unit/test_regress.c) defines it to fail the test instead. */
#ifndef FUZZ_VIOLATION
#define FUZZ_VIOLATION() abort()
#endif

static inline void fuzz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz property violated: %s%s%s\n", what, detail ? ": " : "",
	        detail ? detail : "");
	FUZZ_VIOLATION();
}

/* Strict UTF-8 (no overlongs, no surrogates, at most U+10FFFF) and no C0
 * control characters or DEL. */
static inline void fuzz_check_text(const char *field, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	if (n > max)
		fuzz_fail("field longer than its limit", field);
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		size_t len = 0;
		unsigned cp = 0;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				fuzz_fail("control character in field", field);
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
		else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; }
		else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; }
		else fuzz_fail("invalid UTF-8 lead byte in field", field);
		if (i + len > n)
			fuzz_fail("truncated UTF-8 sequence in field", field);
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				fuzz_fail("invalid UTF-8 continuation in field", field);
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			fuzz_fail("overlong, surrogate or out-of-range UTF-8 in field", field);
		i += len;
	}
}

static inline void fuzz_check_list(const char *field, const ldx_strlist *l)
{
	if (l->n > LDX_LIST_MAX)
		fuzz_fail("list longer than LDX_LIST_MAX", field);
	for (size_t i = 0; i < l->n; i++) {
		if (!l->v[i])
			fuzz_fail("NULL list item", field);
		fuzz_check_text(field, l->v[i], LDX_FIELD_MAX);
	}
}

static inline void fuzz_check_record(const ldx_record *r)
{
	fuzz_check_text("pmid", r->pmid, LDX_FIELD_MAX);
	fuzz_check_text("doi", r->doi, LDX_FIELD_MAX);
	fuzz_check_text("pmcid", r->pmcid, LDX_FIELD_MAX);
	fuzz_check_text("title", r->title, LDX_TITLE_MAX);
	fuzz_check_text("abstract", r->abstract, LDX_FIELD_MAX);
	fuzz_check_text("body", r->body, LDX_BODY_MAX);
	fuzz_check_text("journal", r->journal, LDX_FIELD_MAX);
	fuzz_check_text("journal_abbrev", r->journal_abbrev, LDX_FIELD_MAX);
	fuzz_check_text("language", r->language, LDX_FIELD_MAX);
	fuzz_check_list("keywords", &r->keywords);
	fuzz_check_list("mesh", &r->mesh);
	fuzz_check_list("authors", &r->authors);
	fuzz_check_list("pub_types", &r->pub_types);
	if (r->pmid)
		for (const char *p = r->pmid; *p; p++)
			if (*p < '0' || *p > '9')
				fuzz_fail("pmid is not digits only", r->pmid);
}

static inline int fuzz_reader(const ldx_reader_ops *ops, const uint8_t *data,
                              size_t size)
{
	ldx_input *in = NULL;
	ldx_error err;
	ldx_record rec;
	void *state = NULL;
	/* Each call must consume input.  Gzip input can expand a thousandfold,
	 * and a record takes more than ten bytes, so this is far above what a
	 * working reader returns, yet ends a reader stuck returning errors. */
	size_t max_calls = 100 * size + 100000, calls = 0;
	ldx_status rc;

	(void)ops->sniff((const char *)data, size, "");
	(void)ops->sniff((const char *)data, size, "xml");
	if (ldx_input_open_memory(FUZZ_NAME, (const char *)data, size, &in, &err) != LDX_OK)
		return 0;
	ldx_record_init(&rec);
	if (ops->open(in, &state, &err) != LDX_OK)
		goto out;
	while ((rc = ops->next(state, &rec, &err)) != LDX_DONE) {
		if (++calls > max_calls)
			fuzz_fail("next() never returns LDX_DONE", ops->name);
		if (rc == LDX_OK)
			fuzz_check_record(&rec);
		else if (strcmp(err.file, FUZZ_NAME) != 0)
			fuzz_fail("error does not name the input", err.file);
	}
	if (ops->next(state, &rec, &err) != LDX_DONE)
		fuzz_fail("next() after LDX_DONE is not LDX_DONE", ops->name);
	ops->close(state);
out:
	ldx_record_clear(&rec);
	ldx_input_close(in);
	return 0;
}

#endif
