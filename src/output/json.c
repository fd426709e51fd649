/*
 * json.c: the hits as one JSON array of jsonl's objects (see jsonl.c),
 * one object per line so that it stays readable and diffable.  Zero hits
 * is "[]": the output is valid JSON whatever matched.
 */
#include "output.h"

static void json_begin(out_ctx *o)
{
	fputc('[', o->f);
}

static void json_next(out_ctx *o)
{
	fputs(o->n++ ? ",\n" : "\n", o->f);
}

static void json_hit(out_ctx *o, const ldx_hit *h)
{
	json_next(o);
	out_json_object(o->f, h, 0, NULL, 0);
}

static void json_record(out_ctx *o, const ldx_hit *h, const char *const *sources,
                        size_t nsources)
{
	json_next(o);
	out_json_object(o->f, h, 1, sources, nsources);
}

static void json_end(out_ctx *o, long hits)
{
	fputs(o->n ? "\n]\n" : "]\n", o->f);
}

const out_format out_json = { "json", json_begin, json_hit, json_record, json_end, 1 };
