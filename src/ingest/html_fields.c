/*
 * html_fields.c: setting record fields from what the HTML reader found
 * (see html_int.h): text trimmed and set once (the strongest source
 * first), identifiers, years, lists and authors.  Author names go through
 * names.c.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/html_int.h"
#include "ingest/names.h"
#include "year.h"

void html_keep(html_state *st, ldx_status rc)
{
	if (st->rc == LDX_OK && rc != LDX_OK)
		st->rc = rc;
}

/* Sets an empty field from s[0..n), trimmed of trailing chars in strip. */
void html_set_text(html_state *st, char **field, const char *s, size_t n, size_t max,
                   const char *strip)
{
	if (st->rc != LDX_OK || *field || !s)
		return;
	if (n == (size_t)-1)
		n = strlen(s);
	html_trim(&s, &n, strip);
	html_keep(st, ldx_record_set(field, s, n, max));
}

void html_set_el(html_state *st, char **field, xmlNodePtr n, size_t max, const char *strip)
{
	const char *s;

	if (st->rc != LDX_OK || *field || !n)
		return;
	s = html_text_of(st, n, 0);
	html_set_text(st, field, s, st->tb.n, max, strip);
}

/* Sets rec->pmid from s if, trimmed, it is all digits. */
void html_set_pmid(html_state *st, ldx_record *rec, const char *s)
{
	size_t n;

	if (st->rc != LDX_OK || rec->pmid || !s)
		return;
	n = strlen(s);
	html_trim(&s, &n, NULL);
	if (n == 0 || n > PMID_MAX || strspn(s, "0123456789") != n)
		return;
	html_keep(st, ldx_record_set(&rec->pmid, s, n, PMID_MAX));
}

/* Sets rec->doi from text holding a DOI: "10.1/x", "doi: 10.1/x",
 * "https://doi.org/10.1/x", "info:doi/10.1/x".  With anywhere, the DOI
 * may follow other text ("J Mol Evol. 1981. doi: 10.1/x. Epub"). */
void html_set_doi(html_state *st, ldx_record *rec, const char *s, int anywhere)
{
	const char *p;
	char tok[ID_MAX + 1];
	size_t n;
	char *doi;

	if (st->rc != LDX_OK || rec->doi || !s)
		return;
	p = strstr(s, "10.");
	if (!p)
		return;
	if (!anywhere && p != s && !html_ci_strstr(s, "doi"))
		return;
	n = 0;
	while (p[n] && !html_is_ws(p[n]) && n < ID_MAX)
		n++;
	memcpy(tok, p, n);
	tok[n] = '\0';
	doi = ldx_doi_normalize(tok);   /* drops trailing periods */
	if (doi)
		html_keep(st, ldx_record_set(&rec->doi, doi, (size_t)-1, ID_MAX));
	free(doi);
}

void html_set_year(ldx_record *rec, const char *s)
{
	if (!rec->year && s)
		rec->year = ldx_year_from_date(s);
}

/*
 * Pushes an author given as "First Middle Last", "Last, First" or
 * already as "Last FM", in the record's "Last Initials" form: group names
 * and single words are kept whole (names.c has the rules).  A name is
 * read up to NAME_MAX_BYTES.
 */
void html_push_author(html_state *st, ldx_strlist *authors, const char *s, size_t n)
{
	if (st->rc != LDX_OK)
		return;
	html_trim(&s, &n, ",;");
	if (n > NAME_MAX_BYTES)
		n = NAME_MAX_BYTES;
	html_keep(st, ldx_name_push_display(authors, s, n));
}

/* Pushes the items of a list written "a; b; c" (or "a, b, c" when it
 * holds no ';', since keywords themselves may hold commas). */
void html_push_split(html_state *st, ldx_strlist *l, const char *s)
{
	char sep;

	if (!s)
		return;
	sep = strchr(s, ';') ? ';' : ',';
	while (st->rc == LDX_OK && *s) {
		size_t k = strcspn(s, sep == ';' ? ";" : ",");
		const char *item = s;
		size_t n = k;

		html_trim(&item, &n, ".");
		if (n > 0)
			html_keep(st, ldx_strlist_push(l, item, n));
		s += k;
		if (*s)
			s++;
	}
}

/* Pushes s unless the list already holds it. */
void html_push_unique(html_state *st, ldx_strlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == n && strncmp(l->v[i], s, n) == 0)
			return;
	html_keep(st, ldx_strlist_push(l, s, n));
}

/* Sets an empty abstract from text that may itself hold markup
 * (citation_abstract often carries "<p>...</p>"): tags become spaces. */
void html_set_abstract_markup(html_state *st, ldx_record *rec, const char *s)
{
	if (st->rc != LDX_OK || rec->abstract || !s)
		return;
	ldx_textbuf_reset(&st->tb2);
	while (*s) {
		size_t k = strcspn(s, "<");

		ldx_textbuf_add(&st->tb2, s, k);
		s += k;
		if (*s == '<') {
			const char *close = strchr(s, '>');

			ldx_textbuf_add(&st->tb2, " ", 1);
			if (!close)
				break;
			s = close + 1;
		}
	}
	if (st->tb2.oom)
		html_keep(st, LDX_ERR_NOMEM);
	html_set_text(st, &rec->abstract, ldx_textbuf_text(&st->tb2), st->tb2.n, LDX_FIELD_MAX,
	              NULL);
}

