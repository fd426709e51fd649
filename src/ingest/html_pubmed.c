/*
 * html_pubmed.c: source 2 of the HTML reader (see html_int.h), the body
 * of a saved PubMed article page, in the current layout
 * (pubmed.ncbi.nlm.nih.gov: h1.heading-title, #eng-abstract, ...) and
 * the older www.ncbi.nlm.nih.gov/pubmed layout (div.rprt.abstract), and
 * the PMID in a page's canonical link.
 */
#include <string.h>
#include <strings.h>

#include "error.h"
#include "ingest/html_int.h"

/* Text of the element, trimmed, in st->tb; "" for NULL. */
static const char *trimmed_text(html_state *st, xmlNodePtr n, size_t *len)
{
	const char *s = html_text_of(st, n, 0);
	size_t k = st->tb.n;

	html_trim(&s, &k, NULL);
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
	html_trim(&s, &k, "*");
	if (k > 0)
		html_push_unique(st, mesh, s, k);
}

/* The old layout: div.rprt.abstract holding div.cit, h1, div.auths,
 * div.abstr, div.keywords, dl.rprtid and the MeSH lists. */
int html_pubmed_old(html_state *st, xmlNodePtr root, ldx_record *rec)
{
	xmlNodePtr box = NULL, cit, auths, abstr, kw, n;
	size_t len;
	const char *s;

	for (n = root; n; n = html_walk_next(n, root, 0))
		if (html_is_el(n, "div") && html_has_class(n, "rprt") &&
		    html_has_class(n, "abstract")) {
			box = n;
			break;
		}
	if (!box || !html_find(box, "h1", NULL, NULL))
		return 0;
	html_set_el(st, &rec->title, html_find(box, "h1", NULL, NULL), LDX_TITLE_MAX, NULL);
	cit = html_find(box, "div", "cit", NULL);
	if (cit) {
		xmlNodePtr j = html_find(cit, "a", NULL, NULL);

		html_set_text(st, &rec->journal, html_attr(j, "title"), (size_t)-1, LDX_TITLE_MAX,
		              ".");
		html_set_text(st, &rec->journal_abbrev, html_attr(j, "alterm"), (size_t)-1,
		              LDX_TITLE_MAX, ".");
		html_set_el(st, &rec->journal_abbrev, j, LDX_TITLE_MAX, ".");
		/* Year and DOI come after the journal's name: "1981;17(6):368-76." */
		ldx_textbuf_reset(&st->tb2);
		for (n = j ? j->next : cit->children; n; n = n->next)
			html_flatten(&st->tb2, n, 0);
		if (st->tb2.oom)
			html_keep(st, LDX_ERR_NOMEM);
		html_set_year(rec, ldx_textbuf_text(&st->tb2));
		s = html_ci_strstr(ldx_textbuf_text(&st->tb2), "doi:");
		if (s)
			html_set_doi(st, rec, s + 4, 1);
	}
	auths = html_find(box, "div", "auths", NULL);
	if (!rec->authors.n && auths)
		for (n = auths->children; n; n = html_walk_next(n, auths, 0))
			if (html_is_el(n, "a")) {
				/* Already PubMed's "Last Initials" ("LA Plasschaert S"). */
				s = trimmed_text(st, n, &len);
				html_keep(st, ldx_strlist_push(&rec->authors, s, len));
			}
	abstr = html_find(box, "div", "abstr", NULL);
	if (!rec->abstract && abstr) {
		s = html_text_of(st, abstr, FL_NOH3);
		html_set_text(st, &rec->abstract, s, st->tb.n, LDX_FIELD_MAX, NULL);
	}
	kw = html_find(box, "div", "keywords", NULL);
	if (!rec->keywords.n && kw && html_find(kw, "p", NULL, NULL))
		html_push_split(st, &rec->keywords,
		                html_text_of(st, html_find(kw, "p", NULL, NULL), 0));
	/* dl.rprtid: <dt>PMID:</dt> <dd>7288891</dd> <dt>DOI:</dt> <dd>10...</dd> */
	for (n = box->children; n; n = html_walk_next(n, box, 0)) {
		xmlNodePtr dd;

		if (!html_is_el(n, "dt") || !(dd = html_next_el(n)) || !html_is_el(dd, "dd"))
			continue;
		s = trimmed_text(st, n, &len);
		if (html_starts_with_ci(s, "PMID"))
			html_set_pmid(st, rec, trimmed_text(st, dd, &len));
		else if (html_starts_with_ci(s, "DOI"))
			html_set_doi(st, rec, trimmed_text(st, dd, &len), 1);
	}
	/* <h4>MeSH Terms</h4><ul><li>...</li></ul>, same for Publication Types. */
	for (n = box->children; n; n = html_walk_next(n, box, 0)) {
		xmlNodePtr ul;
		int mesh;

		if (!html_is_el(n, "h4") || !(ul = html_next_el(n)) || !html_is_el(ul, "ul"))
			continue;
		s = trimmed_text(st, n, &len);
		mesh = html_starts_with_ci(s, "MeSH Terms");
		if (!mesh && !html_starts_with_ci(s, "Publication Type"))
			continue;
		for (xmlNodePtr li = ul->children; li; li = li->next) {
			if (!html_is_el(li, "li"))
				continue;
			s = trimmed_text(st, li, &len);
			if (mesh)
				push_mesh(st, &rec->mesh, s, len);
			else
				html_push_unique(st, &rec->pub_types, s, len);
		}
	}
	return rec->title != NULL;
}

/* The current layout (pubmed.ncbi.nlm.nih.gov). */
int html_pubmed_current(html_state *st, xmlNodePtr root, ldx_record *rec)
{
	xmlNodePtr h1 = html_find(root, "h1", "heading-title", NULL);
	xmlNodePtr abs = html_find(root, "div", NULL, "eng-abstract");
	xmlNodePtr box, n;
	size_t len;
	const char *s;

	if (!abs)
		abs = html_find(root, "div", "abstract-content", NULL);
	if (!h1 && !abs)
		return 0;
	html_set_el(st, &rec->title, h1, LDX_TITLE_MAX, NULL);
	if (!rec->abstract && abs) {
		s = html_text_of(st, abs, 0);
		html_set_text(st, &rec->abstract, s, st->tb.n, LDX_FIELD_MAX, NULL);
	}
	/* Keywords: <p><strong class="sub-title">Keywords:</strong> a; b.</p>
	 * in the abstract section, outside the abstract text itself. */
	box = html_find(root, "div", NULL, "abstract");
	if (!box)
		box = abs ? abs->parent : NULL;
	for (n = box ? box->children : NULL; n && !rec->keywords.n;
	     n = html_walk_next(n, box, 0)) {
		if (!html_is_el(n, "strong") || !html_has_class(n, "sub-title"))
			continue;
		s = trimmed_text(st, n, &len);
		if (!html_starts_with_ci(s, "Keywords"))
			continue;
		ldx_textbuf_reset(&st->tb2);
		for (xmlNodePtr k = n->next; k; k = k->next)
			html_flatten(&st->tb2, k, 0);
		if (st->tb2.oom)
			html_keep(st, LDX_ERR_NOMEM);
		html_push_split(st, &rec->keywords, ldx_textbuf_text(&st->tb2));
	}
	/* The first list only: the page repeats it in other views. */
	n = html_find(root, "div", "authors-list", NULL);
	if (n && !rec->authors.n)
		for (xmlNodePtr a = n->children; a; a = html_walk_next(a, n, 0))
			if (html_is_el(a, "a") && html_has_class(a, "full-name")) {
				s = trimmed_text(st, a, &len);
				html_push_author(st, &rec->authors, s, len);
			}
	n = html_find(root, "button", NULL, "full-view-journal-trigger");
	if (!n)
		n = html_find(root, "button", "journal-actions-trigger", NULL);
	html_set_text(st, &rec->journal, html_attr(n, "title"), (size_t)-1, LDX_TITLE_MAX, ".");
	html_set_el(st, &rec->journal_abbrev, n, LDX_TITLE_MAX, ".");
	n = html_find(root, "span", "cit", NULL);
	if (n)
		html_set_year(rec, html_text_of(st, n, 0));
	n = html_find(root, "strong", "current-id", NULL);
	if (n)
		html_set_pmid(st, rec, trimmed_text(st, n, &len));
	n = html_find(root, "span", "citation-doi", NULL);
	if (n)
		html_set_doi(st, rec, html_text_of(st, n, 0), 1);
	n = html_find(root, "div", NULL, "mesh-terms");
	for (xmlNodePtr b = n ? n->children : NULL; b; b = html_walk_next(b, n, 0))
		if (html_is_el(b, "button") && html_has_class(b, "keyword-actions-trigger")) {
			s = trimmed_text(st, b, &len);
			push_mesh(st, &rec->mesh, s, len);
		}
	return rec->title != NULL;
}

/* <link rel="canonical" href=".../pubmed/123/">: a PMID when nothing else
 * gave one. */
void html_canonical_pmid(html_state *st, xmlNodePtr root, ldx_record *rec)
{
	for (xmlNodePtr n = root; n && !rec->pmid; n = html_walk_next(n, root, 0)) {
		const char *rel = html_attr(n, "rel"), *href = html_attr(n, "href"), *p;
		char digits[PMID_MAX + 1];
		size_t k;

		if (!html_is_el(n, "link") || !rel || strcasecmp(rel, "canonical") || !href)
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
		html_set_pmid(st, rec, digits);
	}
}

