/*
 * cli_serve_json.c: the JSON writer of `litdex serve` (see serve.h): a
 * growable buffer with a hard maximum, commas by nesting level, strings
 * escaped so that indexed text stays text, and the highlight markers of
 * titles and snippets turned into {text, hit} segments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

static void grow(serve_json *j, size_t extra)
{
	if (j->failed)
		return;
	if (j->len + extra + 1 > SERVE_JSON_MAX) {
		j->failed = 1;
		return;
	}
	if (j->len + extra + 1 <= j->cap)
		return;
	size_t cap = j->cap ? j->cap : 4096;
	while (cap < j->len + extra + 1)
		cap *= 2;
	char *p = realloc(j->buf, cap);
	if (!p) {
		j->failed = 1;
		return;
	}
	j->buf = p;
	j->cap = cap;
}

static void put(serve_json *j, const char *s, size_t n)
{
	grow(j, n);
	if (j->failed)
		return;
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static void puts_(serve_json *j, const char *s)
{
	put(j, s, strlen(s));
}

/* Before any value or key: the comma between siblings. */
static void value_start(serve_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->comma[j->depth])
		put(j, ",", 1);
	j->comma[j->depth] = 1;
}

static void open_(serve_json *j, char c)
{
	value_start(j);
	if (j->depth >= SERVE_JSON_DEPTH) {
		j->failed = 1;
		return;
	}
	put(j, &c, 1);
	j->comma[++j->depth] = 0;
}

static void close_(serve_json *j, char c)
{
	if (j->depth > 0)
		j->depth--;
	put(j, &c, 1);
}

void sj_object_begin(serve_json *j) { open_(j, '{'); }
void sj_object_end(serve_json *j) { close_(j, '}'); }
void sj_array_begin(serve_json *j) { open_(j, '['); }
void sj_array_end(serve_json *j) { close_(j, ']'); }

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is not one
 * (overlong forms, surrogates and values past U+10FFFF are not). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min, cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, min = 0x80, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, min = 0x800, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* The characters of s[0..n) inside a JSON string, without the quotes. */
static void escape(serve_json *j, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	char esc[8];
	size_t i = 0, run = 0;

	while (i < n && !j->failed) {
		unsigned char c = s[i];
		size_t len = utf8_seq(s + i, n - i);
		const char *rep = NULL;

		if (len == 1 && c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' &&
		    c != '&') {
			i++, run++;
			continue;
		}
		/* U+2028 and U+2029 end a line in older JavaScript */
		if (len == 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
			rep = s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
		else if (len > 1) {
			i += len, run += len;
			continue;
		}
		put(j, (const char *)s + i - run, run);
		run = 0;
		if (!rep) {
			switch (len ? c : 0x100) {
			case '"': rep = "\\\""; break;
			case '\\': rep = "\\\\"; break;
			case '\n': rep = "\\n"; break;
			case '\t': rep = "\\t"; break;
			case '\r': rep = "\\r"; break;
			case 0x100: rep = "\\ufffd"; break;
			default:
				snprintf(esc, sizeof esc, "\\u%04x", c);
				rep = esc;
			}
		}
		puts_(j, rep);
		i += len ? len : 1;
	}
	put(j, (const char *)s + i - run, run);
}

void sj_key(serve_json *j, const char *name)
{
	value_start(j);
	put(j, "\"", 1);
	escape(j, name, strlen(name));
	put(j, "\":", 2);
	j->after_key = 1;
}

void sj_string_n(serve_json *j, const char *s, size_t n)
{
	value_start(j);
	put(j, "\"", 1);
	escape(j, s, n);
	put(j, "\"", 1);
}

void sj_string(serve_json *j, const char *s)
{
	if (!s)
		sj_null(j);
	else
		sj_string_n(j, s, strlen(s));
}

void sj_int(serve_json *j, long long v)
{
	char num[32];
	value_start(j);
	snprintf(num, sizeof num, "%lld", v);
	puts_(j, num);
}

void sj_double(serve_json *j, double v)
{
	char num[64];
	value_start(j);
	/* JSON has no NaN or infinity */
	if (v != v || v > 1e308 || v < -1e308)
		v = 0;
	snprintf(num, sizeof num, "%.6g", v);
	puts_(j, num);
}

void sj_bool(serve_json *j, int v)
{
	value_start(j);
	puts_(j, v ? "true" : "false");
}

void sj_null(serve_json *j)
{
	value_start(j);
	puts_(j, "null");
}

static void segment(serve_json *j, const char *s, size_t n, int hit)
{
	if (!n)
		return;
	sj_object_begin(j);
	sj_key(j, "text");
	sj_string_n(j, s, n);
	sj_key(j, "hit");
	sj_bool(j, hit);
	sj_object_end(j);
}

void sj_marked(serve_json *j, const char *s)
{
	int hit = 0;
	sj_array_begin(j);
	while (s && *s) {
		size_t n = strcspn(s, LDX_MARK_BEGIN LDX_MARK_END);
		segment(j, s, n, hit);
		s += n;
		if (*s)
			hit = *s++ == LDX_MARK_BEGIN[0];
	}
	sj_array_end(j);
}

void sj_list(serve_json *j, const char *s)
{
	sj_array_begin(j);
	while (s && *s) {
		const char *end = strstr(s, "; ");
		size_t n = end ? (size_t)(end - s) : strlen(s);
		if (n)
			sj_string_n(j, s, n);
		s += n + (end ? 2 : 0);
	}
	sj_array_end(j);
}

char *sj_detach(serve_json *j, size_t *len)
{
	char *buf = j->failed ? NULL : j->buf;
	if (buf)
		*len = j->len;
	else
		free(j->buf);
	memset(j, 0, sizeof *j);
	return buf;
}

void sj_release(serve_json *j)
{
	free(j->buf);
	memset(j, 0, sizeof *j);
}
