/*
 * html.c: the saved-web-page reader (ldx_reader_html).
 *
 * Owns turning one saved HTML page (.html, .htm) into at most one
 * ldx_record.  The whole page is read (up to HTML_MAX bytes) and parsed
 * with libxml2's forgiving HTML parser; the tree is then read from three
 * sources, strongest first, each filling only what is still empty:
 *
 *  1. bibliographic <meta> tags (name= or property=, any case): the
 *     Highwire citation_* set that PubMed, PMC and most publishers emit,
 *     then Dublin Core (dc.* and dcterms.*);
 *  2. the body of a PubMed article page, in the current layout
 *     (pubmed.ncbi.nlm.nih.gov: h1.heading-title, #eng-abstract, ...) and
 *     the older www.ncbi.nlm.nih.gov/pubmed layout (div.rprt.abstract);
 *  3. og:title and <title>, and for pages with neither of the above the
 *     main visible text (<article>, <main> or <body> without navigation,
 *     headers, footers, asides, forms, scripts and styles) as the
 *     abstract, cut at FALLBACK_ABSTRACT_MAX bytes.
 *
 * Which pages are papers (the rule, stated once):
 *  - a page with citation_title, citation_doi or citation_pmid, or with a
 *    DC title plus a DC creator, date or DOI, is a paper;
 *  - so is a page whose PubMed article structure yields a title;
 *  - any other page is a paper only if it has a title and at least
 *    MIN_ARTICLE_WORDS (60) words of main text outside links and <pre>.
 *    A login page, an error page, a list of links or a record dump is
 *    not: next() reports "'x.html': not a paper (...)" (LDX_ERR_FORMAT,
 *    line 1) and returns no record.
 *
 * Encoding: bytes that are valid UTF-8 are read as UTF-8 whatever the page
 * declares (pages re-saved by browsers often keep a stale declaration).
 * Other bytes are decoded by the declared charset when there is one;
 * without one, invalid bytes are replaced by U+FFFD before parsing.
 *
 * Safety: HTML_PARSE_NONET, never HUGE, so libxml2's default limits
 * stand; the tree walks are iterative, so no page can exhaust the C
 * stack; every text buffer is capped.
 *
 * The reader is five files around html_int.h: this one owns reading the
 * page, its encoding, parsing and the paper-or-not decision above;
 * html_meta.c source 1, html_pubmed.c source 2, html_text.c the tree
 * walks, text flattening and source 3, html_fields.c setting record
 * fields from the text found.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "error.h"
#include "ingest/html_int.h"
#include "ingest/reader.h"

#define HTML_MAX ((size_t)64 * 1024 * 1024)
#define READ_CHUNK ((size_t)64 * 1024)
#define HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
                      HTML_PARSE_RECOVER | HTML_PARSE_COMPACT)
#define CHARSET_SCAN 4096

/* ---- Encoding ------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; c &= 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; c &= 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return len;
}

static int valid_utf8(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;

	for (size_t i = 0; i < len;) {
		size_t k;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_len(p + i, len - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* A malloc'ed copy of buf with every invalid byte replaced by U+FFFD. */
static char *repair_utf8(const char *buf, size_t len, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)buf;
	char *out;
	size_t o = 0;

	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	out = malloc(len * 3 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t k = p[i] < 0x80 ? 1 : utf8_len(p + i, len - i);

		if (k) {
			memcpy(out + o, p + i, k);
			o += k;
			i += k;
		} else {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* Does the page's start declare a charset other than UTF-8? */
static int declares_other_charset(const char *buf, size_t len)
{
	size_t scan = len < CHARSET_SCAN ? len : CHARSET_SCAN;
	const char *end = buf + scan, *c = buf;

	while ((c = html_find_ci(c, (size_t)(end - c), "charset=")) != NULL) {
		const char *v = c + 8;

		c = v;
		while (v < end && (*v == '"' || *v == '\'' || *v == ' '))
			v++;
		if (v >= end || *v == '"' || *v == '\'' || *v == '>')
			continue;
		return !((size_t)(end - v) >= 5 && strncasecmp(v, "utf-8", 5) == 0) &&
		       !((size_t)(end - v) >= 4 && strncasecmp(v, "utf8", 4) == 0);
	}
	return 0;
}

/* libxml2 reports some problems to the per-thread generic handler,
 * which prints; the library never prints, so parsing runs with a
 * structured handler that drops them (HTML_PARSE_RECOVER goes on). */
static void ignore_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static htmlDocPtr parse(const char *buf, size_t len, const char *name)
{
	xmlStructuredErrorFunc old_fn = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	htmlDocPtr doc = NULL;
	char *fixed = NULL;
	size_t fixed_len = 0;

	if (len > INT32_MAX)
		return NULL;
	xmlSetStructuredErrorFunc(NULL, ignore_error);
	if (valid_utf8(buf, len)) {
		doc = htmlReadMemory(buf, (int)len, name, "UTF-8",
		                     HTML_OPTIONS | HTML_PARSE_IGNORE_ENC);
	} else if (declares_other_charset(buf, len)) {
		doc = htmlReadMemory(buf, (int)len, name, NULL, HTML_OPTIONS);
	} else if ((fixed = repair_utf8(buf, len, &fixed_len)) != NULL &&
	           fixed_len <= INT32_MAX) {
		doc = htmlReadMemory(fixed, (int)fixed_len, name, "UTF-8",
		                     HTML_OPTIONS | HTML_PARSE_IGNORE_ENC);
	}
	xmlSetStructuredErrorFunc(old_ctx, old_fn);
	free(fixed);
	return doc;
}

/* ---- The reader ------------------------------------------------------------ */

#define SNIFF_SCAN 1024

/* <html or <!doctype html near the start, and no XML record root
 * (PubMed, JATS) before it. */
static int html_sniff(const char *data, size_t len, const char *ext)
{
	static const char *const xml_roots[] = {
		"<pubmedarticle", "<pmc-articleset", "<article ", "<article>",
		"<medlinecitation", "<pubmedbookarticle",
	};
	size_t scan = len < SNIFF_SCAN ? len : SNIFF_SCAN;
	const char *h = html_find_ci(data, scan, "<html");
	const char *d = html_find_ci(data, scan, "<!doctype html");

	(void)ext;
	if (!h || (d && d < h))
		h = d;
	if (!h)
		return 0;
	for (size_t i = 0; i < sizeof xml_roots / sizeof *xml_roots; i++)
		if (html_find_ci(data, (size_t)(h - data), xml_roots[i]))
			return 0;
	return 80;
}

static ldx_status html_open(ldx_input *in, void **state, ldx_error *err)
{
	html_state *st;

	*state = NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(in), 0,
		                "out of memory opening '%s'", ldx_input_name(in));
	st->in = in;
	ldx_textbuf_init(&st->tb, TEXT_MAX);
	ldx_textbuf_init(&st->tb2, TEXT_MAX);
	xmlInitParser();
	*state = st;
	return LDX_OK;
}

/* Reads the whole input into *buf (malloc'ed, NUL-terminated). */
static ldx_status read_all(html_state *st, char **buf, size_t *len, ldx_error *err)
{
	const char *name = ldx_input_name(st->in);
	char *p = NULL;
	size_t n = 0, cap = 0;

	*buf = NULL;
	*len = 0;
	for (;;) {
		ssize_t got;

		if (cap - n < READ_CHUNK + 1) {
			size_t ncap = cap ? cap * 2 : 4 * READ_CHUNK;
			char *grown;

			if (ncap > HTML_MAX + READ_CHUNK + 1)
				ncap = HTML_MAX + READ_CHUNK + 1;
			grown = realloc(p, ncap);
			if (!grown) {
				free(p);
				return ldx_fail(err, LDX_ERR_NOMEM, name, 1,
				                "out of memory reading '%s'", name);
			}
			p = grown;
			cap = ncap;
		}
		got = ldx_input_read(st->in, p + n, READ_CHUNK, err);
		if (got < 0) {
			free(p);
			return err ? err->code : LDX_ERR_IO;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > HTML_MAX) {
			free(p);
			return ldx_fail(err, LDX_ERR_PARSE, name, 1,
			                "'%s': too large for a web page (over %zu MB)", name,
			                HTML_MAX / (1024 * 1024));
		}
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return LDX_OK;
}

static ldx_status html_next(void *state, ldx_record *rec, ldx_error *err)
{
	html_state *st = state;
	const char *name = ldx_input_name(st->in);
	htmlDocPtr doc = NULL;
	xmlNodePtr root;
	meta_info m;
	char *buf = NULL;
	size_t len;
	int paper, is_pubmed;
	ldx_status rc;

	ldx_record_clear(rec);
	if (st->done)
		return LDX_DONE;
	st->done = 1;
	st->rc = LDX_OK;
	rc = read_all(st, &buf, &len, err);
	if (rc != LDX_OK)
		goto out;
	doc = parse(buf, len, name);
	root = doc ? (xmlNodePtr)doc : NULL;
	if (!root || !xmlDocGetRootElement(doc)) {
		rc = ldx_fail(err, LDX_ERR_FORMAT, name, 1, "'%s': not a paper (no citation "
		              "metadata, title or article text)", name);
		goto out;
	}
	rec->line = 1;
	memset(&m, 0, sizeof m);
	html_scan_meta(root, &m);
	paper = html_from_meta(st, root, &m, rec);
	is_pubmed = html_pubmed_current(st, root, rec) || html_pubmed_old(st, root, rec);
	html_canonical_pmid(st, root, rec);
	html_set_text(st, &rec->title, m.og_title, (size_t)-1, LDX_TITLE_MAX, NULL);
	html_set_el(st, &rec->title, html_find(root, "title", NULL, NULL), LDX_TITLE_MAX, NULL);
	/* A PubMed page without an abstract has none: its other text is
	 * the site around the citation. */
	if (is_pubmed)
		paper = 1;
	else if (paper)
		html_abstract_element(st, root, rec);
	else if (rec->title)
		paper = html_from_page_text(st, root, rec);
	if (st->rc != LDX_OK) {
		rc = ldx_fail(err, st->rc, name, 1, "out of memory reading '%s'", name);
		goto out;
	}
	if (!paper) {
		rc = ldx_fail(err, LDX_ERR_FORMAT, name, 1, "'%s': not a paper (no citation "
		              "metadata, title or article text)", name);
		goto out;
	}
	rc = LDX_OK;
out:
	if (rc != LDX_OK)
		ldx_record_clear(rec);
	xmlFreeDoc(doc);
	free(buf);
	return rc;
}

static void html_close(void *state)
{
	html_state *st = state;

	if (!st)
		return;
	ldx_textbuf_free(&st->tb);
	ldx_textbuf_free(&st->tb2);
	free(st);
}

const ldx_reader_ops ldx_reader_html = {
	"html", html_sniff, html_open, html_next, html_close
};
