/*
 * ids.c: one identifier per line (PMID, else DOI, else the litdex key),
 * for pipes.
 */
#include "output.h"

static void ids_begin(out_ctx *o) {}

static void ids_hit(out_ctx *o, const ldx_hit *h)
{
	o->n++;
	out_marked(o->f, out_hit_id(h), "", "");
	fputc('\n', o->f);
}

static void ids_end(out_ctx *o, long hits) {}

const out_format out_ids = { "ids", ids_begin, ids_hit, NULL, ids_end, 0 };
