/*
 * output.h: search result formats of the command line (text, tsv, jsonl,
 * ids).  Each format is a table of callbacks in its own file; this header
 * also declares the helpers they share (output.c).
 */
#ifndef LDX_OUTPUT_H
#define LDX_OUTPUT_H

#include <stdio.h>

#include "litdex.h"

typedef struct out_ctx {
	FILE *f;
	int color;        /* ANSI colour and highlight on */
	int header;       /* tsv: print the header line */
} out_ctx;

typedef struct out_format {
	const char *name;
	void (*begin)(out_ctx *o);
	void (*hit)(out_ctx *o, const ldx_hit *h);
	void (*end)(out_ctx *o, long hits);
} out_format;

extern const out_format out_text, out_tsv, out_jsonl, out_ids;

/* The format called name, or NULL. */
const out_format *out_find(const char *name);
/* "text, tsv, jsonl, ids" for messages. */
const char *out_names(void);

/* Writes s with LDX_MARK_BEGIN/END replaced by on/off (which may be ""),
 * and tabs and newlines (none are expected) replaced by spaces. */
void out_marked(FILE *f, const char *s, const char *on, const char *off);

/* The identifier to show for a hit: PMID, else DOI, else key. */
const char *out_hit_id(const ldx_hit *h);

#endif
