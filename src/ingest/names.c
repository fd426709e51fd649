/*
 * names.c: author names as "Last Initials" (see names.h for the rules).
 * Every reader that builds a personal name comes here: MEDLINE and RIS
 * ("Last, First"), saved web pages and PubMed page text (display names),
 * BibTeX and the XML readers (initials of given names).  What is
 * particular to one format (BibTeX's von and Jr parts, PubMed's Initials
 * element, affiliation numbers on a page) stays in its reader.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/names.h"

/* Words of a display name looked at; the rest is ignored. */
#define NAME_WORDS 16
/* Given names this short and all in capitals may be initials already. */
#define GIVEN_INITIALS_MAX 4

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_ws((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ws((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* Bytes of the separator between given names at p (0 for none). */
static size_t separator(const unsigned char *p, const unsigned char *end)
{
	if (is_ws(*p) || *p == '-' || *p == '.' || *p == ',')
		return 1;
	if (*p == 0xC2 && p + 1 < end && p[1] == 0xA0)
		return 2;    /* U+00A0, BibTeX's '~' */
	return 0;
}

size_t ldx_name_initials(const char *given, size_t n, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)given, *end = p + n;
	size_t k = 0, count = 0;

	if (cap == 0)
		return 0;
	while (p < end && count < LDX_NAME_INITIALS_MAX) {
		const unsigned char *w = p;
		size_t len = 0, upper = 0, first = 1, sep = separator(p, end);

		if (sep) {
			p += sep;
			continue;
		}
		while (w + len < end && !separator(w + len, end)) {
			upper += is_upper(w[len]);
			len++;
		}
		p = w + len;
		if (len >= 2 && len <= 3 && upper == len) {
			/* initials run together: "KC", "JRR" */
			if (k + len < cap) {
				memcpy(out + k, w, len);
				k += len;
			}
			count += len;
			continue;
		}
		if (!is_upper(*w) && !is_lower(*w) && *w < 0xC0)
			continue;    /* "(Jim)", "2nd": no letter to take */
		if (*w >= 0xC0)
			while (first < len && first < 4 && (w[first] & 0xC0) == 0x80)
				first++;
		if (k + first < cap) {
			memcpy(out + k, w, first);
			if (is_lower(*w))
				out[k] = (char)(*w - 'a' + 'A');
			k += first;
		}
		count++;
	}
	out[k] = '\0';
	return k;
}

int ldx_name_is_collective(const char *s, size_t n)
{
	static const char *const words[] = {
		"group", "consortium", "collaborat", "committee", "network", "investigators",
		"society", "team", "association", "working", "council", "study",
	};

	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		size_t k = strlen(words[w]);

		for (size_t i = 0; i + k <= n; i++)
			if (strncasecmp(s + i, words[w], k) == 0)
				return 1;
	}
	return 0;
}

/* "WX" after "Cao,": capitals only, short, and either the surname is in
 * mixed case or the run is too short to be a name ("GU, WANJUN" is not). */
static int given_is_initials(const char *given, size_t gn, const char *last, size_t ln)
{
	if (gn == 0 || gn > GIVEN_INITIALS_MAX)
		return 0;
	for (size_t i = 0; i < gn; i++)
		if (!is_upper((unsigned char)given[i]))
			return 0;
	if (gn <= 2)
		return 1;
	for (size_t i = 0; i < ln; i++)
		if (is_lower((unsigned char)last[i]))
			return 1;
	return 0;
}

ldx_status ldx_name_push_parts(ldx_strlist *l, const char *last, size_t ln,
                               const char *given, size_t gn)
{
	char ini[LDX_NAME_INITIALS_BYTES];
	size_t k;
	char *b;
	ldx_status rc;

	trim(&last, &ln);
	trim(&given, &gn);
	if (ln == 0 || gn == 0)
		return ldx_strlist_push(l, ln ? last : given, ln ? ln : gn);
	if (given_is_initials(given, gn, last, ln)) {
		memcpy(ini, given, gn);
		k = gn;
	} else {
		k = ldx_name_initials(given, gn, ini, sizeof ini);
	}
	if (!(b = malloc(ln + 1 + k)))
		return LDX_ERR_NOMEM;
	memcpy(b, last, ln);
	b[ln] = ' ';
	memcpy(b + ln + 1, ini, k);
	rc = ldx_strlist_push(l, b, k ? ln + 1 + k : ln);
	free(b);
	return rc;
}

ldx_status ldx_name_push_inverted(ldx_strlist *l, const char *s, size_t n)
{
	const char *comma, *given, *suffix;
	size_t gn;

	trim(&s, &n);
	if (!(comma = memchr(s, ',', n)))
		return ldx_strlist_push(l, s, n);
	given = comma + 1;
	gn = n - (size_t)(given - s);
	/* "Zarate, Carlos A, Jr": the suffix is not a given name. */
	if ((suffix = memchr(given, ',', gn)) != NULL)
		gn = (size_t)(suffix - given);
	return ldx_name_push_parts(l, s, (size_t)(comma - s), given, gn);
}

static int is_suffix_word(const char *w, size_t n)
{
	static const char *const words[] = { "jr", "jr.", "sr", "sr.", "ii", "iii", "iv" };

	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strlen(words[i]) == n && strncasecmp(w, words[i], n) == 0)
			return 1;
	return 0;
}

/* All ASCII capitals, 1-3 of them: the initials of "Kavalali ET". */
static int is_initials_word(const char *w, size_t n)
{
	if (n == 0 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_upper((unsigned char)w[i]))
			return 0;
	return 1;
}

ldx_status ldx_name_push_display(ldx_strlist *l, const char *s, size_t n)
{
	const char *w[NAME_WORDS];
	size_t wl[NAME_WORDS], nw = 0, last;

	trim(&s, &n);
	if (n == 0)
		return LDX_OK;
	if (ldx_name_is_collective(s, n))
		return ldx_strlist_push(l, s, n);
	if (memchr(s, ',', n))
		return ldx_name_push_inverted(l, s, n);
	for (size_t i = 0; i < n && nw < NAME_WORDS;) {
		while (i < n && is_ws((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		w[nw] = s + i;
		while (i < n && !is_ws((unsigned char)s[i]))
			i++;
		wl[nw] = (size_t)(s + i - w[nw]);
		nw++;
	}
	while (nw > 1 && is_suffix_word(w[nw - 1], wl[nw - 1]))
		nw--;
	if (nw < 2)
		return ldx_strlist_push(l, s, n);
	if (is_initials_word(w[nw - 1], wl[nw - 1]) && !is_initials_word(w[0], wl[0]))
		/* already "Last FM" (or "van Rheenen RW") */
		return ldx_strlist_push(l, w[0], (size_t)(w[nw - 1] + wl[nw - 1] - w[0]));
	last = nw - 1;
	while (last > 1 && is_lower((unsigned char)w[last - 1][0]))
		last--;
	return ldx_name_push_parts(l, w[last], (size_t)(w[nw - 1] + wl[nw - 1] - w[last]),
	                           w[0], (size_t)(w[last - 1] + wl[last - 1] - w[0]));
}
