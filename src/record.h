/*
 * record.h: the one record every reader produces and the index writer
 * consumes.  Readers never see the database; the writer never sees a format.
 *
 * Ownership: every char * field and list item is malloc'ed and owned by the
 * record.  ldx_record_clear() frees them all and leaves an empty record, so
 * one ldx_record can be reused for a whole file.
 *
 * All text stored through ldx_record_set()/ldx_strlist_push() is
 * normalised: valid UTF-8 (bad bytes become U+FFFD), no control
 * characters, whitespace runs collapsed to one space, trimmed, and cut
 * at a hard maximum length (at a character boundary).
 */
#ifndef LDX_RECORD_H
#define LDX_RECORD_H

#include <stddef.h>

#include "litdex.h"

#define LDX_TITLE_MAX    (64 * 1024)
#define LDX_FIELD_MAX    (1024 * 1024)       /* abstract and other text fields */
#define LDX_BODY_MAX     (8 * 1024 * 1024)   /* full text */
#define LDX_LIST_MAX     10000               /* items in one list */

typedef struct ldx_strlist {
	char **v;
	size_t n, cap;
} ldx_strlist;

typedef struct ldx_record {
	char *pmid;            /* digits only */
	char *doi;             /* normalised: lowercase, no resolver prefix */
	char *pmcid;           /* "PMC1234567" */
	char *title;
	char *abstract;        /* structured sections keep labels: "METHODS: ..." */
	char *body;            /* full text (JATS), low weight */
	ldx_strlist keywords;  /* author keywords */
	ldx_strlist mesh;      /* MeSH descriptor names */
	ldx_strlist authors;   /* "Last Initials", or a collective name whole */
	ldx_strlist pub_types;
	char *journal;         /* full title */
	char *journal_abbrev;  /* ISO abbreviation */
	char *language;        /* as given: "eng" */
	int year;              /* 0 when unknown */
	long line;             /* line in the source file where the record starts */
	int is_delete;         /* a DeleteCitation entry: only pmid is set */
} ldx_record;

void ldx_record_init(ldx_record *rec);
void ldx_record_clear(ldx_record *rec);

/*
 * Replaces *field with a normalised copy of s[0..n) (n may be (size_t)-1
 * for a NUL-terminated s).  An s that normalises to "" sets *field to NULL.
 * max is the length limit in bytes (LDX_TITLE_MAX, ...).
 * Returns LDX_OK or LDX_ERR_NOMEM.
 */
ldx_status ldx_record_set(char **field, const char *s, size_t n, size_t max);

/* Like ldx_record_set but appends to *field, with sep between the old and
 * new text when both are non-empty ("BACKGROUND: ..." sections, say). */
ldx_status ldx_record_append(char **field, const char *sep, const char *s, size_t n,
                             size_t max);

/* Appends a normalised copy; empty items and items past LDX_LIST_MAX are
 * silently dropped.  Returns LDX_OK or LDX_ERR_NOMEM. */
ldx_status ldx_strlist_push(ldx_strlist *l, const char *s, size_t n);
void ldx_strlist_clear(ldx_strlist *l);
/* Malloc'ed "a; b; c", or NULL for an empty list. */
char *ldx_strlist_join(const ldx_strlist *l, const char *sep);

/*
 * Normalises a DOI into a malloc'ed string: trims, strips "doi:",
 * "https://doi.org/", "http://dx.doi.org/" and similar prefixes, and
 * lowercases ASCII.  Returns NULL if what is left does not start with "10.".
 */
char *ldx_doi_normalize(const char *s);

/*
 * The record's identity: "PMID" digits, else the normalised DOI, else
 * "t:" and 16 hex digits of a hash of the normalised title and the year.
 * Malloc'ed; NULL when the record has none of these (no title either).
 */
char *ldx_record_key(const ldx_record *rec);

#endif
