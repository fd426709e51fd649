/*
 * output.c: the table of result formats and the helpers they share.
 */
#include <string.h>

#include "output.h"

static const out_format *const formats[] = { &out_text, &out_tsv, &out_jsonl, &out_ids };

const out_format *out_find(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

const char *out_names(void)
{
	return "text, tsv, jsonl, ids";
}

void out_marked(FILE *f, const char *s, const char *on, const char *off)
{
	for (; *s; s++) {
		if (*s == LDX_MARK_BEGIN[0])
			fputs(on, f);
		else if (*s == LDX_MARK_END[0])
			fputs(off, f);
		else if (*s == '\t' || *s == '\n' || *s == '\r')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

const char *out_hit_id(const ldx_hit *h)
{
	if (*h->pmid)
		return h->pmid;
	if (*h->doi)
		return h->doi;
	return h->key;
}
