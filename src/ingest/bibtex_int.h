/*
 * bibtex_int.h: the inside of the BibTeX reader (bibtex.c), shared by its
 * files and by nothing else: the reader's state, its bounded buffer, its
 * character classes, and one section per file saying what that file
 * exports.  The reader's steps:
 *
 *   bibtex.c         finding and collecting one whole entry, and the reader
 *   bibtex_parse.c   parsing an entry: key, fields, values, @string macros
 *   bibtex_record.c  from the raw field values to the record
 *   bibtex_names.c   BibTeX author names, as "Last Initials"
 */
#ifndef LDX_BIBTEX_INT_H
#define LDX_BIBTEX_INT_H

#include <stddef.h>
#include <string.h>

#include "litdex.h"
#include "record.h"
#include "ingest/input.h"

#define ENTRY_MAX (4 * 1024 * 1024)           /* raw bytes of one entry */
#define VALUE_MAX ENTRY_MAX                    /* one value after macros */
#define MACRO_MAX 4096                         /* @string definitions */
#define MACRO_TABLE (2 * MACRO_MAX)            /* hash slots, a power of two */
#define MACRO_BYTES_MAX (16 * 1024 * 1024)     /* and their total text */
#define NAME_MAX_LEN 64                        /* entry types, field names */
#define KEY_SHOWN 60                           /* key bytes quoted in messages */

/* ---- Bounded growable buffer (bibtex.c) ---------------------------------- */

typedef struct sbuf {
	char *p;            /* NUL-terminated once anything was added */
	size_t n, cap;
	int oom;            /* allocation failed */
	int full;           /* something was cut at max */
} sbuf;

void bib_sb_reset(sbuf *b);
/* Appends s[0..n) without NUL bytes, keeping at most max bytes. */
void bib_sb_add(sbuf *b, const char *s, size_t n, size_t max);
void bib_sb_free(sbuf *b);

/* ---- The reader's state ------------------------------------------------- */

/* Fields the record uses: each field name maps to one slot. */
enum slot {
	S_TITLE, S_BOOKTITLE, S_ABSTRACT, S_AUTHOR, S_KEYWORDS, S_JOURNAL,
	S_JOURNALTITLE, S_FJOURNAL, S_ABBREV, S_YEAR, S_DATE, S_DOI, S_PMID,
	S_PMCID, S_EPRINT, S_EPRINTTYPE, S_LANGUAGE, S_MESH, S_NOTE, S_URL,
	NSLOTS
};

typedef struct macro {
	char *name;         /* lowercase */
	char *value;        /* raw LaTeX */
} macro;

typedef struct bib_state {
	ldx_input *in;            /* borrowed */
	const char *line;         /* current line, valid until the next getline */
	size_t len, pos;          /* its length and the scan position */
	long lineno;
	int have_line;            /* line holds unread bytes from pos */
	int resync;               /* skip lines until one starts an entry */
	int done;
	sbuf ent;                 /* the raw entry being read */
	long ent_line;
	sbuf val;                 /* one value, macros expanded */
	macro *macros;
	size_t nmacros, macro_bytes;
	unsigned short *macro_index; /* MACRO_TABLE slots: macro number + 1, or 0 */
	char *slot[NSLOTS];       /* raw values of the fields the record uses */
} bib_state;

/* ---- Characters ---------------------------------------------------------- */

static inline int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Characters of field names and macro names, as BibTeX defines them. */
static inline int is_ident(char c)
{
	return c != '\0' && !is_space(c) && !strchr("\"#%'(),={}@", c);
}

static inline int eq_nocase(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n && b[i]; i++)
		if (lower(a[i]) != lower(b[i]))
			return 0;
	return i == n && b[i] == '\0';
}

/* ---- Interface to code in bibtex.c ------------------------------------------ */

/* "@article{smith2001" for messages: the head and a bit of the key. */
void bib_entry_label(const bib_state *st, char *out, size_t size);

/* ---- Interface to code in bibtex_parse.c ------------------------------------ */

/*
 * Parses st->ent.  *got is 1 when rec holds a record; 0 for @comment,
 * @preamble, @string and entries with nothing worth keeping.
 */
ldx_status bib_parse_entry(bib_state *st, ldx_record *rec, int *got, ldx_error *err);
/* Frees the raw field values of the last entry. */
void bib_clear_slots(bib_state *st);

/* ---- Interface to code in bibtex_record.c ----------------------------------- */

/* Fills rec from the raw field values in st->slot; LDX_OK or LDX_ERR_NOMEM. */
ldx_status bib_fill_record(bib_state *st, ldx_record *rec);
/* rec holds nothing worth returning. */
int bib_record_is_empty(const ldx_record *rec);

/* ---- Interface to code in bibtex_names.c ------------------------------------ */

/* Splits an author field at the word "and" (any case) at brace depth 0
 * and pushes each name as "Last Initials"; *rc is sticky. */
void bib_push_authors(ldx_strlist *authors, const char *raw, ldx_status *rc);

#endif
