/*
 * bibtex_names.c: BibTeX author fields (see bibtex_int.h).  Owns
 * BibTeX's own name grammar: names separated by "and" at brace depth 0,
 * "Last, First", "von Last, Jr, First" and "First von Last", brace groups
 * as protected words, a single brace group as a group author, and
 * unbraced organisation names.  The initials of the first names follow
 * the rules every reader shares (names.c).
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/bibtex_int.h"
#include "ingest/latex.h"
#include "ingest/names.h"

typedef struct span {
	size_t a, b;        /* raw[a..b) */
} span;

#define TOKENS_MAX 64

/* Whitespace-separated tokens of raw[a..b) at brace depth 0. */
static size_t tokens(const char *raw, size_t a, size_t b, span *out, size_t max)
{
	size_t n = 0, i = a;

	while (i < b) {
		size_t start;
		int depth = 0;

		while (i < b && is_space(raw[i]))
			i++;
		if (i >= b)
			break;
		start = i;
		for (; i < b && (depth > 0 || !is_space(raw[i])); i++) {
			if (raw[i] == '{')
				depth++;
			else if (raw[i] == '}' && depth > 0)
				depth--;
		}
		if (n < max) {
			out[n].a = start;
			out[n].b = i;
			n++;
		} else {
			out[max - 1].b = i;    /* fold the excess into the last */
		}
	}
	return n;
}

/* Is the token lowercase, i.e. a "von" part?  A token starting with a
 * plain brace group is protected and counts as uppercase. */
static int is_von(const char *raw, span t, ldx_status *rc)
{
	char *u = NULL;
	int von;

	if (raw[t.a] == '{' && t.b - t.a > 1 && raw[t.a + 1] != '\\')
		return 0;
	if (*rc != LDX_OK || (*rc = ldx_latex_to_utf8(raw + t.a, t.b - t.a, 0, &u, NULL)) != LDX_OK)
		return 0;
	von = u[0] >= 'a' && u[0] <= 'z';
	free(u);
	return von;
}

/*
 * Exports often leave an organisation's name unbraced ("National Centre
 * for Chronic Conditions"), which BibTeX would read as First von Last.
 * Name particles (van, de, la ...) are never these English function
 * words, so a name holding one inside is kept whole.
 */
static int is_organisation(const char *raw, const span *tok, size_t ntok)
{
	static const char *const words[] = {
		"of", "for", "at", "on", "in", "the", "to", "from", "with", "by",
	};

	for (size_t t = 1; t + 1 < ntok; t++)
		for (size_t w = 0; w < sizeof words / sizeof *words; w++)
			if (eq_nocase(raw + tok[t].a, tok[t].b - tok[t].a, words[w]))
				return 1;
	return 0;
}

/* Appends the initials of a converted forename ("Jean-Paul" -> "JP",
 * "KC" -> "KC", "Marcel R." -> "MR"; '~' became U+00A0, a separator). */
static void add_initials(sbuf *out, const char *fore)
{
	char ini[LDX_NAME_INITIALS_BYTES];

	bib_sb_add(out, ini, ldx_name_initials(fore, strlen(fore), ini, sizeof ini), LDX_TITLE_MAX);
}

/* Converts raw[a..b) and appends it to out. */
static void add_latex(sbuf *out, const char *raw, size_t a, size_t b, ldx_status *rc)
{
	char *t = NULL;

	if (*rc != LDX_OK)
		return;
	*rc = ldx_latex_to_utf8(raw + a, b - a, 0, &t, NULL);
	if (*rc == LDX_OK)
		bib_sb_add(out, t, strlen(t), LDX_TITLE_MAX);
	free(t);
}

static void trim(const char *raw, size_t *a, size_t *b)
{
	while (*a < *b && is_space(raw[*a]))
		(*a)++;
	while (*b > *a && is_space(raw[*b - 1]))
		(*b)--;
}

/*
 * One BibTeX name, raw[a..b), as "Last Initials": "Last, First",
 * "von Last, Jr, First" or "First von Last".  A name that is one brace
 * group ("{World Health Organization}") is a collective name, kept whole.
 */
static void push_name(ldx_strlist *authors, const char *raw, size_t a, size_t b,
                      sbuf *out, ldx_status *rc)
{
	span part[3] = {{0, 0}, {0, 0}, {0, 0}}, tok[TOKENS_MAX];
	size_t nparts = 0, ntok, start, i, first_a = 0, first_b = 0, jr_a = 0, jr_b = 0;
	size_t last_a, last_b;
	int depth = 0;

	trim(raw, &a, &b);
	if (a == b || eq_nocase(raw + a, b - a, "others"))
		return;
	bib_sb_reset(out);
	bib_sb_add(out, "", 0, LDX_TITLE_MAX);
	if (raw[a] == '{') {
		for (i = a; i < b; i++) {
			if (raw[i] == '{')
				depth++;
			else if (raw[i] == '}' && --depth == 0)
				break;
		}
		if (i == b - 1) {
			add_latex(out, raw, a, b, rc);
			goto push;
		}
		depth = 0;
	}
	/* Parts at commas at depth 0; a fourth and later part joins the third. */
	for (start = a, i = a; i <= b; i++) {
		if (i < b && raw[i] == '{')
			depth++;
		else if (i < b && raw[i] == '}' && depth > 0)
			depth--;
		if (i == b || (raw[i] == ',' && depth == 0 && nparts < 2)) {
			part[nparts].a = start;
			part[nparts].b = i;
			trim(raw, &part[nparts].a, &part[nparts].b);
			nparts++;
			start = i + 1;
		}
	}
	if (nparts == 1) {
		size_t von;

		ntok = tokens(raw, a, b, tok, TOKENS_MAX);
		if (ntok == 0)
			return;
		if (is_organisation(raw, tok, ntok)) {
			add_latex(out, raw, a, b, rc);
			goto push;
		}
		/* "First von Last": the von part starts at the first lowercase
		 * token before the last; without one, the last token is Last. */
		for (von = 0; von + 1 < ntok; von++)
			if (is_von(raw, tok[von], rc))
				break;
		last_a = tok[von].a;
		last_b = tok[ntok - 1].b;
		if (von > 0) {
			first_a = tok[0].a;
			first_b = tok[von - 1].b;
		}
	} else {
		last_a = part[0].a;
		last_b = part[0].b;
		if (nparts == 3) {
			jr_a = part[1].a;
			jr_b = part[1].b;
		}
		first_a = part[nparts - 1].a;
		first_b = part[nparts - 1].b;
	}
	if (last_a == last_b) {
		/* ", John": nothing but a forename. */
		add_latex(out, raw, first_a, first_b, rc);
		goto push;
	}
	add_latex(out, raw, last_a, last_b, rc);
	if (first_a < first_b && *rc == LDX_OK) {
		char *fore = NULL;

		*rc = ldx_latex_to_utf8(raw + first_a, first_b - first_a, 0, &fore, NULL);
		if (*rc == LDX_OK) {
			size_t before = out->n;

			bib_sb_add(out, " ", 1, LDX_TITLE_MAX);
			add_initials(out, fore);
			if (!out->oom && out->n == before + 1) {
				out->n = before;    /* no initials after all */
				out->p[out->n] = '\0';
			}
		}
		free(fore);
	}
	if (jr_a < jr_b) {
		bib_sb_add(out, " ", 1, LDX_TITLE_MAX);
		add_latex(out, raw, jr_a, jr_b, rc);
	}
push:
	if (out->oom && *rc == LDX_OK)
		*rc = LDX_ERR_NOMEM;
	if (*rc == LDX_OK)
		*rc = ldx_strlist_push(authors, out->p, out->n);
}

/* Splits an author field at the word "and" (any case) at depth 0. */
void bib_push_authors(ldx_strlist *authors, const char *raw, ldx_status *rc)
{
	sbuf name = {0};
	size_t start = 0, i = 0;
	int depth = 0;

	if (!raw)
		return;
	for (;;) {
		char c = raw[i];

		if (c == '\0') {
			push_name(authors, raw, start, i, &name, rc);
			break;
		}
		if (c == '{') {
			depth++;
		} else if (c == '}' && depth > 0) {
			depth--;
		} else if (depth == 0 && is_space(c) && (raw[i + 1] == 'a' || raw[i + 1] == 'A') &&
		           (raw[i + 2] == 'n' || raw[i + 2] == 'N') &&
		           (raw[i + 3] == 'd' || raw[i + 3] == 'D') && is_space(raw[i + 4])) {
			push_name(authors, raw, start, i, &name, rc);
			start = i + 4;
			i = start;
			continue;
		}
		i++;
	}
	bib_sb_free(&name);
}

