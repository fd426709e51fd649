/*
 * text.c: the human format: one block per paper with the matched words
 * highlighted (in colour on a terminal, like grep).
 */
#include "output.h"

#define C_RESET "\033[0m"
#define C_MATCH "\033[1;31m"
#define C_TITLE "\033[1m"
#define C_DIM "\033[2m"
#define C_SOURCE "\033[32m"

static void text_begin(out_ctx *o) {}

static void text_hit(out_ctx *o, const ldx_hit *h)
{
	int c = o->color;
	const char *journal = *h->journal_abbrev ? h->journal_abbrev : h->journal;
	const char *match_off = c ? C_RESET C_TITLE : "";

	fprintf(o->f, "%s%3d.%s ", c ? C_DIM : "", h->rank, c ? C_RESET : "");
	if (c)
		fputs(C_TITLE, o->f);
	out_marked(o->f, h->title_hl, c ? C_MATCH : "", match_off);
	fprintf(o->f, "%s\n", c ? C_RESET : "");
	fprintf(o->f, "     %s", c ? C_SOURCE : "");
	if (h->year)
		fprintf(o->f, "%d", h->year);
	if (*journal)
		fprintf(o->f, "%s%s", h->year ? " · " : "", journal);
	fprintf(o->f, "%s", c ? C_RESET : "");
	if (*h->pmid)
		fprintf(o->f, "  PMID %s", h->pmid);
	if (*h->doi)
		fprintf(o->f, "  doi:%s", h->doi);
	if (!*h->pmid && !*h->doi)
		fprintf(o->f, "  %s%s%s", c ? C_DIM : "", h->key, c ? C_RESET : "");
	fputc('\n', o->f);
	if (*h->authors)
		fprintf(o->f, "     %s%s%s\n", c ? C_DIM : "", h->authors, c ? C_RESET : "");
	if (*h->snippet) {
		fputs("     ", o->f);
		out_marked(o->f, h->snippet, c ? C_MATCH : "", c ? C_RESET : "");
		fputc('\n', o->f);
	}
	fputc('\n', o->f);
}

static void text_end(out_ctx *o, long hits) {}

const out_format out_text = { "text", text_begin, text_hit, text_end };
