/*
 * html_int.h: the inside of the saved-web-page reader (html.c), shared by
 * its files and by nothing else.  One section per file says what that
 * file exports.  Every function that fills the record takes the reader's
 * state, whose rc is sticky: once it is set, they do nothing.
 */
#ifndef LDX_HTML_INT_H
#define LDX_HTML_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "litdex.h"
#include "record.h"
#include "ingest/input.h"
#include "ingest/xmlread.h"

/* Flattened text of one element never needs more than this: no field
 * holds more than LDX_FIELD_MAX, and normalising only shortens text. */
#define TEXT_MAX (2 * (size_t)LDX_FIELD_MAX)
#define FALLBACK_ABSTRACT_MAX ((size_t)32 * 1024)
#define MIN_ARTICLE_WORDS 60
#define ID_MAX 256
#define PMID_MAX 32
#define NAME_MAX_BYTES 512

typedef struct html_state {
	ldx_input *in;      /* borrowed */
	int done;
	ldx_status rc;      /* sticky while filling the record */
	ldx_textbuf tb;     /* scratch text: html_text_of() */
	ldx_textbuf tb2;    /* scratch text built from several elements */
} html_state;

/* ---- Interface to code in html_text.c ---------------------------------- */

int html_is_ws(char c);
/* s[0..n) trimmed of ASCII white space and of trailing chars in strip. */
void html_trim(const char **s, size_t *n, const char *strip);
/* The first occurrence of needle (lowercase) in s[0..n), any case. */
const char *html_find_ci(const char *s, size_t n, const char *needle);
/* strcasestr, which is a GNU extension. */
const char *html_ci_strstr(const char *s, const char *needle);
int html_starts_with_ci(const char *s, const char *prefix);

/* n is an element, named name (any case) unless name is NULL. */
int html_is_el(xmlNodePtr n, const char *name);
/* The value of an attribute (any case), or NULL; not a copy. */
const char *html_attr(xmlNodePtr n, const char *name);
/* Does the class attribute hold token (any case) among its words? */
int html_has_class(xmlNodePtr n, const char *token);
/* The node after n in document order within root, or NULL; with
 * skip_children, n's subtree is stepped over. */
xmlNodePtr html_walk_next(xmlNodePtr n, xmlNodePtr root, int skip_children);
/* The first element under root (root excluded) with the given tag,
 * class token and id, each NULL for any. */
xmlNodePtr html_find(xmlNodePtr root, const char *tag, const char *cls, const char *id);
/* The next element sibling after n. */
xmlNodePtr html_next_el(xmlNodePtr n);
/* Elements whose content is never text to index (script, style ...). */
int html_is_hidden(xmlNodePtr n);

/* What flattening leaves out besides hidden elements. */
enum { FL_NOCHROME = 1, FL_NOLINKS = 2, FL_NOH3 = 4, FL_NOPRE = 8 };

/* Appends the visible text under root (root's own tag counts too). */
void html_flatten(ldx_textbuf *b, xmlNodePtr root, unsigned flags);
/* The flattened text of n in st->tb ("" for NULL n). */
const char *html_text_of(html_state *st, xmlNodePtr n, unsigned flags);

/* Source 3: whether the page has enough article text to be a paper; if
 * it has, the abstract is set from that text. */
int html_from_page_text(html_state *st, xmlNodePtr root, ldx_record *rec);
/* An element with id or class "abstract", as the abstract. */
void html_abstract_element(html_state *st, xmlNodePtr root, ldx_record *rec);

/* ---- Interface to code in html_fields.c -------------------------------- */

/* Keeps rc unless an earlier failure is kept already. */
void html_keep(html_state *st, ldx_status rc);
/* Sets an empty field from s[0..n) (n may be (size_t)-1), trimmed of
 * trailing chars in strip. */
void html_set_text(html_state *st, char **field, const char *s, size_t n, size_t max,
                   const char *strip);
/* Sets an empty field from the text of element n. */
void html_set_el(html_state *st, char **field, xmlNodePtr n, size_t max, const char *strip);
/* Sets rec->pmid from s if, trimmed, it is all digits. */
void html_set_pmid(html_state *st, ldx_record *rec, const char *s);
/* Sets rec->doi from text holding a DOI; with anywhere, the DOI may
 * follow other text. */
void html_set_doi(html_state *st, ldx_record *rec, const char *s, int anywhere);
void html_set_year(ldx_record *rec, const char *s);
/* Pushes an author written in any order as "Last Initials" (names.c). */
void html_push_author(html_state *st, ldx_strlist *authors, const char *s, size_t n);
/* Pushes the items of "a; b; c" (or "a, b, c" when it holds no ';'). */
void html_push_split(html_state *st, ldx_strlist *l, const char *s);
/* Pushes s unless the list already holds it. */
void html_push_unique(html_state *st, ldx_strlist *l, const char *s, size_t n);
/* Sets an empty abstract from text that may itself hold markup. */
void html_set_abstract_markup(html_state *st, ldx_record *rec, const char *s);

/* ---- Interface to code in html_meta.c ---------------------------------- */

/* What the <meta> tags say: the first value of each (borrowed from the
 * tree), and how many of the repeated ones there are. */
typedef struct meta_info {
	const char *title, *dc_title, *og_title;
	const char *journal, *journal_abbrev;
	const char *pub_date, *date, *online_date, *dc_date;
	const char *doi, *dc_doi, *pmid;
	const char *abstract, *dc_description;
	const char *language, *dc_language;
	size_t cit_authors, cit_authors_list, dc_creators, cit_keywords, dc_subjects;
} meta_info;

/* Fills m from the meta tags under root. */
void html_scan_meta(xmlNodePtr root, meta_info *m);
/* Fills rec from meta tags; returns whether they make the page a paper. */
int html_from_meta(html_state *st, xmlNodePtr root, const meta_info *m, ldx_record *rec);

/* ---- Interface to code in html_pubmed.c -------------------------------- */

/* Fill rec from a PubMed article page in the current or the old layout;
 * return whether the page is one (it yields a title). */
int html_pubmed_current(html_state *st, xmlNodePtr root, ldx_record *rec);
int html_pubmed_old(html_state *st, xmlNodePtr root, ldx_record *rec);
/* A PMID from <link rel="canonical">, when nothing else gave one. */
void html_canonical_pmid(html_state *st, xmlNodePtr root, ldx_record *rec);

#endif
