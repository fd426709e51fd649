/*
 * pubmed.c: the PubMed / MEDLINE XML reader (ldx_reader_pubmed).
 *
 * Owns turning PubmedArticleSet, PubmedBookArticleSet and the older
 * MedlineCitationSet documents (or a bare PubmedArticle, PubmedBookArticle
 * or MedlineCitation root) into ldx_records, one per PubmedArticle,
 * PubmedBookArticle or MedlineCitation, and one per PMID of a DeleteCitation.
 *
 * Streaming, safety (no DTD, no external entity, bounded expansion) and
 * XML errors come from xmlread.c: one record element is expanded at a
 * time, and the first fatal XML error (or failed read) ends the document
 * with its own error, after every record that was complete before it.
 */
#include <stddef.h>
#include <string.h>

#include "error.h"
#include "ingest/reader.h"
#include "ingest/xmlread.h"
#include "year.h"

/* Flattened text of one element never needs more than this: every field
 * limit is at most LDX_FIELD_MAX, and normalising only shortens text. */
#define TEXT_MAX (2 * (size_t)LDX_FIELD_MAX)

#define PMID_MAX 32
#define ID_MAX 256

typedef struct pubmed_state {
	ldx_xml_reader r;         /* first: the stream, the fill of one record */
	xmlNodePtr del_next;      /* next PMID of a DeleteCitation being handed out */
	long del_line, del_end;   /* where that DeleteCitation starts, and a bound */
} pubmed_state;

/*
 * Formatting elements that sit inside words ("Ca<sup>2+</sup>"), so they
 * add no space.  Every other element, MathML included, is a boundary and
 * adds one on each side, which keeps "<mi>x</mi><mn>2</mn>" from gluing
 * into "x2"; runs of spaces collapse when the text is stored.
 */
static ldx_xml_flow flow(xmlNodePtr n)
{
	static const char *const names[] = {
		"i", "b", "u", "sup", "sub", "em", "strong", "sc", "tt",
	};

	if (n->ns)
		return LDX_XML_BLOCK;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp((const char *)n->name, names[i]) == 0)
			return LDX_XML_INLINE;
	return LDX_XML_BLOCK;
}

/* ---- Fields (f->rc is sticky: after a failure they do nothing) --------- */

/* ArticleIdList/ArticleId: the DOI and the PMC id.  Only the record's own
 * list: reference lists carry ArticleIdLists of cited papers. */
static void article_ids(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr list)
{
	for (xmlNodePtr c = list ? list->children : NULL; c; c = c->next) {
		if (!ldx_xml_is(c, "ArticleId"))
			continue;
		if (ldx_xml_attr_is(c, "IdType", "doi"))
			ldx_xml_set_doi(f, &rec->doi, c, ID_MAX);
		else if (ldx_xml_attr_is(c, "IdType", "pmc"))
			ldx_xml_set(f, &rec->pmcid, c, ID_MAX);
	}
}

static void elocation_doi(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr parent)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (ldx_xml_is(c, "ELocationID") && ldx_xml_attr_is(c, "EIdType", "doi"))
			ldx_xml_set_doi(f, &rec->doi, c, ID_MAX);
}

/* PubDate: Year, else the first year of a MedlineDate ("1998 Dec-1999 Jan"). */
static int pubdate_year(ldx_xml_fill *f, xmlNodePtr date)
{
	xmlNodePtr year = ldx_xml_child(date, "Year");
	xmlNodePtr medline = ldx_xml_child(date, "MedlineDate");
	int y = 0;

	if (year)
		y = ldx_year_from_date(ldx_xml_text(f, year));
	if (!y && medline)
		y = ldx_year_from_date(ldx_xml_text(f, medline));
	return y;
}

/* One Author: "Last Initials", or a CollectiveName whole. */
static void push_author(ldx_xml_fill *f, ldx_strlist *authors, xmlNodePtr a)
{
	xmlNodePtr last = ldx_xml_child(a, "LastName"), ini = ldx_xml_child(a, "Initials");
	xmlNodePtr fore = ldx_xml_child(a, "ForeName");

	if (f->rc != LDX_OK || ldx_xml_attr_is(a, "ValidYN", "N"))
		return;
	if (ldx_xml_child(a, "CollectiveName")) {
		ldx_xml_push(f, authors, ldx_xml_child(a, "CollectiveName"));
		return;
	}
	if (!last) {
		ldx_xml_push(f, authors, fore);
		return;
	}
	/* The name goes in tb2, since ldx_xml_text() uses tb. */
	ldx_textbuf_reset(&f->tb2);
	ldx_textbuf_str(&f->tb2, ldx_xml_text(f, last));
	ldx_textbuf_add(&f->tb2, " ", 1);
	if (ini)
		ldx_textbuf_str(&f->tb2, ldx_xml_text(f, ini));
	else if (fore)
		ldx_xml_add_initials(&f->tb2, ldx_xml_text(f, fore));
	ldx_xml_push_buf(f, authors, &f->tb2);
}

/* Authors of every AuthorList under parent; with skip_editors, lists
 * marked Type="editors" are passed over.  Returns how many were added. */
static size_t author_lists(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr parent,
                           int skip_editors)
{
	size_t before = rec->authors.n;

	for (xmlNodePtr l = ldx_xml_child(parent, "AuthorList"); l;
	     l = ldx_xml_next(l, "AuthorList")) {
		if (skip_editors && ldx_xml_attr_is(l, "Type", "editors"))
			continue;
		for (xmlNodePtr a = ldx_xml_child(l, "Author"); a; a = ldx_xml_next(a, "Author"))
			push_author(f, &rec->authors, a);
	}
	return rec->authors.n - before;
}

/* Abstract/AbstractText sections, "LABEL: text" when labelled. */
static void abstract_sections(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr abs)
{
	for (xmlNodePtr t = ldx_xml_child(abs, "AbstractText"); t && f->rc == LDX_OK;
	     t = ldx_xml_next(t, "AbstractText")) {
		const char *label = ldx_xml_attr(t, "Label");

		ldx_textbuf_reset(&f->tb2);
		if (label && *label) {
			ldx_textbuf_str(&f->tb2, label);
			ldx_textbuf_add(&f->tb2, ": ", 2);
		}
		ldx_textbuf_str(&f->tb2, ldx_xml_text(f, t));
		ldx_xml_check(f, &f->tb2);
		if (f->rc == LDX_OK)
			ldx_xml_keep(f, ldx_record_append(&rec->abstract, " ",
			                                  ldx_textbuf_text(&f->tb2), f->tb2.n,
			                                  LDX_FIELD_MAX));
	}
}

/* Every child named name of parent, as a list item. */
static void push_each(ldx_xml_fill *f, ldx_strlist *l, xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr c = ldx_xml_child(parent, name); c; c = ldx_xml_next(c, name))
		ldx_xml_push(f, l, c);
}

static void keyword_lists(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr parent)
{
	for (xmlNodePtr l = ldx_xml_child(parent, "KeywordList"); l;
	     l = ldx_xml_next(l, "KeywordList"))
		push_each(f, &rec->keywords, l, "Keyword");
}

/* Article (journal articles): everything but the ids in PubmedData. */
static void parse_article(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr art)
{
	xmlNodePtr journal = ldx_xml_child(art, "Journal");
	xmlNodePtr issue = ldx_xml_child(journal, "JournalIssue");

	ldx_xml_set(f, &rec->journal, ldx_xml_child(journal, "Title"), LDX_TITLE_MAX);
	ldx_xml_set(f, &rec->journal_abbrev, ldx_xml_child(journal, "ISOAbbreviation"),
	            LDX_TITLE_MAX);
	rec->year = pubdate_year(f, ldx_xml_child(issue, "PubDate"));
	ldx_xml_set(f, &rec->title, ldx_xml_child(art, "ArticleTitle"), LDX_TITLE_MAX);
	ldx_xml_set(f, &rec->title, ldx_xml_child(art, "VernacularTitle"), LDX_TITLE_MAX);
	elocation_doi(f, rec, art);
	abstract_sections(f, rec, ldx_xml_child(art, "Abstract"));
	author_lists(f, rec, art, 0);
	ldx_xml_set(f, &rec->language, ldx_xml_child(art, "Language"), ID_MAX);
	push_each(f, &rec->pub_types, ldx_xml_child(art, "PublicationTypeList"),
	          "PublicationType");
	if (!rec->year) {
		xmlNodePtr date = ldx_xml_child(art, "ArticleDate");

		if (date)
			rec->year = ldx_year_from_date(ldx_xml_text(f, ldx_xml_child(date, "Year")));
	}
}

/* MedlineCitation: the citation proper, inside PubmedArticle or alone. */
static void parse_citation(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr mc)
{
	xmlNodePtr art = ldx_xml_child(mc, "Article");

	if (!mc)
		return;
	ldx_xml_set_digits(f, &rec->pmid, ldx_xml_child(mc, "PMID"), PMID_MAX);
	if (art)
		parse_article(f, rec, art);
	ldx_xml_set(f, &rec->journal_abbrev,
	            ldx_xml_child(ldx_xml_child(mc, "MedlineJournalInfo"), "MedlineTA"),
	            LDX_TITLE_MAX);
	for (xmlNodePtr h = ldx_xml_child(ldx_xml_child(mc, "MeshHeadingList"), "MeshHeading"); h;
	     h = ldx_xml_next(h, "MeshHeading"))
		ldx_xml_push(f, &rec->mesh, ldx_xml_child(h, "DescriptorName"));
	keyword_lists(f, rec, mc);
	if (!rec->abstract)
		for (xmlNodePtr o = ldx_xml_child(mc, "OtherAbstract"); o;
		     o = ldx_xml_next(o, "OtherAbstract"))
			abstract_sections(f, rec, o);
}

/* BookDocument: a book or a chapter of one. */
static void parse_book(ldx_xml_fill *f, ldx_record *rec, xmlNodePtr bd)
{
	xmlNodePtr book = ldx_xml_child(bd, "Book");
	xmlNodePtr book_title = ldx_xml_child(book, "BookTitle");

	if (!bd)
		return;
	ldx_xml_set_digits(f, &rec->pmid, ldx_xml_child(bd, "PMID"), PMID_MAX);
	article_ids(f, rec, ldx_xml_child(bd, "ArticleIdList"));
	elocation_doi(f, rec, book);
	elocation_doi(f, rec, bd);
	ldx_xml_set(f, &rec->title, ldx_xml_child(bd, "ArticleTitle"), LDX_TITLE_MAX);
	ldx_xml_set(f, &rec->title, ldx_xml_child(bd, "VernacularTitle"), LDX_TITLE_MAX);
	if (rec->title)    /* a chapter: the book stands where a journal would */
		ldx_xml_set(f, &rec->journal, book_title, LDX_TITLE_MAX);
	else
		ldx_xml_set(f, &rec->title, book_title, LDX_TITLE_MAX);
	rec->year = pubdate_year(f, ldx_xml_child(book, "PubDate"));
	/* Chapter authors, else the book's; editors are not authors. */
	if (author_lists(f, rec, bd, 1) == 0)
		author_lists(f, rec, book, 1);
	ldx_xml_set(f, &rec->language, ldx_xml_child(bd, "Language"), ID_MAX);
	push_each(f, &rec->pub_types, bd, "PublicationType");
	abstract_sections(f, rec, ldx_xml_child(bd, "Abstract"));
	keyword_lists(f, rec, bd);
}

enum kind { KIND_NONE, KIND_ARTICLE, KIND_BOOK, KIND_CITATION, KIND_DELETE };

/* The record elements; anything else (the sets around them) is walked into. */
static int record_kind(const char *name)
{
	if (strcmp(name, "PubmedArticle") == 0)
		return KIND_ARTICLE;
	if (strcmp(name, "PubmedBookArticle") == 0)
		return KIND_BOOK;
	if (strcmp(name, "MedlineCitation") == 0)
		return KIND_CITATION;
	if (strcmp(name, "DeleteCitation") == 0)
		return KIND_DELETE;
	return KIND_NONE;
}

static ldx_status fill(ldx_xml_fill *f, int kind, xmlNodePtr node, ldx_record *rec)
{
	f->rc = LDX_OK;
	switch (kind) {
	case KIND_ARTICLE:
		/* PubmedData's ids first: they beat ELocationID for the DOI. */
		article_ids(f, rec, ldx_xml_child(ldx_xml_child(node, "PubmedData"), "ArticleIdList"));
		parse_citation(f, rec, ldx_xml_child(node, "MedlineCitation"));
		break;
	case KIND_BOOK:
		article_ids(f, rec,
		            ldx_xml_child(ldx_xml_child(node, "PubmedBookData"), "ArticleIdList"));
		parse_book(f, rec, ldx_xml_child(node, "BookDocument"));
		break;
	case KIND_CITATION:
		parse_citation(f, rec, node);
		break;
	default:
		break;
	}
	return f->rc;
}

/* ---- The reader ---------------------------------------------------------- */

/* Does the root element, past the prolog, name a PubMed record or set? */
static int pubmed_sniff(const char *data, size_t len, const char *ext)
{
	static const char *const roots[] = {
		"PubmedArticleSet", "PubmedArticle", "PubmedBookArticleSet",
		"PubmedBookArticle", "MedlineCitationSet", "MedlineCitation",
	};
	ldx_xml_head h;

	if (ldx_xml_head_parse(data, len, &h) != 0)
		return 0;
	for (size_t i = 0; i < sizeof roots / sizeof *roots; i++)
		if (strlen(roots[i]) == h.root_len && memcmp(h.root, roots[i], h.root_len) == 0)
			return 90;
	return 0;
}

static ldx_status pubmed_open(ldx_input *in, void **state, ldx_error *err)
{
	return ldx_xml_reader_open(in, sizeof (pubmed_state), flow, TEXT_MAX, state, err);
}

/* The next PMID of the DeleteCitation being handed out. */
static ldx_status next_delete(pubmed_state *st, ldx_record *rec)
{
	xmlNodePtr p = st->del_next;

	st->del_next = ldx_xml_next(p, "PMID");
	st->r.f.rc = LDX_OK;
	ldx_xml_set_digits(&st->r.f, &rec->pmid, p, PMID_MAX);
	rec->is_delete = 1;
	rec->line = ldx_xml_node_line(p, st->del_line, st->del_end);
	return st->r.f.rc;
}

static ldx_status pubmed_next(void *state, ldx_record *rec, ldx_error *err)
{
	pubmed_state *st = state;
	const char *name = ldx_input_name(st->r.x.in);
	xmlNodePtr node = NULL;
	int kind = KIND_NONE;
	long line = 0;
	ldx_status rc;

	ldx_record_clear(rec);
	for (;;) {
		if (st->del_next) {
			rc = next_delete(st, rec);
			line = rec->line;
			break;
		}
		rc = ldx_xmlread_next(&st->r.x, record_kind, &kind, &node, &line, err);
		if (rc != LDX_OK)
			return rc;
		if (kind != KIND_DELETE) {
			rec->line = line;
			rc = fill(&st->r.f, kind, node, rec);
			break;
		}
		/* Its PMIDs come out one by one, from the next turn on. */
		st->del_line = line;
		st->del_end = ldx_xmlread_line(&st->r.x);
		st->del_next = ldx_xml_child(node, "PMID");
	}
	if (rc != LDX_OK)
		return ldx_fail(err, rc, name, line, "out of memory reading '%s'", name);
	return LDX_OK;
}

const ldx_reader_ops ldx_reader_pubmed = {
	"pubmed", pubmed_sniff, pubmed_open, pubmed_next, ldx_xml_reader_free
};
