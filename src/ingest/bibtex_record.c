/*
 * bibtex_record.c: from the raw BibTeX field values of one entry to the
 * record (see bibtex_int.h).  Values are LaTeX, turned into UTF-8 by
 * latex.c; lists (keywords, mesh) split on ';' when there is one, else
 * ','; identifiers come from their own fields or, failing those, from an
 * eprint, a doi.org URL or a note ("PMID: 12345").
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/bibtex_int.h"
#include "ingest/latex.h"
#include "year.h"

/* LaTeX-converted text of a slot, malloc'ed, or NULL (absent or no memory:
 * *rc says which). */
static char *text_of(bib_state *st, enum slot s, int flags, ldx_status *rc)
{
	char *out = NULL;

	if (!st->slot[s] || *rc != LDX_OK)
		return NULL;
	*rc = ldx_latex_to_utf8(st->slot[s], strlen(st->slot[s]), flags, &out, NULL);
	return out;
}

static void set_text(bib_state *st, char **field, enum slot s, size_t max, ldx_status *rc)
{
	char *t = text_of(st, s, 0, rc);

	if (t && *rc == LDX_OK)
		*rc = ldx_record_set(field, t, (size_t)-1, max);
	free(t);
}

/* Pushes raw[0..n) to l after LaTeX conversion. */
static void push_latex(ldx_strlist *l, const char *raw, size_t n, ldx_status *rc)
{
	char *t = NULL;

	if (*rc != LDX_OK)
		return;
	*rc = ldx_latex_to_utf8(raw, n, 0, &t, NULL);
	if (*rc == LDX_OK)
		*rc = ldx_strlist_push(l, t, (size_t)-1);
	free(t);
}

/*
 * Splits a list value at brace depth 0: on ';' when there is one (MeSH
 * style "Models, Biological; Humans" keeps its commas), else on ','.
 */
static void push_list(ldx_strlist *l, const char *raw, ldx_status *rc)
{
	int depth = 0, semi = 0;
	size_t start = 0, i;

	if (!raw)
		return;
	for (i = 0; raw[i]; i++) {
		if (raw[i] == '{')
			depth++;
		else if (raw[i] == '}' && depth > 0)
			depth--;
		else if (raw[i] == ';' && depth == 0)
			semi = 1;
	}
	depth = 0;
	for (i = 0;; i++) {
		char c = raw[i];

		if (c == '{')
			depth++;
		else if (c == '}' && depth > 0)
			depth--;
		if (c == '\0' || (depth == 0 && (c == ';' || (c == ',' && !semi)))) {
			push_latex(l, raw + start, i - start, rc);
			start = i + 1;
		}
		if (c == '\0')
			break;
	}
}

/* ---- Identifiers ----------------------------------------------------------------- */

/* Copies a PMID at the start of s ("12345", " PMID: 12345 ...") to out;
 * 0 when there is none or it runs into other characters ("P123"). */
static int leading_digits(const char *s, char *out, size_t size)
{
	size_t n = 0;

	while (is_space(*s))
		s++;
	if (lower(s[0]) == 'p' && lower(s[1]) == 'm' && lower(s[2]) == 'i' &&
	    lower(s[3]) == 'd') {
		s += 4;
		while (*s == ':' || is_space(*s))
			s++;
	}
	while (is_digit(s[n]) && n + 1 < size) {
		out[n] = s[n];
		n++;
	}
	out[n] = '\0';
	return n > 0 && !is_digit(s[n]);
}

/* A PMID mentioned in a note: "PMID: 12345" or "12345[pmid]". */
static int pmid_in_note(const char *s, char *out, size_t size)
{
	for (const char *p = s; *p; p++) {
		if (!(lower(p[0]) == 'p' && lower(p[1]) == 'm' && lower(p[2]) == 'i' &&
		      lower(p[3]) == 'd'))
			continue;
		if (p > s && p[-1] == '[' && p[4] == ']') {
			const char *e = p - 1, *b = e;

			while (b > s && is_digit(b[-1]))
				b--;
			if (b < e && (size_t)(e - b) < size) {
				memcpy(out, b, (size_t)(e - b));
				out[e - b] = '\0';
				return 1;
			}
		} else if ((p == s || !is_alpha(p[-1])) && leading_digits(p, out, size)) {
			return 1;
		}
	}
	return 0;
}

static ldx_status set_pmid(ldx_record *rec, bib_state *st, ldx_status *rc)
{
	char digits[24];
	char *t;
	int ok = 0;

	t = text_of(st, S_PMID, LDX_LATEX_LITERAL, rc);
	if (t)
		ok = leading_digits(t, digits, sizeof digits);
	free(t);
	if (!ok && st->slot[S_EPRINT] && st->slot[S_EPRINTTYPE]) {
		char *type = text_of(st, S_EPRINTTYPE, LDX_LATEX_LITERAL, rc);

		if (type && eq_nocase(type, strlen(type), "pubmed")) {
			t = text_of(st, S_EPRINT, LDX_LATEX_LITERAL, rc);
			if (t)
				ok = leading_digits(t, digits, sizeof digits);
			free(t);
		}
		free(type);
	}
	if (!ok) {
		t = text_of(st, S_NOTE, 0, rc);
		if (t)
			ok = pmid_in_note(t, digits, sizeof digits);
		free(t);
	}
	if (ok && *rc == LDX_OK)
		*rc = ldx_record_set(&rec->pmid, digits, (size_t)-1, sizeof digits);
	return *rc;
}

static void set_pmcid(ldx_record *rec, bib_state *st, ldx_status *rc)
{
	char *t = text_of(st, S_PMCID, LDX_LATEX_LITERAL, rc);
	char id[32] = "PMC";
	const char *p = t;
	size_t n = 3;

	if (!t)
		return;
	while (is_space(*p))
		p++;
	if (lower(p[0]) == 'p' && lower(p[1]) == 'm' && lower(p[2]) == 'c')
		p += 3;
	while (is_digit(*p) && n + 1 < sizeof id)
		id[n++] = *p++;
	id[n] = '\0';
	if (n > 3 && !is_digit(*p) && *rc == LDX_OK)
		*rc = ldx_record_set(&rec->pmcid, id, n, sizeof id);
	free(t);
}

static void set_doi(ldx_record *rec, bib_state *st, ldx_status *rc)
{
	char *t = text_of(st, S_DOI, LDX_LATEX_LITERAL, rc);
	char *doi = ldx_doi_normalize(t);

	free(t);
	if (!doi) {
		/* A resolver URL is as good as a doi field. */
		const char *at;

		t = text_of(st, S_URL, LDX_LATEX_LITERAL, rc);
		at = t ? strstr(t, "doi.org/10.") : NULL;
		if (at)
			doi = ldx_doi_normalize(at + strlen("doi.org/"));
		free(t);
	}
	if (doi && *rc == LDX_OK)
		*rc = ldx_record_set(&rec->doi, doi, (size_t)-1, 1024);
	free(doi);
}

int bib_record_is_empty(const ldx_record *rec)
{
	return !rec->pmid && !rec->doi && !rec->pmcid && !rec->title && !rec->abstract &&
	       !rec->journal && rec->authors.n == 0 && rec->keywords.n == 0 &&
	       rec->mesh.n == 0;
}

ldx_status bib_fill_record(bib_state *st, ldx_record *rec)
{
	ldx_status rc = LDX_OK;
	char *t;

	set_text(st, &rec->title, st->slot[S_TITLE] ? S_TITLE : S_BOOKTITLE, LDX_TITLE_MAX,
	         &rc);
	set_text(st, &rec->abstract, S_ABSTRACT, LDX_FIELD_MAX, &rc);
	if (rc == LDX_OK)
		bib_push_authors(&rec->authors, st->slot[S_AUTHOR], &rc);
	if (rc == LDX_OK)
		push_list(&rec->keywords, st->slot[S_KEYWORDS], &rc);
	if (rc == LDX_OK)
		push_list(&rec->mesh, st->slot[S_MESH], &rc);
	/* "fjournal" (AMS) is the full title next to an abbreviated journal. */
	if (st->slot[S_FJOURNAL]) {
		set_text(st, &rec->journal, S_FJOURNAL, LDX_TITLE_MAX, &rc);
		set_text(st, &rec->journal_abbrev, st->slot[S_ABBREV] ? S_ABBREV : S_JOURNAL,
		         LDX_TITLE_MAX, &rc);
	} else {
		set_text(st, &rec->journal, st->slot[S_JOURNAL] ? S_JOURNAL : S_JOURNALTITLE,
		         LDX_TITLE_MAX, &rc);
		set_text(st, &rec->journal_abbrev, S_ABBREV, LDX_TITLE_MAX, &rc);
	}
	/* In proceedings the book title is where the paper appeared. */
	if (!rec->journal && st->slot[S_TITLE] && st->slot[S_BOOKTITLE])
		set_text(st, &rec->journal, S_BOOKTITLE, LDX_TITLE_MAX, &rc);
	set_text(st, &rec->language, S_LANGUAGE, 256, &rc);
	t = text_of(st, S_YEAR, 0, &rc);
	rec->year = ldx_year_from_date(t);
	free(t);
	if (!rec->year) {
		t = text_of(st, S_DATE, 0, &rc);
		rec->year = ldx_year_from_date(t);
		free(t);
	}
	set_doi(rec, st, &rc);
	set_pmid(rec, st, &rc);
	set_pmcid(rec, st, &rc);
	return rc;
}

