/*
 * text.c: the human format.  A search hit is a short block with the
 * matched words highlighted (in colour on a terminal, like grep); a
 * record (`litdex show`) is the whole paper: title, authors, journal and
 * year, the abstract wrapped to 78 columns, then one labelled line each
 * for keywords, MeSH, publication types, language, identifiers and the
 * files it came from.
 */
#include <string.h>

#include "output.h"

#define C_RESET "\033[0m"
#define C_MATCH "\033[1;31m"
#define C_TITLE "\033[1m"
#define C_DIM "\033[2m"
#define C_SOURCE "\033[32m"

#define TEXT_WIDTH 78
#define LABEL_WIDTH 11     /* "Keywords:  " */

static void text_begin(out_ctx *o) {}

static void text_hit(out_ctx *o, const ldx_hit *h)
{
	int c = o->color;
	const char *journal = *h->journal_abbrev ? h->journal_abbrev : h->journal;
	const char *match_off = c ? C_RESET C_TITLE : "";

	o->n++;
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
	if (h->why && *h->why)
		fprintf(o->f, "     %swhy: %s%s\n", c ? C_DIM : "", h->why, c ? C_RESET : "");
	fputc('\n', o->f);
}

/* ---- Whole records -------------------------------------------------------- */

/* Characters (not bytes) in s[0..n) of UTF-8. */
static size_t columns(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

/*
 * Writes s word-wrapped: the first line continues from column col, the
 * next ones start with indent spaces.  A word longer than a line gets a
 * line of its own.  Ends with a newline.
 */
static void wrap(FILE *f, const char *s, size_t col, size_t indent)
{
	int first = 1;

	while (*s) {
		size_t n = 0, w;

		while (*s == ' ')
			s++;
		while (s[n] && s[n] != ' ')
			n++;
		if (n == 0)
			break;
		w = columns(s, n);
		if (!first && col + 1 + w > TEXT_WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		out_plain(f, s, n);
		col += w;
		first = 0;
		s += n;
	}
	fputc('\n', f);
}

/* "Label:     value", the value wrapped under itself. */
static void labelled(out_ctx *o, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	fprintf(o->f, "%s%s:%s%*s", o->color ? C_DIM : "", label, o->color ? C_RESET : "",
	        (int)(LABEL_WIDTH - strlen(label) - 1), "");
	wrap(o->f, value, LABEL_WIDTH, LABEL_WIDTH);
}

static void text_record(out_ctx *o, const ldx_hit *h, const char *const *sources,
                        size_t nsources)
{
	FILE *f = o->f;
	int c = o->color;

	if (o->n++)
		fputc('\n', f);
	if (c)
		fputs(C_TITLE, f);
	wrap(f, *h->title ? h->title : "(no title)", 0, 0);
	if (c)
		fputs(C_RESET, f);
	if (*h->authors)
		wrap(f, h->authors, 0, 0);
	if (*h->journal || *h->journal_abbrev || h->year) {
		fputs(c ? C_SOURCE : "", f);
		if (*h->journal)
			fputs(h->journal, f);
		if (*h->journal_abbrev && strcmp(h->journal_abbrev, h->journal) != 0)
			fprintf(f, *h->journal ? " (%s)" : "%s", h->journal_abbrev);
		if (h->year)
			fprintf(f, "%s%d", *h->journal || *h->journal_abbrev ? " · " : "", h->year);
		fprintf(f, "%s\n", c ? C_RESET : "");
	}
	if (*h->abstract) {
		fputs("\n  ", f);
		wrap(f, h->abstract, 2, 2);
	}
	fputc('\n', f);
	labelled(o, "Keywords", h->keywords);
	labelled(o, "MeSH", h->mesh);
	labelled(o, "Type", h->pub_types);
	labelled(o, "Language", h->language);
	labelled(o, "PMID", h->pmid);
	labelled(o, "DOI", h->doi);
	labelled(o, "PMCID", h->pmcid);
	labelled(o, "Key", h->key);
	for (size_t i = 0; i < nsources; i++) {
		fprintf(f, "%s%-*s%s%s%s%s\n", c ? C_DIM : "", LABEL_WIDTH,
		        i ? "" : nsources > 1 ? "Sources:" : "Source:",
		        c ? C_RESET : "", c ? C_SOURCE : "", sources[i], c ? C_RESET : "");
	}
}

static void text_end(out_ctx *o, long hits) {}

const out_format out_text = { "text", text_begin, text_hit, text_record, text_end, 1 };
