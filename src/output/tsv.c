/*
 * tsv.c: tab-separated results.  The columns are fixed and documented in
 * the README: rank score key pmid doi year journal title.  Field text has
 * no tabs or newlines (the indexer normalises whitespace).
 */
#include "output.h"

static void tsv_begin(out_ctx *o)
{
	if (o->header)
		fputs("rank\tscore\tkey\tpmid\tdoi\tyear\tjournal\ttitle\n", o->f);
}

static void tsv_hit(out_ctx *o, const ldx_hit *h)
{
	const char *journal = *h->journal_abbrev ? h->journal_abbrev : h->journal;
	fprintf(o->f, "%d\t%.4f\t", h->rank, h->score);
	out_marked(o->f, h->key, "", "");
	fputc('\t', o->f);
	out_marked(o->f, h->pmid, "", "");
	fputc('\t', o->f);
	out_marked(o->f, h->doi, "", "");
	fputc('\t', o->f);
	if (h->year)
		fprintf(o->f, "%d", h->year);
	fputc('\t', o->f);
	out_marked(o->f, journal, "", "");
	fputc('\t', o->f);
	out_marked(o->f, h->title, "", "");
	fputc('\n', o->f);
}

static void tsv_end(out_ctx *o, long hits) {}

const out_format out_tsv = { "tsv", tsv_begin, tsv_hit, tsv_end };
