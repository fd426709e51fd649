/*
 * xmlread.h: what the XML readers (PubMed, JATS) share, in five parts:
 *
 *  - ldx_textbuf: a growable scratch buffer with a hard maximum;
 *  - tree helpers over an expanded libxml2 subtree (child by name,
 *    attributes, the line of a record element);
 *  - flattening mixed content ("Ca<sup>2+</sup> <mml:mi>x</mml:mi>") into
 *    plain text, where the reader says which elements are inline, which are
 *    boundaries and which are skipped;
 *  - ldx_xmlread: a libxml2 xmlTextReader streaming from an ldx_input with
 *    the safe options, whose first fatal error becomes LDX_ERR_PARSE with
 *    the file and line, handing out one expanded record element at a time;
 *  - ldx_xml_head: the DOCTYPE and root start tag of a peeked document, for
 *    sniffing.
 *
 * Safety: only XML_PARSE_NONET (plus tree options that change nothing of
 * meaning).  Never NOENT, DTDLOAD, DTDATTR, DTDVALID or HUGE: no DTD or
 * external entity is fetched, entity references stay unexpanded in the
 * tree (flattening reads only short plain internal ones, one level deep),
 * and libxml2's default limits refuse entity-expansion bombs.
 *
 * Nothing here prints: libxml2 messages are routed to the ldx_xmlread for
 * as long as a call into libxml2 runs between quiet_begin and quiet_end.
 */
#ifndef LDX_XMLREAD_H
#define LDX_XMLREAD_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "litdex.h"
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

/* ---- Streaming -------------------------------------------------------------- */

typedef struct ldx_xmlread {
	ldx_input *in;            /* borrowed */
	xmlTextReaderPtr xr;
	int on_record;            /* xr sits on an expanded record: step over it */
	int done;                 /* end of document or a failure was reported */
	int fatal;                /* perr holds the first fatal XML error */
	ldx_error perr;
	int io_failed;            /* ioerr holds the input's read error */
	ldx_error ioerr;
} ldx_xmlread;

/* Saved per-thread libxml2 error handler, restored by quiet_end. */
typedef struct ldx_xml_quiet {
	xmlStructuredErrorFunc fn;
	void *ctx;
} ldx_xml_quiet;

/* Starts a reader over in (borrowed).  On failure x holds nothing to free
 * and err says why. */
ldx_status ldx_xmlread_open(ldx_xmlread *x, ldx_input *in, ldx_error *err);
void ldx_xmlread_close(ldx_xmlread *x);

/*
 * Moves to the next element for which want(local name) returns nonzero,
 * expands it and returns LDX_OK with *kind = that value, *node the subtree
 * (valid until the next call) and *line where it starts.  Elements want
 * refuses are walked into, so records may sit at any depth.  LDX_DONE at
 * the end; a read or XML error is returned once (err filled, with the file
 * and line) and LDX_DONE after it, since the stream cannot resynchronise.
 * Call between quiet_begin and quiet_end.
 */
ldx_status ldx_xmlread_next(ldx_xmlread *x, int (*want)(const char *name), int *kind,
                            xmlNodePtr *node, long *line, ldx_error *err);

/* The parser's current line. */
long ldx_xmlread_line(ldx_xmlread *x);

/* Routes libxml2's per-thread messages to x until quiet_end. */
void ldx_xmlread_quiet_begin(ldx_xmlread *x, ldx_xml_quiet *q);
void ldx_xmlread_quiet_end(const ldx_xml_quiet *q);

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
