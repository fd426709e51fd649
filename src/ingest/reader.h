/*
 * reader.h: the pull interface every input-format reader implements, and
 * format detection.
 *
 *     ldx_reader_open(in, format-or-NULL, &r, &err)
 *     while ((rc = ldx_reader_next(r, &rec, &err)) != LDX_DONE) {
 *             if (rc == LDX_OK) use(&rec); else report(&err);
 *     }
 *     ldx_reader_close(r);
 *
 * next() fills rec (cleared first) and returns LDX_OK, LDX_DONE at the end,
 * or an error with err->file and err->line set.  After an error the caller
 * may call next() again: a reader that can resynchronise (at the next
 * record) does so, and one that cannot returns LDX_DONE.  Records returned
 * before an error are good.
 *
 * The reader borrows the ldx_input; the caller closes it after the reader.
 */
#ifndef LDX_READER_H
#define LDX_READER_H

#include "litdex.h"
#include "record.h"
#include "input.h"

typedef struct ldx_reader_ops {
	const char *name;                      /* "pubmed", "medline", ... */
	/* Confidence 0-100 that the peeked bytes are this format; ext is the
	 * file's lowercase extension without ".gz" ("xml", "nbib"), or "". */
	int (*sniff)(const char *data, size_t len, const char *ext);
	ldx_status (*open)(ldx_input *in, void **state, ldx_error *err);
	ldx_status (*next)(void *state, ldx_record *rec, ldx_error *err);
	void (*close)(void *state);
} ldx_reader_ops;

/* One ops table per reader, defined in src/ingest/<format>.c.
 * sniff scores: 90 for an unmistakable signature (a PubMed or JATS root
 * element, "PMID- ", "TY  - "), 80 for a likely one (@article{, <html),
 * 10 for the plain-text fallback on .txt files; 0 means "not mine". */
extern const ldx_reader_ops ldx_reader_pubmed;   /* PubMed / MEDLINE XML */
extern const ldx_reader_ops ldx_reader_medline;  /* MEDLINE tagged text, .nbib */
extern const ldx_reader_ops ldx_reader_ris;      /* RIS and Web of Science tagged */
extern const ldx_reader_ops ldx_reader_bibtex;   /* BibTeX */
extern const ldx_reader_ops ldx_reader_html;     /* saved web pages */
extern const ldx_reader_ops ldx_reader_jats;     /* PMC / JATS XML */
extern const ldx_reader_ops ldx_reader_text;     /* plain text, saved PubMed page text */

typedef struct ldx_reader ldx_reader;

/* format NULL detects from content (extension as a hint); otherwise the
 * named reader is used.  Unknown content is LDX_ERR_FORMAT, an unknown
 * format name LDX_ERR_USAGE. */
ldx_status ldx_reader_open(ldx_input *in, const char *format, ldx_reader **out,
                           ldx_error *err);
ldx_status ldx_reader_next(ldx_reader *r, ldx_record *rec, ldx_error *err);
const char *ldx_reader_format(const ldx_reader *r);
void ldx_reader_close(ldx_reader *r);

/* LDX_OK when name is a reader's name, else LDX_ERR_USAGE naming them all. */
ldx_status ldx_reader_check_format(const char *name, ldx_error *err);

/* The ops of a format by name, or NULL. */
const ldx_reader_ops *ldx_reader_find(const char *name);

#endif
