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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/latex.h"
#include "ingest/reader.h"
#include "year.h"

#define ENTRY_MAX (4 * 1024 * 1024)           /* raw bytes of one entry */
#define VALUE_MAX ENTRY_MAX                    /* one value after macros */
#define MACRO_MAX 4096                         /* @string definitions */
#define MACRO_TABLE (2 * MACRO_MAX)            /* hash slots, a power of two */
#define MACRO_BYTES_MAX (16 * 1024 * 1024)     /* and their total text */
#define NAME_MAX_LEN 64                        /* entry types, field names */
#define KEY_SHOWN 60                           /* key bytes quoted in messages */
#define INITIALS_MAX 16

/* ---- Bounded growable buffer ------------------------------------------ */

typedef struct sbuf {
	char *p;            /* NUL-terminated once anything was added */
	size_t n, cap;
	int oom;            /* allocation failed */
	int full;           /* something was cut at max */
} sbuf;

static void sb_reset(sbuf *b)
{
	b->n = 0;
	b->full = 0;
	if (b->p)
		b->p[0] = '\0';
}

/* Appends s[0..n) without NUL bytes, keeping at most max bytes. */
static void sb_add(sbuf *b, const char *s, size_t n, size_t max)
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

static void sb_free(sbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* ---- Fields the record uses --------------------------------------------- */

enum slot {
	S_TITLE, S_BOOKTITLE, S_ABSTRACT, S_AUTHOR, S_KEYWORDS, S_JOURNAL,
	S_JOURNALTITLE, S_FJOURNAL, S_ABBREV, S_YEAR, S_DATE, S_DOI, S_PMID,
	S_PMCID, S_EPRINT, S_EPRINTTYPE, S_LANGUAGE, S_MESH, S_NOTE, S_URL,
	NSLOTS
};

static const struct field_name {
	const char *name;
	enum slot slot;
} field_names[] = {
	{"title", S_TITLE}, {"booktitle", S_BOOKTITLE}, {"abstract", S_ABSTRACT},
	{"author", S_AUTHOR}, {"keywords", S_KEYWORDS}, {"keyword", S_KEYWORDS},
	{"journal", S_JOURNAL}, {"journaltitle", S_JOURNALTITLE},
	{"fjournal", S_FJOURNAL}, {"shortjournal", S_ABBREV},
	{"journal-abbreviation", S_ABBREV}, {"journalabbrev", S_ABBREV},
	{"journal_abbrev", S_ABBREV}, {"journal-iso", S_ABBREV},
	{"iso-abbreviation", S_ABBREV}, {"title-abbreviation", S_ABBREV},
	{"year", S_YEAR}, {"date", S_DATE}, {"doi", S_DOI}, {"pmid", S_PMID},
	{"pmcid", S_PMCID}, {"pmc", S_PMCID}, {"eprint", S_EPRINT},
	{"eprinttype", S_EPRINTTYPE}, {"archiveprefix", S_EPRINTTYPE},
	{"language", S_LANGUAGE}, {"langid", S_LANGUAGE}, {"mesh", S_MESH},
	{"note", S_NOTE}, {"comment", S_NOTE}, {"annote", S_NOTE}, {"url", S_URL},
};

/* BibTeX's predefined month macros. */
static const char *const months[12][2] = {
	{"jan", "January"}, {"feb", "February"}, {"mar", "March"}, {"apr", "April"},
	{"may", "May"}, {"jun", "June"}, {"jul", "July"}, {"aug", "August"},
	{"sep", "September"}, {"oct", "October"}, {"nov", "November"},
	{"dec", "December"},
};

/* Entry types sniff() recognises; the reader itself takes any type. */
static const char *const known_types[] = {
	"article", "book", "booklet", "inbook", "incollection", "inproceedings",
	"conference", "manual", "mastersthesis", "misc", "phdthesis", "proceedings",
	"techreport", "unpublished", "online", "electronic", "www", "report",
	"thesis", "patent", "periodical", "collection", "reference", "dataset",
	"software", "string", "comment", "preamble",
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

/* ---- Characters --------------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Characters of field names and macro names, as BibTeX defines them. */
static int is_ident(char c)
{
	return c != '\0' && !is_space(c) && !strchr("\"#%'(),={}@", c);
}

static int eq_nocase(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n && b[i]; i++)
		if (lower(a[i]) != lower(b[i]))
			return 0;
	return i == n && b[i] == '\0';
}

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
static void entry_label(const bib_state *st, char *out, size_t size)
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

	entry_label(st, label, sizeof label);
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
	sb_reset(&st->ent);
	st->ent_line = st->lineno;
	sb_add(&st->ent, st->line + start, after - start, ENTRY_MAX);
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
			sb_add(&st->ent, st->line + st->pos, i + 1 - st->pos, ENTRY_MAX);
			st->pos = i + 1;
			break;
		}
		sb_add(&st->ent, st->line + st->pos, st->len - st->pos, ENTRY_MAX);
		sb_add(&st->ent, "\n", 1, ENTRY_MAX);
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

/* ---- Parsing one entry ----------------------------------------------------- */

typedef struct parser {
	bib_state *st;
	const char *s;            /* the entry, NUL-terminated */
	size_t n, i;
	char close;
	char type[NAME_MAX_LEN + 1];
} parser;

/* White space, and '%' comments between tokens (biber allows them). */
static void skip_ws(parser *p)
{
	for (;;) {
		while (p->i < p->n && is_space(p->s[p->i]))
			p->i++;
		if (p->i < p->n && p->s[p->i] == '%') {
			while (p->i < p->n && p->s[p->i] != '\n')
				p->i++;
			continue;
		}
		return;
	}
}

static long line_at(const parser *p, size_t i)
{
	long line = p->st->ent_line;

	for (size_t k = 0; k < i && k < p->n; k++)
		if (p->s[k] == '\n')
			line++;
	return line;
}

static ldx_status syntax(parser *p, ldx_error *err, const char *what)
{
	char label[KEY_SHOWN + 8];

	entry_label(p->st, label, sizeof label);
	return ldx_fail(err, LDX_ERR_PARSE, ldx_input_name(p->st->in), line_at(p, p->i),
	                "%s in '%s'", what, label);
}

static size_t read_ident(parser *p)
{
	size_t start = p->i;

	while (p->i < p->n && is_ident(p->s[p->i]))
		p->i++;
	return p->i - start;
}

/* FNV-1a of the lowercased name: macros are looked up for every bare
 * word in every value, so a file with thousands of them stays linear. */
static size_t macro_hash(const char *name, size_t n)
{
	unsigned long h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = ((h ^ (unsigned char)lower(name[i])) * 16777619u) & 0xffffffffu;
	return (size_t)h & (MACRO_TABLE - 1);
}

/* The hash slot holding name, or the empty slot where it would go. */
static size_t macro_slot(const bib_state *st, const char *name, size_t n)
{
	size_t h = macro_hash(name, n);

	/* The table is at most half full, so an empty slot always comes. */
	while (st->macro_index[h] &&
	       !eq_nocase(name, n, st->macros[st->macro_index[h] - 1].name))
		h = (h + 1) & (MACRO_TABLE - 1);
	return h;
}

static const char *macro_value(const bib_state *st, const char *name, size_t n)
{
	if (st->macro_index) {
		unsigned short k = st->macro_index[macro_slot(st, name, n)];

		if (k)
			return st->macros[k - 1].value;
	}
	for (size_t i = 0; i < 12; i++)
		if (eq_nocase(name, n, months[i][0]))
			return months[i][1];
	return NULL;
}

/* Reads one value (pieces joined by '#') into st->val. */
static ldx_status read_value(parser *p, ldx_error *err, const char *field)
{
	sbuf *v = &p->st->val;
	char what[NAME_MAX_LEN + 40];

	sb_reset(v);
	sb_add(v, "", 0, VALUE_MAX);
	for (;;) {
		char c = p->i < p->n ? p->s[p->i] : '\0';

		if (c == '{' || c == '"') {
			size_t start = ++p->i;
			int depth = 0;

			for (; p->i < p->n; p->i++) {
				char d = p->s[p->i];

				if (d == '{') {
					depth++;
				} else if (d == '}') {
					if (depth == 0)
						break;
					depth--;
				} else if (d == '"' && c == '"' && depth == 0) {
					break;
				}
			}
			if (p->i >= p->n || (c == '"' && p->s[p->i] != '"')) {
				snprintf(what, sizeof what, "unbalanced braces in the value of '%s'",
				         field);
				return syntax(p, err, what);
			}
			sb_add(v, p->s + start, p->i - start, VALUE_MAX);
			p->i++;
		} else if (is_digit(c)) {
			size_t start = p->i;

			while (p->i < p->n && is_digit(p->s[p->i]))
				p->i++;
			sb_add(v, p->s + start, p->i - start, VALUE_MAX);
		} else if (is_ident(c)) {
			size_t start = p->i, n = read_ident(p);
			const char *m = macro_value(p->st, p->s + start, n);

			/* BibTeX warns about an undefined macro and uses "";
			 * its name is the better guess at what was meant. */
			if (m)
				sb_add(v, m, strlen(m), VALUE_MAX);
			else
				sb_add(v, p->s + start, n, VALUE_MAX);
		} else {
			snprintf(what, sizeof what, "missing value for '%s'", field);
			return syntax(p, err, what);
		}
		skip_ws(p);
		if (p->i >= p->n || p->s[p->i] != '#')
			break;
		p->i++;
		skip_ws(p);
	}
	if (v->oom)
		return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(p->st->in), p->st->ent_line,
		                "out of memory reading an entry");
	return LDX_OK;
}

static ldx_status define_macro(parser *p, const char *name, ldx_error *err)
{
	bib_state *st = p->st;
	size_t vlen = st->val.n, h;
	char *nm, *val;

	if (!st->macro_index) {
		st->macro_index = calloc(MACRO_TABLE, sizeof *st->macro_index);
		if (!st->macro_index)
			goto nomem;
	}
	h = macro_slot(st, name, strlen(name));
	if (st->macro_index[h]) {
		macro *m = &st->macros[st->macro_index[h] - 1];

		/* Redefinition: the later one wins, as in BibTeX. */
		if (vlen > MACRO_BYTES_MAX - st->macro_bytes)
			return syntax(p, err, "too much @string text");
		val = strdup(st->val.p);
		if (!val)
			goto nomem;
		free(m->value);
		m->value = val;
		st->macro_bytes += vlen;
		return LDX_OK;
	}
	if (st->nmacros >= MACRO_MAX || vlen > MACRO_BYTES_MAX - st->macro_bytes)
		return syntax(p, err, "too many @string macros");
	if (st->nmacros % 64 == 0) {
		macro *m = realloc(st->macros, (st->nmacros + 64) * sizeof *m);
		if (!m)
			goto nomem;
		st->macros = m;
	}
	nm = strdup(name);
	val = strdup(st->val.p);
	if (!nm || !val) {
		free(nm);
		free(val);
		goto nomem;
	}
	st->macros[st->nmacros].name = nm;
	st->macros[st->nmacros].value = val;
	st->nmacros++;
	st->macro_index[h] = (unsigned short)st->nmacros;
	st->macro_bytes += vlen;
	return LDX_OK;
nomem:
	return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(st->in), st->ent_line,
	                "out of memory reading an entry");
}

static int find_slot(const char *name)
{
	for (size_t i = 0; i < sizeof field_names / sizeof *field_names; i++)
		if (strcmp(field_names[i].name, name) == 0)
			return (int)field_names[i].slot;
	return -1;
}

/* "name = value" pairs up to the closing delimiter: fields of an entry,
 * or macro definitions when is_string. */
static ldx_status read_assignments(parser *p, int is_string, ldx_error *err)
{
	char name[NAME_MAX_LEN + 1];
	char what[NAME_MAX_LEN + 40];
	ldx_status rc;

	for (;;) {
		size_t start, n;

		skip_ws(p);
		if (p->i >= p->n)
			return syntax(p, err, "unexpected end");
		if (p->s[p->i] == p->close)
			return LDX_OK;
		if (p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		start = p->i;
		n = read_ident(p);
		if (n == 0) {
			snprintf(what, sizeof what, "unexpected '%c'", p->s[p->i]);
			return syntax(p, err, what);
		}
		if (n > NAME_MAX_LEN)
			n = NAME_MAX_LEN;
		for (size_t k = 0; k < n; k++)
			name[k] = lower(p->s[start + k]);
		name[n] = '\0';
		skip_ws(p);
		if (p->i >= p->n || p->s[p->i] != '=') {
			snprintf(what, sizeof what, "missing '=' after '%s'", name);
			return syntax(p, err, what);
		}
		p->i++;
		skip_ws(p);
		rc = read_value(p, err, name);
		if (rc != LDX_OK)
			return rc;
		if (is_string) {
			rc = define_macro(p, name, err);
			if (rc != LDX_OK)
				return rc;
		} else {
			int s = find_slot(name);

			/* A repeated field: the first one counts, as in BibTeX. */
			if (s >= 0 && !p->st->slot[s]) {
				p->st->slot[s] = strdup(p->st->val.p);
				if (!p->st->slot[s])
					return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(p->st->in),
					                p->st->ent_line, "out of memory reading an entry");
			}
		}
		skip_ws(p);
		if (p->i < p->n && (p->s[p->i] == ',' || p->s[p->i] == p->close))
			continue;
		snprintf(what, sizeof what, "missing ',' after the value of '%s'", name);
		return syntax(p, err, what);
	}
}

static void clear_slots(bib_state *st)
{
	for (int i = 0; i < NSLOTS; i++) {
		free(st->slot[i]);
		st->slot[i] = NULL;
	}
}

/* Reads the head of st->ent; fills p->type and p->close, leaves p->i
 * after the opening delimiter.  collect() checked the shape already. */
static void read_head(parser *p)
{
	size_t n, start;

	p->i = 1;
	skip_ws(p);
	start = p->i;
	n = read_ident(p);
	if (n > NAME_MAX_LEN)
		n = NAME_MAX_LEN;
	for (size_t k = 0; k < n; k++)
		p->type[k] = lower(p->s[start + k]);
	p->type[n] = '\0';
	skip_ws(p);
	p->close = p->i < p->n && p->s[p->i] == '(' ? ')' : '}';
	p->i++;
}

/* ---- From raw fields to the record ------------------------------------------ */

/* LaTeX-converted text of a slot, malloc'ed, or NULL (absent or no memory:
 * *rc says which). */
static char *text_of(bib_state *st, enum slot s, int flags, ldx_status *rc)
{
	char *out = NULL;

	if (!st->slot[s] || *rc != LDX_OK)
		return NULL;
	*rc = ldx_latex_to_utf8(st->slot[s], strlen(st->slot[s]), flags, &out, NULL);
	return out;
}

static void set_text(bib_state *st, char **field, enum slot s, size_t max, ldx_status *rc)
{
	char *t = text_of(st, s, 0, rc);

	if (t && *rc == LDX_OK)
		*rc = ldx_record_set(field, t, (size_t)-1, max);
	free(t);
}

/* Pushes raw[0..n) to l after LaTeX conversion. */
static void push_latex(ldx_strlist *l, const char *raw, size_t n, ldx_status *rc)
{
	char *t = NULL;

	if (*rc != LDX_OK)
		return;
	*rc = ldx_latex_to_utf8(raw, n, 0, &t, NULL);
	if (*rc == LDX_OK)
		*rc = ldx_strlist_push(l, t, (size_t)-1);
	free(t);
}

/*
 * Splits a list value at brace depth 0: on ';' when there is one (MeSH
 * style "Models, Biological; Humans" keeps its commas), else on ','.
 */
static void push_list(ldx_strlist *l, const char *raw, ldx_status *rc)
{
	int depth = 0, semi = 0;
	size_t start = 0, i;

	if (!raw)
		return;
	for (i = 0; raw[i]; i++) {
		if (raw[i] == '{')
			depth++;
		else if (raw[i] == '}' && depth > 0)
			depth--;
		else if (raw[i] == ';' && depth == 0)
			semi = 1;
	}
	depth = 0;
	for (i = 0;; i++) {
		char c = raw[i];

		if (c == '{')
			depth++;
		else if (c == '}' && depth > 0)
			depth--;
		if (c == '\0' || (depth == 0 && (c == ';' || (c == ',' && !semi)))) {
			push_latex(l, raw + start, i - start, rc);
			start = i + 1;
		}
		if (c == '\0')
			break;
	}
}

/* ---- Names ---------------------------------------------------------------------- */

typedef struct span {
	size_t a, b;        /* raw[a..b) */
} span;

#define TOKENS_MAX 64

/* Whitespace-separated tokens of raw[a..b) at brace depth 0. */
static size_t tokens(const char *raw, size_t a, size_t b, span *out, size_t max)
{
	size_t n = 0, i = a;

	while (i < b) {
		size_t start;
		int depth = 0;

		while (i < b && is_space(raw[i]))
			i++;
		if (i >= b)
			break;
		start = i;
		for (; i < b && (depth > 0 || !is_space(raw[i])); i++) {
			if (raw[i] == '{')
				depth++;
			else if (raw[i] == '}' && depth > 0)
				depth--;
		}
		if (n < max) {
			out[n].a = start;
			out[n].b = i;
			n++;
		} else {
			out[max - 1].b = i;    /* fold the excess into the last */
		}
	}
	return n;
}

/* Is the token lowercase, i.e. a "von" part?  A token starting with a
 * plain brace group is protected and counts as uppercase. */
static int is_von(const char *raw, span t, ldx_status *rc)
{
	char *u = NULL;
	int von;

	if (raw[t.a] == '{' && t.b - t.a > 1 && raw[t.a + 1] != '\\')
		return 0;
	if (*rc != LDX_OK || (*rc = ldx_latex_to_utf8(raw + t.a, t.b - t.a, 0, &u, NULL)) != LDX_OK)
		return 0;
	von = u[0] >= 'a' && u[0] <= 'z';
	free(u);
	return von;
}

/*
 * Exports often leave an organisation's name unbraced ("National Centre
 * for Chronic Conditions"), which BibTeX would read as First von Last.
 * Name particles (van, de, la ...) are never these English function
 * words, so a name holding one inside is kept whole.
 */
static int is_organisation(const char *raw, const span *tok, size_t ntok)
{
	static const char *const words[] = {
		"of", "for", "at", "on", "in", "the", "to", "from", "with", "by",
	};

	for (size_t t = 1; t + 1 < ntok; t++)
		for (size_t w = 0; w < sizeof words / sizeof *words; w++)
			if (eq_nocase(raw + tok[t].a, tok[t].b - tok[t].a, words[w]))
				return 1;
	return 0;
}

/* Appends the initials of a converted forename ("Jean-Paul" -> "JP",
 * "KC" -> "KC", "Marcel R." -> "MR"). */
static void add_initials(sbuf *out, const char *fore)
{
	const unsigned char *p = (const unsigned char *)fore;
	size_t count = 0;

	while (*p && count < INITIALS_MAX) {
		const unsigned char *w;
		size_t len = 0, upper = 0;

		/* Separators: space, hyphen, period, and U+00A0 from '~'. */
		if (*p == ' ' || *p == '-' || *p == '.' || *p == '\t') {
			p++;
			continue;
		}
		if (p[0] == 0xC2 && p[1] == 0xA0) {
			p += 2;
			continue;
		}
		w = p;
		while (w[len] && w[len] != ' ' && w[len] != '-' && w[len] != '.' &&
		       !(w[len] == 0xC2 && w[len + 1] == 0xA0)) {
			if (w[len] >= 'A' && w[len] <= 'Z')
				upper++;
			len++;
		}
		if (len >= 2 && len <= 3 && upper == len) {
			/* Already initials run together: "KC", "JRR". */
			sb_add(out, (const char *)w, len, LDX_TITLE_MAX);
			count += len;
		} else {
			size_t k = 1;
			char c = (char)(*w >= 'a' && *w <= 'z' ? *w - 'a' + 'A' : *w);

			if (*w >= 0xC0)
				while (k < len && (w[k] & 0xC0) == 0x80)
					k++;
			if (k == 1)
				sb_add(out, &c, 1, LDX_TITLE_MAX);
			else
				sb_add(out, (const char *)w, k, LDX_TITLE_MAX);
			count++;
		}
		p = w + len;
	}
}

/* Converts raw[a..b) and appends it to out. */
static void add_latex(sbuf *out, const char *raw, size_t a, size_t b, ldx_status *rc)
{
	char *t = NULL;

	if (*rc != LDX_OK)
		return;
	*rc = ldx_latex_to_utf8(raw + a, b - a, 0, &t, NULL);
	if (*rc == LDX_OK)
		sb_add(out, t, strlen(t), LDX_TITLE_MAX);
	free(t);
}

static void trim(const char *raw, size_t *a, size_t *b)
{
	while (*a < *b && is_space(raw[*a]))
		(*a)++;
	while (*b > *a && is_space(raw[*b - 1]))
		(*b)--;
}

/*
 * One BibTeX name, raw[a..b), as "Last Initials": "Last, First",
 * "von Last, Jr, First" or "First von Last".  A name that is one brace
 * group ("{World Health Organization}") is a collective name, kept whole.
 */
static void push_name(ldx_strlist *authors, const char *raw, size_t a, size_t b,
                      sbuf *out, ldx_status *rc)
{
	span part[3] = {{0, 0}, {0, 0}, {0, 0}}, tok[TOKENS_MAX];
	size_t nparts = 0, ntok, start, i, first_a = 0, first_b = 0, jr_a = 0, jr_b = 0;
	size_t last_a, last_b;
	int depth = 0;

	trim(raw, &a, &b);
	if (a == b || eq_nocase(raw + a, b - a, "others"))
		return;
	sb_reset(out);
	sb_add(out, "", 0, LDX_TITLE_MAX);
	if (raw[a] == '{') {
		for (i = a; i < b; i++) {
			if (raw[i] == '{')
				depth++;
			else if (raw[i] == '}' && --depth == 0)
				break;
		}
		if (i == b - 1) {
			add_latex(out, raw, a, b, rc);
			goto push;
		}
		depth = 0;
	}
	/* Parts at commas at depth 0; a fourth and later part joins the third. */
	for (start = a, i = a; i <= b; i++) {
		if (i < b && raw[i] == '{')
			depth++;
		else if (i < b && raw[i] == '}' && depth > 0)
			depth--;
		if (i == b || (raw[i] == ',' && depth == 0 && nparts < 2)) {
			part[nparts].a = start;
			part[nparts].b = i;
			trim(raw, &part[nparts].a, &part[nparts].b);
			nparts++;
			start = i + 1;
		}
	}
	if (nparts == 1) {
		size_t von;

		ntok = tokens(raw, a, b, tok, TOKENS_MAX);
		if (ntok == 0)
			return;
		if (is_organisation(raw, tok, ntok)) {
			add_latex(out, raw, a, b, rc);
			goto push;
		}
		/* "First von Last": the von part starts at the first lowercase
		 * token before the last; without one, the last token is Last. */
		for (von = 0; von + 1 < ntok; von++)
			if (is_von(raw, tok[von], rc))
				break;
		last_a = tok[von].a;
		last_b = tok[ntok - 1].b;
		if (von > 0) {
			first_a = tok[0].a;
			first_b = tok[von - 1].b;
		}
	} else {
		last_a = part[0].a;
		last_b = part[0].b;
		if (nparts == 3) {
			jr_a = part[1].a;
			jr_b = part[1].b;
		}
		first_a = part[nparts - 1].a;
		first_b = part[nparts - 1].b;
	}
	if (last_a == last_b) {
		/* ", John": nothing but a forename. */
		add_latex(out, raw, first_a, first_b, rc);
		goto push;
	}
	add_latex(out, raw, last_a, last_b, rc);
	if (first_a < first_b && *rc == LDX_OK) {
		char *fore = NULL;

		*rc = ldx_latex_to_utf8(raw + first_a, first_b - first_a, 0, &fore, NULL);
		if (*rc == LDX_OK) {
			size_t before = out->n;

			sb_add(out, " ", 1, LDX_TITLE_MAX);
			add_initials(out, fore);
			if (!out->oom && out->n == before + 1) {
				out->n = before;    /* no initials after all */
				out->p[out->n] = '\0';
			}
		}
		free(fore);
	}
	if (jr_a < jr_b) {
		sb_add(out, " ", 1, LDX_TITLE_MAX);
		add_latex(out, raw, jr_a, jr_b, rc);
	}
push:
	if (out->oom && *rc == LDX_OK)
		*rc = LDX_ERR_NOMEM;
	if (*rc == LDX_OK)
		*rc = ldx_strlist_push(authors, out->p, out->n);
}

/* Splits an author field at the word "and" (any case) at depth 0. */
static void push_authors(ldx_strlist *authors, const char *raw, ldx_status *rc)
{
	sbuf name = {0};
	size_t start = 0, i = 0;
	int depth = 0;

	if (!raw)
		return;
	for (;;) {
		char c = raw[i];

		if (c == '\0') {
			push_name(authors, raw, start, i, &name, rc);
			break;
		}
		if (c == '{') {
			depth++;
		} else if (c == '}' && depth > 0) {
			depth--;
		} else if (depth == 0 && is_space(c) && (raw[i + 1] == 'a' || raw[i + 1] == 'A') &&
		           (raw[i + 2] == 'n' || raw[i + 2] == 'N') &&
		           (raw[i + 3] == 'd' || raw[i + 3] == 'D') && is_space(raw[i + 4])) {
			push_name(authors, raw, start, i, &name, rc);
			start = i + 4;
			i = start;
			continue;
		}
		i++;
	}
	sb_free(&name);
}

/* ---- Identifiers ----------------------------------------------------------------- */

/* Copies a PMID at the start of s ("12345", " PMID: 12345 ...") to out;
 * 0 when there is none or it runs into other characters ("P123"). */
static int leading_digits(const char *s, char *out, size_t size)
{
	size_t n = 0;

	while (is_space(*s))
		s++;
	if (lower(s[0]) == 'p' && lower(s[1]) == 'm' && lower(s[2]) == 'i' &&
	    lower(s[3]) == 'd') {
		s += 4;
		while (*s == ':' || is_space(*s))
			s++;
	}
	while (is_digit(s[n]) && n + 1 < size) {
		out[n] = s[n];
		n++;
	}
	out[n] = '\0';
	return n > 0 && !is_digit(s[n]);
}

/* A PMID mentioned in a note: "PMID: 12345" or "12345[pmid]". */
static int pmid_in_note(const char *s, char *out, size_t size)
{
	for (const char *p = s; *p; p++) {
		if (!(lower(p[0]) == 'p' && lower(p[1]) == 'm' && lower(p[2]) == 'i' &&
		      lower(p[3]) == 'd'))
			continue;
		if (p > s && p[-1] == '[' && p[4] == ']') {
			const char *e = p - 1, *b = e;

			while (b > s && is_digit(b[-1]))
				b--;
			if (b < e && (size_t)(e - b) < size) {
				memcpy(out, b, (size_t)(e - b));
				out[e - b] = '\0';
				return 1;
			}
		} else if ((p == s || !is_alpha(p[-1])) && leading_digits(p, out, size)) {
			return 1;
		}
	}
	return 0;
}

static ldx_status set_pmid(ldx_record *rec, bib_state *st, ldx_status *rc)
{
	char digits[24];
	char *t;
	int ok = 0;

	t = text_of(st, S_PMID, LDX_LATEX_LITERAL, rc);
	if (t)
		ok = leading_digits(t, digits, sizeof digits);
	free(t);
	if (!ok && st->slot[S_EPRINT] && st->slot[S_EPRINTTYPE]) {
		char *type = text_of(st, S_EPRINTTYPE, LDX_LATEX_LITERAL, rc);

		if (type && eq_nocase(type, strlen(type), "pubmed")) {
			t = text_of(st, S_EPRINT, LDX_LATEX_LITERAL, rc);
			if (t)
				ok = leading_digits(t, digits, sizeof digits);
			free(t);
		}
		free(type);
	}
	if (!ok) {
		t = text_of(st, S_NOTE, 0, rc);
		if (t)
			ok = pmid_in_note(t, digits, sizeof digits);
		free(t);
	}
	if (ok && *rc == LDX_OK)
		*rc = ldx_record_set(&rec->pmid, digits, (size_t)-1, sizeof digits);
	return *rc;
}

static void set_pmcid(ldx_record *rec, bib_state *st, ldx_status *rc)
{
	char *t = text_of(st, S_PMCID, LDX_LATEX_LITERAL, rc);
	char id[32] = "PMC";
	const char *p = t;
	size_t n = 3;

	if (!t)
		return;
	while (is_space(*p))
		p++;
	if (lower(p[0]) == 'p' && lower(p[1]) == 'm' && lower(p[2]) == 'c')
		p += 3;
	while (is_digit(*p) && n + 1 < sizeof id)
		id[n++] = *p++;
	id[n] = '\0';
	if (n > 3 && !is_digit(*p) && *rc == LDX_OK)
		*rc = ldx_record_set(&rec->pmcid, id, n, sizeof id);
	free(t);
}

static void set_doi(ldx_record *rec, bib_state *st, ldx_status *rc)
{
	char *t = text_of(st, S_DOI, LDX_LATEX_LITERAL, rc);
	char *doi = ldx_doi_normalize(t);

	free(t);
	if (!doi) {
		/* A resolver URL is as good as a doi field. */
		const char *at;

		t = text_of(st, S_URL, LDX_LATEX_LITERAL, rc);
		at = t ? strstr(t, "doi.org/10.") : NULL;
		if (at)
			doi = ldx_doi_normalize(at + strlen("doi.org/"));
		free(t);
	}
	if (doi && *rc == LDX_OK)
		*rc = ldx_record_set(&rec->doi, doi, (size_t)-1, 1024);
	free(doi);
}

static int record_is_empty(const ldx_record *rec)
{
	return !rec->pmid && !rec->doi && !rec->pmcid && !rec->title && !rec->abstract &&
	       !rec->journal && rec->authors.n == 0 && rec->keywords.n == 0 &&
	       rec->mesh.n == 0;
}

static ldx_status fill_record(bib_state *st, ldx_record *rec)
{
	ldx_status rc = LDX_OK;
	char *t;

	set_text(st, &rec->title, st->slot[S_TITLE] ? S_TITLE : S_BOOKTITLE, LDX_TITLE_MAX,
	         &rc);
	set_text(st, &rec->abstract, S_ABSTRACT, LDX_FIELD_MAX, &rc);
	if (rc == LDX_OK)
		push_authors(&rec->authors, st->slot[S_AUTHOR], &rc);
	if (rc == LDX_OK)
		push_list(&rec->keywords, st->slot[S_KEYWORDS], &rc);
	if (rc == LDX_OK)
		push_list(&rec->mesh, st->slot[S_MESH], &rc);
	/* "fjournal" (AMS) is the full title next to an abbreviated journal. */
	if (st->slot[S_FJOURNAL]) {
		set_text(st, &rec->journal, S_FJOURNAL, LDX_TITLE_MAX, &rc);
		set_text(st, &rec->journal_abbrev, st->slot[S_ABBREV] ? S_ABBREV : S_JOURNAL,
		         LDX_TITLE_MAX, &rc);
	} else {
		set_text(st, &rec->journal, st->slot[S_JOURNAL] ? S_JOURNAL : S_JOURNALTITLE,
		         LDX_TITLE_MAX, &rc);
		set_text(st, &rec->journal_abbrev, S_ABBREV, LDX_TITLE_MAX, &rc);
	}
	/* In proceedings the book title is where the paper appeared. */
	if (!rec->journal && st->slot[S_TITLE] && st->slot[S_BOOKTITLE])
		set_text(st, &rec->journal, S_BOOKTITLE, LDX_TITLE_MAX, &rc);
	set_text(st, &rec->language, S_LANGUAGE, 256, &rc);
	t = text_of(st, S_YEAR, 0, &rc);
	rec->year = ldx_year_from_date(t);
	free(t);
	if (!rec->year) {
		t = text_of(st, S_DATE, 0, &rc);
		rec->year = ldx_year_from_date(t);
		free(t);
	}
	set_doi(rec, st, &rc);
	set_pmid(rec, st, &rc);
	set_pmcid(rec, st, &rc);
	return rc;
}

/*
 * Parses st->ent.  *got is 1 when rec holds a record; 0 for @comment,
 * @preamble, @string and entries with nothing worth keeping.
 */
static ldx_status parse_entry(bib_state *st, ldx_record *rec, int *got, ldx_error *err)
{
	parser p;
	ldx_status rc;

	*got = 0;
	memset(&p, 0, sizeof p);
	p.st = st;
	p.s = st->ent.p;
	p.n = st->ent.n;
	read_head(&p);
	if (strcmp(p.type, "comment") == 0 || strcmp(p.type, "preamble") == 0)
		return LDX_OK;
	if (strcmp(p.type, "string") == 0)
		return read_assignments(&p, 1, err);
	/* The key runs to the first ',' (it may be empty: "@misc{,"). */
	skip_ws(&p);
	while (p.i < p.n && p.s[p.i] != ',' && p.s[p.i] != p.close && !is_space(p.s[p.i]))
		p.i++;
	skip_ws(&p);
	if (p.i >= p.n || (p.s[p.i] != ',' && p.s[p.i] != p.close))
		return syntax(&p, err, "missing ',' after the key");
	clear_slots(st);
	rc = read_assignments(&p, 0, err);
	if (rc == LDX_OK) {
		rec->line = st->ent_line;
		rc = fill_record(st, rec);
		if (rc != LDX_OK)
			ldx_fail(err, rc, ldx_input_name(st->in), st->ent_line,
			         "out of memory reading an entry");
		else
			*got = !record_is_empty(rec);
	}
	clear_slots(st);
	return rc;
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
		rc = parse_entry(st, rec, &got, err);
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
	clear_slots(st);
	for (size_t i = 0; i < st->nmacros; i++) {
		free(st->macros[i].name);
		free(st->macros[i].value);
	}
	free(st->macros);
	free(st->macro_index);
	sb_free(&st->ent);
	sb_free(&st->val);
	free(st);
}

const ldx_reader_ops ldx_reader_bibtex = {
	.name = "bibtex",
	.sniff = bibtex_sniff,
	.open = bibtex_open,
	.next = bibtex_next,
	.close = bibtex_close,
};
