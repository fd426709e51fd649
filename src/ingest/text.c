/*
 * text.c: the plain-text reader (ldx_reader_text), the fallback for .txt
 * files that are no other format.  One file is one record.
 *
 * Owns two readings of a text file:
 *
 *  - The text of a PubMed article page saved from a browser ("Save as
 *    text", or select all, copy, paste).  Such a file is recognised by its
 *    markers (see is_pubmed_page) and read by its structure, never by its
 *    navigation text: the "doi: 10..." line, the title (the line the page
 *    shows twice, else the line after the DOI), the citation line after
 *    the second title ("Ege T Kavalali et al. Eur Arch ... ."), the date
 *    line (". 2024 Sep 29."), the "Abstract" heading up to "Keywords:",
 *    "PubMed Disclaimer" or the next section, and the "Keywords: a; b."
 *    line.
 *
 *  - Anything else: the first non-empty line is the title and the
 *    non-empty lines after it, joined, are the abstract (at most
 *    PLAIN_ABSTRACT_MAX bytes).  This is the layout of one-paper-per-file
 *    collections such as OHSUMED.
 *
 * Bounds: at most READ_MAX bytes of a file are read; the rest is not
 * looked at (a title and a bounded abstract sit at the start).  NUL
 * bytes become spaces and invalid UTF-8 is repaired when fields are set.
 * A file with no text at all is an error ("no text").
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "ingest/names.h"
#include "ingest/reader.h"
#include "year.h"

#define READ_MAX ((size_t)4 * 1024 * 1024)
#define PLAIN_ABSTRACT_MAX ((size_t)64 * 1024)
#define TITLE_LINE_MAX ((size_t)1024)
#define ID_MAX 256
#define PMID_MAX 32

typedef struct text_state {
	ldx_input *in;      /* borrowed */
	int done;
	char **lines;       /* trimmed copies; "" for blank lines */
	size_t n, cap;
	size_t bytes;       /* read so far, for READ_MAX */
	long first_line;    /* line number of lines[0] */
	ldx_status rc;      /* sticky while filling the record */
} text_state;

typedef struct strbuf {
	char *p;
	size_t n, cap;
	int oom;
} strbuf;

/* ---- Small helpers ------------------------------------------------------ */

static void sb_add(strbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->n + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* Appends line l to b, with a space after the text before it. */
static void sb_join(strbuf *b, const char *l)
{
	if (b->n)
		sb_add(b, " ", 1);
	sb_add(b, l, strlen(l));
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Trims ASCII white space at both ends, and trailing chars in strip. */
static void trim(const char **s, size_t *n, const char *strip)
{
	while (*n > 0 && is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && (is_ws((*s)[*n - 1]) || (strip && strchr(strip, (*s)[*n - 1]))))
		(*n)--;
}

static int starts_with_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int eq_ci(const char *s, const char *t)
{
	return strcasecmp(s, t) == 0;
}

static size_t count_words(const char *s)
{
	size_t n = 0;
	int in_word = 0;

	for (; *s; s++) {
		int ws = is_ws(*s);

		if (!ws && !in_word)
			n++;
		in_word = !ws;
	}
	return n;
}

/* The first occurrence of needle in s, or NULL (needle is ASCII). */
static const char *find_ci(const char *s, const char *needle)
{
	size_t k = strlen(needle);

	for (; *s; s++)
		if (strncasecmp(s, needle, k) == 0)
			return s;
	return NULL;
}

/* ---- Filling fields (st->rc is sticky) ---------------------------------- */

static void keep(text_state *st, ldx_status rc)
{
	if (st->rc == LDX_OK && rc != LDX_OK)
		st->rc = rc;
}

static void set_text(text_state *st, char **field, const char *s, size_t n, size_t max,
                     const char *strip)
{
	if (st->rc != LDX_OK || *field || !s)
		return;
	if (n == (size_t)-1)
		n = strlen(s);
	trim(&s, &n, strip);
	keep(st, ldx_record_set(field, s, n, max));
}

/* Sets an empty field from the lines joined in b, and frees b. */
static void set_joined(text_state *st, char **field, strbuf *b, size_t max)
{
	if (b->oom)
		keep(st, LDX_ERR_NOMEM);
	else if (b->p)
		set_text(st, field, b->p, b->n, max, NULL);
	free(b->p);
}

/* Sets rec->doi from the token starting at s ("10.1007/x." -> "10.1007/x"). */
static void set_doi(text_state *st, ldx_record *rec, const char *s)
{
	char tok[ID_MAX + 1];
	size_t n = 0;
	char *doi;

	if (st->rc != LDX_OK || rec->doi)
		return;
	while (*s == ' ')
		s++;
	while (s[n] && !is_ws(s[n]) && n < ID_MAX)
		n++;
	memcpy(tok, s, n);
	tok[n] = '\0';
	doi = ldx_doi_normalize(tok);
	if (doi)
		keep(st, ldx_record_set(&rec->doi, doi, (size_t)-1, ID_MAX));
	free(doi);
}

static void set_pmid(text_state *st, ldx_record *rec, const char *s)
{
	size_t n;

	if (st->rc != LDX_OK || rec->pmid)
		return;
	while (*s == ' ')
		s++;
	n = strspn(s, "0123456789");
	if (n == 0 || n > PMID_MAX)
		return;
	keep(st, ldx_record_set(&rec->pmid, s, n, PMID_MAX));
}

/* Pushes a name as the PubMed page shows it ("Ege T Kavalali", "Lisa M
 * Monteggia 2") in the record's "Last Initials" form (names.c); the
 * trailing affiliation numbers and marks are the page's, dropped here. */
static void push_display_name(text_state *st, ldx_strlist *authors, const char *s, size_t n)
{
	if (st->rc != LDX_OK)
		return;
	trim(&s, &n, "0123456789,* ");
	keep(st, ldx_name_push_display(authors, s, n));
}

/* ---- Reading lines -------------------------------------------------------- */

/* Reads up to READ_MAX bytes of lines into st->lines, trimmed, with NUL
 * bytes and no-break spaces turned into spaces. */
static ldx_status read_lines(text_state *st, ldx_error *err)
{
	const char *line;
	size_t len;
	ldx_status rc;

	while (st->bytes < READ_MAX &&
	       (rc = ldx_input_getline(st->in, &line, &len, err)) != LDX_DONE) {
		const char *s = line;
		size_t n = len, k;
		char *copy;

		if (rc != LDX_OK)
			return rc;
		if (st->n == 0)
			st->first_line = ldx_input_lineno(st->in);
		st->bytes += len + 1;
		if (st->n == st->cap) {
			size_t cap = st->cap ? st->cap * 2 : 64;
			char **grown = realloc(st->lines, cap * sizeof *grown);

			if (!grown)
				goto nomem;
			st->lines = grown;
			st->cap = cap;
		}
		trim(&s, &n, NULL);
		copy = malloc(n + 1);
		if (!copy)
			goto nomem;
		/* Browsers copy &nbsp; as U+00A0 ("Kavalali\u00a0et al."); the
		 * structure below is matched on plain spaces. */
		k = 0;
		for (size_t i = 0; i < n; i++) {
			if ((unsigned char)s[i] == 0xC2 && i + 1 < n &&
			    (unsigned char)s[i + 1] == 0xA0) {
				copy[k++] = ' ';
				i++;
			} else {
				copy[k++] = s[i] ? s[i] : ' ';
			}
		}
		copy[k] = '\0';
		st->lines[st->n++] = copy;
	}
	return LDX_OK;
nomem:
	return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(st->in), ldx_input_lineno(st->in),
	                "out of memory reading '%s'", ldx_input_name(st->in));
}

/* ---- Saved PubMed pages ----------------------------------------------------- */

static int is_doi_line(const char *l)
{
	return starts_with_ci(l, "doi:") && find_ci(l, "10.");
}

/* "PMID: 39343836" or "PMID: 39343836 DOI: 10..." */
static int is_pmid_line(const char *l)
{
	const char *p;

	if (!starts_with_ci(l, "PMID:"))
		return 0;
	for (p = l + 5; *p == ' '; p++)
		;
	return *p >= '0' && *p <= '9';
}

/*
 * A saved PubMed page has at least two of: the NCBI banner, a "doi:"
 * line, a "PMID:" line, the "PubMed Disclaimer" line and the "Similar
 * articles" heading.  Any one of them alone is common in other text.
 */
static int is_pubmed_page(const text_state *st)
{
	int banner = 0, doi = 0, pmid = 0, disclaimer = 0, similar = 0;

	for (size_t i = 0; i < st->n; i++) {
		const char *l = st->lines[i];

		if (eq_ci(l, "Skip to main page content") ||
		    eq_ci(l, "An official website of the United States government"))
			banner = 1;
		else if (is_doi_line(l))
			doi = 1;
		else if (is_pmid_line(l))
			pmid = 1;
		else if (eq_ci(l, "PubMed Disclaimer"))
			disclaimer = 1;
		else if (eq_ci(l, "Similar articles"))
			similar = 1;
	}
	return banner + doi + pmid + disclaimer + similar >= 2;
}

/* Lines that end the abstract: the page's next sections. */
static int ends_abstract(const char *l)
{
	static const char *const heads[] = {
		"PubMed Disclaimer", "Similar articles", "Cited by", "References",
		"Comment in", "Publication types", "MeSH terms", "Substances",
		"Grant support", "Related information", "LinkOut - more resources",
		"Full text links", "Figures", "Conflict of interest statement",
		"Supplementary info", "Associated data", "Erratum in", "Update of",
		"Update in",
	};

	if (starts_with_ci(l, "Keywords:"))
		return 1;
	for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
		if (eq_ci(l, heads[i]))
			return 1;
	return 0;
}

/* The "<Author> et al. <Journal>. <date>." line that follows the second
 * copy of the title; authors before the first ". " otherwise. */
static void citation_line(text_state *st, ldx_record *rec, const char *l)
{
	const char *etal = find_ci(l, " et al.");
	const char *journal, *end;

	if (etal) {
		if (!rec->authors.n)
			push_display_name(st, &rec->authors, l, (size_t)(etal - l));
		journal = etal + strlen(" et al.");
	} else {
		const char *dot = strstr(l, ". ");

		if (!dot)
			return;
		/* "Ege T Kavalali, Lisa M Monteggia. Eur Arch ..." */
		for (const char *p = l; !rec->authors.n && p < dot;) {
			size_t k = strcspn(p, ",");

			if (p + k > dot)
				k = (size_t)(dot - p);
			push_display_name(st, &rec->authors, p, k);
			p += k + 1;
		}
		journal = dot + 1;
	}
	while (*journal == ' ')
		journal++;
	/* The journal abbreviation runs up to the next ". " or the end. */
	end = strstr(journal, ". ");
	set_text(st, &rec->journal_abbrev, journal,
	         end ? (size_t)(end - journal) : strlen(journal), LDX_TITLE_MAX, ". ");
	if (!rec->year && end)
		rec->year = ldx_year_from_date(end);
}

/* "Ege T Kavalali 1 , Lisa M Monteggia 2": a copied author list, every
 * comma-separated part two to five words. */
static int author_list_line(const char *l)
{
	int parts = 0;

	if (strstr(l, ". ") || strlen(l) > 4000)
		return 0;
	while (*l) {
		size_t k = strcspn(l, ",");
		char part[256];
		size_t words;

		if (k >= sizeof part)
			return 0;
		memcpy(part, l, k);
		part[k] = '\0';
		for (char *p = part; *p; p++)
			if (*p >= '0' && *p <= '9')
				*p = ' ';
		words = count_words(part);
		if (words < 2 || words > 5)
			return 0;
		parts++;
		l += k;
		if (*l)
			l++;
	}
	return parts > 0;
}

static void split_keywords(text_state *st, ldx_record *rec, const char *s)
{
	while (*s && st->rc == LDX_OK) {
		size_t k = strcspn(s, ";");
		const char *item = s;
		size_t n = k;

		trim(&item, &n, ".");
		if (n > 0)
			keep(st, ldx_strlist_push(&rec->keywords, item, n));
		s += k;
		if (*s)
			s++;
	}
}

/* The next non-empty line at or after i, or st->n. */
static size_t next_text(const text_state *st, size_t i)
{
	while (i < st->n && !st->lines[i][0])
		i++;
	return i;
}

static void read_pubmed_page(text_state *st, ldx_record *rec)
{
	size_t abs = st->n, head_end, doi_i = st->n, title_i = st->n, cit_i = st->n;
	size_t best = 0;

	for (size_t i = 0; i < st->n; i++)
		if (eq_ci(st->lines[i], "Abstract")) {
			abs = i;
			break;
		}
	/* The head (before the abstract, or before the first section when
	 * there is no abstract) holds the ids, the title and the citation. */
	head_end = abs;
	for (size_t i = 0; i < head_end; i++)
		if (ends_abstract(st->lines[i]) && !starts_with_ci(st->lines[i], "Keywords:")) {
			head_end = i;
			break;
		}
	for (size_t i = 0; i < head_end; i++) {
		const char *l = st->lines[i], *p;

		if (is_doi_line(l)) {
			if (doi_i == st->n)
				doi_i = i;
			set_doi(st, rec, l + 4);
		} else if (is_pmid_line(l)) {
			set_pmid(st, rec, l + 5);
			p = find_ci(l, "DOI:");
			if (p)
				set_doi(st, rec, p + 4);
		}
	}
	/* The title is the longest line of two words or more that the head
	 * shows twice (the page heading and the citation box). */
	for (size_t i = 0; i < head_end; i++) {
		const char *l = st->lines[i];
		size_t len = strlen(l);

		if (len <= best || count_words(l) < 2 || is_doi_line(l) || is_pmid_line(l))
			continue;
		for (size_t j = i + 1; j < head_end; j++)
			if (strcmp(st->lines[j], l) == 0) {
				best = len;
				title_i = i;
				cit_i = next_text(st, j + 1);
				break;
			}
	}
	if (title_i == st->n && doi_i < head_end) {
		/* Copied without the repeat: the first line of three words or
		 * more after the DOI line. */
		for (size_t i = doi_i + 1; i < head_end; i++)
			if (count_words(st->lines[i]) >= 3 && !is_pmid_line(st->lines[i])) {
				title_i = i;
				cit_i = next_text(st, i + 1);
				break;
			}
	}
	if (title_i < st->n)
		set_text(st, &rec->title, st->lines[title_i], (size_t)-1, LDX_TITLE_MAX, NULL);
	if (cit_i < head_end) {
		const char *l = st->lines[cit_i];

		if (find_ci(l, " et al."))
			citation_line(st, rec, l);
		else if (author_list_line(l))
			for (const char *p = l; *p && st->rc == LDX_OK;) {
				size_t k = strcspn(p, ",");

				push_display_name(st, &rec->authors, p, k);
				p += k;
				if (*p)
					p++;
			}
		else if (strstr(l, ". "))
			citation_line(st, rec, l);
	}
	/* The date line before the title: ". 2024 Sep 29." or
	 * "Eur Arch Psychiatry Clin Neurosci. 2024 Sep 29;12(3):4-5." */
	for (size_t i = 0; i < head_end && i < title_i; i++) {
		const char *l = st->lines[i], *dot = strstr(l, ". ");
		size_t pre;
		int y;

		if (!dot || is_doi_line(l) || is_pmid_line(l) || !(dot[2] >= '0' && dot[2] <= '9'))
			continue;
		y = ldx_year_from_date(dot + 2);
		if (!y)
			continue;
		if (!rec->year)
			rec->year = y;
		/* Before the date, when the copy kept it, the journal. */
		pre = (size_t)(dot - l);
		if (pre > 0 && pre <= 200 && strcspn(l, "0123456789") >= pre)
			set_text(st, &rec->journal_abbrev, l, pre, LDX_TITLE_MAX, ".");
		break;
	}
	if (abs < st->n) {
		strbuf b = { 0 };

		for (size_t i = abs + 1; i < st->n && !ends_abstract(st->lines[i]); i++) {
			const char *l = st->lines[i];

			/* "© 2024 The Author(s)": PubMed keeps copyright apart. */
			if (!l[0] || strncmp(l, "\xC2\xA9", 2) == 0)
				continue;
			sb_join(&b, l);
		}
		set_joined(st, &rec->abstract, &b, LDX_FIELD_MAX);
	}
	for (size_t i = abs < st->n ? abs : 0; i < st->n; i++)
		if (starts_with_ci(st->lines[i], "Keywords:")) {
			split_keywords(st, rec, st->lines[i] + strlen("Keywords:"));
			break;
		}
}

/* ---- Plain text -------------------------------------------------------------- */

static void read_plain(text_state *st, ldx_record *rec, size_t first)
{
	const char *t = st->lines[first];
	size_t tn = strlen(t);
	strbuf b = { 0 };

	/* A first line too long for a title is a paragraph: its first
	 * sentence is the title, and the whole text the abstract. */
	if (tn > TITLE_LINE_MAX) {
		const char *dot = strstr(t, ". ");

		tn = dot && (size_t)(dot - t) < TITLE_LINE_MAX ? (size_t)(dot - t + 1) :
		     TITLE_LINE_MAX;
		sb_add(&b, t, strlen(t));
	}
	set_text(st, &rec->title, t, tn, TITLE_LINE_MAX, NULL);
	for (size_t i = first + 1; i < st->n && b.n < PLAIN_ABSTRACT_MAX; i++) {
		const char *l = st->lines[i];

		if (!l[0])
			continue;
		sb_join(&b, l);
	}
	set_joined(st, &rec->abstract, &b, PLAIN_ABSTRACT_MAX);
}

/* ---- The reader ---------------------------------------------------------------- */

/* The fallback for .txt files with no NUL byte: any other reader that
 * recognises the text wins over this score. */
static int text_sniff(const char *data, size_t len, const char *ext)
{
	if (!ext || strcmp(ext, "txt") != 0)
		return 0;
	return memchr(data, '\0', len) ? 0 : 10;
}

static ldx_status text_open(ldx_input *in, void **state, ldx_error *err)
{
	text_state *st;

	*state = NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(in), 0,
		                "out of memory opening '%s'", ldx_input_name(in));
	st->in = in;
	*state = st;
	return LDX_OK;
}

static ldx_status text_next(void *state, ldx_record *rec, ldx_error *err)
{
	text_state *st = state;
	const char *name = ldx_input_name(st->in);
	size_t first;
	ldx_status rc;

	ldx_record_clear(rec);
	if (st->done)
		return LDX_DONE;
	st->done = 1;
	st->rc = LDX_OK;
	rc = read_lines(st, err);
	if (rc != LDX_OK)
		return rc;
	first = next_text(st, 0);
	if (first == st->n)
		return ldx_fail(err, LDX_ERR_PARSE, name, st->n ? st->first_line : 1,
		                "'%s': no text", name);
	rec->line = st->first_line + (long)first;
	if (is_pubmed_page(st)) {
		read_pubmed_page(st, rec);
		/* A page whose structure gave nothing to find it by still has
		 * its text. */
		if (!rec->title && !rec->doi && !rec->pmid && st->rc == LDX_OK)
			read_plain(st, rec, first);
	} else {
		read_plain(st, rec, first);
	}
	if (st->rc != LDX_OK) {
		long line = rec->line;

		ldx_record_clear(rec);
		return ldx_fail(err, st->rc, name, line, "out of memory reading '%s'", name);
	}
	return LDX_OK;
}

static void text_close(void *state)
{
	text_state *st = state;

	if (!st)
		return;
	for (size_t i = 0; i < st->n; i++)
		free(st->lines[i]);
	free(st->lines);
	free(st);
}

const ldx_reader_ops ldx_reader_text = {
	"text", text_sniff, text_open, text_next, text_close
};
