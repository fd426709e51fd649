/*
 * tagged.h: what the two tagged-line readers (medline.c for MEDLINE /
 * .nbib, ris.c for RIS and Web of Science) share, and nothing else:
 *
 *  - a line source with one line of push-back (a record that lacks its
 *    end marker ends when the next one starts, and that line is read again);
 *  - splitting "TAG  - value" lines;
 *  - a bounded text buffer for the value of one field, continuation lines
 *    included;
 *  - the few field conversions both formats need: "Last, First M." names
 *    (through names.c), DOIs and PMIDs.
 *
 * Record-level logic (which tags mean what, record boundaries, errors)
 * stays in each reader.
 */
#ifndef LDX_TAGGED_H
#define LDX_TAGGED_H

#include <stddef.h>

#include "litdex.h"
#include "record.h"
#include "ingest/input.h"

/* One field's text never needs more than this: every field limit is at
 * most LDX_FIELD_MAX, and normalising only shortens text. */
#define LDX_TAGBUF_MAX (2 * (size_t)LDX_FIELD_MAX)

/* A growable NUL-terminated buffer; text past LDX_TAGBUF_MAX is dropped. */
typedef struct ldx_tagbuf {
	char *p;
	size_t n, cap;
} ldx_tagbuf;

void ldx_tagbuf_reset(ldx_tagbuf *b);
/* Returns LDX_OK (also when the text was cut at the limit) or LDX_ERR_NOMEM. */
ldx_status ldx_tagbuf_add(ldx_tagbuf *b, const char *s, size_t n);
void ldx_tagbuf_free(ldx_tagbuf *b);

/* Lines of an ldx_input (borrowed), with one line of push-back. */
typedef struct ldx_taglines {
	ldx_input *in;
	const char *line;   /* the last line returned, valid until the next get */
	size_t len;
	long lineno;
	int held;           /* ldx_taglines_unget() was called */
} ldx_taglines;

/* The next line, or the one given back.  LDX_OK, LDX_DONE, or the
 * input's error (err set; the input goes on after it). */
ldx_status ldx_taglines_get(ldx_taglines *t, const char **line, size_t *len,
                            long *lineno, ldx_error *err);
/* Gives the last line back: the next get returns it again. */
void ldx_taglines_unget(ldx_taglines *t);

/* True for a line of only white space (a stray UTF-8 BOM counts too). */
int ldx_tagged_blank(const char *line, size_t len);

/*
 * Splits "TAG<spaces>-<space>value".  The tag is 2 to max_tag capital
 * letters or digits, the first a letter; the '-' must stand within the
 * first dash_col + 1 columns; with space_after, the '-' must be followed
 * by a space or the end of the line.  On a match copies the tag into
 * tag[] (NUL-terminated), points *value at the rest (leading spaces
 * skipped) and returns 1; otherwise returns 0.
 */
int ldx_tagged_split(const char *line, size_t len, size_t max_tag, size_t dash_col,
                     int space_after, char tag[8], const char **value, size_t *vlen);

/* The trimmed s[0..n) equals word, ignoring ASCII case. */
int ldx_tagged_is(const char *s, size_t n, const char *word);

/*
 * Pushes a personal name as "Last Initials": "Harrison, Warren" ->
 * "Harrison W", "Valle-Delgado,J. J." -> "Valle-Delgado JJ", "de Hoon,
 * M J L" -> "de Hoon MJL", and given names already written as initials
 * ("Cao, WX") stay as they are.  A name without a comma is pushed as
 * written, since its order is unknown.  This is ldx_name_push_inverted
 * (names.h), under the name MEDLINE and RIS call it by.
 */
ldx_status ldx_tagged_push_name(ldx_strlist *l, const char *s, size_t n);

/* Sets rec->doi from s[0..n) if it has none yet and s holds a DOI
 * (bare, "doi:" or a doi.org URL).  Returns LDX_OK or LDX_ERR_NOMEM. */
ldx_status ldx_tagged_set_doi(ldx_record *rec, const char *s, size_t n);

/* Sets rec->pmid from s[0..n) if it has none yet and s, trimmed, is
 * only digits (at most 20). */
ldx_status ldx_tagged_set_pmid(ldx_record *rec, const char *s, size_t n);

/* Sets rec->pmcid to "PMC<digits>" from "PMC123" or "123", if it has none. */
ldx_status ldx_tagged_set_pmcid(ldx_record *rec, const char *s, size_t n);

/* True when the record holds nothing worth returning. */
int ldx_tagged_record_empty(const ldx_record *rec);

#endif
