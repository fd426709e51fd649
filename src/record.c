/*
 * record.c: the record every reader fills, and the text normalisation all
 * of its fields go through (see record.h).  This file alone decides what
 * "clean text" means in litdex: valid UTF-8, no control characters, single
 * spaces, bounded length.  It also owns record identity: DOI normalisation
 * and ldx_record_key().
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

/* A list item (author, keyword) is never legitimately longer than a title. */
#define ITEM_MAX LDX_TITLE_MAX

/* ---- UTF-8 ------------------------------------------------------------ */

#define REPLACEMENT 0xFFFDu

/*
 * Decodes one code point from s[0..n), n >= 1.  Returns the number of bytes
 * consumed; a malformed sequence (bad lead byte, truncated, overlong,
 * surrogate, above U+10FFFF) consumes one byte and yields U+FFFD, so every
 * bad byte becomes exactly one replacement character.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t len, i;
	uint32_t min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		goto bad;
	}
	if (n < len)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = REPLACEMENT;
	return 1;
}

static size_t utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	} else if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	} else if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Unicode white space (Zs, plus the line and paragraph separators). */
static int is_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 ||
	       c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
	       c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* C0 (which includes the LDX_MARK_* highlight bytes), DEL and C1. */
static int is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/*
 * Normalises s[0..n) into a malloc'ed string of at most max bytes, its
 * length in *outlen.  Returns NULL only when out of memory.
 */
static char *normalize(const char *s, size_t n, size_t max, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t cap, len = 0, i = 0;
	int pending_space = 0;
	char *out, *shrunk;

	/* Every input byte yields at most 3 output bytes (one U+FFFD). */
	cap = n <= max / 3 ? n * 3 : max;
	out = malloc(cap + 1);
	if (!out)
		return NULL;
	while (i < n) {
		uint32_t c;
		char enc[4];
		size_t k;

		/* Fast path: printable ASCII is most of any text. */
		if (p[i] > 0x20 && p[i] < 0x7F) {
			if (len + (size_t)pending_space + 1 > cap)
				break;
			if (pending_space)
				out[len++] = ' ';
			pending_space = 0;
			out[len++] = (char)p[i++];
			continue;
		}
		i += utf8_decode(p + i, n - i, &c);
		if (is_space(c)) {
			pending_space = len > 0;
			continue;
		}
		if (is_control(c))
			continue;
		k = utf8_encode(c, enc);
		if (len + (size_t)pending_space + k > cap)
			break;
		if (pending_space)
			out[len++] = ' ';
		pending_space = 0;
		memcpy(out + len, enc, k);
		len += k;
	}
	out[len] = '\0';
	if (cap > 256 && len < cap / 2) {
		shrunk = realloc(out, len + 1);
		if (shrunk)
			out = shrunk;
	}
	*outlen = len;
	return out;
}

/* ---- Records ---------------------------------------------------------- */

void ldx_record_init(ldx_record *rec)
{
	memset(rec, 0, sizeof *rec);
}

void ldx_record_clear(ldx_record *rec)
{
	free(rec->pmid);
	free(rec->doi);
	free(rec->pmcid);
	free(rec->title);
	free(rec->abstract);
	free(rec->body);
	ldx_strlist_clear(&rec->keywords);
	ldx_strlist_clear(&rec->mesh);
	ldx_strlist_clear(&rec->authors);
	ldx_strlist_clear(&rec->pub_types);
	free(rec->journal);
	free(rec->journal_abbrev);
	free(rec->language);
	ldx_record_init(rec);
}

ldx_status ldx_record_set(char **field, const char *s, size_t n, size_t max)
{
	char *v = NULL;
	size_t len;

	if (s) {
		if (n == (size_t)-1)
			n = strlen(s);
		v = normalize(s, n, max, &len);
		if (!v)
			return LDX_ERR_NOMEM;
		if (len == 0) {
			free(v);
			v = NULL;
		}
	}
	free(*field);
	*field = v;
	return LDX_OK;
}

/*
 * sep is inserted as given, so it should itself be clean text (" ",
 * "; ").  The new text is cut so that the whole field stays within max;
 * when not even the separator fits, the field is left alone.
 */
ldx_status ldx_record_append(char **field, const char *sep, const char *s, size_t n,
                             size_t max)
{
	char *add = NULL, *joined;
	size_t oldlen, seplen, addlen, total;

	if (!*field || !**field)
		return ldx_record_set(field, s, n, max);
	if (!s)
		return LDX_OK;
	if (n == (size_t)-1)
		n = strlen(s);
	oldlen = strlen(*field);
	seplen = sep ? strlen(sep) : 0;
	/* Nothing fits after the separator: leave the field as it is rather
	 * than end it with half a separator. */
	if (oldlen + seplen >= max)
		return LDX_OK;
	add = normalize(s, n, max - oldlen - seplen, &addlen);
	if (!add)
		return LDX_ERR_NOMEM;
	if (addlen == 0) {
		free(add);
		return LDX_OK;
	}
	total = oldlen + seplen + addlen;
	joined = realloc(*field, total + 1);
	if (!joined) {
		free(add);
		return LDX_ERR_NOMEM;
	}
	if (seplen)
		memcpy(joined + oldlen, sep, seplen);
	memcpy(joined + oldlen + seplen, add, addlen);
	free(add);
	joined[total] = '\0';
	*field = joined;
	return LDX_OK;
}

/* ---- String lists ----------------------------------------------------- */

ldx_status ldx_strlist_push(ldx_strlist *l, const char *s, size_t n)
{
	char *v, **grown;
	size_t len;

	if (!s || l->n >= LDX_LIST_MAX)
		return LDX_OK;
	if (n == (size_t)-1)
		n = strlen(s);
	v = normalize(s, n, ITEM_MAX, &len);
	if (!v)
		return LDX_ERR_NOMEM;
	if (len == 0) {
		free(v);
		return LDX_OK;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		grown = realloc(l->v, cap * sizeof *grown);
		if (!grown) {
			free(v);
			return LDX_ERR_NOMEM;
		}
		l->v = grown;
		l->cap = cap;
	}
	l->v[l->n++] = v;
	return LDX_OK;
}

void ldx_strlist_clear(ldx_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

char *ldx_strlist_join(const ldx_strlist *l, const char *sep)
{
	size_t seplen, total = 0, pos = 0;
	char *out;

	if (!l || l->n == 0)
		return NULL;
	if (!sep)
		sep = "; ";
	seplen = strlen(sep);
	for (size_t i = 0; i < l->n; i++)
		total += strlen(l->v[i]) + (i ? seplen : 0);
	out = malloc(total + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		size_t k = strlen(l->v[i]);
		if (i) {
			memcpy(out + pos, sep, seplen);
			pos += seplen;
		}
		memcpy(out + pos, l->v[i], k);
		pos += k;
	}
	out[pos] = '\0';
	return out;
}

/* ---- Identity --------------------------------------------------------- */

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Length of prefix if s starts with it, ignoring ASCII case; else 0. */
static size_t has_prefix(const char *s, const char *prefix)
{
	size_t i;

	for (i = 0; prefix[i]; i++)
		if (ascii_lower((unsigned char)s[i]) != prefix[i])
			return 0;
	return i;
}

/* Resolver and label prefixes seen in the wild, longest first where one
 * is a prefix of another. */
static const char *const doi_prefixes[] = {
	"https://doi.org/", "http://doi.org/",
	"https://dx.doi.org/", "http://dx.doi.org/",
	"https://www.doi.org/", "http://www.doi.org/",
	"doi.org/", "dx.doi.org/",
	"doi:",
};

char *ldx_doi_normalize(const char *s)
{
	char *v = NULL;
	const char *p, *slash;
	size_t len, k;

	if (!s)
		return NULL;
	if (ldx_record_set(&v, s, (size_t)-1, 1024) != LDX_OK || !v)
		return NULL;
	p = v;
	for (size_t i = 0; i < sizeof doi_prefixes / sizeof *doi_prefixes; i++) {
		k = has_prefix(p, doi_prefixes[i]);
		if (k) {
			p += k;
			break;
		}
	}
	while (*p == ' ')
		p++;
	len = strlen(p);
	while (len > 0 && p[len - 1] == '.')
		len--;
	memmove(v, p, len);
	v[len] = '\0';
	for (size_t i = 0; i < len; i++)
		v[i] = (char)ascii_lower((unsigned char)v[i]);
	/* "10.<registrant>/<suffix>", both parts non-empty, no spaces. */
	slash = strchr(v, '/');
	if (strncmp(v, "10.", 3) != 0 || !slash || slash == v + 3 || !slash[1] ||
	    strchr(v, ' ')) {
		free(v);
		return NULL;
	}
	return v;
}

static int all_digits(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/*
 * Punctuation outside ASCII that differs between exports of one paper
 * (curly quotes, dashes, the replacement character).  Other non-ASCII
 * characters are letters of some script and count.
 */
static int is_unicode_punct(uint32_t c)
{
	return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
	       (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || c == REPLACEMENT ||
	       is_space(c) || is_control(c);
}

#define FNV_OFFSET UINT64_C(14695981039346656037)
#define FNV_PRIME  UINT64_C(1099511628211)

static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* FNV-1a of the title's letters and digits (ASCII lowercased), ":" and
 * the year, so case, spacing and punctuation do not change the key. */
static uint64_t title_hash(const char *title, int year)
{
	const unsigned char *p = (const unsigned char *)title;
	size_t n = strlen(title), i = 0;
	uint64_t h = FNV_OFFSET;
	char ybuf[16];
	int ylen;

	while (i < n) {
		uint32_t c;
		size_t k = utf8_decode(p + i, n - i, &c);

		if (c < 0x80) {
			if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z')) {
				unsigned char lc = (unsigned char)ascii_lower((int)c);
				h = fnv1a(h, &lc, 1);
			}
		} else if (!is_unicode_punct(c)) {
			h = fnv1a(h, p + i, k);
		}
		i += k;
	}
	ylen = snprintf(ybuf, sizeof ybuf, ":%d", year);
	return fnv1a(h, ybuf, (size_t)ylen);
}

char *ldx_record_key(const ldx_record *rec)
{
	char *key;

	if (all_digits(rec->pmid))
		return strdup(rec->pmid);
	if (rec->doi) {
		key = ldx_doi_normalize(rec->doi);
		if (key)
			return key;
	}
	if (!rec->title || !*rec->title)
		return NULL;
	key = malloc(2 + 16 + 1);
	if (!key)
		return NULL;
	snprintf(key, 19, "t:%016" PRIx64, title_hash(rec->title, rec->year));
	return key;
}
