/*
 * tagged.c: the pieces the MEDLINE and RIS / Web of Science readers share
 * (see tagged.h): a line source with push-back, "TAG  - value" splitting,
 * a bounded field buffer, and DOI and PMID conversions; names are
 * names.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "ingest/names.h"
#include "ingest/tagged.h"

#define ID_MAX 256
#define DIGITS_MAX 20

/* ---- Field buffer -------------------------------------------------------- */

void ldx_tagbuf_reset(ldx_tagbuf *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
}

ldx_status ldx_tagbuf_add(ldx_tagbuf *b, const char *s, size_t n)
{
	if (b->n >= LDX_TAGBUF_MAX)
		return LDX_OK;
	if (n > LDX_TAGBUF_MAX - b->n)
		n = LDX_TAGBUF_MAX - b->n;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->n + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return LDX_ERR_NOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
	return LDX_OK;
}

void ldx_tagbuf_free(ldx_tagbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* ---- Lines ------------------------------------------------------------- */

ldx_status ldx_taglines_get(ldx_taglines *t, const char **line, size_t *len,
                            long *lineno, ldx_error *err)
{
	ldx_status rc;

	if (t->held) {
		t->held = 0;
	} else {
		rc = ldx_input_getline(t->in, &t->line, &t->len, err);
		if (rc != LDX_OK) {
			t->line = NULL;
			t->len = 0;
			return rc;
		}
		t->lineno = ldx_input_lineno(t->in);
	}
	*line = t->line;
	*len = t->len;
	*lineno = t->lineno;
	return LDX_OK;
}

void ldx_taglines_unget(ldx_taglines *t)
{
	/* The input's line buffer stays valid until its next getline. */
	if (t->line)
		t->held = 1;
}

int ldx_tagged_blank(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\f' ||
		    line[i] == '\v')
			continue;
		if (len - i >= 3 && memcmp(line + i, "\xEF\xBB\xBF", 3) == 0) {
			i += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

/* ---- Tag lines ----------------------------------------------------------- */

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int ldx_tagged_split(const char *line, size_t len, size_t max_tag, size_t dash_col,
                     int space_after, char tag[8], const char **value, size_t *vlen)
{
	size_t i = 0, taglen;

	if (max_tag > 7 || len < 3 || !is_upper(line[0]))
		return 0;
	while (i < len && i < max_tag && (is_upper(line[i]) || is_digit(line[i])))
		i++;
	taglen = i;
	if (taglen < 2)
		return 0;
	while (i < len && line[i] == ' ')
		i++;
	if (i >= len || line[i] != '-' || i > dash_col)
		return 0;
	i++;
	if (space_after && i < len && !is_blank(line[i]))
		return 0;
	while (i < len && is_blank(line[i]))
		i++;
	memcpy(tag, line, taglen);
	tag[taglen] = '\0';
	*value = line + i;
	*vlen = len - i;
	return 1;
}

/* ---- Field conversions ----------------------------------------------------- */

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && (is_blank(**s) || **s == '\n' || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && (is_blank((*s)[*n - 1]) || (*s)[*n - 1] == '\n' ||
	                  (*s)[*n - 1] == '\r'))
		(*n)--;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int ldx_tagged_is(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);

	trim(&s, &n);
	if (n != k)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != lower((unsigned char)word[i]))
			return 0;
	return 1;
}

ldx_status ldx_tagged_push_name(ldx_strlist *l, const char *s, size_t n)
{
	return ldx_name_push_inverted(l, s, n);
}

ldx_status ldx_tagged_set_doi(ldx_record *rec, const char *s, size_t n)
{
	char buf[ID_MAX * 4 + 1];
	char *doi;
	ldx_status rc;

	trim(&s, &n);
	if (rec->doi || n == 0 || n >= sizeof buf)
		return LDX_OK;
	memcpy(buf, s, n);
	buf[n] = '\0';
	doi = ldx_doi_normalize(buf);
	if (!doi)
		return LDX_OK;
	rc = ldx_record_set(&rec->doi, doi, (size_t)-1, ID_MAX);
	free(doi);
	return rc;
}

/* s[0..n), trimmed, is 1 to DIGITS_MAX digits. */
static int digits_only(const char *s, size_t n)
{
	if (n == 0 || n > DIGITS_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

ldx_status ldx_tagged_set_pmid(ldx_record *rec, const char *s, size_t n)
{
	trim(&s, &n);
	if (rec->pmid || !digits_only(s, n))
		return LDX_OK;
	return ldx_record_set(&rec->pmid, s, n, ID_MAX);
}

ldx_status ldx_tagged_set_pmcid(ldx_record *rec, const char *s, size_t n)
{
	char buf[DIGITS_MAX + 4];

	trim(&s, &n);
	if (n >= 3 && lower((unsigned char)s[0]) == 'p' && lower((unsigned char)s[1]) == 'm' &&
	    lower((unsigned char)s[2]) == 'c') {
		s += 3;
		n -= 3;
	}
	if (rec->pmcid || !digits_only(s, n))
		return LDX_OK;
	memcpy(buf, "PMC", 3);
	memcpy(buf + 3, s, n);
	return ldx_record_set(&rec->pmcid, buf, n + 3, ID_MAX);
}

int ldx_tagged_record_empty(const ldx_record *rec)
{
	return !rec->pmid && !rec->doi && !rec->pmcid && !rec->title && !rec->abstract &&
	       !rec->journal && !rec->journal_abbrev && !rec->year && !rec->authors.n &&
	       !rec->keywords.n && !rec->mesh.n;
}
