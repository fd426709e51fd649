/*
 * jats.c: the PMC / JATS XML reader (ldx_reader_jats).
 *
 * Owns turning JATS and the older NLM journal-article documents (PMC .nxml
 * files, PMC efetch output with its <pmc-articleset> wrapper) into
 * ldx_records, one per <article>.  The front matter gives the citation
 * fields; <body>, with the captions of <floats-group>, gives rec->body.
 * Back matter (reference lists, acknowledgements, footnotes) and
 * sub-articles are not read.
 *
 * Streaming, safety (no DTD, no external entity, bounded expansion) and
 * XML errors come from xmlread.c: one <article> is expanded at a time, and
 * the first fatal XML error ends the document with LDX_ERR_PARSE at its
 * line, after the records before it.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "ingest/reader.h"
#include "ingest/xmlread.h"
#include "year.h"

/* Raw flattened text is cut here; the normalised field is cut again at
 * its own limit, and normalising mostly shortens text. */
#define TEXT_MAX (2 * (size_t)LDX_FIELD_MAX)
#define BODY_TEXT_MAX (2 * (size_t)LDX_BODY_MAX)

#define PMID_MAX 32
#define ID_MAX 256
#define INITIALS_MAX 16

typedef struct jats_state {
	ldx_xmlread x;
	ldx_status rc;        /* sticky status while filling one record */
	ldx_textbuf tb;       /* text of one element (text_of) */
	ldx_textbuf tb2;      /* a value built from several (names, sections) */
	ldx_textbuf body;
} jats_state;

/* ---- What is text ----------------------------------------------------------- */

/* The name after any prefix: "mml:math" is "math" even when the prefix
 * was never declared (libxml2 then keeps the whole name). */
static const char *local_name(xmlNodePtr n)
{
	const char *s = (const char *)n->name, *c = strchr(s, ':');

	return c ? c + 1 : s;
}

static int name_in(const char *name, const char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

#define NAME_IN(name, list) name_in((name), (list), sizeof (list) / sizeof *(list))

/*
 * Face markup sits inside words ("Ca<sup>2+</sup>", "<italic>E</italic>.
 * coli"), so it adds no space.  Everything else, MathML and <xref>
 * included, is a boundary: "<mi>x</mi><mn>2</mn>" must not become "x2".
 * Skipped: what is not prose (reference lists, table grids, graphics,
 * MathML annotations that repeat the formula as TeX) and the member lists
 * of a collaboration.
 */
static ldx_xml_flow plain_flow(xmlNodePtr n)
{
	static const char *const inline_names[] = {
		"italic", "bold", "sup", "sub", "sc", "underline", "monospace", "roman",
		"sans-serif", "overline", "strike", "named-content", "styled-content",
		"abbrev",
	};
	static const char *const skipped[] = {
		"ref-list", "table", "graphic", "inline-graphic", "media", "object-id",
		"private-char", "annotation", "annotation-xml", "contrib-group",
	};
	const char *name = local_name(n);

	if (NAME_IN(name, skipped))
		return LDX_XML_SKIP;
	return NAME_IN(name, inline_names) ? LDX_XML_INLINE : LDX_XML_BLOCK;
}

/* The one child of <alternatives> that is read: MathML, else TeX, else
 * the first that is text at all. */
static xmlNodePtr preferred_alternative(xmlNodePtr alt)
{
	static const char *const order[] = { "math", "tex-math" };

	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		for (xmlNodePtr c = alt->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && strcmp(local_name(c), order[i]) == 0)
				return c;
	for (xmlNodePtr c = alt->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && plain_flow(c) != LDX_XML_SKIP)
			return c;
	return NULL;
}

/* <alternatives> says the same thing several ways: read only one. */
static ldx_xml_flow flow(xmlNodePtr n)
{
	if (n->parent && n->parent->type == XML_ELEMENT_NODE &&
	    strcmp(local_name(n->parent), "alternatives") == 0 &&
	    n != preferred_alternative(n->parent))
		return LDX_XML_SKIP;
	return plain_flow(n);
}

/* ---- Filling fields (st->rc is sticky: after a failure they do nothing) ---- */

static void keep(jats_state *st, ldx_status rc)
{
	if (st->rc == LDX_OK && rc != LDX_OK)
		st->rc = rc;
}

static void check_oom(jats_state *st, const ldx_textbuf *b)
{
	if (b->oom)
		keep(st, LDX_ERR_NOMEM);
}

/* The flattened text of n in st->tb ("" for NULL n). */
static const char *text_of(jats_state *st, xmlNodePtr n)
{
	ldx_textbuf_reset(&st->tb);
	if (n)
		ldx_xml_flatten(&st->tb, n, flow);
	check_oom(st, &st->tb);
	return ldx_textbuf_text(&st->tb);
}

static void set_field(jats_state *st, char **field, xmlNodePtr n, size_t max)
{
	const char *s;

	if (st->rc != LDX_OK || !n || *field)
		return;
	s = text_of(st, n);
	keep(st, ldx_record_set(field, s, st->tb.n, max));
}

static void push_text(jats_state *st, ldx_strlist *l, const char *s, size_t n)
{
	if (st->rc == LDX_OK)
		keep(st, ldx_strlist_push(l, s, n));
}

/* s without leading and trailing white space, as [*start, *start + len). */
static size_t trimmed(const char *s, const char **start)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	                 s[n - 1] == '\n'))
		n--;
	*start = s;
	return n;
}

static int all_digits(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* ---- Identifiers -------------------------------------------------------------- */

static void set_pmid(jats_state *st, ldx_record *rec, xmlNodePtr n)
{
	const char *s;
	size_t len;

	if (st->rc != LDX_OK || rec->pmid)
		return;
	len = trimmed(text_of(st, n), &s);
	if (all_digits(s, len) && len <= PMID_MAX)
		keep(st, ldx_record_set(&rec->pmid, s, len, PMID_MAX));
}

/* "3166277" (pub-id-type="pmc") or "PMC3166277" (pmcid) -> "PMC3166277". */
static void set_pmcid(jats_state *st, ldx_record *rec, xmlNodePtr n)
{
	char id[PMID_MAX + 4];
	const char *s;
	size_t len;

	if (st->rc != LDX_OK || rec->pmcid)
		return;
	len = trimmed(text_of(st, n), &s);
	if (len >= 3 && strncasecmp(s, "PMC", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (!all_digits(s, len) || len > PMID_MAX)
		return;
	memcpy(id, "PMC", 3);
	memcpy(id + 3, s, len);
	keep(st, ldx_record_set(&rec->pmcid, id, len + 3, ID_MAX));
}

static void set_doi(jats_state *st, ldx_record *rec, xmlNodePtr n)
{
	char *doi;

	if (st->rc != LDX_OK || rec->doi)
		return;
	doi = ldx_doi_normalize(text_of(st, n));
	if (doi)
		keep(st, ldx_record_set(&rec->doi, doi, (size_t)-1, ID_MAX));
	free(doi);
}

/* article-meta/article-id; only the article's own (cited papers' ids sit
 * in the reference list, which is never read). */
static void article_ids(jats_state *st, ldx_record *rec, xmlNodePtr meta)
{
	for (xmlNodePtr id = ldx_xml_child(meta, "article-id"); id;
	     id = ldx_xml_next(id, "article-id")) {
		const char *type = ldx_xml_attr(id, "pub-id-type");

		if (!type)
			continue;
		if (strcmp(type, "pmid") == 0)
			set_pmid(st, rec, id);
		else if (strcmp(type, "doi") == 0)
			set_doi(st, rec, id);
		else if (strcmp(type, "pmc") == 0 || strcmp(type, "pmcid") == 0)
			set_pmcid(st, rec, id);
	}
}

/* ---- Journal --------------------------------------------------------------------- */

/* The first child of parent named name whose type attribute is type (any
 * type when type is NULL). */
static xmlNodePtr typed_child(xmlNodePtr parent, const char *name, const char *attr,
                              const char *type)
{
	for (xmlNodePtr c = ldx_xml_child(parent, name); c; c = ldx_xml_next(c, name))
		if (!type || ldx_xml_attr_is(c, attr, type))
			return c;
	return NULL;
}

/* JATS puts titles in journal-title-group; NLM 2.x put them straight in
 * journal-meta.  The abbreviation is the ISO one where given, else the
 * NLM title abbreviation, which is what PubMed shows. */
static void journal(jats_state *st, ldx_record *rec, xmlNodePtr jm)
{
	static const struct {
		int in_group;        /* in journal-title-group, else journal-meta */
		const char *element, *attr, *type;
	} abbrevs[] = {
		{ 0, "journal-id", "journal-id-type", "iso-abbrev" },
		{ 1, "abbrev-journal-title", "abbrev-type", "iso-abbrev" },
		{ 0, "abbrev-journal-title", "abbrev-type", "iso-abbrev" },
		{ 1, "abbrev-journal-title", "abbrev-type", "nlm-ta" },
		{ 0, "abbrev-journal-title", "abbrev-type", "nlm-ta" },
		{ 0, "journal-id", "journal-id-type", "nlm-ta" },
		{ 1, "abbrev-journal-title", NULL, NULL },
		{ 0, "abbrev-journal-title", NULL, NULL },
	};
	xmlNodePtr group = ldx_xml_child(jm, "journal-title-group");

	set_field(st, &rec->journal, ldx_xml_child(group, "journal-title"), LDX_TITLE_MAX);
	set_field(st, &rec->journal, ldx_xml_child(jm, "journal-title"), LDX_TITLE_MAX);
	for (size_t i = 0; i < sizeof abbrevs / sizeof *abbrevs && !rec->journal_abbrev; i++)
		set_field(st, &rec->journal_abbrev,
		          typed_child(abbrevs[i].in_group ? group : jm, abbrevs[i].element,
		                      abbrevs[i].attr, abbrevs[i].type),
		          LDX_TITLE_MAX);
}

/* ---- Authors ------------------------------------------------------------------------ */

/* Appends the initials of given names to b: "Jean-Paul" -> "JP",
 * "J. A. W." -> "JAW".  ASCII letters are capitalised; other letters are
 * kept as written. */
static void add_initials(ldx_textbuf *b, const char *given)
{
	const unsigned char *p = (const unsigned char *)given;
	int word_start = 1;
	size_t count = 0;

	while (*p && count < INITIALS_MAX) {
		size_t len = 1;

		if (*p == ' ' || *p == '-' || *p == '.' || *p == '\t' || *p == '\n' ||
		    *p == '\r' || *p == ',') {
			word_start = 1;
			p++;
			continue;
		}
		if (*p >= 0xc0)
			while (len < 4 && (p[len] & 0xc0) == 0x80)
				len++;
		if (word_start) {
			char c = (char)*p;

			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			if (len == 1)
				ldx_textbuf_add(b, &c, 1);
			else
				ldx_textbuf_add(b, (const char *)p, len);
			count++;
		}
		word_start = 0;
		p += len;
	}
}

/* <name> or a structured <string-name>: "Surname Initials"; a name with
 * only given names is kept whole. */
static void push_name(jats_state *st, ldx_strlist *authors, xmlNodePtr name)
{
	xmlNodePtr sur = ldx_xml_child(name, "surname");
	xmlNodePtr given = ldx_xml_child(name, "given-names");
	const char *initials = ldx_xml_attr(given, "initials");

	if (st->rc != LDX_OK)
		return;
	if (!sur) {
		const char *s = text_of(st, given ? given : name);
		push_text(st, authors, s, st->tb.n);
		return;
	}
	ldx_textbuf_reset(&st->tb2);
	ldx_textbuf_str(&st->tb2, text_of(st, sur));
	ldx_textbuf_add(&st->tb2, " ", 1);
	if (initials && *initials) {
		/* Already initials ("J.-P."), so every letter counts. */
		for (const char *p = initials; *p; p++)
			if (*p != ' ' && *p != '.' && *p != '-')
				ldx_textbuf_add(&st->tb2, p, 1);
	} else if (given) {
		add_initials(&st->tb2, text_of(st, given));
	}
	check_oom(st, &st->tb2);
	push_text(st, authors, ldx_textbuf_text(&st->tb2), st->tb2.n);
}

/* One contrib: a personal name, else a collaboration's name whole. */
static void push_contrib(jats_state *st, ldx_strlist *authors, xmlNodePtr c)
{
	xmlNodePtr alt = ldx_xml_child(c, "name-alternatives");
	xmlNodePtr calt = ldx_xml_child(c, "collab-alternatives");
	xmlNodePtr n;

	if ((n = ldx_xml_child(c, "name")) || (n = ldx_xml_child(alt, "name")) ||
	    (n = ldx_xml_child(c, "string-name")) || (n = ldx_xml_child(alt, "string-name"))) {
		push_name(st, authors, n);
		return;
	}
	if ((n = ldx_xml_child(c, "collab")) || (n = ldx_xml_child(calt, "collab"))) {
		const char *s = text_of(st, n);
		push_text(st, authors, s, st->tb.n);
	}
}

/* contrib-group/contrib of type "author" (or of no type); editors and
 * other contributors are not authors. */
static void authors(jats_state *st, ldx_record *rec, xmlNodePtr meta)
{
	for (xmlNodePtr g = ldx_xml_child(meta, "contrib-group"); g;
	     g = ldx_xml_next(g, "contrib-group"))
		for (xmlNodePtr c = ldx_xml_child(g, "contrib"); c; c = ldx_xml_next(c, "contrib")) {
			const char *type = ldx_xml_attr(c, "contrib-type");

			if (!type || !*type || strcmp(type, "author") == 0)
				push_contrib(st, &rec->authors, c);
		}
}

/* ---- Year ---------------------------------------------------------------------------- */

/*
 * Lower is better.  The print date first, as PubMed's journal issue date
 * is, so both readers agree on a paper published online in December and
 * in print in January; then the electronic date, the issue (collection)
 * and anything else, PMC's own release date last.
 */
static int date_rank(xmlNodePtr d)
{
	const char *pt = ldx_xml_attr(d, "pub-type");
	const char *dt = ldx_xml_attr(d, "date-type");

	if (pt && *pt) {
		if (strcmp(pt, "ppub") == 0 || strcmp(pt, "epub-ppub") == 0)
			return 1;
		if (strcmp(pt, "epub") == 0)
			return 2;
		if (strcmp(pt, "collection") == 0)
			return 3;
		return strcmp(pt, "pmc-release") == 0 ? 5 : 4;
	}
	if (dt && strcmp(dt, "pub") == 0)
		return ldx_xml_attr_is(d, "publication-format", "print") ? 1 : 2;
	if (dt && strcmp(dt, "collection") == 0)
		return 3;
	return 4;
}

static int date_year(jats_state *st, xmlNodePtr d)
{
	int y = 0;

	if (ldx_xml_child(d, "year"))
		y = ldx_year_from_date(text_of(st, ldx_xml_child(d, "year")));
	if (!y && ldx_xml_child(d, "string-date"))
		y = ldx_year_from_date(text_of(st, ldx_xml_child(d, "string-date")));
	if (!y && !ldx_xml_child(d, "year"))
		y = ldx_year_from_date(text_of(st, d));
	return y;
}

static int pub_year(jats_state *st, xmlNodePtr meta)
{
	int best = 0, best_rank = 0;

	for (xmlNodePtr d = ldx_xml_child(meta, "pub-date"); d; d = ldx_xml_next(d, "pub-date")) {
		int rank = date_rank(d), y;

		if (best && rank >= best_rank)
			continue;
		y = date_year(st, d);
		if (y) {
			best = y;
			best_rank = rank;
		}
	}
	return best;
}

/* ---- Abstract ---------------------------------------------------------------------------- */

/* 0: an ordinary abstract; 1: another kind worth reading (a structured
 * summary, an author summary); 2: graphical, teaser and table-of-contents
 * blurbs, read only when there is nothing else. */
static int abstract_rank(xmlNodePtr a)
{
	static const char *const normal[] = { "abstract", "structured", "unstructured", "normal" };
	static const char *const minor[] = { "graphical", "teaser", "toc", "web-summary" };
	const char *type = ldx_xml_attr(a, "abstract-type");

	if (!type || !*type || NAME_IN(type, normal))
		return 0;
	return NAME_IN(type, minor) ? 2 : 1;
}

/*
 * Appends the text of n's children except its <title> and <label> to b,
 * each element as a boundary.  Sections hold only elements and white
 * space, so nothing else needs reading.
 */
static void add_content(ldx_textbuf *b, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content) {
			ldx_textbuf_str(b, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || ldx_xml_is(c, "title") || ldx_xml_is(c, "label") ||
		    flow(c) == LDX_XML_SKIP)
			continue;
		ldx_textbuf_add(b, " ", 1);
		ldx_xml_flatten(b, c, flow);
		ldx_textbuf_add(b, " ", 1);
	}
}

/* A section title as a label: upper case like PubMed's ("Patients and
 * methods" -> "PATIENTS AND METHODS"), without a trailing ':' or '.'. */
static void add_label(jats_state *st, ldx_textbuf *b, xmlNodePtr title)
{
	const char *s;
	size_t n = trimmed(text_of(st, title), &s);

	while (n > 0 && (s[n - 1] == ':' || s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		ldx_textbuf_add(b, &c, 1);
	}
	ldx_textbuf_add(b, ": ", 2);
}

/* The abstract's sections as "LABEL: text", other content as it is. */
static void abstract(jats_state *st, ldx_record *rec, xmlNodePtr meta)
{
	xmlNodePtr best = NULL;
	int best_rank = 3;

	for (xmlNodePtr a = ldx_xml_child(meta, "abstract"); a; a = ldx_xml_next(a, "abstract")) {
		int rank = abstract_rank(a);

		if (rank < best_rank) {
			best = a;
			best_rank = rank;
		}
	}
	if (!best)
		return;
	for (xmlNodePtr c = best->children; c && st->rc == LDX_OK; c = c->next) {
		ldx_textbuf *b = &st->tb2;

		if (c->type != XML_ELEMENT_NODE || ldx_xml_is(c, "title") || ldx_xml_is(c, "label") ||
		    flow(c) == LDX_XML_SKIP)
			continue;
		ldx_textbuf_reset(b);
		if (ldx_xml_is(c, "sec")) {
			add_label(st, b, ldx_xml_child(c, "title"));
			add_content(b, c);
		} else {
			ldx_xml_flatten(b, c, flow);
		}
		check_oom(st, b);
		if (st->rc == LDX_OK)
			keep(st, ldx_record_append(&rec->abstract, " ", ldx_textbuf_text(b), b->n,
			                           LDX_FIELD_MAX));
	}
}

/* ---- Keywords and body -------------------------------------------------------------------- */

static int is_english(const char *lang)
{
	return !lang || !*lang || strncasecmp(lang, "en", 2) == 0;
}

/* Every kwd-group's keywords, but only the English groups when a paper
 * gives its keywords in several languages. */
static void keywords(jats_state *st, ldx_record *rec, xmlNodePtr meta)
{
	int english = 0;

	for (xmlNodePtr g = ldx_xml_child(meta, "kwd-group"); g; g = ldx_xml_next(g, "kwd-group"))
		english |= is_english(ldx_xml_attr(g, "lang"));
	for (xmlNodePtr g = ldx_xml_child(meta, "kwd-group"); g; g = ldx_xml_next(g, "kwd-group")) {
		if (english && !is_english(ldx_xml_attr(g, "lang")))
			continue;
		for (xmlNodePtr k = g->children; k; k = k->next)
			if (ldx_xml_is(k, "kwd") || ldx_xml_is(k, "compound-kwd")) {
				const char *s = text_of(st, k);
				push_text(st, &rec->keywords, s, st->tb.n);
			}
	}
}

/* All the prose of <body>, then the captions of floats kept apart in
 * <floats-group>; never <back>. */
static void body(jats_state *st, ldx_record *rec, xmlNodePtr art)
{
	xmlNodePtr b = ldx_xml_child(art, "body"), floats = ldx_xml_child(art, "floats-group");

	if (st->rc != LDX_OK || (!b && !floats))
		return;
	ldx_textbuf_reset(&st->body);
	if (b)
		ldx_xml_flatten(&st->body, b, flow);
	if (floats) {
		ldx_textbuf_add(&st->body, " ", 1);
		ldx_xml_flatten(&st->body, floats, flow);
	}
	check_oom(st, &st->body);
	if (st->rc == LDX_OK)
		keep(st, ldx_record_set(&rec->body, ldx_textbuf_text(&st->body), st->body.n,
		                        LDX_BODY_MAX));
}

static ldx_status fill(jats_state *st, xmlNodePtr art, ldx_record *rec)
{
	xmlNodePtr front = ldx_xml_child(art, "front");
	xmlNodePtr meta = ldx_xml_child(front, "article-meta");
	xmlNodePtr titles = ldx_xml_child(meta, "title-group");

	st->rc = LDX_OK;
	journal(st, rec, ldx_xml_child(front, "journal-meta"));
	article_ids(st, rec, meta);
	set_field(st, &rec->title, ldx_xml_child(titles, "article-title"), LDX_TITLE_MAX);
	set_field(st, &rec->title,
	          ldx_xml_child(ldx_xml_child(titles, "trans-title-group"), "trans-title"),
	          LDX_TITLE_MAX);
	authors(st, rec, meta);
	rec->year = pub_year(st, meta);
	abstract(st, rec, meta);
	keywords(st, rec, meta);
	body(st, rec, art);
	return st->rc;
}

/* ---- The reader ---------------------------------------------------------------------------- */

static int want_article(const char *name)
{
	return strcmp(name, "article") == 0;
}

/* s[0..n) contains needle, ignoring ASCII case. */
static int contains(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return 1;
	return 0;
}

/*
 * 90 for a <pmc-articleset> root, or an <article> root that a JATS
 * DOCTYPE, a JATS namespace, article-type= or dtd-version= vouches for;
 * 80 for a bare <article> root whose peek holds <article-meta>.  Any other
 * root (PubmedArticleSet above all) is not ours.
 */
static int jats_sniff(const char *data, size_t len, const char *ext)
{
	ldx_xml_head h;
	const char *name;
	size_t n;
	int jats_doctype;

	if (ldx_xml_head_parse(data, len, &h) != 0 && !h.doctype)
		return 0;
	jats_doctype = h.doctype && (contains(h.doctype, h.doctype_len, "JATS") ||
	                             contains(h.doctype, h.doctype_len, "NLM//DTD Journal"));
	if (!h.root)   /* the peek ended inside a long DOCTYPE */
		return jats_doctype && contains(h.doctype, h.doctype_len, "<!DOCTYPE article") ? 90 : 0;
	name = memchr(h.root, ':', h.root_len);
	name = name ? name + 1 : h.root;
	n = h.root_len - (size_t)(name - h.root);
	if (n == 14 && memcmp(name, "pmc-articleset", 14) == 0)
		return 90;
	if (n != 7 || memcmp(name, "article", 7) != 0)
		return 0;
	if (jats_doctype || contains(h.tag, h.tag_len, "article-type=") ||
	    contains(h.tag, h.tag_len, "dtd-version=") ||
	    contains(h.tag, h.tag_len, "jats.nlm.nih.gov") ||
	    contains(h.tag, h.tag_len, "/JATS"))
		return 90;
	return contains(data, len, "<article-meta") ? 80 : 0;
}

static ldx_status jats_open(ldx_input *in, void **state, ldx_error *err)
{
	const char *name = ldx_input_name(in);
	jats_state *st;
	ldx_status rc;

	*state = NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return ldx_fail(err, LDX_ERR_NOMEM, name, 0, "out of memory opening '%s'", name);
	ldx_textbuf_init(&st->tb, TEXT_MAX);
	ldx_textbuf_init(&st->tb2, TEXT_MAX);
	ldx_textbuf_init(&st->body, BODY_TEXT_MAX);
	rc = ldx_xmlread_open(&st->x, in, err);
	if (rc != LDX_OK) {
		free(st);
		return rc;
	}
	*state = st;
	return LDX_OK;
}

static ldx_status jats_next(void *state, ldx_record *rec, ldx_error *err)
{
	jats_state *st = state;
	xmlNodePtr art = NULL;
	ldx_xml_quiet q;
	long line = 0;
	int kind = 0;
	ldx_status rc;

	ldx_record_clear(rec);
	if (st->x.done)
		return LDX_DONE;
	ldx_xmlread_quiet_begin(&st->x, &q);
	rc = ldx_xmlread_next(&st->x, want_article, &kind, &art, &line, err);
	if (rc != LDX_OK)
		goto out;
	rec->line = line;
	rc = fill(st, art, rec);
	if (rc != LDX_OK) {
		const char *name = ldx_input_name(st->x.in);
		ldx_fail(err, rc, name, line, "out of memory reading '%s'", name);
	}
out:
	ldx_xmlread_quiet_end(&q);
	return rc;
}

static void jats_close(void *state)
{
	jats_state *st = state;

	if (!st)
		return;
	ldx_xmlread_close(&st->x);
	ldx_textbuf_free(&st->tb);
	ldx_textbuf_free(&st->tb2);
	ldx_textbuf_free(&st->body);
	free(st);
}

const ldx_reader_ops ldx_reader_jats = {
	"jats", jats_sniff, jats_open, jats_next, jats_close
};
