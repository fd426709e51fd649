/*
 * html_meta.c: source 1 of the HTML reader (see html_int.h), the
 * bibliographic <meta> tags (name= or property=, any case): the Highwire
 * citation_* set that PubMed, PMC and most publishers emit, then Dublin
 * Core (dc.* and dcterms.*).  Owns which tag means which field, and the
 * rule that meta tags make a page a paper.
 */
#include <string.h>
#include <strings.h>

#include "ingest/html_int.h"

/* The key of a meta element (name=, else property=), or NULL. */
static const char *meta_key(xmlNodePtr n, const char **content)
{
	const char *k = html_attr(n, "name");

	if (!k || !*k)
		k = html_attr(n, "property");
	*content = html_attr(n, "content");
	return k && *k && *content ? k : NULL;
}

/* "dc.title", "DC.Title", "dcterms.title" -> "title"; NULL for others. */
static const char *dc_field(const char *key)
{
	if (html_starts_with_ci(key, "dc."))
		return key + 3;
	if (html_starts_with_ci(key, "dcterms."))
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
	return strncmp(v, "10.", 3) == 0 || (html_ci_strstr(v, "doi") && strstr(v, "10."));
}

void html_scan_meta(xmlNodePtr root, meta_info *m)
{
	for (xmlNodePtr n = root; n; n = html_walk_next(n, root, 0)) {
		const char *k, *v, *dc;

		if (!html_is_el(n, "meta") || !(k = meta_key(n, &v)))
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
			else if (html_starts_with_ci(dc, "date") || !strcasecmp(dc, "issued"))
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
	for (xmlNodePtr n = root; n && st->rc == LDX_OK; n = html_walk_next(n, root, 0)) {
		const char *k, *v;

		if (!html_is_el(n, "meta") || !(k = meta_key(n, &v)))
			continue;
		if (dc) {
			k = dc_field(k);
			if (!k)
				continue;
		}
		if (strcasecmp(k, key) != 0)
			continue;
		if (!as_authors) {
			html_push_split(st, l, v);
		} else if (strchr(v, ';')) {
			/* citation_authors="Kavalali ET;Monteggia LM;" */
			while (*v && st->rc == LDX_OK) {
				size_t len = strcspn(v, ";");

				html_push_author(st, l, v, len);
				v += len;
				if (*v)
					v++;
			}
		} else {
			html_push_author(st, l, v, strlen(v));
		}
	}
}

/* Fills rec from meta tags; returns whether they make the page a paper. */
int html_from_meta(html_state *st, xmlNodePtr root, const meta_info *m, ldx_record *rec)
{
	html_set_text(st, &rec->title, m->title, (size_t)-1, LDX_TITLE_MAX, NULL);
	html_set_text(st, &rec->title, m->dc_title, (size_t)-1, LDX_TITLE_MAX, NULL);
	if (m->cit_authors)
		push_meta_list(st, root, "citation_author", 0, &rec->authors, 1);
	else if (m->cit_authors_list)
		push_meta_list(st, root, "citation_authors", 0, &rec->authors, 1);
	else if (m->dc_creators)
		push_meta_list(st, root, "creator", 1, &rec->authors, 1);
	html_set_text(st, &rec->journal, m->journal, (size_t)-1, LDX_TITLE_MAX, NULL);
	html_set_text(st, &rec->journal_abbrev, m->journal_abbrev, (size_t)-1, LDX_TITLE_MAX, NULL);
	html_set_year(rec, m->pub_date);
	html_set_year(rec, m->date);
	html_set_year(rec, m->online_date);
	html_set_year(rec, m->dc_date);
	html_set_doi(st, rec, m->doi, 1);
	html_set_doi(st, rec, m->dc_doi, 0);
	html_set_pmid(st, rec, m->pmid);
	if (m->cit_keywords)
		push_meta_list(st, root, "citation_keywords", 0, &rec->keywords, 0);
	else if (m->dc_subjects)
		push_meta_list(st, root, "subject", 1, &rec->keywords, 0);
	html_set_abstract_markup(st, rec, m->abstract);
	html_set_abstract_markup(st, rec, m->dc_description);
	html_set_text(st, &rec->language, m->language, (size_t)-1, ID_MAX, NULL);
	html_set_text(st, &rec->language, m->dc_language, (size_t)-1, ID_MAX, NULL);
	return (m->title || m->doi || m->pmid) ||
	       (m->dc_title && (m->dc_creators || m->dc_date || m->dc_doi));
}

