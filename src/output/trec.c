/*
 * trec.c: a TREC run file, as trec_eval reads it: one line per hit,
 * "qid Q0 docid rank score litdex", separated by single spaces.  docid is
 * the PMID, else the litdex key.  The qid comes from out_ctx ("1" by
 * default).  Scores get six decimals, since trec_eval orders by score and
 * four could tie hits that litdex ranked apart.  White space inside the
 * qid or docid (never expected) becomes '_' so the columns hold.
 */
#include "output.h"

static void trec_word(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ? '_' : *s, f);
}

static void trec_begin(out_ctx *o) {}

static void trec_hit(out_ctx *o, const ldx_hit *h)
{
	o->n++;
	trec_word(o->f, o->qid && *o->qid ? o->qid : "1");
	fputs(" Q0 ", o->f);
	trec_word(o->f, *h->pmid ? h->pmid : h->key);
	fprintf(o->f, " %d %.6f litdex\n", h->rank, h->score);
}

static void trec_end(out_ctx *o, long hits) {}

const out_format out_trec = { "trec", trec_begin, trec_hit, NULL, trec_end, 0 };
