/*
 * html.c: the saved-web-page reader (ldx_reader_html).
 *
 * Owns turning one saved HTML page (.html, .htm) into at most one
 * ldx_record.  The whole page is read (up to HTML_MAX bytes) and parsed
 * with libxml2's forgiving HTML parser; the tree is then read from three
 * sources, strongest first, each filling only what is still empty:
 *
 *  1. bibliographic <meta> tags (name= or property=, any case): the
 *     Highwire citation_* set that PubMed, PMC and most publishers emit,
 *     then Dublin Core (dc.* and dcterms.*);
 *  2. the body of a PubMed article page, in the current layout
 *     (pubmed.ncbi.nlm.nih.gov: h1.heading-title, #eng-abstract, ...) and
 *     the older www.ncbi.nlm.nih.gov/pubmed layout (div.rprt.abstract);
 *  3. og:title and <title>, and for pages with neither of the above the
 *     main visible text (<article>, <main> or <body> without navigation,
 *     headers, footers, asides, forms, scripts and styles) as the
 *     abstract, cut at FALLBACK_ABSTRACT_MAX bytes.
 *
 * Which pages are papers (the rule, stated once):
 *  - a page with citation_title, citation_doi or citation_pmid, or with a
 *    DC title plus a DC creator, date or DOI, is a paper;
 *  - so is a page whose PubMed article structure yields a title;
 *  - any other page is a paper only if it has a title and at least
 *    MIN_ARTICLE_WORDS (60) words of main text outside links and <pre>.
 *    A login page, an error page, a list of links or a record dump is
 *    not: next() reports "'x.html': not a paper (...)" (LDX_ERR_FORMAT,
 *    line 1) and returns no record.
 *
 * Encoding: bytes that are valid UTF-8 are read as UTF-8 whatever the page
 * declares (pages re-saved by browsers often keep a stale declaration).
 * Other bytes are decoded by the declared charset when there is one;
 * without one, invalid bytes are replaced by U+FFFD before parsing.
 *
 * Safety: HTML_PARSE_NONET, never HUGE, so libxml2's default limits
 * stand; the tree walks here are iterative, so no page can exhaust the
 * C stack; every text buffer is capped.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "error.h"
#include "ingest/reader.h"
#include "year.h"

#define HTML_MAX ((size_t)64 * 1024 * 1024)
#define READ_CHUNK ((size_t)64 * 1024)
#define HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
                      HTML_PARSE_RECOVER | HTML_PARSE_COMPACT)

/* Flattened text of one element never needs more than this: no field
 * holds more than LDX_FIELD_MAX, and normalising only shortens text. */
#define TEXT_MAX (2 * (size_t)LDX_FIELD_MAX)
#define FALLBACK_ABSTRACT_MAX ((size_t)32 * 1024)
#define MIN_ARTICLE_WORDS 60
#define ID_MAX 256
#define PMID_MAX 32
#define NAME_MAX_BYTES 512
#define INITIALS_MAX 16
#define CHARSET_SCAN 4096

typedef struct textbuf {
	char *p;            /* NUL-terminated once allocated */
	size_t n, cap;
	int oom;
} textbuf;

typedef struct html_state {
	ldx_input *in;      /* borrowed */
	int done;
	ldx_status rc;      /* sticky while filling the record */
	textbuf tb, tb2;    /* scratch text */
} html_state;

/* ---- Scratch text ------------------------------------------------------ */

static void tb_reset(textbuf *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* Appends s[0..n), silently capped at TEXT_MAX. */
static void tb_add(textbuf *b, const char *s, size_t n)
{
	if (b->oom || b->n >= TEXT_MAX)
		return;
	if (n > TEXT_MAX - b->n)
		n = TEXT_MAX - b->n;
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

static void tb_str(textbuf *b, const char *s)
{
	tb_add(b, s, strlen(s));
}

static void tb_free(textbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

static const char *tb_cstr(const textbuf *b)
{
	return b->p ? b->p : "";
}

/* ---- Small string helpers ---------------------------------------------- */

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* s[0..n) trimmed of ASCII white space and of trailing chars in strip. */
static void trim(const char **s, size_t *n, const char *strip)
{
	while (*n > 0 && is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && (is_ws((*s)[*n - 1]) || (strip && strchr(strip, (*s)[*n - 1]))))
		(*n)--;
}

/* The first occurrence of needle (lowercase) in s[0..n), any case. */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* strcasestr, which is a GNU extension. */
static const char *ci_strstr(const char *s, const char *needle)
{
	return find_ci(s, strlen(s), needle);
}

static int starts_with_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- Tree helpers ------------------------------------------------------- */

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       (!name || strcasecmp((const char *)n->name, name) == 0);
}

/* The value of an attribute (any case), or NULL; not a copy. */
static const char *attr(xmlNodePtr n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (strcasecmp((const char *)a->name, name) == 0)
			return a->children && a->children->type == XML_TEXT_NODE &&
			       a->children->content ? (const char *)a->children->content : "";
	return NULL;
}

/* Does the class attribute hold token (any case) among its words? */
static int has_class(xmlNodePtr n, const char *token)
{
	const char *c = attr(n, "class");
	size_t k = strlen(token);

	while (c && *c) {
		size_t w;

		while (is_ws(*c))
			c++;
		w = strcspn(c, " \t\n\r\f");
		if (w == k && strncasecmp(c, token, k) == 0)
			return 1;
		c += w;
	}
	return 0;
}

/* The node after n in document order within root, or NULL; with
 * skip_children, n's subtree is stepped over. */
static xmlNodePtr walk_next(xmlNodePtr n, xmlNodePtr root, int skip_children)
{
	if (!skip_children && n->children &&
	    (n->type == XML_ELEMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE ||
	     n->type == XML_DOCUMENT_NODE))
		return n->children;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

/* The first element under root (root excluded) with the given tag,
 * class token and id, each NULL for any. */
static xmlNodePtr find(xmlNodePtr root, const char *tag, const char *cls, const char *id)
{
	if (!root)
		return NULL;
	for (xmlNodePtr n = root->children; n; n = walk_next(n, root, 0)) {
		const char *v;

		if (!is_el(n, tag))
			continue;
		if (cls && !has_class(n, cls))
			continue;
		if (id && (!(v = attr(n, "id")) || strcasecmp(v, id) != 0))
			continue;
		return n;
	}
	return NULL;
}

/* The next element sibling after n. */
static xmlNodePtr next_el(xmlNodePtr n)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

/* Elements whose content is never text to index. */
static int is_hidden(xmlNodePtr n)
{
	static const char *const names[] = {
		"script", "style", "noscript", "template", "head", "iframe", "object",
		"select", "textarea", "svg", "canvas", "title",
	};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return 1;
	return 0;
}

/* Page furniture around the article, skipped by the main-text fallback. */
static int is_chrome(xmlNodePtr n)
{
	static const char *const names[] = {
		"nav", "header", "footer", "aside", "form", "button", "menu", "h1",
	};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return 1;
	return 0;
}

/* Elements inside words ("Ca<sup>2+</sup>"): they add no space. */
static int is_inline(xmlNodePtr n)
{
	static const char *const names[] = {
		"a", "abbr", "b", "bdi", "bdo", "cite", "code", "dfn", "em", "font", "i",
		"kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
		"time", "tt", "u", "var", "wbr",
	};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return 1;
	return 0;
}

enum { FL_NOCHROME = 1, FL_NOLINKS = 2, FL_NOH3 = 4, FL_NOPRE = 8 };

static int skipped(xmlNodePtr n, unsigned flags)
{
	if (is_hidden(n))
		return 1;
	if ((flags & FL_NOCHROME) && is_chrome(n))
		return 1;
	if ((flags & FL_NOLINKS) && is_el(n, "a"))
		return 1;
	if ((flags & FL_NOH3) && is_el(n, "h3"))
		return 1;
	if ((flags & FL_NOPRE) && is_el(n, "pre"))
		return 1;
	return 0;
}

/* Appends the visible text under root (root's own tag counts too).
 * Iterative: a page nested thousands deep costs no stack. */
static void flatten(textbuf *b, xmlNodePtr root, unsigned flags)
{
	xmlNodePtr n;

	if (!root)
		return;
	if (root->type == XML_TEXT_NODE || root->type == XML_CDATA_SECTION_NODE) {
		if (root->content)
			tb_str(b, (const char *)root->content);
		return;
	}
	if (root->type != XML_ELEMENT_NODE && root->type != XML_DOCUMENT_NODE &&
	    root->type != XML_HTML_DOCUMENT_NODE)
		return;
	tb_add(b, " ", 1);
	n = root->children;
	while (n) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			tb_str(b, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE && !skipped(n, flags)) {
			if (!is_inline(n))
				tb_add(b, " ", 1);
			if (n->children) {
				n = n->children;
				continue;
			}
		}
		/* Leave n, and every ancestor that has no next sibling. */
		for (;;) {
			if (n->type == XML_ELEMENT_NODE && !is_inline(n))
				tb_add(b, " ", 1);
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (!n || n == root)
				return;
		}
	}
}

/* The flattened text of n in st->tb ("" for NULL n). */
static const char *text_of(html_state *st, xmlNodePtr n, unsigned flags)
{
	tb_reset(&st->tb);
	tb_add(&st->tb, "", 0);
	if (n)
		flatten(&st->tb, n, flags);
	if (st->tb.oom && st->rc == LDX_OK)
		st->rc = LDX_ERR_NOMEM;
	return tb_cstr(&st->tb);
}

/* ---- Filling fields (st->rc is sticky) ----------------------------------- */

static void keep(html_state *st, ldx_status rc)
{
	if (st->rc == LDX_OK && rc != LDX_OK)
		st->rc = rc;
}

/* Sets an empty field from s[0..n), trimmed of trailing chars in strip. */
static void set_text(html_state *st, char **field, const char *s, size_t n, size_t max,
                     const char *strip)
{
	if (st->rc != LDX_OK || *field || !s)
		return;
	if (n == (size_t)-1)
		n = strlen(s);
	trim(&s, &n, strip);
	keep(st, ldx_record_set(field, s, n, max));
}

static void set_el(html_state *st, char **field, xmlNodePtr n, size_t max, const char *strip)
{
	const char *s;

	if (st->rc != LDX_OK || *field || !n)
		return;
	s = text_of(st, n, 0);
	set_text(st, field, s, st->tb.n, max, strip);
}

/* Sets rec->pmid from s if, trimmed, it is all digits. */
static void set_pmid(html_state *st, ldx_record *rec, const char *s)
{
	size_t n;

	if (st->rc != LDX_OK || rec->pmid || !s)
		return;
	n = strlen(s);
	trim(&s, &n, NULL);
	if (n == 0 || n > PMID_MAX || strspn(s, "0123456789") != n)
		return;
	keep(st, ldx_record_set(&rec->pmid, s, n, PMID_MAX));
}

/* Sets rec->doi from text holding a DOI: "10.1/x", "doi: 10.1/x",
 * "https://doi.org/10.1/x", "info:doi/10.1/x".  With anywhere, the DOI
 * may follow other text ("J Mol Evol. 1981. doi: 10.1/x. Epub"). */
static void set_doi(html_state *st, ldx_record *rec, const char *s, int anywhere)
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
	if (!anywhere && p != s && !ci_strstr(s, "doi"))
		return;
	n = 0;
	while (p[n] && !is_ws(p[n]) && n < ID_MAX)
		n++;
	memcpy(tok, p, n);
	tok[n] = '\0';
	doi = ldx_doi_normalize(tok);   /* drops trailing periods */
	if (doi)
		keep(st, ldx_record_set(&rec->doi, doi, (size_t)-1, ID_MAX));
	free(doi);
}

static void set_year(ldx_record *rec, const char *s)
{
	if (!rec->year && s)
		rec->year = ldx_year_from_date(s);
}

/* Appends the initials of a given name ("Jean-Paul", "E. T.") to b. */
static void initials_from(textbuf *b, const char *given, size_t n)
{
	int at_start = 1;
	size_t count = 0;
	const unsigned char *p = (const unsigned char *)given, *end = p + n;

	while (p < end && count < INITIALS_MAX) {
		size_t len = 1;

		if (*p == ' ' || *p == '-' || *p == '.' || *p == '\t') {
			at_start = 1;
			p++;
			continue;
		}
		if (*p >= 0xc0)
			while (p + len < end && (p[len] & 0xc0) == 0x80 && len < 4)
				len++;
		if (at_start) {
			char up = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);

			if (len == 1)
				tb_add(b, &up, 1);
			else
				tb_add(b, (const char *)p, len);
			count++;
		}
		at_start = 0;
		p += len;
	}
}

static int is_suffix_word(const char *w, size_t n)
{
	static const char *const words[] = { "jr", "jr.", "sr", "sr.", "ii", "iii", "iv" };

	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strlen(words[i]) == n && strncasecmp(w, words[i], n) == 0)
			return 1;
	return 0;
}

/* Words that mark a group author, kept whole. */
static int is_collective(const char *s)
{
	static const char *const words[] = {
		"group", "consortium", "collaborat", "committee", "network", "investigators",
		"society", "team", "association", "working", "council", "study",
	};

	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (ci_strstr(s, words[i]))
			return 1;
	return 0;
}

/* All ASCII capitals, 1-3 of them: the initials of "Kavalali ET". */
static int is_initials(const char *w, size_t n)
{
	if (n == 0 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (w[i] < 'A' || w[i] > 'Z')
			return 0;
	return 1;
}

#define NAME_WORDS 16

/*
 * Pushes an author given as "First Middle Last", "Last, First" or
 * already as "Last FM", in the record's "Last Initials" form.  Lowercase
 * particles before the last word stay with the surname ("Rik van
 * Rheenen" -> "van Rheenen R"); suffixes such as "Jr" are dropped; group
 * names and single words are kept whole.
 */
static void push_author(html_state *st, ldx_strlist *authors, const char *s, size_t n)
{
	const char *w[NAME_WORDS];
	size_t wl[NAME_WORDS], nw = 0, last;
	const char *comma;
	textbuf *b = &st->tb2;

	if (st->rc != LDX_OK)
		return;
	trim(&s, &n, ",;");
	if (n == 0)
		return;
	tb_reset(b);
	tb_add(b, s, n > NAME_MAX_BYTES ? NAME_MAX_BYTES : n);
	s = tb_cstr(b);
	n = b->n;
	if (is_collective(s))
		goto whole;
	comma = memchr(s, ',', n);
	if (comma) {
		const char *given = comma + 1, *surname = s;
		size_t gn = n - (size_t)(given - s), sn = (size_t)(comma - s);
		textbuf out = { 0 };

		trim(&surname, &sn, NULL);
		trim(&given, &gn, ",");
		/* "Zarate, Carlos A, Jr": the suffix is not a given name. */
		comma = memchr(given, ',', gn);
		if (comma)
			gn = (size_t)(comma - given);
		trim(&given, &gn, NULL);
		if (sn == 0 || gn == 0)
			goto whole;
		tb_add(&out, surname, sn);
		tb_add(&out, " ", 1);
		initials_from(&out, given, gn);
		if (out.oom)
			keep(st, LDX_ERR_NOMEM);
		else
			keep(st, ldx_strlist_push(authors, out.p, out.n));
		tb_free(&out);
		return;
	}
	for (size_t i = 0; i < n && nw < NAME_WORDS;) {
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n)
			break;
		w[nw] = s + i;
		while (i < n && !is_ws(s[i]))
			i++;
		wl[nw] = (size_t)(s + i - w[nw]);
		nw++;
	}
	while (nw > 1 && is_suffix_word(w[nw - 1], wl[nw - 1]))
		nw--;
	if (nw < 2)
		goto whole;
	if (is_initials(w[nw - 1], wl[nw - 1]) && !is_initials(w[0], wl[0])) {
		/* Already "Last FM" (or "van Rheenen RW"). */
		keep(st, ldx_strlist_push(authors, w[0],
		                          (size_t)(w[nw - 1] + wl[nw - 1] - w[0])));
		return;
	}
	last = nw - 1;
	while (last > 1 && w[last - 1][0] >= 'a' && w[last - 1][0] <= 'z')
		last--;
	{
		textbuf out = { 0 };

		tb_add(&out, w[last], (size_t)(w[nw - 1] + wl[nw - 1] - w[last]));
		tb_add(&out, " ", 1);
		initials_from(&out, w[0], (size_t)(w[last - 1] + wl[last - 1] - w[0]));
		if (out.oom)
			keep(st, LDX_ERR_NOMEM);
		else
			keep(st, ldx_strlist_push(authors, out.p, out.n));
		tb_free(&out);
	}
	return;
whole:
	keep(st, ldx_strlist_push(authors, s, n));
}

/* Pushes the items of a list written "a; b; c" (or "a, b, c" when it
 * holds no ';', since keywords themselves may hold commas). */
static void push_split(html_state *st, ldx_strlist *l, const char *s)
{
	char sep;

	if (!s)
		return;
	sep = strchr(s, ';') ? ';' : ',';
	while (st->rc == LDX_OK && *s) {
		size_t k = strcspn(s, sep == ';' ? ";" : ",");
		const char *item = s;
		size_t n = k;

		trim(&item, &n, ".");
		if (n > 0)
			keep(st, ldx_strlist_push(l, item, n));
		s += k;
		if (*s)
			s++;
	}
}

/* Pushes s unless the list already holds it. */
static void push_unique(html_state *st, ldx_strlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == n && strncmp(l->v[i], s, n) == 0)
			return;
	keep(st, ldx_strlist_push(l, s, n));
}

/* Sets an empty abstract from text that may itself hold markup
 * (citation_abstract often carries "<p>...</p>"): tags become spaces. */
static void set_abstract_markup(html_state *st, ldx_record *rec, const char *s)
{
	if (st->rc != LDX_OK || rec->abstract || !s)
		return;
	tb_reset(&st->tb2);
	while (*s) {
		size_t k = strcspn(s, "<");

		tb_add(&st->tb2, s, k);
		s += k;
		if (*s == '<') {
			const char *close = strchr(s, '>');

			tb_add(&st->tb2, " ", 1);
			if (!close)
				break;
			s = close + 1;
		}
	}
	if (st->tb2.oom)
		keep(st, LDX_ERR_NOMEM);
	set_text(st, &rec->abstract, tb_cstr(&st->tb2), st->tb2.n, LDX_FIELD_MAX, NULL);
}

/* ---- Source 1: <meta> tags ------------------------------------------------ */

typedef struct meta_info {
	const char *title, *dc_title, *og_title;
	const char *journal, *journal_abbrev;
	const char *pub_date, *date, *online_date, *dc_date;
	const char *doi, *dc_doi, *pmid;
	const char *abstract, *dc_description;
	const char *language, *dc_language;
	size_t cit_authors, cit_authors_list, dc_creators, cit_keywords, dc_subjects;
} meta_info;

/* The key of a meta element (name=, else property=), or NULL. */
static const char *meta_key(xmlNodePtr n, const char **content)
{
	const char *k = attr(n, "name");

	if (!k || !*k)
		k = attr(n, "property");
	*content = attr(n, "content");
	return k && *k && *content ? k : NULL;
}

/* "dc.title", "DC.Title", "dcterms.title" -> "title"; NULL for others. */
static const char *dc_field(const char *key)
{
	if (starts_with_ci(key, "dc."))
		return key + 3;
	if (starts_with_ci(key, "dcterms."))
		return key + 8;
	return NULL;
}

static void first(const char **slot, const char *v)
{
	if (!*slot && v && *v)
		*slot = v;
}

static int looks_like_doi(const char *v)
{
	return strncmp(v, "10.", 3) == 0 || (ci_strstr(v, "doi") && strstr(v, "10."));
}

static void scan_meta(xmlNodePtr root, meta_info *m)
{
	for (xmlNodePtr n = root; n; n = walk_next(n, root, 0)) {
		const char *k, *v, *dc;

		if (!is_el(n, "meta") || !(k = meta_key(n, &v)))
			continue;
		if (!strcasecmp(k, "citation_title"))
			first(&m->title, v);
		else if (!strcasecmp(k, "citation_author"))
			m->cit_authors++;
		else if (!strcasecmp(k, "citation_authors"))
			m->cit_authors_list++;
		else if (!strcasecmp(k, "citation_journal_title"))
			first(&m->journal, v);
		else if (!strcasecmp(k, "citation_journal_abbrev"))
			first(&m->journal_abbrev, v);
		else if (!strcasecmp(k, "citation_publication_date"))
			first(&m->pub_date, v);
		else if (!strcasecmp(k, "citation_date"))
			first(&m->date, v);
		else if (!strcasecmp(k, "citation_online_date"))
			first(&m->online_date, v);
		else if (!strcasecmp(k, "citation_doi"))
			first(&m->doi, v);
		else if (!strcasecmp(k, "citation_pmid"))
			first(&m->pmid, v);
		else if (!strcasecmp(k, "citation_keywords"))
			m->cit_keywords++;
		else if (!strcasecmp(k, "citation_abstract"))
			first(&m->abstract, v);
		else if (!strcasecmp(k, "citation_language"))
			first(&m->language, v);
		else if (!strcasecmp(k, "og:title"))
			first(&m->og_title, v);
		else if ((dc = dc_field(k)) != NULL) {
			if (!strcasecmp(dc, "title"))
				first(&m->dc_title, v);
			else if (!strcasecmp(dc, "creator"))
				m->dc_creators++;
			else if (starts_with_ci(dc, "date") || !strcasecmp(dc, "issued"))
				first(&m->dc_date, v);
			else if (!strcasecmp(dc, "identifier") && looks_like_doi(v))
				first(&m->dc_doi, v);
			else if (!strcasecmp(dc, "subject"))
				m->dc_subjects++;
			else if (!strcasecmp(dc, "description") || !strcasecmp(dc, "abstract"))
				first(&m->dc_description, v);
			else if (!strcasecmp(dc, "language"))
				first(&m->dc_language, v);
		}
	}
}

/* Pushes the content of every meta named key: as authors, or split into
 * keywords. */
static void push_meta_list(html_state *st, xmlNodePtr root, const char *key, int dc,
                           ldx_strlist *l, int as_authors)
{
	for (xmlNodePtr n = root; n && st->rc == LDX_OK; n = walk_next(n, root, 0)) {
		const char *k, *v;

		if (!is_el(n, "meta") || !(k = meta_key(n, &v)))
			continue;
		if (dc) {
			k = dc_field(k);
			if (!k)
				continue;
		}
		if (strcasecmp(k, key) != 0)
			continue;
		if (!as_authors) {
			push_split(st, l, v);
		} else if (strchr(v, ';')) {
			/* citation_authors="Kavalali ET;Monteggia LM;" */
			while (*v && st->rc == LDX_OK) {
				size_t len = strcspn(v, ";");

				push_author(st, l, v, len);
				v += len;
				if (*v)
					v++;
			}
		} else {
			push_author(st, l, v, strlen(v));
		}
	}
}

/* Fills rec from meta tags; returns whether they make the page a paper. */
static int from_meta(html_state *st, xmlNodePtr root, const meta_info *m, ldx_record *rec)
{
	set_text(st, &rec->title, m->title, (size_t)-1, LDX_TITLE_MAX, NULL);
	set_text(st, &rec->title, m->dc_title, (size_t)-1, LDX_TITLE_MAX, NULL);
	if (m->cit_authors)
		push_meta_list(st, root, "citation_author", 0, &rec->authors, 1);
	else if (m->cit_authors_list)
		push_meta_list(st, root, "citation_authors", 0, &rec->authors, 1);
	else if (m->dc_creators)
		push_meta_list(st, root, "creator", 1, &rec->authors, 1);
	set_text(st, &rec->journal, m->journal, (size_t)-1, LDX_TITLE_MAX, NULL);
	set_text(st, &rec->journal_abbrev, m->journal_abbrev, (size_t)-1, LDX_TITLE_MAX, NULL);
	set_year(rec, m->pub_date);
	set_year(rec, m->date);
	set_year(rec, m->online_date);
	set_year(rec, m->dc_date);
	set_doi(st, rec, m->doi, 1);
	set_doi(st, rec, m->dc_doi, 0);
	set_pmid(st, rec, m->pmid);
	if (m->cit_keywords)
		push_meta_list(st, root, "citation_keywords", 0, &rec->keywords, 0);
	else if (m->dc_subjects)
		push_meta_list(st, root, "subject", 1, &rec->keywords, 0);
	set_abstract_markup(st, rec, m->abstract);
	set_abstract_markup(st, rec, m->dc_description);
	set_text(st, &rec->language, m->language, (size_t)-1, ID_MAX, NULL);
	set_text(st, &rec->language, m->dc_language, (size_t)-1, ID_MAX, NULL);
	return (m->title || m->doi || m->pmid) ||
	       (m->dc_title && (m->dc_creators || m->dc_date || m->dc_doi));
}

/* ---- Source 2: PubMed article pages -------------------------------------- */

/* Text of the element, trimmed, in st->tb; "" for NULL. */
static const char *trimmed_text(html_state *st, xmlNodePtr n, size_t *len)
{
	const char *s = text_of(st, n, 0);
	size_t k = st->tb.n;

	trim(&s, &k, NULL);
	*len = k;
	return s;
}

/* A MeSH term as the page shows it ("Cushing Syndrome/radiography*",
 * "Cushing Syndrome / diagnostic imaging*") -> its descriptor. */
static void push_mesh(html_state *st, ldx_strlist *mesh, const char *s, size_t n)
{
	size_t k = 0;

	while (k < n && s[k] != '/' && s[k] != '*')
		k++;
	trim(&s, &k, "*");
	if (k > 0)
		push_unique(st, mesh, s, k);
}

/* The old layout: div.rprt.abstract holding div.cit, h1, div.auths,
 * div.abstr, div.keywords, dl.rprtid and the MeSH lists. */
static int pubmed_old(html_state *st, xmlNodePtr root, ldx_record *rec)
{
	xmlNodePtr box = NULL, cit, auths, abstr, kw, n;
	size_t len;
	const char *s;

	for (n = root; n; n = walk_next(n, root, 0))
		if (is_el(n, "div") && has_class(n, "rprt") && has_class(n, "abstract")) {
			box = n;
			break;
		}
	if (!box || !find(box, "h1", NULL, NULL))
		return 0;
	set_el(st, &rec->title, find(box, "h1", NULL, NULL), LDX_TITLE_MAX, NULL);
	cit = find(box, "div", "cit", NULL);
	if (cit) {
		xmlNodePtr j = find(cit, "a", NULL, NULL);

		set_text(st, &rec->journal, attr(j, "title"), (size_t)-1, LDX_TITLE_MAX, ".");
		set_text(st, &rec->journal_abbrev, attr(j, "alterm"), (size_t)-1, LDX_TITLE_MAX,
		         ".");
		set_el(st, &rec->journal_abbrev, j, LDX_TITLE_MAX, ".");
		/* Year and DOI come after the journal's name: "1981;17(6):368-76." */
		tb_reset(&st->tb2);
		for (n = j ? j->next : cit->children; n; n = n->next)
			flatten(&st->tb2, n, 0);
		if (st->tb2.oom)
			keep(st, LDX_ERR_NOMEM);
		set_year(rec, tb_cstr(&st->tb2));
		s = ci_strstr(tb_cstr(&st->tb2), "doi:");
		if (s)
			set_doi(st, rec, s + 4, 1);
	}
	auths = find(box, "div", "auths", NULL);
	if (!rec->authors.n && auths)
		for (n = auths->children; n; n = walk_next(n, auths, 0))
			if (is_el(n, "a")) {
				/* Already PubMed's "Last Initials" ("LA Plasschaert S"). */
				s = trimmed_text(st, n, &len);
				keep(st, ldx_strlist_push(&rec->authors, s, len));
			}
	abstr = find(box, "div", "abstr", NULL);
	if (!rec->abstract && abstr) {
		s = text_of(st, abstr, FL_NOH3);
		set_text(st, &rec->abstract, s, st->tb.n, LDX_FIELD_MAX, NULL);
	}
	kw = find(box, "div", "keywords", NULL);
	if (!rec->keywords.n && kw && find(kw, "p", NULL, NULL))
		push_split(st, &rec->keywords, text_of(st, find(kw, "p", NULL, NULL), 0));
	/* dl.rprtid: <dt>PMID:</dt> <dd>7288891</dd> <dt>DOI:</dt> <dd>10...</dd> */
	for (n = box->children; n; n = walk_next(n, box, 0)) {
		xmlNodePtr dd;

		if (!is_el(n, "dt") || !(dd = next_el(n)) || !is_el(dd, "dd"))
			continue;
		s = trimmed_text(st, n, &len);
		if (starts_with_ci(s, "PMID"))
			set_pmid(st, rec, trimmed_text(st, dd, &len));
		else if (starts_with_ci(s, "DOI"))
			set_doi(st, rec, trimmed_text(st, dd, &len), 1);
	}
	/* <h4>MeSH Terms</h4><ul><li>...</li></ul>, same for Publication Types. */
	for (n = box->children; n; n = walk_next(n, box, 0)) {
		xmlNodePtr ul;
		int mesh;

		if (!is_el(n, "h4") || !(ul = next_el(n)) || !is_el(ul, "ul"))
			continue;
		s = trimmed_text(st, n, &len);
		mesh = starts_with_ci(s, "MeSH Terms");
		if (!mesh && !starts_with_ci(s, "Publication Type"))
			continue;
		for (xmlNodePtr li = ul->children; li; li = li->next) {
			if (!is_el(li, "li"))
				continue;
			s = trimmed_text(st, li, &len);
			if (mesh)
				push_mesh(st, &rec->mesh, s, len);
			else
				push_unique(st, &rec->pub_types, s, len);
		}
	}
	return rec->title != NULL;
}

/* The current layout (pubmed.ncbi.nlm.nih.gov). */
static int pubmed_current(html_state *st, xmlNodePtr root, ldx_record *rec)
{
	xmlNodePtr h1 = find(root, "h1", "heading-title", NULL);
	xmlNodePtr abs = find(root, "div", NULL, "eng-abstract");
	xmlNodePtr box, n;
	size_t len;
	const char *s;

	if (!abs)
		abs = find(root, "div", "abstract-content", NULL);
	if (!h1 && !abs)
		return 0;
	set_el(st, &rec->title, h1, LDX_TITLE_MAX, NULL);
	if (!rec->abstract && abs) {
		s = text_of(st, abs, 0);
		set_text(st, &rec->abstract, s, st->tb.n, LDX_FIELD_MAX, NULL);
	}
	/* Keywords: <p><strong class="sub-title">Keywords:</strong> a; b.</p>
	 * in the abstract section, outside the abstract text itself. */
	box = find(root, "div", NULL, "abstract");
	if (!box)
		box = abs ? abs->parent : NULL;
	for (n = box ? box->children : NULL; n && !rec->keywords.n;
	     n = walk_next(n, box, 0)) {
		if (!is_el(n, "strong") || !has_class(n, "sub-title"))
			continue;
		s = trimmed_text(st, n, &len);
		if (!starts_with_ci(s, "Keywords"))
			continue;
		tb_reset(&st->tb2);
		for (xmlNodePtr k = n->next; k; k = k->next)
			flatten(&st->tb2, k, 0);
		if (st->tb2.oom)
			keep(st, LDX_ERR_NOMEM);
		push_split(st, &rec->keywords, tb_cstr(&st->tb2));
	}
	/* The first list only: the page repeats it in other views. */
	n = find(root, "div", "authors-list", NULL);
	if (n && !rec->authors.n)
		for (xmlNodePtr a = n->children; a; a = walk_next(a, n, 0))
			if (is_el(a, "a") && has_class(a, "full-name")) {
				s = trimmed_text(st, a, &len);
				push_author(st, &rec->authors, s, len);
			}
	n = find(root, "button", NULL, "full-view-journal-trigger");
	if (!n)
		n = find(root, "button", "journal-actions-trigger", NULL);
	set_text(st, &rec->journal, attr(n, "title"), (size_t)-1, LDX_TITLE_MAX, ".");
	set_el(st, &rec->journal_abbrev, n, LDX_TITLE_MAX, ".");
	n = find(root, "span", "cit", NULL);
	if (n)
		set_year(rec, text_of(st, n, 0));
	n = find(root, "strong", "current-id", NULL);
	if (n)
		set_pmid(st, rec, trimmed_text(st, n, &len));
	n = find(root, "span", "citation-doi", NULL);
	if (n)
		set_doi(st, rec, text_of(st, n, 0), 1);
	n = find(root, "div", NULL, "mesh-terms");
	for (xmlNodePtr b = n ? n->children : NULL; b; b = walk_next(b, n, 0))
		if (is_el(b, "button") && has_class(b, "keyword-actions-trigger")) {
			s = trimmed_text(st, b, &len);
			push_mesh(st, &rec->mesh, s, len);
		}
	return rec->title != NULL;
}

/* <link rel="canonical" href=".../pubmed/123/">: a PMID when nothing else
 * gave one. */
static void canonical_pmid(html_state *st, xmlNodePtr root, ldx_record *rec)
{
	for (xmlNodePtr n = root; n && !rec->pmid; n = walk_next(n, root, 0)) {
		const char *rel = attr(n, "rel"), *href = attr(n, "href"), *p;
		char digits[PMID_MAX + 1];
		size_t k;

		if (!is_el(n, "link") || !rel || strcasecmp(rel, "canonical") || !href)
			continue;
		p = strstr(href, "pubmed.ncbi.nlm.nih.gov/");
		if (p)
			p += strlen("pubmed.ncbi.nlm.nih.gov/");
		else if ((p = strstr(href, "ncbi.nlm.nih.gov/pubmed/")) != NULL)
			p += strlen("ncbi.nlm.nih.gov/pubmed/");
		if (!p)
			continue;
		k = strspn(p, "0123456789");
		if (k == 0 || k > PMID_MAX || (p[k] && p[k] != '/' && p[k] != '?'))
			continue;
		memcpy(digits, p, k);
		digits[k] = '\0';
		set_pmid(st, rec, digits);
	}
}

/* ---- Source 3: the page itself -------------------------------------------- */

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

/* <article>, else <main> or role=main, else <body>, else the document. */
static xmlNodePtr main_container(xmlNodePtr root)
{
	xmlNodePtr n = find(root, "article", NULL, NULL);

	if (!n)
		n = find(root, "main", NULL, NULL);
	for (xmlNodePtr m = root; !n && m; m = walk_next(m, root, 0)) {
		const char *role = attr(m, "role");
		if (role && strcasecmp(role, "main") == 0)
			n = m;
	}
	if (!n)
		n = find(root, "body", NULL, NULL);
	return n ? n : root;
}

/* Returns whether the page has enough article text to be a paper, and
 * sets the abstract from that text if it has.  Link text does not count
 * (a list of links is not an article), nor does <pre> text (a dump of
 * records or code, such as NCBI's ASN.1 and "report=xml" pages). */
static int from_page_text(html_state *st, xmlNodePtr root, ldx_record *rec)
{
	xmlNodePtr box = main_container(root);
	const char *s;
	size_t words;

	s = text_of(st, box, FL_NOCHROME | FL_NOLINKS | FL_NOPRE);
	words = count_words(s);
	if (words < MIN_ARTICLE_WORDS || st->rc != LDX_OK)
		return 0;
	s = text_of(st, box, FL_NOCHROME);
	set_text(st, &rec->abstract, s, st->tb.n, FALLBACK_ABSTRACT_MAX, NULL);
	return 1;
}

/* Publisher pages with citation metadata but no abstract in it mostly
 * mark the abstract with id or class "abstract" (any case). */
static void abstract_element(html_state *st, xmlNodePtr root, ldx_record *rec)
{
	for (xmlNodePtr n = root; n && !rec->abstract; n = walk_next(n, root, 0)) {
		const char *id = attr(n, "id"), *s;
		size_t len;

		if (!is_el(n, NULL) || is_hidden(n))
			continue;
		if (!(id && strcasecmp(id, "abstract") == 0) && !has_class(n, "abstract"))
			continue;
		s = text_of(st, n, FL_NOCHROME);
		len = st->tb.n;
		trim(&s, &len, NULL);
		/* The section's own heading is not part of the abstract. */
		if (starts_with_ci(s, "abstract") && (len == 8 || is_ws(s[8]) || s[8] == ':')) {
			s += 8;
			len -= 8;
			trim(&s, &len, NULL);
			if (len && *s == ':') {
				s++;
				len--;
			}
		}
		set_text(st, &rec->abstract, s, len, LDX_FIELD_MAX, NULL);
	}
}

/* ---- Encoding ------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return len;
}

static int valid_utf8(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;

	for (size_t i = 0; i < len;) {
		size_t k;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_len(p + i, len - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* A malloc'ed copy of buf with every invalid byte replaced by U+FFFD. */
static char *repair_utf8(const char *buf, size_t len, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)buf;
	char *out;
	size_t o = 0;

	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	out = malloc(len * 3 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t k = p[i] < 0x80 ? 1 : utf8_len(p + i, len - i);

		if (k) {
			memcpy(out + o, p + i, k);
			o += k;
			i += k;
		} else {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* Does the page's start declare a charset other than UTF-8? */
static int declares_other_charset(const char *buf, size_t len)
{
	size_t scan = len < CHARSET_SCAN ? len : CHARSET_SCAN;
	const char *end = buf + scan, *c = buf;

	while ((c = find_ci(c, (size_t)(end - c), "charset=")) != NULL) {
		const char *v = c + 8;

		c = v;
		while (v < end && (*v == '"' || *v == '\'' || *v == ' '))
			v++;
		if (v >= end || *v == '"' || *v == '\'' || *v == '>')
			continue;
		return !((size_t)(end - v) >= 5 && strncasecmp(v, "utf-8", 5) == 0) &&
		       !((size_t)(end - v) >= 4 && strncasecmp(v, "utf8", 4) == 0);
	}
	return 0;
}

/* libxml2 reports some problems to the per-thread generic handler,
 * which prints; the library never prints, so parsing runs with a
 * structured handler that drops them (HTML_PARSE_RECOVER goes on). */
static void ignore_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static htmlDocPtr parse(const char *buf, size_t len, const char *name)
{
	xmlStructuredErrorFunc old_fn = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	htmlDocPtr doc = NULL;
	char *fixed = NULL;
	size_t fixed_len = 0;

	if (len > INT32_MAX)
		return NULL;
	xmlSetStructuredErrorFunc(NULL, ignore_error);
	if (valid_utf8(buf, len)) {
		doc = htmlReadMemory(buf, (int)len, name, "UTF-8",
		                     HTML_OPTIONS | HTML_PARSE_IGNORE_ENC);
	} else if (declares_other_charset(buf, len)) {
		doc = htmlReadMemory(buf, (int)len, name, NULL, HTML_OPTIONS);
	} else if ((fixed = repair_utf8(buf, len, &fixed_len)) != NULL &&
	           fixed_len <= INT32_MAX) {
		doc = htmlReadMemory(fixed, (int)fixed_len, name, "UTF-8",
		                     HTML_OPTIONS | HTML_PARSE_IGNORE_ENC);
	}
	xmlSetStructuredErrorFunc(old_ctx, old_fn);
	free(fixed);
	return doc;
}

/* ---- The reader ------------------------------------------------------------ */

#define SNIFF_SCAN 1024

/* <html or <!doctype html near the start, and no XML record root
 * (PubMed, JATS) before it. */
static int html_sniff(const char *data, size_t len, const char *ext)
{
	static const char *const xml_roots[] = {
		"<pubmedarticle", "<pmc-articleset", "<article ", "<article>",
		"<medlinecitation", "<pubmedbookarticle",
	};
	size_t scan = len < SNIFF_SCAN ? len : SNIFF_SCAN;
	const char *h = find_ci(data, scan, "<html");
	const char *d = find_ci(data, scan, "<!doctype html");

	(void)ext;
	if (!h || (d && d < h))
		h = d;
	if (!h)
		return 0;
	for (size_t i = 0; i < sizeof xml_roots / sizeof *xml_roots; i++)
		if (find_ci(data, (size_t)(h - data), xml_roots[i]))
			return 0;
	return 80;
}

static ldx_status html_open(ldx_input *in, void **state, ldx_error *err)
{
	html_state *st;

	*state = NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(in), 0,
		                "out of memory opening '%s'", ldx_input_name(in));
	st->in = in;
	xmlInitParser();
	*state = st;
	return LDX_OK;
}

/* Reads the whole input into *buf (malloc'ed, NUL-terminated). */
static ldx_status read_all(html_state *st, char **buf, size_t *len, ldx_error *err)
{
	const char *name = ldx_input_name(st->in);
	char *p = NULL;
	size_t n = 0, cap = 0;

	*buf = NULL;
	*len = 0;
	for (;;) {
		ssize_t got;

		if (cap - n < READ_CHUNK + 1) {
			size_t ncap = cap ? cap * 2 : 4 * READ_CHUNK;
			char *grown;

			if (ncap > HTML_MAX + READ_CHUNK + 1)
				ncap = HTML_MAX + READ_CHUNK + 1;
			grown = realloc(p, ncap);
			if (!grown) {
				free(p);
				return ldx_fail(err, LDX_ERR_NOMEM, name, 1,
				                "out of memory reading '%s'", name);
			}
			p = grown;
			cap = ncap;
		}
		got = ldx_input_read(st->in, p + n, READ_CHUNK, err);
		if (got < 0) {
			free(p);
			return err ? err->code : LDX_ERR_IO;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > HTML_MAX) {
			free(p);
			return ldx_fail(err, LDX_ERR_PARSE, name, 1,
			                "'%s': too large for a web page (over %zu MB)", name,
			                HTML_MAX / (1024 * 1024));
		}
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return LDX_OK;
}

static ldx_status html_next(void *state, ldx_record *rec, ldx_error *err)
{
	html_state *st = state;
	const char *name = ldx_input_name(st->in);
	htmlDocPtr doc = NULL;
	xmlNodePtr root;
	meta_info m;
	char *buf = NULL;
	size_t len;
	int paper, is_pubmed;
	ldx_status rc;

	ldx_record_clear(rec);
	if (st->done)
		return LDX_DONE;
	st->done = 1;
	st->rc = LDX_OK;
	rc = read_all(st, &buf, &len, err);
	if (rc != LDX_OK)
		goto out;
	doc = parse(buf, len, name);
	root = doc ? (xmlNodePtr)doc : NULL;
	if (!root || !xmlDocGetRootElement(doc)) {
		rc = ldx_fail(err, LDX_ERR_FORMAT, name, 1, "'%s': not a paper (no citation "
		              "metadata, title or article text)", name);
		goto out;
	}
	rec->line = 1;
	memset(&m, 0, sizeof m);
	scan_meta(root, &m);
	paper = from_meta(st, root, &m, rec);
	is_pubmed = pubmed_current(st, root, rec) || pubmed_old(st, root, rec);
	canonical_pmid(st, root, rec);
	set_text(st, &rec->title, m.og_title, (size_t)-1, LDX_TITLE_MAX, NULL);
	set_el(st, &rec->title, find(root, "title", NULL, NULL), LDX_TITLE_MAX, NULL);
	/* A PubMed page without an abstract has none: its other text is
	 * the site around the citation. */
	if (is_pubmed)
		paper = 1;
	else if (paper)
		abstract_element(st, root, rec);
	else if (rec->title)
		paper = from_page_text(st, root, rec);
	if (st->rc != LDX_OK) {
		rc = ldx_fail(err, st->rc, name, 1, "out of memory reading '%s'", name);
		goto out;
	}
	if (!paper) {
		rc = ldx_fail(err, LDX_ERR_FORMAT, name, 1, "'%s': not a paper (no citation "
		              "metadata, title or article text)", name);
		goto out;
	}
	rc = LDX_OK;
out:
	if (rc != LDX_OK)
		ldx_record_clear(rec);
	xmlFreeDoc(doc);
	free(buf);
	return rc;
}

static void html_close(void *state)
{
	html_state *st = state;

	if (!st)
		return;
	tb_free(&st->tb);
	tb_free(&st->tb2);
	free(st);
}

const ldx_reader_ops ldx_reader_html = {
	"html", html_sniff, html_open, html_next, html_close
};
