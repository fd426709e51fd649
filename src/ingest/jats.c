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

typedef struct jats_state {
	ldx_xml_reader r;     /* first: the stream, the fill of one record */
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

/* ---- Filling fields (f->rc is sticky: after a failure they do nothing) ---- */

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

/* "3166277" (pub-id-type="pmc") or "PMC3166277" (pmcid) -> "PMC3166277". */
static void set_pmcid(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr n)
{
	char id[PMID_MAX + 4];
	const char *s;
	size_t len;

	if (f->rc != LDX_OK || rec->pmcid)
		return;
	len = ldx_xml_trim(ldx_xml_text(f, n), &s);
	if (len >= 3 && strncasecmp(s, "PMC", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (!all_digits(s, len) || len > PMID_MAX)
		return;
	memcpy(id, "PMC", 3);
	memcpy(id + 3, s, len);
	ldx_xml_keep(f, ldx_record_set(&rec->pmcid, id, len + 3, ID_MAX));
}

/* article-meta/article-id; only the article's own (cited papers' ids sit
 * in the reference list, which is never read). */
static void article_ids(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr meta)
{
	for (xmlNodePtr id = ldx_xml_child(meta, "article-id"); id;
	     id = ldx_xml_next(id, "article-id")) {
		const char *type = ldx_xml_attr(id, "pub-id-type");

		if (!type)
			continue;
		if (strcmp(type, "pmid") == 0)
			ldx_xml_set_digits(f, &rec->pmid, id, PMID_MAX);
		else if (strcmp(type, "doi") == 0)
			ldx_xml_set_doi(f, &rec->doi, id, ID_MAX);
		else if (strcmp(type, "pmc") == 0 || strcmp(type, "pmcid") == 0)
			set_pmcid(f, rec, id);
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
static void journal(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr jm)
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

	ldx_xml_set(f, &rec->journal, ldx_xml_child(group, "journal-title"), LDX_TITLE_MAX);
	ldx_xml_set(f, &rec->journal, ldx_xml_child(jm, "journal-title"), LDX_TITLE_MAX);
	for (size_t i = 0; i < sizeof abbrevs / sizeof *abbrevs && !rec->journal_abbrev; i++)
		ldx_xml_set(f, &rec->journal_abbrev,
		          typed_child(abbrevs[i].in_group ? group : jm, abbrevs[i].element,
		                      abbrevs[i].attr, abbrevs[i].type),
		          LDX_TITLE_MAX);
}

/* ---- Authors ------------------------------------------------------------------------ */

/* <name> or a structured <string-name>: "Surname Initials"; a name with
 * only given names is kept whole. */
static void push_name(ldx_xml_fill *f, ldx_strlist *authors, xmlNodePtr name)
{
	xmlNodePtr sur = ldx_xml_child(name, "surname");
	xmlNodePtr given = ldx_xml_child(name, "given-names");
	const char *initials = ldx_xml_attr(given, "initials");

	if (f->rc != LDX_OK)
		return;
	if (!sur) {
		ldx_xml_push(f, authors, given ? given : name);
		return;
	}
	ldx_textbuf_reset(&f->tb2);
	ldx_textbuf_str(&f->tb2, ldx_xml_text(f, sur));
	ldx_textbuf_add(&f->tb2, " ", 1);
	if (initials && *initials) {
		/* Already initials ("J.-P."), so every letter counts. */
		for (const char *p = initials; *p; p++)
			if (*p != ' ' && *p != '.' && *p != '-')
				ldx_textbuf_add(&f->tb2, p, 1);
	} else if (given) {
		ldx_xml_add_initials(&f->tb2, ldx_xml_text(f, given));
	}
	ldx_xml_push_buf(f, authors, &f->tb2);
}

/* One contrib: a personal name, else a collaboration's name whole. */
static void push_contrib(ldx_xml_fill *f, ldx_strlist *authors, xmlNodePtr c)
{
	xmlNodePtr alt = ldx_xml_child(c, "name-alternatives");
	xmlNodePtr calt = ldx_xml_child(c, "collab-alternatives");
	xmlNodePtr n;

	if ((n = ldx_xml_child(c, "name")) || (n = ldx_xml_child(alt, "name")) ||
	    (n = ldx_xml_child(c, "string-name")) || (n = ldx_xml_child(alt, "string-name"))) {
		push_name(f, authors, n);
		return;
	}
	if ((n = ldx_xml_child(c, "collab")) || (n = ldx_xml_child(calt, "collab")))
		ldx_xml_push(f, authors, n);
}

/* contrib-group/contrib of type "author" (or of no type); editors and
 * other contributors are not authors. */
static void authors(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr meta)
{
	for (xmlNodePtr g = ldx_xml_child(meta, "contrib-group"); g;
	     g = ldx_xml_next(g, "contrib-group"))
		for (xmlNodePtr c = ldx_xml_child(g, "contrib"); c; c = ldx_xml_next(c, "contrib")) {
			const char *type = ldx_xml_attr(c, "contrib-type");

			if (!type || !*type || strcmp(type, "author") == 0)
				push_contrib(f, &rec->authors, c);
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

static int date_year(ldx_xml_fill *f, xmlNodePtr d)
{
	int y = 0;

	if (ldx_xml_child(d, "year"))
		y = ldx_year_from_date(ldx_xml_text(f, ldx_xml_child(d, "year")));
	if (!y && ldx_xml_child(d, "string-date"))
		y = ldx_year_from_date(ldx_xml_text(f, ldx_xml_child(d, "string-date")));
	if (!y && !ldx_xml_child(d, "year"))
		y = ldx_year_from_date(ldx_xml_text(f, d));
	return y;
}

static int pub_year(ldx_xml_fill *f, xmlNodePtr meta)
{
	int best = 0, best_rank = 0;

	for (xmlNodePtr d = ldx_xml_child(meta, "pub-date"); d; d = ldx_xml_next(d, "pub-date")) {
		int rank = date_rank(d), y;

		if (best && rank >= best_rank)
			continue;
		y = date_year(f, d);
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
static void add_label(ldx_xml_fill *f, ldx_textbuf *b, xmlNodePtr title)
{
	const char *s;
	size_t n = ldx_xml_trim(ldx_xml_text(f, title), &s);

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
static void abstract(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr meta)
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
	for (xmlNodePtr c = best->children; c && f->rc == LDX_OK; c = c->next) {
		ldx_textbuf *b = &f->tb2;

		if (c->type != XML_ELEMENT_NODE || ldx_xml_is(c, "title") || ldx_xml_is(c, "label") ||
		    flow(c) == LDX_XML_SKIP)
			continue;
		ldx_textbuf_reset(b);
		if (ldx_xml_is(c, "sec")) {
			add_label(f, b, ldx_xml_child(c, "title"));
			add_content(b, c);
		} else {
			ldx_xml_flatten(b, c, flow);
		}
		ldx_xml_check(f, b);
		if (f->rc == LDX_OK)
			ldx_xml_keep(f, ldx_record_append(&rec->abstract, " ", ldx_textbuf_text(b), b->n,
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
static void keywords(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr meta)
{
	int english = 0;

	for (xmlNodePtr g = ldx_xml_child(meta, "kwd-group"); g; g = ldx_xml_next(g, "kwd-group"))
		english |= is_english(ldx_xml_attr(g, "lang"));
	for (xmlNodePtr g = ldx_xml_child(meta, "kwd-group"); g; g = ldx_xml_next(g, "kwd-group")) {
		if (english && !is_english(ldx_xml_attr(g, "lang")))
			continue;
		for (xmlNodePtr k = g->children; k; k = k->next)
			if (ldx_xml_is(k, "kwd") || ldx_xml_is(k, "compound-kwd"))
				ldx_xml_push(f, &rec->keywords, k);
	}
}

/* All the prose of <body>, then the captions of floats kept apart in
 * <floats-group>; never <back>. */
static void body(jats_state *st, ldx_record *rec, xmlNodePtr art)
{
	xmlNodePtr b = ldx_xml_child(art, "body"), floats = ldx_xml_child(art, "floats-group");
	ldx_xml_fill *f = &st->r.f;

	if (f->rc != LDX_OK || (!b && !floats))
		return;
	ldx_textbuf_reset(&st->body);
	if (b)
		ldx_xml_flatten(&st->body, b, flow);
	if (floats) {
		ldx_textbuf_add(&st->body, " ", 1);
		ldx_xml_flatten(&st->body, floats, flow);
	}
	ldx_xml_check(f, &st->body);
	if (f->rc == LDX_OK)
		ldx_xml_keep(f, ldx_record_set(&rec->body, ldx_textbuf_text(&st->body), st->body.n,
		                               LDX_BODY_MAX));
}

static ldx_status fill(jats_state *st, xmlNodePtr art, ldx_record *rec)
{
	xmlNodePtr front = ldx_xml_child(art, "front");
	xmlNodePtr meta = ldx_xml_child(front, "article-meta");
	xmlNodePtr titles = ldx_xml_child(meta, "title-group");

	ldx_xml_fill *f = &st->r.f;

	f->rc = LDX_OK;
	journal(f, rec, ldx_xml_child(front, "journal-meta"));
	article_ids(f, rec, meta);
	ldx_xml_set(f, &rec->title, ldx_xml_child(titles, "article-title"), LDX_TITLE_MAX);
	ldx_xml_set(f, &rec->title,
	            ldx_xml_child(ldx_xml_child(titles, "trans-title-group"), "trans-title"),
	            LDX_TITLE_MAX);
	authors(f, rec, meta);
	rec->year = pub_year(f, meta);
	abstract(f, rec, meta);
	keywords(f, rec, meta);
	body(st, rec, art);
	return f->rc;
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
	ldx_status rc = ldx_xml_reader_open(in, sizeof (jats_state), flow, TEXT_MAX, state, err);

	if (rc == LDX_OK)
		ldx_textbuf_init(&((jats_state *)*state)->body, BODY_TEXT_MAX);
	return rc;
}

static ldx_status jats_next(void *state, ldx_record *rec, ldx_error *err)
{
	jats_state *st = state;
	const char *name = ldx_input_name(st->r.x.in);
	xmlNodePtr art = NULL;
	long line = 0;
	int kind = 0;
	ldx_status rc;

	ldx_record_clear(rec);
	rc = ldx_xmlread_next(&st->r.x, want_article, &kind, &art, &line, err);
	if (rc != LDX_OK)
		return rc;
	rec->line = line;
	rc = fill(st, art, rec);
	if (rc != LDX_OK)
		return ldx_fail(err, rc, name, line, "out of memory reading '%s'", name);
	return LDX_OK;
}

static void jats_close(void *state)
{
	jats_state *st = state;

	if (st)
		ldx_textbuf_free(&st->body);
	ldx_xml_reader_free(st);
}

const ldx_reader_ops ldx_reader_jats = {
	"jats", jats_sniff, jats_open, jats_next, jats_close
};
