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
	int n;
	const out_field *cols = out_columns(o, &n);

	if (!o->header)
		return;
	for (int i = 0; i < n; i++)
		fprintf(o->f, "%s%s", i ? "\t" : "", out_field_name(cols[i]));
	fputc('\n', o->f);
}

static void tsv_hit(out_ctx *o, const ldx_hit *h)
{
	int n;
	const out_field *cols = out_columns(o, &n);

	o->n++;
	for (int i = 0; i < n; i++) {
		char num[32];
		const char *s;
		size_t len = out_field_text(h, cols[i], num, &s);

		if (i)
			fputc('\t', o->f);
		out_plain(o->f, s, len);
	}
	fputc('\n', o->f);
}

static void tsv_end(out_ctx *o, long hits) {}

const out_format out_tsv = { "tsv", tsv_begin, tsv_hit, NULL, tsv_end };
