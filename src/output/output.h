/*
 * output.h: result formats of the command line.  Each format is a table
 * of callbacks in its own file (text.c, tsv.c, csv.c, jsonl.c, json.c,
 * bibtex.c, ris.c, trec.c, ids.c); output.c holds the table of formats,
 * the column list of tsv and csv, and the helpers the formats share.
 *
 * Calling a format, for `litdex search` (many hits) and `litdex show`
 * (whole records):
 *
 *     out_ctx o = { .f = stdout, .header = 1 };     (zero the rest)
 *     fmt->begin(&o);
 *     for each hit:    fmt->hit(&o, hit);
 *     for each paper:  out_record(fmt, &o, &p->hit, p->sources, p->nsources);
 *     fmt->end(&o, count);
 *
 * begin and end must both be called, once each: some formats write a
 * frame (json's brackets) or hold state (bibtex's citation keys) between
 * them.  The formats print only to o->f and never fail: write errors
 * show up in ferror(o->f) / fflush(), which the caller checks.
 *
 * Strings in an ldx_hit are normalised by the indexer (no tabs or
 * newlines); the formats still replace any they meet, so that a line of
 * tsv, csv, ris or trec can never be split by a field.
 */
#ifndef LDX_OUTPUT_H
#define LDX_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "litdex.h"

/* Columns of tsv and csv (--fields).  Names are in out_field_name(). */
typedef enum out_field {
	OUT_F_RANK,
	OUT_F_SCORE,
	OUT_F_KEY,
	OUT_F_PMID,
	OUT_F_DOI,
	OUT_F_PMCID,
	OUT_F_YEAR,
	OUT_F_JOURNAL,         /* ISO abbreviation if there is one, else full title */
	OUT_F_JOURNAL_FULL,
	OUT_F_JOURNAL_ABBREV,
	OUT_F_TITLE,
	OUT_F_AUTHORS,         /* "Last AB; Other CD" */
	OUT_F_FIRST_AUTHOR,
	OUT_F_ABSTRACT,
	OUT_F_KEYWORDS,        /* lists are joined with "; " */
	OUT_F_MESH,
	OUT_F_PUB_TYPES,
	OUT_F_LANGUAGE,
	OUT_F_SNIPPET,         /* plain: the highlight markers are dropped */
	OUT_F_COUNT
} out_field;

#define OUT_MAX_FIELDS 64

typedef struct out_ctx {
	/* Set by the caller. */
	FILE *f;
	int color;        /* text: ANSI colour and highlight on */
	int header;       /* tsv, csv: print the header line */
	const char *qid;  /* trec: the query id; NULL means "1" */
	/* tsv, csv: the columns, in order; nfields 0 means the default
	 * columns rank score key pmid doi year journal title.  Set them with
	 * out_parse_fields(). */
	out_field fields[OUT_MAX_FIELDS];
	int nfields;

	/* Kept by the formats; zero before begin. */
	long n;           /* hits and records written so far (every format counts) */
	void *priv;       /* a format's state from begin to end (bibtex keys) */
} out_ctx;

typedef struct out_format {
	const char *name;
	void (*begin)(out_ctx *o);
	/* One search hit. */
	void (*hit)(out_ctx *o, const ldx_hit *h);
	/*
	 * One whole paper, for `litdex show`: h holds every field (title_hl
	 * and snippet plain), sources the paths of the files it came from.
	 * NULL when the format prints a paper as it prints a hit; call it
	 * through out_record(), which falls back to hit.  text prints the
	 * whole record (abstract, keywords, MeSH, types, identifiers,
	 * sources); jsonl and json add a "sources" array.
	 */
	void (*record)(out_ctx *o, const ldx_hit *h, const char *const *sources,
	               size_t nsources);
	/* hits is the number of hits or records given. */
	void (*end)(out_ctx *o, long hits);
	/* 1: prints highlights or snippets (tsv and csv do when a column
	 * asks, out_shows_marks); 0: a search can leave them out */
	int marks;
} out_format;

struct cli_globals;
/*
 * Handles opt when it is one of CLI_OUTPUT_OPTIONS (cli.h), setting *fmt,
 * out or g: 1 when it was, 0 when it is another command's option, -1
 * after printing an error ("CMD: unknown format 'x' (use ...)").
 * In cli_output.c.
 */
int cli_output_option(const char *cmd, int opt, const char *arg, const out_format **fmt,
                      out_ctx *out, struct cli_globals *g);

/*
 * Writes first (when not NULL; else the next hit of s) and every further
 * hit of s through fmt (cli_output.c), without begin and end; returns the
 * number written and leaves in *rc the status that ended it (LDX_DONE at
 * the end).
 */
long cli_output_hits(const out_format *fmt, out_ctx *out, ldx_search *s, const ldx_hit *first,
                     ldx_status *rc, ldx_error *err);

extern const out_format out_text, out_tsv, out_csv, out_jsonl, out_json, out_bibtex,
	out_ris, out_trec, out_ids;

/* ---- Interface to code in output.c ------------------------------------ */

/* The format called name, or NULL. */
const out_format *out_find(const char *name);
/* "text, tsv, csv, jsonl, json, bibtex, ris, trec, ids" for messages. */
const char *out_names(void);

/* Whether fmt, with o's columns, prints highlights or snippets: else a
 * search can leave them out (ldx_search_opts.no_marks). */
int out_shows_marks(const out_format *fmt, const out_ctx *o);

/* Prints one paper with fmt: its record callback, else its hit callback. */
void out_record(const out_format *fmt, out_ctx *o, const ldx_hit *h,
                const char *const *sources, size_t nsources);

/*
 * Parses a --fields list ("pmid,year,title"; spaces around names are
 * allowed) into o->fields and o->nfields.  Returns 0, or -1 with a
 * one-line message in msg naming the bad field and listing the valid
 * ones; o is then unchanged.
 */
int out_parse_fields(const char *spec, out_ctx *o, char *msg, size_t msgsz);
/* The --fields name of a column ("journal_abbrev"); static storage. */
const char *out_field_name(out_field fld);
/* The columns to print: o->fields, or the default ones.  Sets *n. */
const out_field *out_columns(const out_ctx *o, int *n);
/*
 * The text of column fld for h: *s points into h, or into num for the
 * numbers (rank, score with 4 decimals, year), and the length is
 * returned (first_author is a prefix of authors, not NUL-terminated).
 * Unknown values are "".  Text may hold LDX_MARK_* (snippet): writers
 * drop them.
 */
size_t out_field_text(const ldx_hit *h, out_field fld, char num[32], const char **s);

/* Writes s with LDX_MARK_BEGIN/END replaced by on/off (which may be ""),
 * and tabs and newlines (none are expected) replaced by spaces. */
void out_marked(FILE *f, const char *s, const char *on, const char *off);
/* Like out_marked(f, s, "", "") for s[0..n). */
void out_plain(FILE *f, const char *s, size_t n);

/*
 * One line of a delimited format (tsv, csv): the column names when h is
 * NULL, else h's columns; each value written by field, sep between them,
 * eol at the end.
 */
void out_delimited_row(out_ctx *o, const ldx_hit *h, char sep, const char *eol,
                       void (*field)(FILE *f, const char *s, size_t n));

/* The identifier to show for a hit: PMID, else DOI, else key. */
const char *out_hit_id(const ldx_hit *h);

/*
 * Calls fn for each item of a "; "-joined list (authors, keywords, mesh,
 * pub_types), with the item's index; empty items are skipped.
 */
void out_each_item(const char *list, void (*fn)(const char *s, size_t n, size_t i, void *ctx),
                   void *ctx);

/*
 * Splits an author item into a person's last name and initials: "Okafor
 * DA" is last "Okafor", initials "DA"; "van der Berg J" is last "van der
 * Berg"; "Ødegård Å" works too.  Returns 0 for a collective name
 * ("Depression Trials Consortium", or a single word), which the caller
 * prints whole.  The indexer stores persons as "Last Initials", so the
 * test is: a last word of 1 to OUT_INITIALS_MAX capital letters (A-Z,
 * Latin-1 and Latin Extended-A capitals).  ini_len is in bytes.
 */
#define OUT_INITIALS_MAX 4
int out_author_split(const char *s, size_t n, size_t *last_len, const char **ini,
                     size_t *ini_len);
/* Writes initials "DA" as "D.A." with sep between them ("D. A." for " "). */
void out_initials(FILE *f, const char *ini, size_t n, const char *sep);

/* ---- Interface to code in jsonl.c ------------------------------------- */

/*
 * Writes one hit as a JSON object, without a newline: the object of the
 * jsonl and json formats.  With with_sources a "sources" array of
 * sources[0..nsources) is added (show).  Highlight markers are dropped;
 * "matches" lists the words they marked.
 */
void out_json_object(FILE *f, const ldx_hit *h, int with_sources, const char *const *sources,
                     size_t nsources);

#endif
