/*
 * bibtex.c: the BibTeX reader (ldx_reader_bibtex).
 *
 * Owns turning .bib files into ldx_records, one per entry (@article,
 * @book, @inproceedings ... any type), and the @string macros that
 * entries use.  @comment and @preamble are skipped, and so is any text
 * outside entries, which BibTeX treats as comment.  LaTeX in values is
 * turned into UTF-8 by latex.c.
 *
 * Reading happens in two steps.  collect() pulls lines from the input
 * and copies one whole entry, from its '@' to the closing delimiter,
 * into a buffer (at most ENTRY_MAX bytes), counting braces and quotes
 * like BibTeX does.  parse_entry() then reads that buffer: key, fields,
 * values with '#' concatenation and macros.
 *
 * Errors and resynchronisation: an entry that never closes is reported
 * at the line where it STARTED, and reading resumes at the next line
 * that begins with an entry head ("@word{" after optional blanks), so
 * one broken entry costs only itself.  Garbage inside a closed entry
 * (a missing '=' or ',') is reported at its own line and the entry is
 * dropped; the next entry follows.
 *
 * Fields: title (else booktitle), abstract, author (BibTeX name rules,
 * as "Last Initials"), keywords and mesh (split on ';' if there is one,
 * else ','), journal / journaltitle / fjournal and their abbreviations,
 * year (else date), doi (else a doi.org url), pmid (else eprint with
 * eprinttype pubmed, else "PMID: n" or "n[pmid]" in a note), pmcid,
 * language.  Entries with none of these are skipped.
 *
 * The reader is four files around bibtex_int.h: this one owns finding
 * and collecting entries, resynchronising after a broken one, and the
 * reader's life cycle; bibtex_parse.c parses an entry, bibtex_record.c
 * turns its fields into the record and bibtex_names.c its authors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/bibtex_int.h"
#include "ingest/reader.h"

/* Entry types sniff() recognises; the reader itself takes any type. */
static const char *const known_types[] = {
	"article", "book", "booklet", "inbook", "incollection", "inproceedings",
	"conference", "manual", "mastersthesis", "misc", "phdthesis", "proceedings",
	"techreport", "unpublished", "online", "electronic", "www", "report",
	"thesis", "patent", "periodical", "collection", "reference", "dataset",
	"software", "string", "comment", "preamble",
};

/* ---- Bounded growable buffer ------------------------------------------ */

void bib_sb_reset(sbuf *b)
{
	b->n = 0;
	b->full = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* Appends s[0..n) without NUL bytes, keeping at most max bytes. */
void bib_sb_add(sbuf *b, const char *s, size_t n, size_t max)
{
	if (b->oom)
		return;
	if (n > max - b->n) {
		n = max - b->n;
		b->full = 1;
	}
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
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\0')
			b->p[b->n++] = s[i];
	b->p[b->n] = '\0';
}

void bib_sb_free(sbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* ---- Entry heads ------------------------------------------------------ */

/*
 * Is s[0..n) an entry head: '@', blanks, a name, blanks, '{' or '('?
 * On success sets the name span and *after (index past the delimiter).
 */
static int entry_head(const char *s, size_t n, size_t *name, size_t *name_len,
                      size_t *after)
{
	size_t i = 1, start;

	if (n == 0 || s[0] != '@')
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	start = i;
	while (i < n && is_ident(s[i]))
		i++;
	if (i == start || !is_alpha(s[start]))
		return 0;
	*name = start;
	*name_len = i - start;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || (s[i] != '{' && s[i] != '('))
		return 0;
	*after = i + 1;
	return 1;
}

/* Does the line begin (after blanks) with an entry head? */
static int line_starts_entry(const char *s, size_t n)
{
	size_t i = 0, a, b, c;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return entry_head(s + i, n - i, &a, &b, &c);
}

/* ---- Collecting one entry ------------------------------------------------ */

static ldx_status read_line(bib_state *st, ldx_error *err)
{
	ldx_status rc = ldx_input_getline(st->in, &st->line, &st->len, err);

	st->have_line = 0;
	if (rc == LDX_OK) {
		st->lineno = ldx_input_lineno(st->in);
		st->pos = 0;
		st->have_line = 1;
	} else if (rc == LDX_DONE || rc == LDX_ERR_IO) {
		/* A read error leaves nothing to resynchronise on. */
		st->done = 1;
	}
	return rc;
}

/* "@article{smith2001" for messages: the head and a bit of the key. */
void bib_entry_label(const bib_state *st, char *out, size_t size)
{
	const char *s = st->ent.p;
	size_t n = 0, lim = st->ent.n;

	while (n < lim && s[n] != ',' && s[n] != '\n' && n < KEY_SHOWN)
		n++;
	snprintf(out, size, "%.*s", (int)n, s);
}

static ldx_status unterminated(bib_state *st, int depth, int inq, ldx_error *err)
{
	char label[KEY_SHOWN + 8];
	const char *name = ldx_input_name(st->in);

	bib_entry_label(st, label, sizeof label);
	if (inq)
		return ldx_fail(err, LDX_ERR_PARSE, name, st->ent_line,
		                "unterminated quoted value in '%s'", label);
	if (depth > 0)
		return ldx_fail(err, LDX_ERR_PARSE, name, st->ent_line,
		                "unbalanced '{' in '%s'", label);
	return ldx_fail(err, LDX_ERR_PARSE, name, st->ent_line, "'%s' is never closed",
	                label);
}

/*
 * Finds the next entry head and copies the entry into st->ent.
 * Returns LDX_OK, LDX_DONE, or an error (after which the next call
 * resumes at the next entry).
 */
static ldx_status collect(bib_state *st, ldx_error *err)
{
	size_t name = 0, name_len = 0, after = 0, start = 0;
	int depth = 0, inq = 0, quotes;
	char close;
	ldx_status rc;

	/* Find a head.  Outside entries anything goes, so '@' may sit
	 * mid-line ("}@Book{"); after an error only a line start counts. */
	for (;;) {
		const char *at;

		if (st->done)
			return LDX_DONE;
		if (!st->have_line && (rc = read_line(st, err)) != LDX_OK)
			return rc;
		if (st->resync) {
			if (!line_starts_entry(st->line, st->len)) {
				st->have_line = 0;
				continue;
			}
			st->resync = 0;
		}
		at = st->pos < st->len ? memchr(st->line + st->pos, '@', st->len - st->pos) : NULL;
		while (at) {
			start = (size_t)(at - st->line);
			if (entry_head(at, st->len - start, &name, &name_len, &after))
				break;
			at = start + 1 < st->len ? memchr(at + 1, '@', st->len - start - 1) : NULL;
		}
		if (at)
			break;
		st->have_line = 0;
	}
	name += start;
	after += start;
	close = st->line[after - 1] == '{' ? '}' : ')';
	/* In @comment{...} only braces count. */
	quotes = !eq_nocase(st->line + name, name_len, "comment");
	bib_sb_reset(&st->ent);
	st->ent_line = st->lineno;
	bib_sb_add(&st->ent, st->line + start, after - start, ENTRY_MAX);
	st->pos = after;

	for (;;) {
		size_t i;

		for (i = st->pos; i < st->len; i++) {
			char c = st->line[i];

			if (c == '{') {
				depth++;
			} else if (c == '}') {
				if (depth > 0)
					depth--;
				else if (!inq && close == '}')
					break;
			} else if (c == ')' && close == ')' && depth == 0 && !inq) {
				break;
			} else if (c == '"' && depth == 0 && quotes) {
				inq = !inq;
			}
		}
		if (i < st->len) {
			bib_sb_add(&st->ent, st->line + st->pos, i + 1 - st->pos, ENTRY_MAX);
			st->pos = i + 1;
			break;
		}
		bib_sb_add(&st->ent, st->line + st->pos, st->len - st->pos, ENTRY_MAX);
		bib_sb_add(&st->ent, "\n", 1, ENTRY_MAX);
		st->have_line = 0;
		if (st->ent.oom || st->ent.full) {
			st->resync = 1;
			break;
		}
		rc = read_line(st, err);
		if (rc == LDX_DONE)
			return unterminated(st, depth, inq, err);
		if (rc != LDX_OK) {
			st->resync = 1;
			return rc;
		}
		if (line_starts_entry(st->line, st->len))
			return unterminated(st, depth, inq, err);
	}
	if (st->ent.oom)
		return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(st->in), st->ent_line,
		                "out of memory reading an entry");
	if (st->ent.full)
		return ldx_fail(err, LDX_ERR_PARSE, ldx_input_name(st->in), st->ent_line,
		                "entry longer than %d bytes", ENTRY_MAX);
	return LDX_OK;
}

/* ---- The reader ------------------------------------------------------------------- */

static int bibtex_sniff(const char *data, size_t len, const char *ext)
{
	size_t i = 0;

	while (i < len) {
		size_t end, name, name_len, after, k = i;
		const char *nl = memchr(data + i, '\n', len - i);

		end = nl ? (size_t)(nl - data) : len;
		while (k < end && (data[k] == ' ' || data[k] == '\t'))
			k++;
		if (k < end && data[k] == '@' &&
		    entry_head(data + k, end - k, &name, &name_len, &after)) {
			for (size_t t = 0; t < sizeof known_types / sizeof *known_types; t++)
				if (eq_nocase(data + k + name, name_len, known_types[t]))
					return 80;
			if (ext && strcmp(ext, "bib") == 0)
				return 80;
		}
		i = end + 1;
	}
	return 0;
}

static ldx_status bibtex_open(ldx_input *in, void **state, ldx_error *err)
{
	bib_state *st = calloc(1, sizeof *st);

	*state = NULL;
	if (!st)
		return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(in), 0,
		                "out of memory opening '%s'", ldx_input_name(in));
	st->in = in;
	*state = st;
	return LDX_OK;
}

static ldx_status bibtex_next(void *state, ldx_record *rec, ldx_error *err)
{
	bib_state *st = state;
	ldx_status rc;
	int got = 0;

	ldx_record_clear(rec);
	for (;;) {
		rc = collect(st, err);
		if (rc != LDX_OK)
			return rc;
		rc = bib_parse_entry(st, rec, &got, err);
		if (rc != LDX_OK) {
			ldx_record_clear(rec);
			return rc;
		}
		if (got)
			return LDX_OK;
		ldx_record_clear(rec);
	}
}

static void bibtex_close(void *state)
{
	bib_state *st = state;

	if (!st)
		return;
	bib_clear_slots(st);
	for (size_t i = 0; i < st->nmacros; i++) {
		free(st->macros[i].name);
		free(st->macros[i].value);
	}
	free(st->macros);
	free(st->macro_index);
	bib_sb_free(&st->ent);
	bib_sb_free(&st->val);
	free(st);
}

const ldx_reader_ops ldx_reader_bibtex = {
	.name = "bibtex",
	.sniff = bibtex_sniff,
	.open = bibtex_open,
	.next = bibtex_next,
	.close = bibtex_close,
};

