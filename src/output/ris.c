/*
 * ris.c: RIS, for reference managers (Zotero, EndNote, Mendeley).
 *
 * One record per hit, "TY  - JOUR" (GEN when there is no journal) to
 * "ER  - ", with a blank line between records.  Tags written: TI, AU (one
 * per author, "Last, I.N." or a collective name whole), JO (full journal
 * title), JA (ISO abbreviation), PY, DO, AN (PMID, with "DB  - PubMed"
 * saying whose accession number it is), C2 (PMCID, where EndNote's
 * PubMed import keeps it), AB, KW (one per author keyword), LA.
 *
 * Lines end in LF, not the CRLF of the old Reference Manager spec: the
 * managers above and litdex's own RIS reader take either, and LF suits
 * pipes.  Values are one line each (tabs and newlines become spaces).
 */
#include <string.h>

#include "output.h"

static void ris_tag(FILE *f, const char *tag, const char *s, size_t n)
{
	if (n == 0)
		return;
	fprintf(f, "%s  - ", tag);
	out_plain(f, s, n);
	fputc('\n', f);
}

static void ris_str(FILE *f, const char *tag, const char *s)
{
	if (s)
		ris_tag(f, tag, s, strlen(s));
}

static void ris_author(const char *s, size_t n, size_t i, void *ctx)
{
	FILE *f = ctx;
	const char *ini;
	size_t last, nini;

	if (!out_author_split(s, n, &last, &ini, &nini)) {
		ris_tag(f, "AU", s, n);
		return;
	}
	fputs("AU  - ", f);
	out_plain(f, s, last);
	fputs(", ", f);
	out_initials(f, ini, nini, "");
	fputc('\n', f);
}

static void ris_keyword(const char *s, size_t n, size_t i, void *ctx)
{
	ris_tag(ctx, "KW", s, n);
}

static void ris_begin(out_ctx *o) {}

static void ris_hit(out_ctx *o, const ldx_hit *h)
{
	FILE *f = o->f;

	if (o->n++)
		fputc('\n', f);
	fprintf(f, "TY  - %s\n", *h->journal || *h->journal_abbrev ? "JOUR" : "GEN");
	ris_str(f, "TI", h->title);
	out_each_item(h->authors, ris_author, f);
	ris_str(f, "JO", h->journal);
	ris_str(f, "JA", h->journal_abbrev);
	if (h->year)
		fprintf(f, "PY  - %d\n", h->year);
	ris_str(f, "DO", h->doi);
	if (*h->pmid) {
		/* AN is any database's accession number; DB says which. */
		fprintf(f, "AN  - %s\nDB  - PubMed\n", h->pmid);
	}
	if (*h->pmcid)
		fprintf(f, "C2  - %s\n", h->pmcid);
	ris_str(f, "AB", h->abstract);
	out_each_item(h->keywords, ris_keyword, f);
	ris_str(f, "LA", h->language);
	fputs("ER  - \n", f);
}

static void ris_end(out_ctx *o, long hits) {}

const out_format out_ris = { "ris", ris_begin, ris_hit, NULL, ris_end, 0 };
