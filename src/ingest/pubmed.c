/*
 * pubmed.c: the PubMed / MEDLINE XML reader (ldx_reader_pubmed).
 *
 * Owns turning PubmedArticleSet, PubmedBookArticleSet and the older
 * MedlineCitationSet documents (or a bare PubmedArticle, PubmedBookArticle
 * or MedlineCitation root) into ldx_records, one per PubmedArticle,
 * PubmedBookArticle or MedlineCitation, and one per PMID of a DeleteCitation.
 *
 * Streaming: libxml2's xmlTextReader pulls bytes from the ldx_input.  Each
 * record element is expanded alone (xmlTextReaderExpand), read as a small
 * tree, and then stepped over with xmlTextReaderNext, which lets the reader
 * free it.  Memory stays at about one record whatever the file size.
 *
 * Safety: only XML_PARSE_NONET (plus harmless tree options).  Never NOENT,
 * DTDLOAD, DTDATTR, DTDVALID or HUGE: no DTD or external entity is fetched,
 * the parser leaves entity references unexpanded (the tree walk reads only
 * plain internal ones, one level deep), and libxml2's default limits
 * refuse entity-expansion bombs with a fatal error.
 *
 * Errors: the first fatal libxml2 error becomes LDX_ERR_PARSE with the XML
 * line (a failed read of the input, its own error).  Records completed
 * before the error come out first; after the error next() returns
 * LDX_DONE, since XML cannot be resynchronised.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "error.h"
#include "ingest/reader.h"
#include "year.h"

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | \
                     XML_PARSE_BIG_LINES)

/* Flattened text of one element never needs more than this: every field
 * limit is at most LDX_FIELD_MAX, and normalising only shortens text. */
#define TEXT_MAX (2 * (size_t)LDX_FIELD_MAX)

#define PMID_MAX 32
#define ID_MAX 256
#define INITIALS_MAX 16
#define ENTITY_TEXT_MAX 64

typedef struct textbuf {
	char *p;            /* always NUL-terminated once allocated */
	size_t n, cap;
	int oom;
} textbuf;

typedef struct pubmed_state {
	ldx_input *in;            /* borrowed */
	xmlTextReaderPtr xr;
	xmlDocPtr doc;            /* only when taken from xr after a failure */
	int on_record;            /* xr sits on an expanded record: step over it */
	int at_end;               /* xr sits on an end tag */
	int done;                 /* the reader has stopped: no more reading */
	int fatal;                /* perr holds the first fatal XML error */
	ldx_error perr;
	int io_failed;            /* ioerr holds the input's read error */
	ldx_error ioerr;
	int failing;              /* handing out salvaged records, then fail_err */
	ldx_error fail_err;
	xmlNodePtr salvage;       /* where the search for salvaged records goes on */
	xmlNodePtr del_next;      /* next PMID of an expanded DeleteCitation */
	long del_line, del_end;   /* where that DeleteCitation starts and ends */
	ldx_status rc;            /* sticky status while filling one record */
	textbuf tb, tb2;          /* scratch text, reused for every field */
} pubmed_state;

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

/* ---- Tree helpers ------------------------------------------------------- */

static int is_el(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* The value of an attribute as written, or NULL; not a copy. */
static const char *attr(xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0)
			return a->children && a->children->type == XML_TEXT_NODE ?
			       (const char *)a->children->content : "";
	return NULL;
}

static int attr_is(xmlNodePtr n, const char *name, const char *value)
{
	const char *v = attr(n, name);
	return v && strcmp(v, value) == 0;
}

/*
 * Formatting elements that sit inside words ("Ca<sup>2+</sup>"), so they
 * add no space.  Every other element, MathML included, is a boundary and
 * adds one on each side, which keeps "<mi>x</mi><mn>2</mn>" from gluing
 * into "x2"; runs of spaces collapse when the text is stored.
 */
static int is_inline(xmlNodePtr n)
{
	static const char *const names[] = {
		"i", "b", "u", "sup", "sub", "em", "strong", "sc", "tt",
	};

	if (n->ns)
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp((const char *)n->name, names[i]) == 0)
			return 1;
	return 0;
}

/*
 * An entity reference's text, if it is a short plain internal entity
 * (<!ENTITY eacute "&#233;">, the only kind seen in the wild).  External
 * entities are never read, entities that refer to others are not
 * followed, and long ones are skipped, so the text read stays linear in
 * the size of the document.
 */
static const char *entity_text(xmlNodePtr ref)
{
	xmlEntityPtr ent = xmlGetDocEntity(ref->doc, ref->name);

	if (!ent || ent->etype != XML_INTERNAL_GENERAL_ENTITY || !ent->content)
		return NULL;
	if (ent->length > ENTITY_TEXT_MAX ||
	    memchr(ent->content, '&', (size_t)ent->length) ||
	    memchr(ent->content, '<', (size_t)ent->length))
		return NULL;
	return (const char *)ent->content;
}

/* Appends the text under n.  Comments and processing instructions are not
 * text.  Depth is bounded by libxml2's own nesting limit. */
static void flatten(textbuf *b, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content)
				tb_str(b, (const char *)c->content);
			break;
		case XML_ELEMENT_NODE: {
			int in = is_inline(c);

			if (!in)
				tb_add(b, " ", 1);
			flatten(b, c);
			if (!in)
				tb_add(b, " ", 1);
			break;
		}
		case XML_ENTITY_REF_NODE: {
			const char *t = entity_text(c);

			if (t)
				tb_str(b, t);
			break;
		}
		default:
			break;
		}
	}
}

/* The flattened text of n in st->tb (NUL-terminated, "" for NULL n). */
static const char *text_of(pubmed_state *st, xmlNodePtr n)
{
	tb_reset(&st->tb);
	tb_add(&st->tb, "", 0);
	if (n)
		flatten(&st->tb, n);
	if (st->tb.oom && st->rc == LDX_OK)
		st->rc = LDX_ERR_NOMEM;
	return st->tb.p ? st->tb.p : "";
}

/*
 * The line where a record element starts.  libxml2 keeps element lines in
 * 16 bits; past line 65534, XML_PARSE_BIG_LINES keeps full lines on text
 * nodes, stamped once their text was read.  So the record's first text,
 * less the newlines it holds, gives the start line.  The parser's
 * position seen before the element was expanded (a few lines ahead at
 * most) bounds it, and stands in when that fails.
 */
static long node_line(xmlNodePtr n, long fallback, long max)
{
	xmlNodePtr c = n->children;
	long line;

	if (n->line > 0 && n->line < 65535)
		return n->line;
	while (c && c->type != XML_TEXT_NODE) {
		if (c->type == XML_ELEMENT_NODE && c->children)
			c = c->children;
		else
			c = c->next;
	}
	if (!c || c->line != 65535 || !c->psvi)
		return fallback;
	line = (long)(ptrdiff_t)c->psvi;
	for (const xmlChar *s = c->content; s && *s; s++)
		line -= *s == '\n';
	return line >= 65535 && line <= max ? line : fallback;
}

/* ---- Filling fields (st->rc is sticky: after a failure they do nothing) */

static void keep(pubmed_state *st, ldx_status rc)
{
	if (st->rc == LDX_OK && rc != LDX_OK)
		st->rc = rc;
}

static void set_field(pubmed_state *st, char **field, xmlNodePtr n, size_t max)
{
	const char *s;

	if (st->rc != LDX_OK || !n)
		return;
	s = text_of(st, n);
	keep(st, ldx_record_set(field, s, st->tb.n, max));
}

static void push_item(pubmed_state *st, ldx_strlist *l, xmlNodePtr n)
{
	const char *s;

	if (st->rc != LDX_OK || !n)
		return;
	s = text_of(st, n);
	keep(st, ldx_strlist_push(l, s, st->tb.n));
}

/* Sets *field to the digits of n's text, if that is all it holds. */
static void set_pmid(pubmed_state *st, char **field, xmlNodePtr n)
{
	const char *s, *e;

	if (st->rc != LDX_OK || !n)
		return;
	s = text_of(st, n);
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s;
	while (*e >= '0' && *e <= '9')
		e++;
	if (e == s || e - s > PMID_MAX)
		return;
	for (const char *t = e; *t; t++)
		if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r')
			return;
	keep(st, ldx_record_set(field, s, (size_t)(e - s), PMID_MAX));
}

static void set_doi(pubmed_state *st, ldx_record *rec, xmlNodePtr n)
{
	char *doi;

	if (st->rc != LDX_OK || !n || rec->doi)
		return;
	doi = ldx_doi_normalize(text_of(st, n));
	if (doi)
		keep(st, ldx_record_set(&rec->doi, doi, (size_t)-1, ID_MAX));
	free(doi);
}

/* ArticleIdList/ArticleId: the DOI and the PMC id.  Only the record's own
 * list: reference lists carry ArticleIdLists of cited papers. */
static void article_ids(pubmed_state *st, ldx_record *rec, xmlNodePtr list)
{
	if (!list)
		return;
	for (xmlNodePtr c = list->children; c; c = c->next) {
		if (!is_el(c, "ArticleId"))
			continue;
		if (attr_is(c, "IdType", "doi"))
			set_doi(st, rec, c);
		else if (attr_is(c, "IdType", "pmc") && !rec->pmcid)
			set_field(st, &rec->pmcid, c, ID_MAX);
	}
}

static void elocation_doi(pubmed_state *st, ldx_record *rec, xmlNodePtr parent)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (is_el(c, "ELocationID") && attr_is(c, "EIdType", "doi"))
			set_doi(st, rec, c);
}

/* PubDate: Year, else the first year of a MedlineDate ("1998 Dec-1999 Jan"). */
static int pubdate_year(pubmed_state *st, xmlNodePtr date)
{
	int y = 0;

	if (!date)
		return 0;
	if (child(date, "Year"))
		y = ldx_year_from_date(text_of(st, child(date, "Year")));
	if (!y && child(date, "MedlineDate"))
		y = ldx_year_from_date(text_of(st, child(date, "MedlineDate")));
	return y;
}

/* Appends the initials of a forename ("Jean-Paul" -> "JP") to b. */
static void initials_from(textbuf *b, const char *fore)
{
	int at_start = 1;
	size_t count = 0;

	for (const unsigned char *p = (const unsigned char *)fore; *p && count < INITIALS_MAX;) {
		size_t len = 1;

		if (*p == ' ' || *p == '-' || *p == '.' || *p == '\t' || *p == '\n') {
			at_start = 1;
			p++;
			continue;
		}
		if (*p >= 0xc0)
			while ((p[len] & 0xc0) == 0x80 && len < 4)
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

/* One Author: "Last Initials", or a CollectiveName whole. */
static void push_author(pubmed_state *st, ldx_strlist *authors, xmlNodePtr a)
{
	xmlNodePtr last = child(a, "LastName"), ini = child(a, "Initials");
	xmlNodePtr fore = child(a, "ForeName");

	if (st->rc != LDX_OK || attr_is(a, "ValidYN", "N"))
		return;
	if (child(a, "CollectiveName")) {
		push_item(st, authors, child(a, "CollectiveName"));
		return;
	}
	if (!last) {
		push_item(st, authors, fore);
		return;
	}
	/* The name goes in tb2, since text_of() uses tb. */
	tb_reset(&st->tb2);
	tb_str(&st->tb2, text_of(st, last));
	tb_add(&st->tb2, " ", 1);
	if (ini)
		tb_str(&st->tb2, text_of(st, ini));
	else if (fore)
		initials_from(&st->tb2, text_of(st, fore));
	if (st->tb2.oom)
		keep(st, LDX_ERR_NOMEM);
	if (st->rc == LDX_OK)
		keep(st, ldx_strlist_push(authors, st->tb2.p, st->tb2.n));
}

/* Authors of every AuthorList under parent; with skip_editors, lists
 * marked Type="editors" are passed over.  Returns how many were added. */
static size_t author_lists(pubmed_state *st, ldx_record *rec, xmlNodePtr parent,
                           int skip_editors)
{
	size_t before = rec->authors.n;

	for (xmlNodePtr l = parent ? parent->children : NULL; l; l = l->next) {
		if (!is_el(l, "AuthorList"))
			continue;
		if (skip_editors && attr_is(l, "Type", "editors"))
			continue;
		for (xmlNodePtr a = l->children; a; a = a->next)
			if (is_el(a, "Author"))
				push_author(st, &rec->authors, a);
	}
	return rec->authors.n - before;
}

/* Abstract/AbstractText sections, "LABEL: text" when labelled. */
static void abstract_sections(pubmed_state *st, ldx_record *rec, xmlNodePtr abs)
{
	for (xmlNodePtr t = abs ? abs->children : NULL; t; t = t->next) {
		const char *label;

		if (!is_el(t, "AbstractText") || st->rc != LDX_OK)
			continue;
		label = attr(t, "Label");
		tb_reset(&st->tb2);
		if (label && *label) {
			tb_str(&st->tb2, label);
			tb_add(&st->tb2, ": ", 2);
		}
		tb_str(&st->tb2, text_of(st, t));
		if (st->tb2.oom)
			keep(st, LDX_ERR_NOMEM);
		if (st->rc == LDX_OK)
			keep(st, ldx_record_append(&rec->abstract, " ", st->tb2.p, st->tb2.n,
			                           LDX_FIELD_MAX));
	}
}

static void first_language(pubmed_state *st, ldx_record *rec, xmlNodePtr parent)
{
	if (!rec->language)
		set_field(st, &rec->language, child(parent, "Language"), ID_MAX);
}

static void keyword_lists(pubmed_state *st, ldx_record *rec, xmlNodePtr parent)
{
	for (xmlNodePtr l = parent ? parent->children : NULL; l; l = l->next) {
		if (!is_el(l, "KeywordList"))
			continue;
		for (xmlNodePtr k = l->children; k; k = k->next)
			if (is_el(k, "Keyword"))
				push_item(st, &rec->keywords, k);
	}
}

/* Article (journal articles): everything but the ids in PubmedData. */
static void parse_article(pubmed_state *st, ldx_record *rec, xmlNodePtr art)
{
	xmlNodePtr journal = child(art, "Journal");
	xmlNodePtr issue = child(journal, "JournalIssue");

	set_field(st, &rec->journal, child(journal, "Title"), LDX_TITLE_MAX);
	set_field(st, &rec->journal_abbrev, child(journal, "ISOAbbreviation"), LDX_TITLE_MAX);
	rec->year = pubdate_year(st, child(issue, "PubDate"));
	set_field(st, &rec->title, child(art, "ArticleTitle"), LDX_TITLE_MAX);
	if (!rec->title)
		set_field(st, &rec->title, child(art, "VernacularTitle"), LDX_TITLE_MAX);
	elocation_doi(st, rec, art);
	abstract_sections(st, rec, child(art, "Abstract"));
	author_lists(st, rec, art, 0);
	first_language(st, rec, art);
	for (xmlNodePtr t = child(child(art, "PublicationTypeList"), "PublicationType"); t;
	     t = t->next)
		if (is_el(t, "PublicationType"))
			push_item(st, &rec->pub_types, t);
	if (!rec->year) {
		xmlNodePtr date = child(art, "ArticleDate");
		if (date)
			rec->year = ldx_year_from_date(text_of(st, child(date, "Year")));
	}
}

/* MedlineCitation: the citation proper, inside PubmedArticle or alone. */
static void parse_citation(pubmed_state *st, ldx_record *rec, xmlNodePtr mc)
{
	xmlNodePtr art = child(mc, "Article");

	if (!mc)
		return;
	set_pmid(st, &rec->pmid, child(mc, "PMID"));
	if (art)
		parse_article(st, rec, art);
	if (!rec->journal_abbrev)
		set_field(st, &rec->journal_abbrev,
		          child(child(mc, "MedlineJournalInfo"), "MedlineTA"), LDX_TITLE_MAX);
	for (xmlNodePtr h = child(child(mc, "MeshHeadingList"), "MeshHeading"); h; h = h->next)
		if (is_el(h, "MeshHeading"))
			push_item(st, &rec->mesh, child(h, "DescriptorName"));
	keyword_lists(st, rec, mc);
	if (!rec->abstract)
		for (xmlNodePtr o = mc->children; o; o = o->next)
			if (is_el(o, "OtherAbstract"))
				abstract_sections(st, rec, o);
}

/* BookDocument: a book or a chapter of one. */
static void parse_book(pubmed_state *st, ldx_record *rec, xmlNodePtr bd)
{
	xmlNodePtr book = child(bd, "Book");
	xmlNodePtr book_title = child(book, "BookTitle");

	if (!bd)
		return;
	set_pmid(st, &rec->pmid, child(bd, "PMID"));
	article_ids(st, rec, child(bd, "ArticleIdList"));
	elocation_doi(st, rec, book);
	elocation_doi(st, rec, bd);
	set_field(st, &rec->title, child(bd, "ArticleTitle"), LDX_TITLE_MAX);
	if (!rec->title)
		set_field(st, &rec->title, child(bd, "VernacularTitle"), LDX_TITLE_MAX);
	if (rec->title)    /* a chapter: the book stands where a journal would */
		set_field(st, &rec->journal, book_title, LDX_TITLE_MAX);
	else
		set_field(st, &rec->title, book_title, LDX_TITLE_MAX);
	rec->year = pubdate_year(st, child(book, "PubDate"));
	/* Chapter authors, else the book's; editors are not authors. */
	if (author_lists(st, rec, bd, 1) == 0)
		author_lists(st, rec, book, 1);
	first_language(st, rec, bd);
	for (xmlNodePtr t = bd->children; t; t = t->next)
		if (is_el(t, "PublicationType"))
			push_item(st, &rec->pub_types, t);
	abstract_sections(st, rec, child(bd, "Abstract"));
	keyword_lists(st, rec, bd);
}

enum kind { KIND_NONE, KIND_ARTICLE, KIND_BOOK, KIND_CITATION, KIND_DELETE };

static enum kind record_kind(const xmlChar *name)
{
	const char *s = (const char *)name;

	if (!s)
		return KIND_NONE;
	if (strcmp(s, "PubmedArticle") == 0)
		return KIND_ARTICLE;
	if (strcmp(s, "PubmedBookArticle") == 0)
		return KIND_BOOK;
	if (strcmp(s, "MedlineCitation") == 0)
		return KIND_CITATION;
	if (strcmp(s, "DeleteCitation") == 0)
		return KIND_DELETE;
	return KIND_NONE;
}

static ldx_status fill(pubmed_state *st, enum kind kind, xmlNodePtr node, ldx_record *rec)
{
	st->rc = LDX_OK;
	switch (kind) {
	case KIND_ARTICLE:
		/* PubmedData's ids first: they beat ELocationID for the DOI. */
		article_ids(st, rec, child(child(node, "PubmedData"), "ArticleIdList"));
		parse_citation(st, rec, child(node, "MedlineCitation"));
		break;
	case KIND_BOOK:
		article_ids(st, rec, child(child(node, "PubmedBookData"), "ArticleIdList"));
		parse_book(st, rec, child(node, "BookDocument"));
		break;
	case KIND_CITATION:
		parse_citation(st, rec, node);
		break;
	default:
		break;
	}
	return st->rc;
}

/* ---- libxml2 plumbing ---------------------------------------------------- */

static int read_cb(void *ctx, char *buf, int len)
{
	pubmed_state *st = ctx;
	ssize_t n;

	if (len <= 0)
		return 0;
	n = ldx_input_read(st->in, buf, (size_t)len, &st->ioerr);
	if (n < 0) {
		st->io_failed = 1;
		return -1;
	}
	return (int)n;
}

/* Keeps the first fatal error as a one-line message.  Warnings and
 * recoverable errors (a namespace prefix never declared, say) are not
 * worth refusing a record for. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	pubmed_state *st = ctx;
	char msg[sizeof st->perr.message];
	size_t n = 0;

	if (!e || e->level != XML_ERR_FATAL || st->fatal)
		return;
	st->fatal = 1;
	for (const char *s = e->message ? e->message : "malformed xml"; *s && n + 1 < sizeof msg; s++)
		msg[n++] = (*s == '\n' || *s == '\r' || *s == '\t') ? ' ' : *s;
	while (n > 0 && msg[n - 1] == ' ')
		n--;
	msg[n] = '\0';
	/* libxml2 capitalises its messages; ours start in lowercase. */
	if (msg[0] >= 'A' && msg[0] <= 'Z' && msg[1] >= 'a' && msg[1] <= 'z')
		msg[0] = (char)(msg[0] - 'A' + 'a');
	ldx_fail(&st->perr, LDX_ERR_PARSE, ldx_input_name(st->in), e->line, "%s", msg);
}

/*
 * After a fatal error libxml2's reader stops at once, yet the parser has
 * usually built records past the reader's position (it parses ahead by a
 * chunk, a whole small file at a time).  Those that were closed before
 * the error are good, and reader.h promises them, so they are handed out
 * from the tree before the error is reported.
 */

/* The node after n in document order; into n's children when enter. */
static xmlNodePtr after(xmlNodePtr n, int enter)
{
	if (enter && n->type == XML_ELEMENT_NODE && n->children)
		return n->children;
	for (; n; n = n->parent) {
		if (n->next)
			return n->next;
		if (!n->parent || n->parent->type == XML_DOCUMENT_NODE)
			return NULL;
	}
	return NULL;
}

/* The next complete record element from st->salvage on, or NULL.  A record
 * is complete when anything follows it: the parser got past its end. */
static xmlNodePtr next_salvaged(pubmed_state *st, enum kind *kind)
{
	xmlNodePtr n = st->salvage;

	while (n) {
		if (n->type != XML_ELEMENT_NODE) {
			n = after(n, 0);
			continue;
		}
		*kind = record_kind(n->name);
		if (*kind == KIND_NONE) {
			n = after(n, 1);
			continue;
		}
		st->salvage = after(n, 0);
		if (st->salvage)
			return n;
		break;
	}
	st->salvage = NULL;
	return NULL;
}

/* The reader stopped: keep the reason for after the salvaged records,
 * and find where in the tree the unread part starts. */
static void reader_failed(pubmed_state *st)
{
	xmlNodePtr cur = xmlTextReaderCurrentNode(st->xr);

	st->done = 1;
	st->failing = 1;
	st->del_next = NULL;
	if (st->io_failed)
		st->fail_err = st->ioerr;
	else if (st->fatal)
		st->fail_err = st->perr;
	else
		ldx_fail(&st->fail_err, LDX_ERR_PARSE, ldx_input_name(st->in),
		         xmlTextReaderGetParserLineNumber(st->xr), "malformed xml");
	if (!st->fail_err.code)
		st->fail_err.code = LDX_ERR_IO;
	if (cur && cur->type == XML_ELEMENT_NODE && !st->at_end && !st->on_record) {
		/* A record the reader reached but could not expand (parsing to
		 * its end can run into the error) may be whole, and the children
		 * of a set just entered are still to come. */
		st->salvage = record_kind(cur->name) ? cur : after(cur, 1);
	} else if (cur) {
		/* A returned record, a closed element, text. */
		st->salvage = after(cur, 0);
	} else {
		/* Failed before the first node: the whole tree is unread.  Asking
		 * for the document makes it ours to free. */
		st->doc = xmlTextReaderCurrentDoc(st->xr);
		st->salvage = st->doc ? st->doc->children : NULL;
	}
	st->on_record = 0;
}

/* The error kept by reader_failed(), once. */
static ldx_status report_failure(pubmed_state *st, ldx_error *err)
{
	st->failing = 0;
	if (err)
		*err = st->fail_err;
	return st->fail_err.code;
}

/* The next PMID of the DeleteCitation being handed out. */
static ldx_status next_delete(pubmed_state *st, ldx_record *rec, ldx_error *err)
{
	xmlNodePtr p = st->del_next;

	st->del_next = NULL;
	for (xmlNodePtr n = p->next; n; n = n->next)
		if (is_el(n, "PMID")) {
			st->del_next = n;
			break;
		}
	st->rc = LDX_OK;
	set_pmid(st, &rec->pmid, p);
	rec->is_delete = 1;
	rec->line = node_line(p, st->del_line, st->del_end);
	if (st->rc != LDX_OK)
		return ldx_fail(err, st->rc, ldx_input_name(st->in), rec->line,
		                "out of memory reading '%s'", ldx_input_name(st->in));
	return LDX_OK;
}

/* Moves the reader to the next record element and expands it: 1 with
 * *node set, 0 at the end, -1 when the reader failed. */
static int next_record_node(pubmed_state *st, enum kind *kind, xmlNodePtr *node,
                            long *line)
{
	for (;;) {
		int r = st->on_record ? xmlTextReaderNext(st->xr) : xmlTextReaderRead(st->xr);
		int type;

		st->on_record = 0;
		if (r < 0 || (r == 0 && (st->fatal || st->io_failed)))
			return -1;
		if (r == 0) {
			st->done = 1;
			return 0;
		}
		type = xmlTextReaderNodeType(st->xr);
		st->at_end = type == XML_READER_TYPE_END_ELEMENT;
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		/* Anything else (the set around the records) is walked into. */
		*kind = record_kind(xmlTextReaderConstLocalName(st->xr));
		if (*kind == KIND_NONE)
			continue;
		*line = xmlTextReaderGetParserLineNumber(st->xr);
		*node = xmlTextReaderExpand(st->xr);
		if (!*node || st->fatal || st->io_failed)
			return -1;
		st->on_record = 1;
		*line = node_line(*node, *line, *line);
		return 1;
	}
}

/* ---- The reader ---------------------------------------------------------- */

/* The first needle in [p, end), or NULL. */
static const char *find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; end - p >= (ptrdiff_t)n; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

/* Past an optional BOM, XML declaration, comments, processing
 * instructions and DOCTYPE, does the root element name a PubMed record
 * or set?  A DOCTYPE's internal subset may hold '<' and '>', so brackets,
 * quotes and comments are tracked. */
static int pubmed_sniff(const char *data, size_t len, const char *ext)
{
	static const char *const roots[] = {
		"PubmedArticleSet", "PubmedArticle", "PubmedBookArticleSet",
		"PubmedBookArticle", "MedlineCitationSet", "MedlineCitation",
	};
	const char *p = data, *end = data + len;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (;;) {
		const char *name;
		size_t n;

		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
			p++;
		if (end - p < 2 || *p != '<')
			return 0;
		if (p[1] == '?') {
			p = find(p, end, "?>");
			if (!p)
				return 0;
			p += 2;
		} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			p = find(p + 4, end, "-->");
			if (!p)
				return 0;
			p += 3;
		} else if (p[1] == '!') {
			int depth = 0;
			char quote = 0;

			for (p += 2; p < end; p++) {
				if (quote) {
					if (*p == quote)
						quote = 0;
				} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
					p = find(p + 4, end, "-->");
					if (!p)
						return 0;
					p += 2;
				} else if (*p == '"' || *p == '\'') {
					quote = *p;
				} else if (*p == '[') {
					depth++;
				} else if (*p == ']') {
					depth--;
				} else if (*p == '>' && depth <= 0) {
					break;
				}
			}
			if (p >= end)
				return 0;
			p++;
		} else {
			name = p + 1;
			for (p = name; p < end && *p != '>' && *p != '/' && *p != ' ' &&
			     *p != '\t' && *p != '\r' && *p != '\n'; p++)
				;
			n = (size_t)(p - name);
			for (size_t i = 0; i < sizeof roots / sizeof *roots; i++)
				if (strlen(roots[i]) == n && memcmp(name, roots[i], n) == 0)
					return 90;
			return 0;
		}
	}
}

static ldx_status pubmed_open(ldx_input *in, void **state, ldx_error *err)
{
	const char *name = ldx_input_name(in);
	pubmed_state *st;

	*state = NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return ldx_fail(err, LDX_ERR_NOMEM, name, 0, "out of memory opening '%s'", name);
	st->in = in;
	xmlInitParser();
	st->xr = xmlReaderForIO(read_cb, NULL, st, name, NULL, XML_OPTIONS);
	if (!st->xr) {
		ldx_status rc = LDX_ERR_NOMEM;

		if (st->io_failed && err)
			*err = st->ioerr;
		if (st->io_failed)
			rc = st->ioerr.code;
		else
			ldx_fail(err, rc, name, 0, "out of memory opening '%s'", name);
		free(st);
		return rc;
	}
	xmlTextReaderSetStructuredErrorHandler(st->xr, on_xml_error, st);
	*state = st;
	return LDX_OK;
}

static ldx_status pubmed_next(void *state, ldx_record *rec, ldx_error *err)
{
	pubmed_state *st = state;
	xmlNodePtr node = NULL;
	enum kind kind = KIND_NONE;
	long line = 0;
	ldx_status rc;

	ldx_record_clear(rec);
	for (;;) {
		if (st->del_next)
			return next_delete(st, rec, err);
		if (st->failing) {
			node = next_salvaged(st, &kind);
			if (!node)
				return report_failure(st, err);
			line = node_line(node, 0, xmlTextReaderGetParserLineNumber(st->xr));
		} else if (st->done) {
			return LDX_DONE;
		} else {
			int r = next_record_node(st, &kind, &node, &line);

			if (r < 0)
				reader_failed(st);
			if (r <= 0)
				continue;
		}
		if (kind != KIND_DELETE)
			break;
		/* Its PMIDs come out one by one, from the next turn on. */
		st->del_line = line;
		st->del_end = xmlTextReaderGetParserLineNumber(st->xr);
		for (xmlNodePtr n = node->children; n && !st->del_next; n = n->next)
			if (is_el(n, "PMID"))
				st->del_next = n;
	}
	rec->line = line;
	rc = fill(st, kind, node, rec);
	if (rc != LDX_OK)
		return ldx_fail(err, rc, ldx_input_name(st->in), line,
		                "out of memory reading '%s'", ldx_input_name(st->in));
	return LDX_OK;
}

static void pubmed_close(void *state)
{
	pubmed_state *st = state;

	if (!st)
		return;
	xmlFreeTextReader(st->xr);
	xmlFreeDoc(st->doc);
	tb_free(&st->tb);
	tb_free(&st->tb2);
	free(st);
}

const ldx_reader_ops ldx_reader_pubmed = {
	"pubmed", pubmed_sniff, pubmed_open, pubmed_next, pubmed_close
};
