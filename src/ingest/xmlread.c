/*
 * xmlread.c: the pieces the XML readers share (see xmlread.h): scratch
 * text, tree helpers, flattening mixed content, filling record fields,
 * the streaming libxml2 reader over an ldx_input with its error handling
 * and the salvage of records parsed before an error, opening and freeing
 * a reader's state, and the peek of a document's DOCTYPE and root tag.  It knows no format: which elements
 * are records, inline or skipped is the caller's business.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "error.h"
#include "ingest/names.h"
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

/* ---- Filling record fields ------------------------------------------------------ */

void ldx_xml_fill_init(ldx_xml_fill *f, ldx_xml_classify classify, size_t text_max)
{
	f->rc = LDX_OK;
	f->classify = classify;
	ldx_textbuf_init(&f->tb, text_max);
	ldx_textbuf_init(&f->tb2, text_max);
}

void ldx_xml_fill_free(ldx_xml_fill *f)
{
	ldx_textbuf_free(&f->tb);
	ldx_textbuf_free(&f->tb2);
}

void ldx_xml_keep(ldx_xml_fill *f, ldx_status rc)
{
	if (f->rc == LDX_OK && rc != LDX_OK)
		f->rc = rc;
}

void ldx_xml_check(ldx_xml_fill *f, const ldx_textbuf *b)
{
	if (b->oom)
		ldx_xml_keep(f, LDX_ERR_NOMEM);
}

const char *ldx_xml_text(ldx_xml_fill *f, xmlNodePtr n)
{
	ldx_textbuf_reset(&f->tb);
	if (n)
		ldx_xml_flatten(&f->tb, n, f->classify);
	ldx_xml_check(f, &f->tb);
	return ldx_textbuf_text(&f->tb);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t ldx_xml_trim(const char *s, const char **start)
{
	size_t n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	*start = s;
	return n;
}

void ldx_xml_set(ldx_xml_fill *f, char **field, xmlNodePtr n, size_t max)
{
	const char *s;

	if (f->rc != LDX_OK || !n || *field)
		return;
	s = ldx_xml_text(f, n);
	ldx_xml_keep(f, ldx_record_set(field, s, f->tb.n, max));
}

void ldx_xml_push(ldx_xml_fill *f, ldx_strlist *l, xmlNodePtr n)
{
	if (f->rc != LDX_OK || !n)
		return;
	ldx_xml_text(f, n);
	ldx_xml_push_buf(f, l, &f->tb);
}

void ldx_xml_push_buf(ldx_xml_fill *f, ldx_strlist *l, const ldx_textbuf *b)
{
	ldx_xml_check(f, b);
	if (f->rc == LDX_OK)
		ldx_xml_keep(f, ldx_strlist_push(l, ldx_textbuf_text(b), b->n));
}

void ldx_xml_set_digits(ldx_xml_fill *f, char **field, xmlNodePtr n, size_t max)
{
	const char *s;
	size_t len;

	if (f->rc != LDX_OK || !n || *field)
		return;
	len = ldx_xml_trim(ldx_xml_text(f, n), &s);
	if (len == 0 || len > max)
		return;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return;
	ldx_xml_keep(f, ldx_record_set(field, s, len, max));
}

void ldx_xml_set_doi(ldx_xml_fill *f, char **field, xmlNodePtr n, size_t max)
{
	char *doi;

	if (f->rc != LDX_OK || !n || *field)
		return;
	doi = ldx_doi_normalize(ldx_xml_text(f, n));
	if (doi)
		ldx_xml_keep(f, ldx_record_set(field, doi, (size_t)-1, max));
	free(doi);
}

void ldx_xml_add_initials(ldx_textbuf *b, const char *given)
{
	char ini[LDX_NAME_INITIALS_BYTES];

	ldx_textbuf_add(b, ini, ldx_name_initials(given, strlen(given), ini, sizeof ini));
}

/* ---- Streaming -------------------------------------------------------------- */

/* Saved per-thread libxml2 error handler, put back by quiet_end. */
typedef struct quiet {
	xmlStructuredErrorFunc fn;
	void *ctx;
} quiet;

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

/*
 * Keeps the first fatal error as a one-line lowercase message.  Warnings
 * and recoverable errors (an undeclared namespace prefix) do not cost a
 * record.
 */
static void on_error(void *ctx, xmlErrorPtr e)
{
	ldx_xmlread *x = ctx;
	char msg[sizeof x->perr.message];
	const char *s;
	size_t n = 0;

	if (!e || e->level != XML_ERR_FATAL || x->fatal)
		return;
	x->fatal = 1;
	/*
	 * The push parser reports a file cut short as "extra content at the
	 * end of the document"; elements still open say what happened, and
	 * which records were closed (see closed()).  Only the document's own
	 * parser raises this one: other errors may come from the short-lived
	 * parser that checks an entity's text, whose nodes are not ours.
	 */
	if (e->domain == XML_FROM_PARSER && e->code == XML_ERR_DOCUMENT_END && e->ctxt) {
		xmlParserCtxtPtr ctxt = e->ctxt;

		x->open_known = 1;
		x->open = ctxt->nameNr > 0 ? ctxt->node : NULL;
		if (ctxt->nameNr > 0 && ctxt->name) {
			ldx_fail(&x->perr, LDX_ERR_PARSE, ldx_input_name(x->in), e->line,
			         "unexpected end of file inside <%s>", (const char *)ctxt->name);
			return;
		}
	}
	for (s = e->message ? e->message : ""; *s && n + 1 < sizeof msg; s++)
		msg[n++] = (*s == '\n' || *s == '\r' || *s == '\t') ? ' ' : *s;
	while (n > 0 && msg[n - 1] == ' ')
		n--;
	msg[n] = '\0';
	/* libxml2 capitalises its messages; ours start in lowercase, but an
	 * acronym ("XML declaration allowed...") stays as it is. */
	if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] - 'A' + 'a');
	ldx_fail(&x->perr, LDX_ERR_PARSE, ldx_input_name(x->in), e->line, "%s",
	         n ? msg : "malformed xml");
}

/* Some libxml2 messages (input and entity ones) go to the per-thread
 * handler rather than the reader's: route them to x too. */
static void quiet_begin(ldx_xmlread *x, quiet *q)
{
	q->fn = xmlStructuredError;
	q->ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(x, on_error);
}

static void quiet_end(const quiet *q)
{
	xmlSetStructuredErrorFunc(q->ctx, q->fn);
}

ldx_status ldx_xmlread_open(ldx_xmlread *x, ldx_input *in, ldx_error *err)
{
	const char *name = ldx_input_name(in);
	quiet q;

	memset(x, 0, sizeof *x);
	x->in = in;
	xmlInitParser();
	quiet_begin(x, &q);
	x->xr = xmlReaderForIO(read_cb, NULL, x, name, NULL, XML_OPTIONS);
	quiet_end(&q);
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
	quiet q;

	if (!x->xr)
		return;
	quiet_begin(x, &q);
	xmlFreeTextReader(x->xr);
	xmlFreeDoc(x->doc);
	quiet_end(&q);
	x->xr = NULL;
	x->doc = NULL;
}

long ldx_xmlread_line(ldx_xmlread *x)
{
	return xmlTextReaderGetParserLineNumber(x->xr);
}

/*
 * Salvage.  libxml2's reader stops at the first error, yet the parser has
 * usually built records past the reader's position: it parses ahead by a
 * chunk, a whole small file at a time.  Those it had closed before the
 * error are good, and reader.h promises them, so they are handed out from
 * the tree before the error is reported.  The reader frees only nodes it
 * has left behind, so the tree from its position on is whole.
 */

/* The node after n in document order; into n's children when enter. */
static xmlNodePtr after(xmlNodePtr n, int enter)
{
	if (enter && n->type == XML_ELEMENT_NODE && n->children)
		return n->children;
	for (; n; n = n->parent) {
		if (n->next)
			return n->next;
		if (!n->parent || n->parent->type == XML_DOCUMENT_NODE)
			return NULL;
	}
	return NULL;
}

/*
 * The parser got past n's end tag before it stopped.  At the end of the
 * input the elements still open are known: n is closed unless it is one of
 * them.  Otherwise (a bad tag, a failed read) only a node after n proves
 * it, so a record that ends exactly where the error starts is lost.
 */
static int closed(const ldx_xmlread *x, xmlNodePtr n)
{
	if (!x->open_known)
		return after(n, 0) != NULL;
	for (xmlNodePtr p = x->open; p; p = p->parent)
		if (p == n)
			return 0;
	return 1;
}

/* The stream stopped: keep the reason for after the salvaged records,
 * and find where in the tree the unread part starts.  stood_on is the
 * record the failed call was to step over, if any. */
static void start_salvage(ldx_xmlread *x, ldx_xml_want want, xmlNodePtr stood_on)
{
	xmlNodePtr cur = xmlTextReaderCurrentNode(x->xr);

	x->done = 1;
	x->failing = 1;
	if (x->io_failed)
		x->failure = x->ioerr;
	else if (x->fatal)
		x->failure = x->perr;
	else
		ldx_fail(&x->failure, LDX_ERR_PARSE, ldx_input_name(x->in), ldx_xmlread_line(x),
		         "malformed xml");
	if (!x->failure.code)
		x->failure.code = LDX_ERR_IO;
	if (cur && cur == stood_on) {
		/* Failed before stepping off a record already handed out. */
		x->salvage = after(cur, 0);
	} else if (cur && cur->type == XML_ELEMENT_NODE && !x->at_end) {
		/* A record the reader reached but could not expand (parsing to
		 * its end can run into the error) may be whole, and the children
		 * of an element just entered are still to come. */
		x->salvage = want((const char *)cur->name) ? cur : after(cur, 1);
	} else if (cur) {
		/* A closed element, text. */
		x->salvage = after(cur, 0);
	} else {
		/* Failed before the first node: the whole tree is unread.  Asking
		 * for the document makes it ours to free. */
		x->doc = xmlTextReaderCurrentDoc(x->xr);
		x->salvage = x->doc ? x->doc->children : NULL;
	}
	x->on_record = 0;
}

/* The next salvaged record, else the failure, once. */
static ldx_status next_salvaged(ldx_xmlread *x, ldx_xml_want want, int *kind,
                                xmlNodePtr *node, long *line, ldx_error *err)
{
	xmlNodePtr n = x->salvage;

	while (n) {
		if (n->type != XML_ELEMENT_NODE) {
			n = after(n, 0);
			continue;
		}
		*kind = want((const char *)n->name);
		if (!*kind) {
			n = after(n, 1);
			continue;
		}
		/* Everything after a record still open is inside it. */
		if (!closed(x, n))
			break;
		x->salvage = after(n, 0);
		*node = n;
		/* Lines only grow, so the last one stands in when n's is lost. */
		*line = x->line = ldx_xml_node_line(n, x->line, ldx_xmlread_line(x));
		return LDX_OK;
	}
	x->salvage = NULL;
	x->failing = 0;
	if (err)
		*err = x->failure;
	return x->failure.code;
}

/* Moves xr to the next record and expands it: LDX_OK, LDX_DONE at the
 * end, or LDX_ERR_PARSE when the stream failed (salvage then). */
static ldx_status next_streamed(ldx_xmlread *x, ldx_xml_want want, int *kind,
                                xmlNodePtr *node, long *line)
{
	for (;;) {
		xmlNodePtr stood_on = x->on_record ? xmlTextReaderCurrentNode(x->xr) : NULL;
		int r = stood_on ? xmlTextReaderNext(x->xr) : xmlTextReaderRead(x->xr);
		const xmlChar *name;
		int type;

		x->on_record = 0;
		if (r < 0 || (r == 0 && (x->fatal || x->io_failed))) {
			start_salvage(x, want, stood_on);
			return LDX_ERR_PARSE;
		}
		if (r == 0) {
			x->done = 1;
			return LDX_DONE;
		}
		type = xmlTextReaderNodeType(x->xr);
		x->at_end = type == XML_READER_TYPE_END_ELEMENT;
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		name = xmlTextReaderConstLocalName(x->xr);
		*kind = name ? want((const char *)name) : 0;
		if (!*kind)
			continue;
		*line = ldx_xmlread_line(x);
		*node = xmlTextReaderExpand(x->xr);
		/* An error found while expanding may come after the record's
		 * end: the salvage decides. */
		if (!*node || x->fatal || x->io_failed) {
			start_salvage(x, want, NULL);
			return LDX_ERR_PARSE;
		}
		x->on_record = 1;
		*line = x->line = ldx_xml_node_line(*node, *line, *line);
		return LDX_OK;
	}
}

ldx_status ldx_xmlread_next(ldx_xmlread *x, ldx_xml_want want, int *kind,
                            xmlNodePtr *node, long *line, ldx_error *err)
{
	ldx_status rc;
	quiet q;

	if (x->failing)
		return next_salvaged(x, want, kind, node, line, err);
	if (x->done)
		return LDX_DONE;
	quiet_begin(x, &q);
	rc = next_streamed(x, want, kind, node, line);
	quiet_end(&q);
	if (rc == LDX_ERR_PARSE)
		return next_salvaged(x, want, kind, node, line, err);
	return rc;
}

/* ---- A reader's state ------------------------------------------------------------ */

ldx_status ldx_xml_reader_open(ldx_input *in, size_t size, ldx_xml_classify classify,
                               size_t text_max, void **state, ldx_error *err)
{
	const char *name = ldx_input_name(in);
	ldx_xml_reader *r;
	ldx_status rc;

	*state = NULL;
	r = calloc(1, size);
	if (!r)
		return ldx_fail(err, LDX_ERR_NOMEM, name, 0, "out of memory opening '%s'", name);
	ldx_xml_fill_init(&r->f, classify, text_max);
	rc = ldx_xmlread_open(&r->x, in, err);
	if (rc != LDX_OK) {
		free(r);
		return rc;
	}
	*state = r;
	return LDX_OK;
}

void ldx_xml_reader_free(void *state)
{
	ldx_xml_reader *r = state;

	if (!r)
		return;
	ldx_xmlread_close(&r->x);
	ldx_xml_fill_free(&r->f);
	free(r);
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
