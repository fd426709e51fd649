/*
 * xmlread.c: the pieces the XML readers share (see xmlread.h): scratch
 * text, tree helpers, flattening mixed content, the streaming libxml2
 * reader over an ldx_input with its error handling, and the peek of a
 * document's DOCTYPE and root tag.  It knows no format: which elements
 * are records, inline or skipped is the caller's business.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>

#include "error.h"
#include "ingest/xmlread.h"

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | \
                     XML_PARSE_BIG_LINES)

/* An internal entity longer than this is not read: one long entity used
 * many times would make the text quadratic in the document. */
#define ENTITY_TEXT_MAX 64

/* libxml2 stores element lines in an unsigned short and caps them here. */
#define LINE_CAP 65535

/* ---- Scratch text --------------------------------------------------------- */

void ldx_textbuf_init(ldx_textbuf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max;
}

void ldx_textbuf_reset(ldx_textbuf *b)
{
	b->n = 0;
	b->oom = 0;
	if (b->p)
		b->p[0] = '\0';
}

void ldx_textbuf_add(ldx_textbuf *b, const char *s, size_t n)
{
	if (b->oom || b->n >= b->max)
		return;
	if (n > b->max - b->n)
		n = b->max - b->n;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->n + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void ldx_textbuf_str(ldx_textbuf *b, const char *s)
{
	ldx_textbuf_add(b, s, strlen(s));
}

const char *ldx_textbuf_text(const ldx_textbuf *b)
{
	return b->p && b->n ? b->p : "";
}

void ldx_textbuf_free(ldx_textbuf *b)
{
	free(b->p);
	ldx_textbuf_init(b, b->max);
}

/* ---- Tree helpers --------------------------------------------------------- */

int ldx_xml_is(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr ldx_xml_child(xmlNodePtr n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (ldx_xml_is(c, name))
			return c;
	return NULL;
}

xmlNodePtr ldx_xml_next(xmlNodePtr n, const char *name)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (ldx_xml_is(n, name))
			return n;
	return NULL;
}

const char *ldx_xml_attr(xmlNodePtr n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, name) != 0)
			continue;
		/* Without NOENT an entity reference ("&e;") stays a node of
		 * its own; only a plain text value is returned. */
		if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
			return a->children->content ? (const char *)a->children->content : "";
		return "";
	}
	return NULL;
}

int ldx_xml_attr_is(xmlNodePtr n, const char *name, const char *value)
{
	const char *v = ldx_xml_attr(n, name);
	return v && strcmp(v, value) == 0;
}

long ldx_xml_node_line(xmlNodePtr n, long fallback, long max)
{
	xmlNodePtr t = n->children;
	long line;

	if (n->line > 0 && n->line < LINE_CAP)
		return n->line;
	/* The first text node in document order under n. */
	while (t && t->type != XML_TEXT_NODE) {
		if (t->type == XML_ELEMENT_NODE && t->children) {
			t = t->children;
			continue;
		}
		while (t && !t->next && t->parent != n)
			t = t->parent;
		t = t ? t->next : NULL;
	}
	if (!t || t->line != LINE_CAP || !t->psvi)
		return fallback;
	line = (long)(ptrdiff_t)t->psvi;
	for (const xmlChar *s = t->content; s && *s; s++)
		if (*s == '\n')
			line--;
	return line >= LINE_CAP && line <= max ? line : fallback;
}

/* ---- Flattening ------------------------------------------------------------ */

/* The text of a short plain internal entity, else NULL: external ones are
 * never read and ones that refer to others are not followed. */
static const char *entity_text(xmlNodePtr ref)
{
	xmlEntityPtr e = ref->doc ? xmlGetDocEntity(ref->doc, ref->name) : NULL;

	if (!e || e->etype != XML_INTERNAL_GENERAL_ENTITY || !e->content ||
	    e->length > ENTITY_TEXT_MAX)
		return NULL;
	if (memchr(e->content, '&', (size_t)e->length) || memchr(e->content, '<', (size_t)e->length))
		return NULL;
	return (const char *)e->content;
}

void ldx_xml_flatten(ldx_textbuf *b, xmlNodePtr n, ldx_xml_classify classify)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content)
				ldx_textbuf_str(b, (const char *)c->content);
			break;
		case XML_ELEMENT_NODE: {
			ldx_xml_flow f = classify(c);

			if (f == LDX_XML_SKIP)
				break;
			if (f == LDX_XML_BLOCK)
				ldx_textbuf_add(b, " ", 1);
			ldx_xml_flatten(b, c, classify);
			if (f == LDX_XML_BLOCK)
				ldx_textbuf_add(b, " ", 1);
			break;
		}
		case XML_ENTITY_REF_NODE: {
			const char *t = entity_text(c);

			if (t)
				ldx_textbuf_str(b, t);
			break;
		}
		default:
			break;
		}
	}
}

/* ---- Streaming -------------------------------------------------------------- */

static int read_cb(void *ctx, char *buf, int len)
{
	ldx_xmlread *x = ctx;
	ssize_t n;

	if (len <= 0)
		return 0;
	n = ldx_input_read(x->in, buf, (size_t)len, &x->ioerr);
	if (n < 0) {
		x->io_failed = 1;
		return -1;
	}
	return (int)n;
}

/* Keeps the first fatal error as a one-line lowercase message.  Warnings
 * and recoverable errors (an undeclared namespace prefix) do not cost a
 * record. */
static void on_error(void *ctx, xmlErrorPtr e)
{
	ldx_xmlread *x = ctx;
	char msg[512];
	const char *s;
	size_t n = 0;

	if (!e || e->level != XML_ERR_FATAL || x->fatal)
		return;
	x->fatal = 1;
	/* The push parser reports a file cut short as "extra content at the
	 * end of the document"; elements still open say what happened. */
	if (e->domain == XML_FROM_PARSER && e->code == XML_ERR_DOCUMENT_END && e->ctxt) {
		xmlParserCtxtPtr ctxt = e->ctxt;

		if (ctxt->nameNr > 0 && ctxt->name) {
			ldx_fail(&x->perr, LDX_ERR_PARSE, ldx_input_name(x->in), e->line,
			         "unexpected end of file inside <%s>", (const char *)ctxt->name);
			return;
		}
	}
	for (s = e->message ? e->message : "malformed xml"; *s && n + 1 < sizeof msg; s++)
		msg[n++] = (*s == '\n' || *s == '\r' || *s == '\t') ? ' ' : *s;
	while (n > 0 && msg[n - 1] == ' ')
		n--;
	msg[n] = '\0';
	if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] - 'A' + 'a');
	ldx_fail(&x->perr, LDX_ERR_PARSE, ldx_input_name(x->in), e->line, "%s",
	         n ? msg : "malformed xml");
}

void ldx_xmlread_quiet_begin(ldx_xmlread *x, ldx_xml_quiet *q)
{
	q->fn = xmlStructuredError;
	q->ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(x, on_error);
}

void ldx_xmlread_quiet_end(const ldx_xml_quiet *q)
{
	xmlSetStructuredErrorFunc(q->ctx, q->fn);
}

ldx_status ldx_xmlread_open(ldx_xmlread *x, ldx_input *in, ldx_error *err)
{
	const char *name = ldx_input_name(in);
	ldx_xml_quiet q;

	memset(x, 0, sizeof *x);
	x->in = in;
	xmlInitParser();
	ldx_xmlread_quiet_begin(x, &q);
	x->xr = xmlReaderForIO(read_cb, NULL, x, name, NULL, XML_OPTIONS);
	ldx_xmlread_quiet_end(&q);
	if (!x->xr) {
		if (x->io_failed) {
			if (err)
				*err = x->ioerr;
			return x->ioerr.code ? x->ioerr.code : LDX_ERR_IO;
		}
		return ldx_fail(err, LDX_ERR_NOMEM, name, 0,
		                "cannot start the xml reader for '%s'", name);
	}
	xmlTextReaderSetStructuredErrorHandler(x->xr, on_error, x);
	return LDX_OK;
}

void ldx_xmlread_close(ldx_xmlread *x)
{
	ldx_xml_quiet q;

	if (!x->xr)
		return;
	ldx_xmlread_quiet_begin(x, &q);
	xmlFreeTextReader(x->xr);
	ldx_xmlread_quiet_end(&q);
	x->xr = NULL;
}

long ldx_xmlread_line(ldx_xmlread *x)
{
	return xmlTextReaderGetParserLineNumber(x->xr);
}

/* The stream stopped early: say why, once; every later call is LDX_DONE. */
static ldx_status stream_failed(ldx_xmlread *x, ldx_error *err)
{
	x->done = 1;
	if (x->io_failed) {
		if (err)
			*err = x->ioerr;
		return x->ioerr.code ? x->ioerr.code : LDX_ERR_IO;
	}
	if (x->fatal) {
		if (err)
			*err = x->perr;
		return LDX_ERR_PARSE;
	}
	return ldx_fail(err, LDX_ERR_PARSE, ldx_input_name(x->in), ldx_xmlread_line(x),
	                "malformed xml");
}

ldx_status ldx_xmlread_next(ldx_xmlread *x, int (*want)(const char *name), int *kind,
                            xmlNodePtr *node, long *line, ldx_error *err)
{
	if (x->done)
		return LDX_DONE;
	for (;;) {
		int r = x->on_record ? xmlTextReaderNext(x->xr) : xmlTextReaderRead(x->xr);
		const xmlChar *name;

		x->on_record = 0;
		if (r < 0 || (r == 0 && (x->fatal || x->io_failed)))
			return stream_failed(x, err);
		if (r == 0) {
			x->done = 1;
			return LDX_DONE;
		}
		if (xmlTextReaderNodeType(x->xr) != XML_READER_TYPE_ELEMENT)
			continue;
		name = xmlTextReaderConstLocalName(x->xr);
		*kind = name ? want((const char *)name) : 0;
		if (!*kind)
			continue;
		*line = ldx_xmlread_line(x);
		*node = xmlTextReaderExpand(x->xr);
		/*
		 * The reader parses ahead in chunks, so an error just after a
		 * good record can make expanding that record fail (or be known
		 * when it succeeds).  A fatal error stops the tree from
		 * growing, so a record that already has a following sibling
		 * was closed before the error: hand it out, and report the
		 * error on the next call.
		 */
		if (!*node && x->fatal && !x->io_failed) {
			xmlNodePtr cur = xmlTextReaderCurrentNode(x->xr);

			if (cur && cur->type == XML_ELEMENT_NODE && cur->next &&
			    xmlStrEqual(cur->name, name))
				*node = cur;
		}
		if (!*node || x->io_failed || (x->fatal && !(*node)->next))
			return stream_failed(x, err);
		x->on_record = 1;
		*line = ldx_xml_node_line(*node, *line, *line);
		return LDX_OK;
	}
}

/* ---- Sniffing ----------------------------------------------------------------- */

/* The first needle in [p, end), or NULL. */
static const char *find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; (size_t)(end - p) >= n; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Past a DOCTYPE starting at p ("<!"), or NULL if the peek ends first.
 * Brackets count only outside quotes, so "<!ENTITY a ']>'>" is safe. */
static const char *skip_doctype(const char *p, const char *end)
{
	int depth = 0;
	char quote = 0;

	for (p += 2; p < end; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '[') {
			depth++;
		} else if (*p == ']') {
			depth--;
		} else if (*p == '<' && depth > 0 && end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			/* a comment in the internal subset may hold quotes */
			p = find(p + 4, end, "-->");
			if (!p)
				return NULL;
			p += 2;
		} else if (*p == '>' && depth <= 0) {
			return p + 1;
		}
	}
	return NULL;
}

int ldx_xml_head_parse(const char *data, size_t len, ldx_xml_head *h)
{
	const char *p = data, *end = data + len;

	memset(h, 0, sizeof *h);
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (;;) {
		while (p < end && is_ws(*p))
			p++;
		if (end - p < 2 || *p != '<')
			return -1;
		if (p[1] == '?') {
			p = find(p + 2, end, "?>");
			if (!p)
				return -1;
			p += 2;
		} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			p = find(p + 4, end, "-->");
			if (!p)
				return -1;
			p += 3;
		} else if (p[1] == '!') {
			const char *start = p;

			p = skip_doctype(p, end);
			h->doctype = start;
			h->doctype_len = (size_t)((p ? p : end) - start);
			if (!p)
				return -1;
		} else {
			const char *q = p + 1;

			while (q < end && !is_ws(*q) && *q != '>' && *q != '/')
				q++;
			if (q == p + 1)
				return -1;
			h->root = p + 1;
			h->root_len = (size_t)(q - h->root);
			h->tag = p;
			while (q < end && *q != '>')
				q++;
			h->tag_len = (size_t)((q < end ? q + 1 : end) - p);
			return 0;
		}
	}
}
