/*
 * tokstream.c: recorded token streams (see tokstream.h).  This file owns
 * their encoding, which nothing outside it reads.
 *
 * All streams of a set share one buffer.  A token is four fields, each
 * a varint except the bytes:
 *
 *     (ntoken << 1) | colocated,  token bytes,
 *     zigzag(start - previous token's start),  zigzag(end - start)
 *
 * so a typical word costs its own length plus three bytes.  The deltas
 * are signed (zigzag) so that no order of offsets is assumed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "tokstream.h"

#define VARINT_MAX 10
#define BUF_FIRST 4096

void ldx_tokstreams_init(ldx_tokstreams *s)
{
	memset(s, 0, sizeof *s);
}

void ldx_tokstreams_clear(ldx_tokstreams *s)
{
	for (int i = 0; i < s->n + s->open; i++)
		free(s->streams[i].owned);
	free(s->buf);
	ldx_tokstreams_init(s);
}

int ldx_tokstreams_begin(ldx_tokstreams *s, const char *text, int n, char *owned)
{
	ldx_tokstream *t;

	if (s->open || s->n == LDX_TOKSTREAMS_MAX) {
		free(owned);
		return 0;
	}
	t = &s->streams[s->n];
	t->text = text;
	t->owned = owned;
	t->ntext = n;
	t->begin = t->end = s->len;
	s->open = 1;
	s->failed = 0;
	s->prev_start = 0;
	return 1;
}

static unsigned char *put_varint(unsigned char *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static const unsigned char *get_varint(const unsigned char *p, uint64_t *v)
{
	uint64_t x = 0;
	int shift = 0;

	while (*p & 0x80) {
		x |= (uint64_t)(*p++ & 0x7F) << shift;
		shift += 7;
	}
	*v = x | (uint64_t)*p++ << shift;
	return p;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* Room for need more bytes, within LDX_TOKSTREAMS_BYTES. */
static int reserve(ldx_tokstreams *s, size_t need)
{
	size_t cap = s->cap ? s->cap : BUF_FIRST;
	unsigned char *grown;

	if (need > LDX_TOKSTREAMS_BYTES - s->len)
		return 0;
	if (s->len + need <= s->cap)
		return 1;
	while (cap < s->len + need)
		cap *= 2;
	if (cap > LDX_TOKSTREAMS_BYTES)
		cap = LDX_TOKSTREAMS_BYTES;
	if (!(grown = realloc(s->buf, cap)))
		return 0;
	s->buf = grown;
	s->cap = cap;
	return 1;
}

int ldx_tokstreams_token(void *ctx, int tflags, const char *token, int ntoken, int start,
                         int end)
{
	ldx_tokstreams *s = ctx;
	unsigned char *p;

	if (!s->open || s->failed || ntoken < 0 ||
	    !reserve(s, (size_t)ntoken + 3 * VARINT_MAX)) {
		s->failed = 1;
		return SQLITE_NOMEM;
	}
	p = put_varint(s->buf + s->len,
	               (uint64_t)ntoken << 1 | ((tflags & FTS5_TOKEN_COLOCATED) != 0));
	memcpy(p, token, (size_t)ntoken);
	p = put_varint(p + ntoken, zigzag((int64_t)start - s->prev_start));
	p = put_varint(p, zigzag((int64_t)end - start));
	s->len = (size_t)(p - s->buf);
	s->prev_start = start;
	return SQLITE_OK;
}

void ldx_tokstreams_end(ldx_tokstreams *s, int keep)
{
	ldx_tokstream *t = &s->streams[s->n];

	if (!s->open)
		return;
	s->open = 0;
	if (keep && !s->failed) {
		t->end = s->len;
		s->n++;
		return;
	}
	s->len = t->begin;
	free(t->owned);
	memset(t, 0, sizeof *t);
}

int ldx_tokstreams_find(const ldx_tokstreams *s, const char *language, const char *text,
                        int n)
{
	if (strcmp(s->language, language) != 0)
		return -1;
	for (int i = 0; i < s->n; i++) {
		const ldx_tokstream *t = &s->streams[i];
		if (t->ntext == n && (n == 0 || memcmp(t->text, text, (size_t)n) == 0))
			return i;
	}
	return -1;
}

int ldx_tokstreams_replay(const ldx_tokstreams *s, int i, ldx_tokstream_fn fn, void *ctx)
{
	const unsigned char *p = s->buf + s->streams[i].begin;
	const unsigned char *stop = s->buf + s->streams[i].end;
	int64_t start = 0;
	uint64_t head, d_start, d_end;
	int rc = SQLITE_OK;

	while (p < stop && rc == SQLITE_OK) {
		const char *token;

		p = get_varint(p, &head);
		token = (const char *)p;
		p = get_varint(p + (head >> 1), &d_start);
		p = get_varint(p, &d_end);
		start += unzigzag(d_start);
		rc = fn(ctx, (head & 1) ? FTS5_TOKEN_COLOCATED : 0, token, (int)(head >> 1),
		        (int)start, (int)(start + unzigzag(d_end)));
	}
	return rc;
}

size_t ldx_tokstreams_bytes(const ldx_tokstreams *s)
{
	size_t n = s->cap;

	for (int i = 0; i < s->n + s->open; i++)
		if (s->streams[i].owned)
			n += (size_t)s->streams[i].ntext + 1;
	return n;
}
