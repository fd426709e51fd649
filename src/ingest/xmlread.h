/*
 * xmlread.h: what the XML readers (PubMed, JATS) share, in seven parts:
 *
 *  - ldx_textbuf: a growable scratch buffer with a hard maximum;
 *  - tree helpers over an expanded libxml2 subtree (child by name,
 *    attributes, the line of a record element);
 *  - flattening mixed content ("Ca<sup>2+</sup> <mml:mi>x</mml:mi>") into
 *    plain text, where the reader says which elements are inline, which are
 *    boundaries and which are skipped;
 *  - ldx_xml_fill: filling record fields from elements with a sticky status
 *    (text, lists, digit ids, DOIs, author initials);
 *  - ldx_xmlread: a libxml2 xmlTextReader streaming from an ldx_input with
 *    the safe options, handing out one expanded record element at a time;
 *    its first fatal error becomes LDX_ERR_PARSE with the file and line,
 *    reported after every record that was complete before it;
 *  - ldx_xml_reader: the start of every XML reader's state (the stream and
 *    the fill), opened and freed in one call each;
 *  - ldx_xml_head: the DOCTYPE and root start tag of a peeked document, for
 *    sniffing.
 *
 * Safety: only XML_PARSE_NONET (plus tree options that change nothing of
 * meaning).  Never NOENT, DTDLOAD, DTDATTR, DTDVALID or HUGE: no DTD or
 * external entity is fetched, entity references stay unexpanded in the
 * tree (flattening reads only short plain internal ones, one level deep),
 * and libxml2's default limits refuse entity-expansion bombs.
 *
 * Nothing here prints: while ldx_xmlread calls into libxml2, its messages
 * (per-thread ones included) go to the ldx_xmlread, never to stderr.
 */
#ifndef LDX_XMLREAD_H
#define LDX_XMLREAD_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "litdex.h"
#include "record.h"
#include "ingest/input.h"

/* ---- Scratch text --------------------------------------------------------- */

typedef struct ldx_textbuf {
	char *p;         /* NUL-terminated once anything was added; may be NULL */
	size_t n, cap;
	size_t max;      /* appends past this many bytes are dropped silently */
	int oom;         /* an allocation failed; later appends do nothing */
} ldx_textbuf;

/* An empty buffer that holds at most max bytes (no allocation yet). */
void ldx_textbuf_init(ldx_textbuf *b, size_t max);
/* Empties the buffer, keeping its memory, and forgets an earlier failed
 * allocation: check oom once a piece of text is built, before the next reset. */
void ldx_textbuf_reset(ldx_textbuf *b);
void ldx_textbuf_add(ldx_textbuf *b, const char *s, size_t n);
void ldx_textbuf_str(ldx_textbuf *b, const char *s);
/* The text, "" when nothing was added. */
const char *ldx_textbuf_text(const ldx_textbuf *b);
void ldx_textbuf_free(ldx_textbuf *b);

/* ---- Tree helpers --------------------------------------------------------- */

/* n is an element whose local name is name. */
int ldx_xml_is(xmlNodePtr n, const char *name);
/* The first child element of n named name, or NULL (n may be NULL). */
xmlNodePtr ldx_xml_child(xmlNodePtr n, const char *name);
/* The next sibling element after n named name, or NULL. */
xmlNodePtr ldx_xml_next(xmlNodePtr n, const char *name);
/* An attribute's value as written (by local name, so "lang" finds
 * xml:lang), "" when empty, NULL when absent; borrowed from the tree. */
const char *ldx_xml_attr(xmlNodePtr n, const char *name);
int ldx_xml_attr_is(xmlNodePtr n, const char *name, const char *value);

/*
 * The line where element n starts.  libxml2 keeps element lines in 16 bits;
 * past 65534 the text nodes (XML_PARSE_BIG_LINES) still know theirs, so
 * the first text less the newlines it holds gives the line.  fallback (the
 * parser's position when n was reached) is used when that fails, and max
 * bounds what is believed.
 */
long ldx_xml_node_line(xmlNodePtr n, long fallback, long max);

/* ---- Flattening ------------------------------------------------------------ */

typedef enum ldx_xml_flow {
	LDX_XML_BLOCK,    /* a word boundary: a space on each side */
	LDX_XML_INLINE,   /* sits inside words (<sup>, <italic>): no space */
	LDX_XML_SKIP      /* not text (a reference list, a graphic) */
} ldx_xml_flow;

typedef ldx_xml_flow (*ldx_xml_classify)(xmlNodePtr element);

/*
 * Appends the text under n (not n's own boundary) to b.  Elements are
 * classified by classify; comments and processing instructions are not
 * text; entity references add their text only when they are short plain
 * internal entities (<!ENTITY eacute "&#233;">).  Runs of spaces are left
 * for ldx_record_set to collapse.  Depth is bounded by libxml2's nesting
 * limit.
 */
void ldx_xml_flatten(ldx_textbuf *b, xmlNodePtr n, ldx_xml_classify classify);

/* ---- Filling record fields ------------------------------------------------------ */

/*
 * The state of filling one record.  rc is sticky: once an allocation has
 * failed, every setter does nothing, so a reader fills all its fields in a
 * row and looks at rc once at the end.  Setters take a NULL element as "not
 * there" and leave a field that is already set alone, so the first source
 * of a value wins and fallbacks are just later calls.
 */
typedef struct ldx_xml_fill {
	ldx_status rc;
	ldx_xml_classify classify;  /* how this format's text flattens */
	ldx_textbuf tb;             /* the text of one element (ldx_xml_text) */
	ldx_textbuf tb2;            /* a value built from several (a name) */
} ldx_xml_fill;

/* Flattened element text is cut at text_max bytes: every field is cut
 * again at its own limit when stored, and storing only shortens text. */
void ldx_xml_fill_init(ldx_xml_fill *f, ldx_xml_classify classify, size_t text_max);
void ldx_xml_fill_free(ldx_xml_fill *f);

/* Keeps rc unless an earlier failure is kept already. */
void ldx_xml_keep(ldx_xml_fill *f, ldx_status rc);
/* A failed allocation in b becomes LDX_ERR_NOMEM. */
void ldx_xml_check(ldx_xml_fill *f, const ldx_textbuf *b);

/* The flattened text of n, in f->tb ("" for NULL n); valid until the next
 * call that flattens into f->tb. */
const char *ldx_xml_text(ldx_xml_fill *f, xmlNodePtr n);
/* s without leading and trailing white space, as [*start, *start + len). */
size_t ldx_xml_trim(const char *s, const char **start);

/* *field = n's text, when *field is unset. */
void ldx_xml_set(ldx_xml_fill *f, char **field, xmlNodePtr n, size_t max);
/* Appends n's text to l (an empty text is dropped). */
void ldx_xml_push(ldx_xml_fill *f, ldx_strlist *l, xmlNodePtr n);
/* Appends b's text to l, or notes that building b ran out of memory. */
void ldx_xml_push_buf(ldx_xml_fill *f, ldx_strlist *l, const ldx_textbuf *b);
/* *field = n's text when, trimmed, it is 1 to max digits (a PMID). */
void ldx_xml_set_digits(ldx_xml_fill *f, char **field, xmlNodePtr n, size_t max);
/* *field = n's text as a normalised DOI (ldx_doi_normalize), when it is one. */
void ldx_xml_set_doi(ldx_xml_fill *f, char **field, xmlNodePtr n, size_t max);

/* Appends the initials of given names to b: "Jean-Paul" -> "JP",
 * "J. A. W." -> "JAW", by the rules of ldx_name_initials (names.h). */
void ldx_xml_add_initials(ldx_textbuf *b, const char *given);

/* ---- Streaming -------------------------------------------------------------- */

/* Which element names are records: nonzero (the caller's kind) for one. */
typedef int (*ldx_xml_want)(const char *local_name);

/* Fields are private to xmlread.c, except `in`, for messages. */
typedef struct ldx_xmlread {
	ldx_input *in;            /* borrowed */
	xmlTextReaderPtr xr;
	xmlDocPtr doc;            /* the tree, when taken from xr to salvage it */
	int on_record;            /* xr sits on an expanded record: step over it */
	int at_end;               /* the last node xr returned was an end tag */
	int done;                 /* the end, or the failure was reported */
	int fatal;                /* perr holds the first fatal XML error */
	ldx_error perr;
	int open_known;           /* the input ended early: open is known */
	xmlNodePtr open;          /* the innermost element then open, or NULL */
	int io_failed;            /* ioerr holds the input's read error */
	ldx_error ioerr;
	int failing;              /* handing out salvaged records, then failure */
	ldx_error failure;
	xmlNodePtr salvage;       /* where the search for salvaged records goes on */
	long line;                /* where the last record handed out starts */
} ldx_xmlread;

/* Starts a reader over in (borrowed).  On failure x holds nothing to free
 * and err says why. */
ldx_status ldx_xmlread_open(ldx_xmlread *x, ldx_input *in, ldx_error *err);
void ldx_xmlread_close(ldx_xmlread *x);

/*
 * Moves to the next element for which want(local name) returns nonzero,
 * expands it and returns LDX_OK with *kind = that value, *node the subtree
 * (valid until the next call) and *line where it starts.  Elements want
 * refuses are walked into, so records may sit at any depth; a record's
 * own descendants are never records.  LDX_DONE at the end.
 *
 * A read or XML error stops the stream, which cannot resynchronise.  The
 * parser reads ahead, so by then it has often built records past the one
 * last handed out: those whose end tag it had passed come out first, then
 * the error once (err filled, with the file and line), then LDX_DONE.
 */
ldx_status ldx_xmlread_next(ldx_xmlread *x, ldx_xml_want want, int *kind,
                            xmlNodePtr *node, long *line, ldx_error *err);

/* The parser's current line. */
long ldx_xmlread_line(ldx_xmlread *x);

/* ---- A reader's state ------------------------------------------------------------ */

/* What an XML reader's state struct starts with (its first member). */
typedef struct ldx_xml_reader {
	ldx_xmlread x;
	ldx_xml_fill f;
} ldx_xml_reader;

/*
 * A reader's open(): allocates a zeroed state of size bytes, which starts
 * with an ldx_xml_reader, fills with classify and text_max, and starts the
 * stream over in.  *state is the state, or NULL on failure (err says why).
 * The format's own members are zero, ready to be set up.
 */
ldx_status ldx_xml_reader_open(ldx_input *in, size_t size, ldx_xml_classify classify,
                               size_t text_max, void **state, ldx_error *err);
/* A reader's close(): frees a state from ldx_xml_reader_open (NULL is
 * fine).  Free what the format's own members hold first. */
void ldx_xml_reader_free(void *state);

/* ---- Sniffing ----------------------------------------------------------------- */

typedef struct ldx_xml_head {
	const char *doctype;  /* "<!DOCTYPE ...>" as peeked, or NULL */
	size_t doctype_len;
	const char *root;     /* the root element's name, or NULL */
	size_t root_len;
	const char *tag;      /* its start tag from '<' to '>' (or the peek's end) */
	size_t tag_len;
} ldx_xml_head;

/*
 * Skips a UTF-8 BOM, white space, the XML declaration, comments,
 * processing instructions and the DOCTYPE (whose internal subset may hold
 * '<', '>' and quoted brackets) in data[0..len), and fills h.  Returns 0
 * when a root start tag was found, -1 when the bytes do not look like XML
 * or the peek ends first (h then has what was seen, the DOCTYPE maybe).
 */
int ldx_xml_head_parse(const char *data, size_t len, ldx_xml_head *h);

#endif
