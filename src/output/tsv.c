/*
 * tsv.c: tab-separated results, one line per hit, with a header line of
 * column names (unless --no-header).  The columns are --fields, by default
 * rank score key pmid doi year journal title (documented in the README;
 * scripts cut by position).  Field text has no tabs or newlines: any that
 * slipped through become spaces, and highlight markers are dropped.
 */
#include "output.h"

static void tsv_begin(out_ctx *o)
{
	if (o->header)
		out_delimited_row(o, NULL, '\t', "\n", out_plain);
}

static void tsv_hit(out_ctx *o, const ldx_hit *h)
{
	o->n++;
	out_delimited_row(o, h, '\t', "\n", out_plain);
}

static void tsv_end(out_ctx *o, long hits) {}

const out_format out_tsv = { "tsv", tsv_begin, tsv_hit, NULL, tsv_end, 0 };
