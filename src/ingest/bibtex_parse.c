/*
 * bibtex_parse.c: parsing one collected BibTeX entry (see bibtex_int.h):
 * the head ("@article{" or "@misc("), the key, "name = value" fields,
 * values in braces, quotes or bare words joined with '#', and @string
 * macros (with BibTeX's predefined months), looked up through a hash
 * table so a file with thousands stays linear.  Only the fields the
 * record uses are kept, raw, in st->slot; bibtex_record.c reads them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/bibtex_int.h"

/* Field names (lowercase) and the slot each fills. */
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

	bib_entry_label(p->st, label, sizeof label);
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

	bib_sb_reset(v);
	bib_sb_add(v, "", 0, VALUE_MAX);
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
			bib_sb_add(v, p->s + start, p->i - start, VALUE_MAX);
			p->i++;
		} else if (is_digit(c)) {
			size_t start = p->i;

			while (p->i < p->n && is_digit(p->s[p->i]))
				p->i++;
			bib_sb_add(v, p->s + start, p->i - start, VALUE_MAX);
		} else if (is_ident(c)) {
			size_t start = p->i, n = read_ident(p);
			const char *m = macro_value(p->st, p->s + start, n);

			/* BibTeX warns about an undefined macro and uses "";
			 * its name is the better guess at what was meant. */
			if (m)
				bib_sb_add(v, m, strlen(m), VALUE_MAX);
			else
				bib_sb_add(v, p->s + start, n, VALUE_MAX);
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

void bib_clear_slots(bib_state *st)
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

/*
 * Parses st->ent.  *got is 1 when rec holds a record; 0 for @comment,
 * @preamble, @string and entries with nothing worth keeping.
 */
ldx_status bib_parse_entry(bib_state *st, ldx_record *rec, int *got, ldx_error *err)
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
	bib_clear_slots(st);
	rc = read_assignments(&p, 0, err);
	if (rc == LDX_OK) {
		rec->line = st->ent_line;
		rc = bib_fill_record(st, rec);
		if (rc != LDX_OK)
			ldx_fail(err, rc, ldx_input_name(st->in), st->ent_line,
			         "out of memory reading an entry");
		else
			*got = !bib_record_is_empty(rec);
	}
	bib_clear_slots(st);
	return rc;
}

