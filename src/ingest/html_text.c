/*
 * html_text.c: the text of a parsed web page, for the HTML reader (see
 * html_int.h).  Owns the string and tree helpers the reader's files
 * share, flattening an element to its visible text (hidden elements
 * skipped, block elements as word boundaries, iteratively so no page can
 * exhaust the stack), and source 3: a page's main text as its abstract,
 * for pages that are papers by their words alone.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/html_int.h"

/* ---- Small string helpers ---------------------------------------------- */

int html_is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* s[0..n) trimmed of ASCII white space and of trailing chars in strip. */
void html_trim(const char **s, size_t *n, const char *strip)
{
	while (*n > 0 && html_is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && (html_is_ws((*s)[*n - 1]) || (strip && strchr(strip, (*s)[*n - 1]))))
		(*n)--;
}

/* The first occurrence of needle (lowercase) in s[0..n), any case. */
const char *html_find_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* strcasestr, which is a GNU extension. */
const char *html_ci_strstr(const char *s, const char *needle)
{
	return html_find_ci(s, strlen(s), needle);
}

int html_starts_with_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- Tree helpers ------------------------------------------------------- */

int html_is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       (!name || strcasecmp((const char *)n->name, name) == 0);
}

/* The value of an attribute (any case), or NULL; not a copy. */
const char *html_attr(xmlNodePtr n, const char *name)
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
int html_has_class(xmlNodePtr n, const char *token)
{
	const char *c = html_attr(n, "class");
	size_t k = strlen(token);

	while (c && *c) {
		size_t w;

		while (html_is_ws(*c))
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
xmlNodePtr html_walk_next(xmlNodePtr n, xmlNodePtr root, int skip_children)
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
xmlNodePtr html_find(xmlNodePtr root, const char *tag, const char *cls, const char *id)
{
	if (!root)
		return NULL;
	for (xmlNodePtr n = root->children; n; n = html_walk_next(n, root, 0)) {
		const char *v;

		if (!html_is_el(n, tag))
			continue;
		if (cls && !html_has_class(n, cls))
			continue;
		if (id && (!(v = html_attr(n, "id")) || strcasecmp(v, id) != 0))
			continue;
		return n;
	}
	return NULL;
}

/* The next element sibling after n. */
xmlNodePtr html_next_el(xmlNodePtr n)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

/* Elements whose content is never text to index. */
int html_is_hidden(xmlNodePtr n)
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

static int skipped(xmlNodePtr n, unsigned flags)
{
	if (html_is_hidden(n))
		return 1;
	if ((flags & FL_NOCHROME) && is_chrome(n))
		return 1;
	if ((flags & FL_NOLINKS) && html_is_el(n, "a"))
		return 1;
	if ((flags & FL_NOH3) && html_is_el(n, "h3"))
		return 1;
	if ((flags & FL_NOPRE) && html_is_el(n, "pre"))
		return 1;
	return 0;
}

/* Appends the visible text under root (root's own tag counts too).
 * Iterative: a page nested thousands deep costs no stack. */
void html_flatten(ldx_textbuf *b, xmlNodePtr root, unsigned flags)
{
	xmlNodePtr n;

	if (!root)
		return;
	if (root->type == XML_TEXT_NODE || root->type == XML_CDATA_SECTION_NODE) {
		if (root->content)
			ldx_textbuf_str(b, (const char *)root->content);
		return;
	}
	if (root->type != XML_ELEMENT_NODE && root->type != XML_DOCUMENT_NODE &&
	    root->type != XML_HTML_DOCUMENT_NODE)
		return;
	ldx_textbuf_add(b, " ", 1);
	n = root->children;
	while (n) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			ldx_textbuf_str(b, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE && !skipped(n, flags)) {
			if (!is_inline(n))
				ldx_textbuf_add(b, " ", 1);
			if (n->children) {
				n = n->children;
				continue;
			}
		}
		/* Leave n, and every ancestor that has no next sibling. */
		for (;;) {
			if (n->type == XML_ELEMENT_NODE && !is_inline(n))
				ldx_textbuf_add(b, " ", 1);
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
const char *html_text_of(html_state *st, xmlNodePtr n, unsigned flags)
{
	ldx_textbuf_reset(&st->tb);
	ldx_textbuf_add(&st->tb, "", 0);
	if (n)
		html_flatten(&st->tb, n, flags);
	if (st->tb.oom && st->rc == LDX_OK)
		st->rc = LDX_ERR_NOMEM;
	return ldx_textbuf_text(&st->tb);
}

/* ---- Source 3: the page itself -------------------------------------------- */

static size_t count_words(const char *s)
{
	size_t n = 0;
	int in_word = 0;

	for (; *s; s++) {
		int ws = html_is_ws(*s);

		if (!ws && !in_word)
			n++;
		in_word = !ws;
	}
	return n;
}

/* <article>, else <main> or role=main, else <body>, else the document. */
static xmlNodePtr main_container(xmlNodePtr root)
{
	xmlNodePtr n = html_find(root, "article", NULL, NULL);

	if (!n)
		n = html_find(root, "main", NULL, NULL);
	for (xmlNodePtr m = root; !n && m; m = html_walk_next(m, root, 0)) {
		const char *role = html_attr(m, "role");
		if (role && strcasecmp(role, "main") == 0)
			n = m;
	}
	if (!n)
		n = html_find(root, "body", NULL, NULL);
	return n ? n : root;
}

/* Returns whether the page has enough article text to be a paper, and
 * sets the abstract from that text if it has.  Link text does not count
 * (a list of links is not an article), nor does <pre> text (a dump of
 * records or code, such as NCBI's ASN.1 and "report=xml" pages). */
int html_from_page_text(html_state *st, xmlNodePtr root, ldx_record *rec)
{
	xmlNodePtr box = main_container(root);
	const char *s;
	size_t words;

	s = html_text_of(st, box, FL_NOCHROME | FL_NOLINKS | FL_NOPRE);
	words = count_words(s);
	if (words < MIN_ARTICLE_WORDS || st->rc != LDX_OK)
		return 0;
	s = html_text_of(st, box, FL_NOCHROME);
	html_set_text(st, &rec->abstract, s, st->tb.n, FALLBACK_ABSTRACT_MAX, NULL);
	return 1;
}

/* Publisher pages with citation metadata but no abstract in it mostly
 * mark the abstract with id or class "abstract" (any case). */
void html_abstract_element(html_state *st, xmlNodePtr root, ldx_record *rec)
{
	for (xmlNodePtr n = root; n && !rec->abstract; n = html_walk_next(n, root, 0)) {
		const char *id = html_attr(n, "id"), *s;
		size_t len;

		if (!html_is_el(n, NULL) || html_is_hidden(n))
			continue;
		if (!(id && strcasecmp(id, "abstract") == 0) && !html_has_class(n, "abstract"))
			continue;
		s = html_text_of(st, n, FL_NOCHROME);
		len = st->tb.n;
		html_trim(&s, &len, NULL);
		/* The section's own heading is not part of the abstract. */
		if (html_starts_with_ci(s, "abstract") &&
		    (len == 8 || html_is_ws(s[8]) || s[8] == ':')) {
			s += 8;
			len -= 8;
			html_trim(&s, &len, NULL);
			if (len && *s == ':') {
				s++;
				len--;
			}
		}
		html_set_text(st, &rec->abstract, s, len, LDX_FIELD_MAX, NULL);
	}
}

