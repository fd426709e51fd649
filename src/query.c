/*
 * query.c: the litdex query language, translated to an FTS5 MATCH
 * expression (see query.h for the grammar).  This file owns every step
 * between the user's text and the expression string:
 *
 *   lexer      words, "phrases" (with ~N), field prefixes, [tags], NEAR(
 *              ... ), ( ) and the upper-case operators; lexed on demand
 *              into a small queue, so errors come in text order
 *   parser     recursive descent into a small AST (struct node); runs of
 *              words before a tag become one tagged phrase
 *   simplifier drops words that yield no index tokens, flattens nested
 *              AND/OR, and folds a field onto a single term or NEAR group
 *   relaxer    the "any" variant: top-level ANDs become ORs
 *   emitter    writes the FTS5 expression; every word and phrase becomes
 *              an FTS5 string, so user text is never FTS5 syntax
 *   explainer  the same tree as readable lines; the term list for
 *              suggestions
 *
 * Positions are byte offsets internally and 1-based UTF-8 character
 * positions in errors.  The input is checked to be UTF-8 first, so the
 * two always convert cleanly.
 *
 * FTS5's own parser has a fixed stack of about 100 entries, which a
 * nested query can overflow ("fts5: parser stack overflow") long before
 * our nesting limit.  fts5_stack_check() models the stack the emitted
 * expression needs and rejects the query before FTS5 would.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "query.h"

/* Input limit: keeps output and work bounded for hostile input. */
#define QUERY_MAX_BYTES (64 * 1024)
/* Output limits; a buffer that grows from user input always gets a hard
 * maximum.  Year ranges can reach the FTS5 one from 64 KB of input, and
 * are refused with a message when they do. */
#define FTS_MAX_BYTES (1024 * 1024)
#define EXPLAIN_MAX_BYTES (4 * 1024 * 1024)
/* Parentheses and field prefixes, counted together: bounds recursion. */
#define QUERY_MAX_DEPTH 100
/* Entries of FTS5's parser stack (YYSTACKDEPTH is 100) that an emitted
 * expression may use, with room for the entries the model leaves out. */
#define FTS5_STACK_BUDGET 90
/* NEAR distances: FTS5's default, and the largest we accept. */
#define NEAR_DEFAULT 10
#define NEAR_MAX 1000
/* A [dp] range becomes one string per year, so its length is bounded. */
#define YEARS_MAX 300
/* "did you mean" needs a handful; the cap keeps deduplication cheap. */
#define TERMS_MAX 256

/* What a field prefix or tag limits a term to.  Options are data: a new
 * field is one line here and one in fields[] or tags[]. */
enum {
	TG_NONE = -1,  /* no column limit */
	TG_TITLE, TG_ABSTRACT, TG_TIAB, TG_KEYWORDS, TG_MESH, TG_AUTHORS, TG_VENUE,
	TG_PUBTYPES, TG_YEAR, TG_LANGUAGE, TG_IDS
};

static const struct target {
	const char *columns;   /* FTS5 columns, space-separated */
	const char *label;     /* how explain names it */
	int filter;            /* stays required in the any variant */
} targets[] = {
	[TG_TITLE] = { "title", "title", 0 },
	[TG_ABSTRACT] = { "abstract", "abstract", 0 },
	[TG_TIAB] = { "title abstract", "title, abstract", 0 },
	[TG_KEYWORDS] = { "keywords", "keywords", 0 },
	[TG_MESH] = { "mesh", "MeSH", 0 },
	[TG_AUTHORS] = { "authors", "authors", 0 },
	[TG_VENUE] = { "venue", "journal", 0 },
	[TG_PUBTYPES] = { "pub_types", "publication type", 1 },
	[TG_YEAR] = { "year", "year", 1 },
	[TG_LANGUAGE] = { "language", "language", 1 },
	[TG_IDS] = { "ids", "identifiers", 0 },
};

/* Field prefixes ("title:") the user may write. */
static const struct field {
	const char *name;
	int target;
} fields[] = {
	{ "title", TG_TITLE },
	{ "abstract", TG_ABSTRACT },
	{ "keywords", TG_KEYWORDS },
	{ "keyword", TG_KEYWORDS },
	{ "mesh", TG_MESH },
	{ "authors", TG_AUTHORS },
	{ "author", TG_AUTHORS },
	{ "journal", TG_VENUE },
};
#define NFIELDS ((int)(sizeof fields / sizeof fields[0]))

#define TAG_LAST_WORD 1   /* values never have spaces: the tag takes one word */
#define TAG_DATE 2        /* the term is a date or a range of dates */
#define TAG_NOEXP 4       /* accepts PubMed's ":noexp" (we never explode MeSH) */

/* PubMed field tags ("[ti]"); names are lower case, one space between words. */
static const struct tag {
	const char *name;
	int target;
	unsigned flags;
} tags[] = {
	{ "ti", TG_TITLE, 0 },
	{ "title", TG_TITLE, 0 },
	{ "ab", TG_ABSTRACT, 0 },
	{ "abstract", TG_ABSTRACT, 0 },
	{ "tiab", TG_TIAB, 0 },
	{ "title/abstract", TG_TIAB, 0 },
	{ "au", TG_AUTHORS, 0 },
	{ "auth", TG_AUTHORS, 0 },
	{ "author", TG_AUTHORS, 0 },
	{ "ta", TG_VENUE, 0 },
	{ "journal", TG_VENUE, 0 },
	{ "jour", TG_VENUE, 0 },
	{ "dp", TG_YEAR, TAG_LAST_WORD | TAG_DATE },
	{ "pdat", TG_YEAR, TAG_LAST_WORD | TAG_DATE },
	{ "year", TG_YEAR, TAG_LAST_WORD | TAG_DATE },
	{ "mh", TG_MESH, TAG_NOEXP },
	{ "mesh", TG_MESH, TAG_NOEXP },
	{ "majr", TG_MESH, TAG_NOEXP },
	{ "mesh terms", TG_MESH, TAG_NOEXP },
	{ "mesh major topic", TG_MESH, TAG_NOEXP },
	{ "ot", TG_KEYWORDS, 0 },
	{ "kw", TG_KEYWORDS, 0 },
	{ "keyword", TG_KEYWORDS, 0 },
	{ "other term", TG_KEYWORDS, 0 },
	{ "pt", TG_PUBTYPES, 0 },
	{ "publication type", TG_PUBTYPES, 0 },
	{ "la", TG_LANGUAGE, TAG_LAST_WORD },
	{ "language", TG_LANGUAGE, TAG_LAST_WORD },
	{ "pmid", TG_IDS, TAG_LAST_WORD },
	{ "uid", TG_IDS, TAG_LAST_WORD },
	{ "doi", TG_IDS, TAG_LAST_WORD },
	{ "aid", TG_IDS, TAG_LAST_WORD },
	{ "all", TG_NONE, 0 },
	{ "tw", TG_NONE, 0 },
	{ "all fields", TG_NONE, 0 },
	{ "text word", TG_NONE, 0 },
};
#define NTAGS ((int)(sizeof tags / sizeof tags[0]))

/* Ways a language is written: MEDLINE stores "eng", BibTeX "english",
 * HTML "en".  A [la] term naming one finds them all. */
static const char *const languages[][5] = {
	{ "english", "eng", "en" },
	{ "french", "fre", "fra", "fr" },
	{ "german", "ger", "deu", "de" },
	{ "spanish", "spa", "es" },
	{ "italian", "ita", "it" },
	{ "portuguese", "por", "pt" },
	{ "dutch", "dut", "nld", "nl" },
	{ "russian", "rus", "ru" },
	{ "japanese", "jpn", "ja" },
	{ "chinese", "chi", "zho", "zh" },
	{ "korean", "kor", "ko" },
	{ "polish", "pol", "pl" },
	{ "swedish", "swe", "sv" },
	{ "danish", "dan", "da" },
	{ "norwegian", "nor", "no" },
	{ "turkish", "tur", "tr" },
};
#define NLANGUAGES ((int)(sizeof languages / sizeof languages[0]))

enum tok_kind {
	T_END, T_WORD, T_PHRASE, T_FIELD, T_TAG, T_NEAR, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT
};

struct token {
	enum tok_kind kind;
	size_t off;        /* where the token starts (a phrase's quote, a tag's '[') */
	size_t text, len;  /* T_WORD, T_PHRASE: the text; T_FIELD: "name:"; T_TAG:
	                    * inside the brackets, trimmed; T_NEAR: inside NEAR( ) */
	int prefix;        /* T_WORD ended in '*' (not part of text) */
	int index;         /* T_FIELD: into fields[]; T_TAG: into tags[] */
	int dist;          /* T_PHRASE "~N", T_TAG ":~N": the distance, else -1 */
	int plain;         /* T_WORD: known to be a term of its own, not part of
	                    * a tagged run (set by parse_run) */
};

/*
 * The AST.  N_NOT appears only as a child of N_AND ("a NOT b" is AND(a,
 * NOT b)), which keeps "a NOT b NOT c ..." flat instead of left-deep.
 * N_NEAR has N_TERM kids only.  A language tag makes an N_FIELD over an
 * N_OR of the language's spellings (N_TERMs with lit set).
 */
enum node_kind { N_TERM, N_AND, N_OR, N_NOT, N_FIELD, N_NEAR, N_YEARS };

struct node {
	enum node_kind kind;
	size_t off;        /* first byte in the query; N_NOT: its operator */
	size_t text, len;  /* N_TERM: the word or phrase text in the query;
	                    * N_FIELD of a language: the language as typed */
	const char *lit;   /* N_TERM: static text to search instead, or NULL */
	int prefix;        /* N_TERM: prefix search */
	int field;         /* N_TERM, N_FIELD, N_NEAR: a target, or TG_NONE */
	int dist;          /* N_NEAR: the distance */
	int y1, y2;        /* N_YEARS: first and last year */
	int dated;         /* N_YEARS: months or days were given */
	int lang;          /* N_FIELD: index into languages[], or -1 */
	struct node **kids;
	size_t nkids, cap;
};

struct parser {
	const char *q;
	size_t len;
	size_t pos;                /* lexer position */
	struct token *queue;       /* lookahead: queue[head..count) */
	size_t head, count, qcap;
	int field;                 /* enclosing field prefix (a target), or -1 */
	size_t field_off;
	int after_prefix;          /* the next term is the one a prefix names */
	const ldx_query_tokenizer *tok;
	ldx_error *err;
	struct node **nodes;       /* every node made, freed together */
	size_t nnodes, capnodes;
	struct node **dropped;     /* terms the simplifier dropped, for explain */
	size_t ndropped, capdropped;
};

/* 1-based character position of byte offset off; q is valid UTF-8. */
static int char_pos(const char *q, size_t off)
{
	int n = 1;

	for (size_t i = 0; i < off; i++)
		if (((unsigned char)q[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Length of the UTF-8 prefix of s[0..n) that is valid; n when all is. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k;
		unsigned min, cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1, min = 0x80, cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2, min = 0x800, cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3, min = 0x10000, cp = c & 0x07;
		} else {
			return i;
		}
		if (n - i <= k)
			return i;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += k + 1;
	}
	return n;
}

static ldx_status fail_at(struct parser *p, size_t off, const char *what)
{
	int pos = char_pos(p->q, off);

	return ldx_fail_at(p->err, pos, "%s at position %d", what, pos);
}

static ldx_status nomem(struct parser *p)
{
	return ldx_fail(p->err, LDX_ERR_NOMEM, NULL, 0, "out of memory translating the query");
}

/* ---- Lexer ---------------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int field_lookup(const char *s, size_t n)
{
	for (int i = 0; i < NFIELDS; i++)
		if (strlen(fields[i].name) == n && strncasecmp(fields[i].name, s, n) == 0)
			return i;
	return -1;
}

/* name (lower case, single spaces) against s[0..n): any case, and a run
 * of white space in s for each space in name. */
static int tag_name_is(const char *name, const char *s, size_t n)
{
	size_t i = 0;

	for (; *name; name++) {
		if (i >= n)
			return 0;
		if (*name == ' ') {
			if (!is_space(s[i]))
				return 0;
			while (i < n && is_space(s[i]))
				i++;
			continue;
		}
		if (ascii_lower(s[i]) != *name)
			return 0;
		i++;
	}
	return i == n;
}

static int tag_lookup(const char *s, size_t n)
{
	for (int i = 0; i < NTAGS; i++)
		if (tag_name_is(tags[i].name, s, n))
			return i;
	return -1;
}

/* Reads the digits at q[*k..end); returns their value, capped at
 * NEAR_MAX + 1, or -1 when there are none.  *k moves past them. */
static int read_number(const char *q, size_t end, size_t *k)
{
	size_t i = *k;
	long v = 0;

	while (i < end && is_digit(q[i])) {
		if (v <= NEAR_MAX)
			v = v * 10 + (q[i] - '0');
		i++;
	}
	if (i == *k)
		return -1;
	*k = i;
	return v > NEAR_MAX ? NEAR_MAX + 1 : (int)v;
}

static ldx_status star_error(struct parser *p, size_t off)
{
	int pos = char_pos(p->q, off);

	return ldx_fail_at(p->err, pos,
	                   "'*' at position %d must directly follow a word, as in neuro*", pos);
}

static ldx_status tilde_error(struct parser *p, size_t off)
{
	int pos = char_pos(p->q, off);

	return ldx_fail_at(p->err, pos,
	                   "'~' at position %d needs a number and must directly follow a quoted "
	                   "phrase, as in \"a b\"~5", pos);
}

static ldx_status distance_error(struct parser *p, size_t off)
{
	int pos = char_pos(p->q, off);

	return ldx_fail_at(p->err, pos, "proximity distance at position %d is too large: "
	                   "the limit is %d", pos, NEAR_MAX);
}

static ldx_status unknown_tag(struct parser *p, size_t off, size_t text, size_t n)
{
	char known[512];
	size_t used = 0;
	int pos = char_pos(p->q, off);

	known[0] = '\0';
	for (int i = 0; i < NTAGS && used < sizeof known; i++)
		used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
		                         tags[i].name);
	return ldx_fail_at(p->err, pos, "unknown field tag [%.*s] at position %d; known tags: %s",
	                   n > 40 ? 40 : (int)n, p->q + text, pos, known);
}

/* "[name]" or "[name:modifier]" at q[i]. */
static ldx_status lex_tag(struct parser *p, size_t i, struct token *t)
{
	const char *q = p->q;
	size_t k, a, b, name_end;
	const char *colon;
	int tag;

	for (k = i + 1; k < p->len; k++)
		if (q[k] == ']' || q[k] == '[' || q[k] == '(' || q[k] == ')' || q[k] == '"')
			break;
	if (k >= p->len || q[k] != ']')
		return fail_at(p, i, "unterminated '['");
	for (a = i + 1; a < k && is_space(q[a]); a++)
		;
	for (b = k; b > a && is_space(q[b - 1]); b--)
		;
	if (a == b)
		return fail_at(p, i, "empty field tag");
	colon = memchr(q + a, ':', b - a);
	for (name_end = colon ? (size_t)(colon - q) : b; name_end > a && is_space(q[name_end - 1]);
	     name_end--)
		;
	if ((tag = tag_lookup(q + a, name_end - a)) < 0)
		return unknown_tag(p, i, a, b - a);
	t->kind = T_TAG;
	t->index = tag;
	t->text = a;
	t->len = b - a;
	t->dist = -1;
	if (colon) {
		size_t m = (size_t)(colon - q) + 1;

		while (m < b && is_space(q[m]))
			m++;
		if (m < b && q[m] == '~') {
			size_t d = m + 1;
			int v;

			while (d < b && is_space(q[d]))
				d++;
			v = read_number(q, b, &d);
			if (v < 0 || d != b) {
				int pos = char_pos(q, i);

				return ldx_fail_at(p->err, pos, "'~' in the field tag at position %d needs "
				                   "a number, as in [tiab:~5]", pos);
			}
			if (v > NEAR_MAX)
				return distance_error(p, i);
			t->dist = v;
		} else if (!(tags[tag].flags & TAG_NOEXP) || !tag_name_is("noexp", q + m, b - m)) {
			int pos = char_pos(q, i);

			return ldx_fail_at(p->err, pos, "unknown modifier ':%.*s' in the field tag at "
			                   "position %d", b - m > 40 ? 40 : (int)(b - m), q + m, pos);
		}
	}
	p->pos = k + 1;
	return LDX_OK;
}

/* "NEAR(" at q[i], its '(' at q[j]: the token spans up to the matching
 * ')'; parse_near reads what is inside. */
static ldx_status lex_near(struct parser *p, size_t i, size_t j, struct token *t)
{
	const char *q = p->q;
	size_t k;

	for (k = j + 1; k < p->len && q[k] != ')'; k++) {
		if (q[k] == '"') {
			const char *end = memchr(q + k + 1, '"', p->len - k - 1);

			if (!end)
				return fail_at(p, k, "unterminated quote");
			k = (size_t)(end - q);
		} else if (q[k] == '(') {
			int pos = char_pos(q, k);

			return ldx_fail_at(p->err, pos, "'(' at position %d is inside NEAR(...), which "
			                   "holds only words and \"phrases\"", pos);
		}
	}
	if (k >= p->len)
		return fail_at(p, i, "unbalanced 'NEAR('");
	t->kind = T_NEAR;
	t->text = j + 1;
	t->len = k - j - 1;
	p->pos = k + 1;
	return LDX_OK;
}

static int is_operator(const char *s, size_t n)
{
	return (n == 3 && (memcmp(s, "AND", 3) == 0 || memcmp(s, "NOT", 3) == 0)) ||
	       (n == 2 && memcmp(s, "OR", 2) == 0);
}

static ldx_status lex(struct parser *p, struct token *t)
{
	const char *q = p->q;
	size_t i = p->pos, j;
	const char *colon;

	while (i < p->len && is_space(q[i]))
		i++;
	memset(t, 0, sizeof *t);
	t->off = i;
	t->index = -1;
	t->dist = -1;
	if (i >= p->len) {
		t->kind = T_END;
		p->pos = i;
		return LDX_OK;
	}
	if (q[i] == '(' || q[i] == ')') {
		t->kind = q[i] == '(' ? T_LPAREN : T_RPAREN;
		p->pos = i + 1;
		return LDX_OK;
	}
	if (q[i] == '[')
		return lex_tag(p, i, t);
	if (q[i] == '"') {
		const char *end = memchr(q + i + 1, '"', p->len - i - 1);
		size_t k;

		if (!end)
			return fail_at(p, i, "unterminated quote");
		j = (size_t)(end - q);
		for (k = i + 1; k < j && is_space(q[k]); k++)
			;
		if (k == j)
			return fail_at(p, i, "empty phrase");
		t->kind = T_PHRASE;
		t->text = i + 1;
		t->len = j - i - 1;
		p->pos = j + 1;
		if (j + 1 < p->len && q[j + 1] == '~') {
			size_t d = j + 2;
			int v = read_number(q, p->len, &d);

			if (v < 0)
				return tilde_error(p, j + 1);
			if (v > NEAR_MAX)
				return distance_error(p, j + 2);
			t->dist = v;
			p->pos = d;
		}
		return LDX_OK;
	}

	/* A run of anything else.  "name:" is a field only for a known name;
	 * "5:1" or "foo:bar" stay one word for the tokenizer to split. */
	for (j = i; j < p->len && !is_space(q[j]) && q[j] != '(' && q[j] != ')' && q[j] != '"' &&
	            q[j] != '['; j++)
		;
	colon = memchr(q + i, ':', j - i);
	if (colon && colon > q + i) {
		int f = field_lookup(q + i, (size_t)(colon - q) - i);

		if (f >= 0) {
			t->kind = T_FIELD;
			t->index = f;
			t->text = i;
			t->len = (size_t)(colon - q) - i + 1;
			p->pos = t->text + t->len;
			return LDX_OK;
		}
	}
	if (q[i] == '*')
		return star_error(p, i);
	if (q[i] == '~')
		return tilde_error(p, i);
	p->pos = j;
	if (is_operator(q + i, j - i)) {
		t->kind = q[i] == 'A' ? T_AND : q[i] == 'O' ? T_OR : T_NOT;
		return LDX_OK;
	}
	if (j - i == 4 && memcmp(q + i, "NEAR", 4) == 0 && j < p->len && q[j] == '(')
		return lex_near(p, i, j, t);
	t->kind = T_WORD;
	t->text = i;
	t->len = j - i;
	if (q[j - 1] == '*') {
		/* j - i >= 2 here: a run starting with '*' was refused above */
		if (q[j - 2] == '*')
			return star_error(p, j - 1);
		t->prefix = 1;
		t->len--;
	}
	return LDX_OK;
}

/* The k-th token of lookahead (0 is the next); lexes as far as needed.
 * The pointer is valid until the next peek. */
static ldx_status peek_at(struct parser *p, size_t k, struct token **t)
{
	while (p->count - p->head <= k) {
		ldx_status rc;

		if (p->count == p->qcap) {
			if (p->head > 0) {
				memmove(p->queue, p->queue + p->head,
				        (p->count - p->head) * sizeof *p->queue);
				p->count -= p->head;
				p->head = 0;
			} else {
				size_t cap = p->qcap ? 2 * p->qcap : 16;
				struct token *v = realloc(p->queue, cap * sizeof *v);

				if (!v)
					return nomem(p);
				p->queue = v;
				p->qcap = cap;
			}
		}
		if ((rc = lex(p, &p->queue[p->count])) != LDX_OK)
			return rc;
		p->count++;
	}
	*t = &p->queue[p->head + k];
	return LDX_OK;
}

static ldx_status peek(struct parser *p, const struct token **t)
{
	struct token *x = NULL;
	ldx_status rc = peek_at(p, 0, &x);

	*t = x;
	return rc;
}

/* Drops the next token; only after a peek. */
static void consume(struct parser *p)
{
	if (++p->head == p->count)
		p->head = p->count = 0;
}

static int starts_term(enum tok_kind k)
{
	return k == T_WORD || k == T_PHRASE || k == T_FIELD || k == T_LPAREN || k == T_NEAR;
}

static const char *op_name(enum tok_kind k)
{
	return k == T_AND ? "AND" : k == T_OR ? "OR" : "NOT";
}

/* ---- AST ------------------------------------------------------------ */

static struct node *node_new(struct parser *p, enum node_kind kind, size_t off)
{
	struct node *n;

	if (p->nnodes == p->capnodes) {
		size_t cap = p->capnodes ? 2 * p->capnodes : 64;
		struct node **v = realloc(p->nodes, cap * sizeof *v);

		if (!v)
			return NULL;
		p->nodes = v;
		p->capnodes = cap;
	}
	n = calloc(1, sizeof *n);
	if (!n)
		return NULL;
	n->kind = kind;
	n->off = off;
	n->field = TG_NONE;
	n->lang = -1;
	p->nodes[p->nnodes++] = n;
	return n;
}

static int node_add(struct node *n, struct node *kid)
{
	if (n->nkids == n->cap) {
		size_t cap = n->cap ? 2 * n->cap : 4;
		struct node **v = realloc(n->kids, cap * sizeof *v);

		if (!v)
			return -1;
		n->kids = v;
		n->cap = cap;
	}
	n->kids[n->nkids++] = kid;
	return 0;
}

/* A term over q[text..text+len) starting at off. */
static struct node *term_new(struct parser *p, size_t off, size_t text, size_t len, int prefix)
{
	struct node *n = node_new(p, N_TERM, off);

	if (n) {
		n->text = text;
		n->len = len;
		n->prefix = prefix;
	}
	return n;
}

static void parser_release(struct parser *p)
{
	for (size_t i = 0; i < p->nnodes; i++) {
		free(p->nodes[i]->kids);
		free(p->nodes[i]);
	}
	free(p->nodes);
	free(p->queue);
	free(p->dropped);
}

/* ---- Parser: terms and what follows them ---------------------------- */

/* A tag must not name another column than the field prefix around it. */
static ldx_status check_tag_field(struct parser *p, const struct token *tag)
{
	int target = tags[tag->index].target;

	if (p->field >= 0 && target >= 0 &&
	    strcmp(targets[p->field].columns, targets[target].columns) != 0) {
		int pos = char_pos(p->q, tag->off);
		int opos = char_pos(p->q, p->field_off);

		return ldx_fail_at(p->err, pos, "field tag [%.*s] at position %d is inside the field "
		                   "prefix at position %d: a term can have only one field",
		                   (int)tag->len, p->q + tag->text, pos, opos);
	}
	return LDX_OK;
}

/* The words of term n (split at white space) as a NEAR group. */
static ldx_status make_near(struct parser *p, struct node *n, int dist, int target,
                            struct node **out)
{
	struct node *near = node_new(p, N_NEAR, n->off);
	size_t i = n->text, end = n->text + n->len;

	if (!near)
		return nomem(p);
	while (i < end) {
		size_t j;
		struct node *kid;

		if (is_space(p->q[i])) {
			i++;
			continue;
		}
		for (j = i; j < end && !is_space(p->q[j]); j++)
			;
		if (!(kid = term_new(p, i, i, j - i, 0)) || node_add(near, kid) != 0)
			return nomem(p);
		i = j;
	}
	if (near->nkids < 2) {
		int pos = char_pos(p->q, n->off);

		return ldx_fail_at(p->err, pos, "proximity search at position %d needs at least two "
		                   "words", pos);
	}
	near->kids[near->nkids - 1]->prefix = n->prefix;
	near->dist = dist;
	near->field = target;
	*out = near;
	return LDX_OK;
}

/* YYYY[/M[M][/D[D]]] at q[*i..end).  *lo and *hi are yyyymmdd with the
 * missing parts as the earliest and the latest.  0 on success. */
static int read_date(const char *q, size_t *i, size_t end, int *year, long *lo, long *hi,
                     int *dated)
{
	size_t k = *i;
	int part[3] = { 0, 0, 0 }, nparts = 0;

	for (;;) {
		size_t start = k, width = nparts ? 2 : 4;
		int v = 0;

		while (k < end && is_digit(q[k]) && k - start < width)
			v = v * 10 + (q[k++] - '0');
		if (k == start || (nparts == 0 && k - start != 4) || (k < end && is_digit(q[k])))
			return -1;
		part[nparts++] = v;
		if (nparts == 3 || k >= end || q[k] != '/')
			break;
		k++; /* the '/' */
	}
	if (nparts > 1 && (part[1] < 1 || part[1] > 12))
		return -1;
	if (nparts > 2 && (part[2] < 1 || part[2] > 31))
		return -1;
	*year = part[0];
	*lo = part[0] * 10000L + part[1] * 100L + part[2];
	*hi = part[0] * 10000L + (nparts > 1 ? part[1] : 99) * 100L + (nparts > 2 ? part[2] : 99);
	*dated |= nparts > 1;
	*i = k;
	return 0;
}

/* Term n under a date tag: a year, a date or a range, as N_YEARS. */
static ldx_status make_years(struct parser *p, struct node *n, const struct token *tag,
                             struct node **out)
{
	const char *q = p->q;
	size_t i = n->text, end = n->text + n->len;
	int y1, y2, dated = 0;
	long lo1, hi1, lo2, hi2;
	struct node *y;

	while (i < end && is_space(q[i]))
		i++;
	while (end > i && is_space(q[end - 1]))
		end--;
	if (n->prefix || read_date(q, &i, end, &y1, &lo1, &hi1, &dated) != 0 ||
	    (i < end && q[i] != ':'))
		goto bad;
	y2 = y1, hi2 = hi1;
	if (i < end) {
		i++;
		if (read_date(q, &i, end, &y2, &lo2, &hi2, &dated) != 0 || i != end)
			goto bad;
		if (lo1 > hi2) {
			int pos = char_pos(q, n->off);

			return ldx_fail_at(p->err, pos, "reversed date range at position %d: the "
			                   "earlier date comes first, as in 2015:2020", pos);
		}
	}
	if (y2 - y1 + 1 > YEARS_MAX) {
		int pos = char_pos(q, n->off);

		return ldx_fail_at(p->err, pos, "date range at position %d spans %d years: the "
		                   "limit is %d", pos, y2 - y1 + 1, YEARS_MAX);
	}
	if (!(y = node_new(p, N_YEARS, n->off)))
		return nomem(p);
	y->y1 = y1;
	y->y2 = y2;
	y->dated = dated;
	y->field = TG_YEAR;
	*out = y;
	return LDX_OK;
bad:
	{
		int pos = char_pos(q, n->off);

		return ldx_fail_at(p->err, pos, "'%.*s%s' at position %d is not a date: [%.*s] "
		                   "takes a year (2019), a date (2019/05/01) or a range (2015:2020)",
		                   n->len > 40 ? 40 : (int)n->len, q + n->text, n->prefix ? "*" : "",
		                   pos, (int)tag->len, q + tag->text);
	}
}

/* Term n under a language tag: every spelling of a known language. */
static ldx_status make_language(struct parser *p, struct node *n, struct node **out)
{
	struct node *f, *or;
	int lang = -1;

	for (int i = 0; i < NLANGUAGES && lang < 0; i++)
		for (int k = 0; k < 5 && languages[i][k]; k++)
			if (strlen(languages[i][k]) == n->len &&
			    strncasecmp(languages[i][k], p->q + n->text, n->len) == 0)
				lang = i;
	if (lang < 0) {
		n->field = TG_LANGUAGE;
		*out = n;
		return LDX_OK;
	}
	if (!(f = node_new(p, N_FIELD, n->off)) || !(or = node_new(p, N_OR, n->off)) ||
	    node_add(f, or) != 0)
		return nomem(p);
	f->field = TG_LANGUAGE;
	f->lang = lang;
	f->text = n->text;
	f->len = n->len;
	for (int k = 0; k < 5 && languages[lang][k]; k++) {
		struct node *t = node_new(p, N_TERM, n->off);

		if (!t || node_add(or, t) != 0)
			return nomem(p);
		t->lit = languages[lang][k];
	}
	*out = f;
	return LDX_OK;
}

/*
 * Applies what follows term n (an N_TERM): dist is a phrase's "~N" or -1,
 * tag the field tag after it or NULL.  *out is n, or the NEAR group, year
 * range or language group it becomes.
 */
static ldx_status finish_term(struct parser *p, struct node *n, int dist,
                              const struct token *tag, struct node **out)
{
	int target = TG_NONE;
	ldx_status rc;

	if (tag) {
		target = tags[tag->index].target;
		if ((rc = check_tag_field(p, tag)) != LDX_OK)
			return rc;
		if (tag->dist >= 0) {
			if (dist >= 0) {
				int pos = char_pos(p->q, tag->off);

				return ldx_fail_at(p->err, pos, "field tag [%.*s] at position %d gives a "
				                   "second proximity distance", (int)tag->len,
				                   p->q + tag->text, pos);
			}
			dist = tag->dist;
		}
		if (tags[tag->index].flags & TAG_DATE) {
			if (dist >= 0) {
				int pos = char_pos(p->q, tag->off);

				return ldx_fail_at(p->err, pos, "a date cannot have a proximity distance "
				                   "(position %d)", pos);
			}
			return make_years(p, n, tag, out);
		}
	}
	if (dist >= 0)
		return make_near(p, n, dist, target, out);
	if (target == TG_LANGUAGE && !n->prefix)
		return make_language(p, n, out);
	n->field = target;
	*out = n;
	return LDX_OK;
}

/* If a tag comes next, consumes it into *tag and sets *have. */
static ldx_status take_tag(struct parser *p, struct token *tag, int *have)
{
	const struct token *t;
	ldx_status rc;

	*have = 0;
	if ((rc = peek(p, &t)) != LDX_OK)
		return rc;
	if (t->kind == T_TAG) {
		*tag = *t;
		*have = 1;
		consume(p);
	}
	return LDX_OK;
}

/* The next token, a word, as a term of its own. */
static ldx_status single_word(struct parser *p, struct node **out)
{
	const struct token *t;
	ldx_status rc;

	if ((rc = peek(p, &t)) != LDX_OK)
		return rc;
	if (!(*out = term_new(p, t->off, t->text, t->len, t->prefix)))
		return nomem(p);
	consume(p);
	return LDX_OK;
}

/*
 * A word that may start a tagged run ("kavalali et[au]").  The run is the
 * words up to a non-word or a word ending in '*'.  Followed by a tag, the
 * run is one tagged phrase (or, for a one-word tag, its last word is the
 * tagged term).  Words that turn out to be terms of their own are marked
 * plain, so each word is scanned at most twice.
 */
static ldx_status parse_run(struct parser *p, struct node **out)
{
	struct token *t, first, last, tag;
	size_t k = 0;
	struct node *n;
	ldx_status rc;

	for (;;) {
		if ((rc = peek_at(p, k++, &t)) != LDX_OK)
			return rc;
		if (t->prefix)
			break;
		if ((rc = peek_at(p, k, &t)) != LDX_OK)
			return rc;
		if (t->kind != T_WORD || t->plain)
			break;
	}
	if ((rc = peek_at(p, k, &t)) != LDX_OK)
		return rc;
	if (t->kind != T_TAG || (k > 1 && (tags[t->index].flags & TAG_LAST_WORD))) {
		size_t plain = t->kind == T_TAG ? k - 1 : k;

		for (size_t i = 0; i < plain; i++)
			p->queue[p->head + i].plain = 1;
		return single_word(p, out);
	}
	tag = *t;
	first = p->queue[p->head];
	last = p->queue[p->head + k - 1];
	for (size_t i = 0; i <= k; i++)
		consume(p);
	if (!(n = term_new(p, first.off, first.text, last.text + last.len - first.text,
	                   last.prefix)))
		return nomem(p);
	return finish_term(p, n, -1, &tag, out);
}

/* The inside of a NEAR( ) token: items, then an optional ", N". */
static ldx_status parse_near(struct parser *p, const struct token *tok, struct node **out)
{
	const char *q = p->q;
	size_t k = tok->text, end = tok->text + tok->len;
	struct node *near = node_new(p, N_NEAR, tok->off);

	if (!near)
		return nomem(p);
	near->dist = NEAR_DEFAULT;
	while (k < end) {
		struct node *kid;
		size_t j;
		int prefix = 0;

		if (is_space(q[k])) {
			k++;
			continue;
		}
		if (q[k] == ',') {
			int v;

			for (k++; k < end && is_space(q[k]); k++)
				;
			j = k;
			if ((v = read_number(q, end, &k)) < 0 ||
			    (k < end && !is_space(q[k]))) {
				int pos = char_pos(q, j);

				return ldx_fail_at(p->err, pos, "NEAR distance at position %d must be a "
				                   "number, as in NEAR(a b, 5)", pos);
			}
			if (v > NEAR_MAX)
				return distance_error(p, j);
			while (k < end && is_space(q[k]))
				k++;
			if (k < end) {
				int pos = char_pos(q, k);

				return ldx_fail_at(p->err, pos, "unexpected text at position %d after the "
				                   "NEAR distance", pos);
			}
			near->dist = v;
			break;
		}
		if (q[k] == '"') {
			const char *close = memchr(q + k + 1, '"', end - k - 1);
			size_t s;

			/* lex_near found the closing quote */
			j = (size_t)(close - q);
			for (s = k + 1; s < j && is_space(q[s]); s++)
				;
			if (s == j)
				return fail_at(p, k, "empty phrase");
			if (j + 1 < end && q[j + 1] == '*')
				return star_error(p, j + 1);
			if (!(kid = term_new(p, k, k + 1, j - k - 1, 0)) || node_add(near, kid) != 0)
				return nomem(p);
			k = j + 1;
			continue;
		}
		if (q[k] == '[') {
			int pos = char_pos(q, k);

			return ldx_fail_at(p->err, pos, "field tag at position %d is inside NEAR(...); "
			                   "put it after the ')'", pos);
		}
		for (j = k; j < end && !is_space(q[j]) && q[j] != ',' && q[j] != '"' && q[j] != '[';
		     j++)
			;
		if (is_operator(q + k, j - k)) {
			int pos = char_pos(q, k);

			return ldx_fail_at(p->err, pos, "'%.*s' at position %d cannot be used inside "
			                   "NEAR(...)", (int)(j - k), q + k, pos);
		}
		if (q[k] == '*')
			return star_error(p, k);
		if (q[k] == '~')
			return tilde_error(p, k);
		{
			const char *colon = memchr(q + k, ':', j - k);

			if (colon && colon > q + k && field_lookup(q + k, (size_t)(colon - q) - k) >= 0) {
				int pos = char_pos(q, k);
				int n = (int)((size_t)(colon - q) - k + 1);

				return ldx_fail_at(p->err, pos, "'%.*s' at position %d is inside NEAR(...); "
				                   "put the field before it: %.*sNEAR(...)", n, q + k, pos,
				                   n, q + k);
			}
		}
		if (q[j - 1] == '*') {
			if (j - k >= 2 && q[j - 2] == '*')
				return star_error(p, j - 1);
			prefix = 1;
		}
		if (!(kid = term_new(p, k, k, j - k - (size_t)prefix, prefix)) ||
		    node_add(near, kid) != 0)
			return nomem(p);
		k = j;
	}
	if (near->nkids < 2) {
		int pos = char_pos(q, tok->off);

		return ldx_fail_at(p->err, pos, "NEAR at position %d needs at least two terms",
		                   pos);
	}
	*out = near;
	return LDX_OK;
}

static ldx_status tag_misplaced(struct parser *p, const struct token *t)
{
	int pos = char_pos(p->q, t->off);

	return ldx_fail_at(p->err, pos, "field tag [%.*s] at position %d must directly follow a "
	                   "word or a \"phrase\"", (int)t->len, p->q + t->text, pos);
}

/* ---- Parser: expressions -------------------------------------------- */

static ldx_status parse_or(struct parser *p, int depth, struct node **out);

static ldx_status parse_unary(struct parser *p, int depth, struct node **out)
{
	const struct token *t;
	struct token open, tag;
	struct node *n;
	int after_prefix = p->after_prefix, have;
	ldx_status rc;

	p->after_prefix = 0;
	if ((rc = peek(p, &t)) != LDX_OK)
		return rc;
	open = *t;
	if ((open.kind == T_LPAREN || open.kind == T_FIELD) && depth >= QUERY_MAX_DEPTH) {
		int pos = char_pos(p->q, open.off);

		return ldx_fail_at(p->err, pos,
		                   "query is nested too deeply at position %d (the limit is %d levels)",
		                   pos, QUERY_MAX_DEPTH);
	}
	switch (open.kind) {
	case T_WORD:
		if (!after_prefix && !open.plain)
			return parse_run(p, out);
		if ((rc = single_word(p, &n)) != LDX_OK)
			return rc;
		if (after_prefix) {
			/* "title:word[ti]": the tag is on this word alone */
			if ((rc = take_tag(p, &tag, &have)) != LDX_OK)
				return rc;
			if (have)
				return finish_term(p, n, -1, &tag, out);
		}
		*out = n;
		return LDX_OK;

	case T_PHRASE:
		consume(p);
		if (!(n = term_new(p, open.off, open.text, open.len, 0)))
			return nomem(p);
		if ((rc = take_tag(p, &tag, &have)) != LDX_OK)
			return rc;
		return finish_term(p, n, open.dist, have ? &tag : NULL, out);

	case T_NEAR:
		consume(p);
		if ((rc = parse_near(p, &open, &n)) != LDX_OK)
			return rc;
		if ((rc = take_tag(p, &tag, &have)) != LDX_OK)
			return rc;
		if (have) {
			if ((rc = check_tag_field(p, &tag)) != LDX_OK)
				return rc;
			if (tag.dist >= 0 || (tags[tag.index].flags & TAG_DATE)) {
				int pos = char_pos(p->q, tag.off);

				return ldx_fail_at(p->err, pos, "field tag [%.*s] at position %d cannot "
				                   "apply to NEAR(...)", (int)tag.len, p->q + tag.text, pos);
			}
			n->field = tags[tag.index].target;
		}
		*out = n;
		return LDX_OK;

	case T_LPAREN:
		consume(p);
		if ((rc = peek(p, &t)) != LDX_OK)
			return rc;
		if (t->kind == T_RPAREN)
			return fail_at(p, open.off, "empty parentheses");
		if (t->kind == T_END)
			return fail_at(p, open.off, "unbalanced '('");
		if ((rc = parse_or(p, depth + 1, &n)) != LDX_OK)
			return rc;
		if ((rc = peek(p, &t)) != LDX_OK)
			return rc;
		if (t->kind != T_RPAREN)
			return fail_at(p, open.off, "unbalanced '('");
		consume(p);
		if (n->kind == N_AND || n->kind == N_OR)
			n->off = open.off;
		*out = n;
		return LDX_OK;

	case T_FIELD: {
		int outer = p->field;
		size_t outer_off = p->field_off;
		int target = fields[open.index].target;

		consume(p);
		if ((rc = peek(p, &t)) != LDX_OK)
			return rc;
		if (!starts_term(t->kind)) {
			int pos = char_pos(p->q, open.off);

			return ldx_fail_at(p->err, pos, "'%.*s' at position %d needs a term after it",
			                   (int)open.len, p->q + open.text, pos);
		}
		if (outer >= 0 && strcmp(targets[outer].columns, targets[target].columns) != 0) {
			int pos = char_pos(p->q, open.off);
			int opos = char_pos(p->q, outer_off);

			return ldx_fail_at(p->err, pos,
			                   "'%.*s' at position %d is inside the field prefix at position %d: "
			                   "a term can have only one field",
			                   (int)open.len, p->q + open.text, pos, opos);
		}
		p->after_prefix = 1;
		if (outer >= 0) /* the same column again: nothing to add */
			return parse_unary(p, depth + 1, out);
		p->field = target;
		p->field_off = open.off;
		rc = parse_unary(p, depth + 1, &n);
		p->field = outer;
		p->field_off = outer_off;
		if (rc != LDX_OK)
			return rc;
		if (n->kind == N_TERM || n->kind == N_NEAR) {
			/* a tag on it named the same columns, or none ([all]) */
			if (n->field < 0)
				n->field = target;
			*out = n;
			return LDX_OK;
		}
		{
			struct node *f = node_new(p, N_FIELD, open.off);

			if (!f || node_add(f, n) != 0)
				return nomem(p);
			f->field = target;
			*out = f;
		}
		return LDX_OK;
	}

	case T_TAG:
		return tag_misplaced(p, &open);

	default:
		/* callers check starts_term() first */
		return fail_at(p, open.off, "expected a word");
	}
}

static ldx_status parse_and(struct parser *p, int depth, struct node **out)
{
	const struct token *t;
	struct node *first, *and = NULL;
	ldx_status rc;

	if ((rc = peek(p, &t)) != LDX_OK)
		return rc;
	if (t->kind == T_NOT) {
		int pos = char_pos(p->q, t->off);

		return ldx_fail_at(p->err, pos,
		                   "'NOT' at position %d needs a term before it: a search cannot "
		                   "only exclude words", pos);
	}
	if (t->kind == T_AND || t->kind == T_OR) {
		int pos = char_pos(p->q, t->off);

		return ldx_fail_at(p->err, pos, "'%s' at position %d needs a term before it",
		                   op_name(t->kind), pos);
	}
	if ((rc = parse_unary(p, depth, &first)) != LDX_OK)
		return rc;
	for (;;) {
		struct token op = { .kind = T_END };
		struct node *kid;

		if ((rc = peek(p, &t)) != LDX_OK)
			return rc;
		if (t->kind == T_AND || t->kind == T_NOT) {
			op = *t;
			consume(p);
			if ((rc = peek(p, &t)) != LDX_OK)
				return rc;
			/* "a AND NOT b" is read as "a NOT b" */
			if (op.kind == T_AND && t->kind == T_NOT) {
				op = *t;
				consume(p);
				if ((rc = peek(p, &t)) != LDX_OK)
					return rc;
			}
			if (!starts_term(t->kind)) {
				int pos = char_pos(p->q, op.off);

				return ldx_fail_at(p->err, pos, "'%s' at position %d needs a term after it",
				                   op_name(op.kind), pos);
			}
		} else if (t->kind == T_TAG) {
			return tag_misplaced(p, t);
		} else if (!starts_term(t->kind)) {
			break;
		}
		if ((rc = parse_unary(p, depth, &kid)) != LDX_OK)
			return rc;
		if (op.kind == T_NOT) {
			struct node *not = node_new(p, N_NOT, op.off);

			if (!not || node_add(not, kid) != 0)
				return nomem(p);
			kid = not;
		}
		if (!and) {
			if (!(and = node_new(p, N_AND, first->off)) || node_add(and, first) != 0)
				return nomem(p);
		}
		if (node_add(and, kid) != 0)
			return nomem(p);
	}
	*out = and ? and : first;
	return LDX_OK;
}

static ldx_status parse_or(struct parser *p, int depth, struct node **out)
{
	const struct token *t;
	struct node *left, *or = NULL;
	ldx_status rc;

	if ((rc = parse_and(p, depth, &left)) != LDX_OK)
		return rc;
	for (;;) {
		struct token op;
		struct node *right;

		if ((rc = peek(p, &t)) != LDX_OK)
			return rc;
		if (t->kind != T_OR)
			break;
		op = *t;
		consume(p);
		if ((rc = peek(p, &t)) != LDX_OK)
			return rc;
		/* a NOT here gets parse_and's clearer message */
		if (!starts_term(t->kind) && t->kind != T_NOT) {
			int pos = char_pos(p->q, op.off);

			return ldx_fail_at(p->err, pos, "'OR' at position %d needs a term after it", pos);
		}
		if ((rc = parse_and(p, depth, &right)) != LDX_OK)
			return rc;
		if (!or) {
			if (!(or = node_new(p, N_OR, left->off)) || node_add(or, left) != 0)
				return nomem(p);
		}
		if (node_add(or, right) != 0)
			return nomem(p);
	}
	*out = or ? or : left;
	return LDX_OK;
}

/* ---- Simplifier ----------------------------------------------------- */

static int push_dropped(struct parser *p, struct node *n)
{
	if (p->ndropped == p->capdropped) {
		size_t cap = p->capdropped ? 2 * p->capdropped : 8;
		struct node **v = realloc(p->dropped, cap * sizeof *v);

		if (!v)
			return -1;
		p->dropped = v;
		p->capdropped = cap;
	}
	p->dropped[p->ndropped++] = n;
	return 0;
}

/*
 * Returns in *out the node with unsearchable words removed (NULL when
 * nothing is left), nested AND/OR flattened into their parent, and a
 * field over a single term or NEAR group folded into it.  A NEAR group
 * left with one term becomes that term.  Kids arrays are rebuilt; nodes
 * stay owned by the parser.
 */
static ldx_status simplify(struct parser *p, struct node *n, struct node **out)
{
	struct node **old = n->kids;
	size_t nold = n->nkids;
	struct node *s;
	ldx_status rc = LDX_OK;

	*out = NULL;
	switch (n->kind) {
	case N_TERM:
		if (!n->lit && p->tok && p->tok->count) {
			int c = p->tok->count(p->tok->ctx, p->q + n->text, (int)n->len);

			if (c < 0) {
				int pos = char_pos(p->q, n->off);

				return ldx_fail_at(p->err, pos, "cannot tokenize the term at position %d", pos);
			}
			if (c == 0)
				return push_dropped(p, n) == 0 ? LDX_OK : nomem(p);
		}
		*out = n;
		return LDX_OK;

	case N_YEARS:
		*out = n;
		return LDX_OK;

	case N_FIELD:
		if ((rc = simplify(p, n->kids[0], &s)) != LDX_OK || !s)
			return rc;
		if (s->kind == N_TERM || s->kind == N_NEAR) {
			if (s->field < 0)
				s->field = n->field;
			*out = s;
		} else {
			n->kids[0] = s;
			*out = n;
		}
		return LDX_OK;

	case N_NOT:
		/* handled by N_AND, its only parent */
		return simplify(p, n->kids[0], out);

	case N_NEAR:
	case N_AND:
	case N_OR:
		break;
	}

	n->kids = NULL;
	n->nkids = n->cap = 0;
	for (size_t i = 0; i < nold && rc == LDX_OK; i++) {
		struct node *kid = old[i];

		if ((rc = simplify(p, kid, &s)) != LDX_OK || !s)
			continue;
		if (kid->kind == N_NOT) {
			kid->kids[0] = s;
			s = kid;
		}
		if (s->kind == n->kind && n->kind != N_NEAR) {
			for (size_t k = 0; k < s->nkids; k++)
				if (node_add(n, s->kids[k]) != 0)
					rc = nomem(p);
		} else if (node_add(n, s) != 0) {
			rc = nomem(p);
		}
	}
	free(old);
	if (rc != LDX_OK)
		return rc;

	if (n->kind == N_NEAR && n->nkids == 1)
		n->kids[0]->field = n->field;
	if (n->kind == N_AND) {
		size_t npos = 0;
		struct node *first_not = NULL;

		for (size_t i = 0; i < n->nkids; i++) {
			if (n->kids[i]->kind != N_NOT)
				npos++;
			else if (!first_not)
				first_not = n->kids[i];
		}
		if (npos == 0 && first_not) {
			int pos = char_pos(p->q, first_not->off);

			return ldx_fail_at(p->err, pos, "nothing to search before 'NOT' at position %d", pos);
		}
	}
	if (n->nkids == 1)
		*out = n->kids[0];
	else if (n->nkids > 1)
		*out = n;
	return LDX_OK;
}

/* ---- Relaxer -------------------------------------------------------- */

/* Terms that stay required in the any variant: years, language, type. */
static int is_filter(const struct node *n)
{
	return n->kind == N_YEARS || (n->field >= 0 && targets[n->field].filter);
}

/*
 * The any variant: the free (not NOT, not filter) kids of the top-level
 * AND, looking through one field around the whole query, become one OR
 * kid in front.  With fewer than two free kids nothing changes.
 */
static ldx_status relax(struct parser *p, struct node *root)
{
	struct node *and = root->kind == N_FIELD ? root->kids[0] : root;
	struct node *or, **kept;
	size_t nfree = 0, nkept = 0;

	if (and->kind != N_AND)
		return LDX_OK;
	for (size_t i = 0; i < and->nkids; i++)
		if (and->kids[i]->kind != N_NOT && !is_filter(and->kids[i]))
			nfree++;
	if (nfree < 2)
		return LDX_OK;
	if (!(or = node_new(p, N_OR, and->off)))
		return nomem(p);
	if (!(kept = malloc(and->nkids * sizeof *kept)))
		return nomem(p);
	kept[nkept++] = or;
	for (size_t i = 0; i < and->nkids; i++) {
		struct node *k = and->kids[i];

		if (k->kind == N_NOT || is_filter(k)) {
			kept[nkept++] = k;
		} else if (k->kind == N_OR) {
			for (size_t j = 0; j < k->nkids; j++)
				if (node_add(or, k->kids[j]) != 0)
					goto oom;
		} else if (node_add(or, k) != 0) {
			goto oom;
		}
	}
	memcpy(and->kids, kept, nkept * sizeof *kept);
	and->nkids = nkept;
	free(kept);
	if (nkept == 1) {
		/* only the OR is left: it takes the AND's place */
		free(and->kids);
		*and = *or;
		or->kids = NULL;
		or->nkids = or->cap = 0;
	}
	return LDX_OK;
oom:
	free(kept);
	return nomem(p);
}

/* ---- Emitter -------------------------------------------------------- */

/*
 * How the AST is written (each rule is mirrored in fts5_stack_check):
 *   term     [column " : "] string [" *"]
 *   near     [column " : "] "NEAR(" strings ", " N ")"
 *   years    "year : " string, or "year : (" strings joined by " OR " ")"
 *   field    "{" columns "} : (" kid ")"
 *   or       kids joined by " OR ", an AND kid in parentheses
 *   and      positives joined by " AND ", an OR kid in parentheses; with
 *            negatives: "(positives) NOT neg" or "... NOT (n1 OR n2)"
 * A column is "name : ", or "{a b} : " for several.  The NOT side is one
 * OR group, not a chain, so FTS5's expression depth does not grow with
 * the number of negated words.
 */
static int wrap_in_or(const struct node *n)
{
	return n->kind == N_AND;
}

static int wrap_in_and(const struct node *n)
{
	return n->kind == N_OR;
}

static void and_counts(const struct node *n, size_t *npos, size_t *nneg)
{
	*npos = *nneg = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		if (n->kids[i]->kind == N_NOT)
			(*nneg)++;
		else
			(*npos)++;
	}
}

/* The NOT side needs parentheses unless it is a single term or field. */
static int wrap_negatives(const struct node *n, size_t nneg)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *k = n->kids[i];

		if (k->kind == N_NOT)
			return nneg > 1 || k->kids[0]->kind == N_AND || k->kids[0]->kind == N_OR;
	}
	return 0;
}

/*
 * Stack entries (of FTS5's Lemon parser) in use while it parses n, given
 * base entries below it: "expr OP" costs 2, "(" costs 1, a column list
 * and ':' at most 4, a "col : STRING *" leaf at most 5, a NEAR group at
 * most 8 (NEAR, '(', the phrase list, a phrase, ',' and the number), a
 * year range 12 (column, '(', an OR, a leaf).  Refuses the first node
 * whose need passes FTS5_STACK_BUDGET.
 */
static ldx_status fts5_stack_check(struct parser *p, const struct node *n, int base)
{
	ldx_status rc = LDX_OK;
	size_t npos, nneg, ip = 0, in = 0;
	int wrap_p, wrap_n;
	int need = n->kind == N_NEAR ? 8 : n->kind == N_YEARS ? 12 : 5;

	if (base + need > FTS5_STACK_BUDGET) {
		int pos = char_pos(p->q, n->off);

		return ldx_fail_at(p->err, pos, "query is nested too deeply at position %d", pos);
	}
	switch (n->kind) {
	case N_TERM:
	case N_NEAR:
	case N_YEARS:
		return LDX_OK;
	case N_FIELD:
		return fts5_stack_check(p, n->kids[0], base + 4 + 1);
	case N_NOT:
		return fts5_stack_check(p, n->kids[0], base);
	case N_OR:
		for (size_t i = 0; i < n->nkids && rc == LDX_OK; i++)
			rc = fts5_stack_check(p, n->kids[i],
			                      base + (i ? 2 : 0) + wrap_in_or(n->kids[i]));
		return rc;
	case N_AND:
		break;
	}
	and_counts(n, &npos, &nneg);
	wrap_p = nneg > 0 && npos > 1;
	wrap_n = wrap_negatives(n, nneg);
	for (size_t i = 0; i < n->nkids && rc == LDX_OK; i++) {
		const struct node *k = n->kids[i];

		if (k->kind != N_NOT)
			rc = fts5_stack_check(p, k, base + wrap_p + (ip++ ? 2 : 0) + wrap_in_and(k));
		else
			rc = fts5_stack_check(p, k->kids[0], base + 2 + wrap_n + (in++ ? 2 : 0) +
			                      (nneg > 1 && wrap_in_or(k->kids[0])));
	}
	return rc;
}

/* A growing string with a hard maximum; appends do nothing once rc is set. */
struct out {
	char *s;
	size_t len, cap, max;
	ldx_status rc;
};

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->rc != LDX_OK)
		return;
	if (o->len + n + 1 > o->max) {
		o->rc = LDX_ERR_QUERY;
		return;
	}
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		char *v;

		while (cap < o->len + n + 1)
			cap *= 2;
		if (!(v = realloc(o->s, cap))) {
			o->rc = LDX_ERR_NOMEM;
			return;
		}
		o->s = v;
		o->cap = cap;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

static void out_str(struct out *o, const char *s)
{
	out_add(o, s, strlen(s));
}

static void out_fmt(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out_fmt(struct out *o, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* only used for numbers and short labels, which fit */
	if (n > 0)
		out_add(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* An FTS5 string literal: the text in double quotes, '"' doubled. */
static void out_quoted(struct out *o, const char *s, size_t n)
{
	const char *q;

	out_add(o, "\"", 1);
	while (n && (q = memchr(s, '"', n))) {
		size_t k = (size_t)(q - s) + 1;

		out_add(o, s, k);
		out_add(o, "\"", 1);
		s += k;
		n -= k;
	}
	out_add(o, s, n);
	out_add(o, "\"", 1);
}

static void out_column(struct out *o, int field)
{
	const char *cols;

	if (field < 0)
		return;
	cols = targets[field].columns;
	if (strchr(cols, ' '))
		out_fmt(o, "{%s} : ", cols);
	else
		out_fmt(o, "%s : ", cols);
}

static void out_term(struct parser *p, struct out *o, const struct node *n)
{
	if (n->lit)
		out_quoted(o, n->lit, strlen(n->lit));
	else
		out_quoted(o, p->q + n->text, n->len);
	if (n->prefix)
		out_str(o, " *");
}

static void emit(struct parser *p, struct out *o, const struct node *n);

static void emit_wrapped(struct parser *p, struct out *o, const struct node *n, int wrap)
{
	if (wrap)
		out_add(o, "(", 1);
	emit(p, o, n);
	if (wrap)
		out_add(o, ")", 1);
}

static void emit(struct parser *p, struct out *o, const struct node *n)
{
	size_t npos, nneg, ip = 0, in = 0;
	int wrap_p, wrap_n;

	switch (n->kind) {
	case N_TERM:
		out_column(o, n->field);
		out_term(p, o, n);
		return;
	case N_NEAR:
		out_column(o, n->field);
		out_str(o, "NEAR(");
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				out_str(o, " ");
			out_term(p, o, n->kids[i]);
		}
		out_fmt(o, ", %d)", n->dist);
		return;
	case N_YEARS:
		out_column(o, TG_YEAR);
		if (n->y1 == n->y2) {
			out_fmt(o, "\"%d\"", n->y1);
			return;
		}
		out_str(o, "(");
		for (int y = n->y1; y <= n->y2; y++)
			out_fmt(o, y > n->y1 ? " OR \"%d\"" : "\"%d\"", y);
		out_str(o, ")");
		return;
	case N_FIELD:
		out_fmt(o, "{%s} : (", targets[n->field].columns);
		emit(p, o, n->kids[0]);
		out_str(o, ")");
		return;
	case N_NOT:
		emit(p, o, n->kids[0]);
		return;
	case N_OR:
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				out_str(o, " OR ");
			emit_wrapped(p, o, n->kids[i], wrap_in_or(n->kids[i]));
		}
		return;
	case N_AND:
		break;
	}
	and_counts(n, &npos, &nneg);
	wrap_p = nneg > 0 && npos > 1;
	wrap_n = wrap_negatives(n, nneg);
	if (wrap_p)
		out_str(o, "(");
	for (size_t i = 0; i < n->nkids; i++) {
		if (n->kids[i]->kind == N_NOT)
			continue;
		if (ip++)
			out_str(o, " AND ");
		emit_wrapped(p, o, n->kids[i], wrap_in_and(n->kids[i]));
	}
	if (wrap_p)
		out_str(o, ")");
	if (!nneg)
		return;
	out_str(o, wrap_n ? " NOT (" : " NOT ");
	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *k = n->kids[i];

		if (k->kind != N_NOT)
			continue;
		if (in++)
			out_str(o, " OR ");
		emit_wrapped(p, o, k->kids[0], nneg > 1 && wrap_in_or(k->kids[0]));
	}
	if (wrap_n)
		out_str(o, ")");
}

/* ---- Explainer ------------------------------------------------------ */

static const char *where(int field)
{
	return field < 0 ? "any field" : targets[field].label;
}

static int has_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_space(s[i]))
			return 1;
	return 0;
}

/* User text on an explain line: control characters become spaces, so
 * every item stays on its line. */
static void out_text(struct out *o, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;

		while (j < n && (unsigned char)s[j] >= 0x20 && s[j] != 0x7f)
			j++;
		out_add(o, s + i, j - i);
		if (j < n)
			out_add(o, " ", 1);
		i = j + 1;
	}
}

/* Appends " (text -> stems" for term t, or ", text -> stems" after the
 * first one shown, when the tokenizer's stems differ from the text. */
static ldx_status explain_stems(struct parser *p, struct out *o, const struct node *t,
                                int *shown)
{
	char buf[512];
	int r;

	if (!p->tok || !p->tok->stems || t->lit)
		return LDX_OK;
	buf[0] = '\0';
	r = p->tok->stems(p->tok->ctx, p->q + t->text, (int)t->len, buf, sizeof buf);
	if (r < 0) {
		int pos = char_pos(p->q, t->off);

		return ldx_fail_at(p->err, pos, "cannot tokenize the term at position %d", pos);
	}
	buf[sizeof buf - 1] = '\0';
	if (r == 0 || (strlen(buf) == t->len && strncasecmp(buf, p->q + t->text, t->len) == 0))
		return LDX_OK;
	out_str(o, (*shown)++ ? ", " : " (");
	out_text(o, p->q + t->text, t->len);
	out_str(o, " -> ");
	out_text(o, buf, strlen(buf));
	return LDX_OK;
}

/* Lines for n, indented by depth; neg: n is excluded (under NOT); field:
 * the field of an enclosing group, which a term without its own takes. */
static ldx_status explain(struct parser *p, struct out *o, const struct node *n, int depth,
                          int neg, int field)
{
	ldx_status rc = LDX_OK;
	int shown = 0;

	if (n->kind == N_FIELD && n->lang < 0)
		return explain(p, o, n->kids[0], depth, neg, n->field);
	if (n->field >= 0)
		field = n->field;
	for (int i = 0; i < depth; i++)
		out_str(o, "  ");
	if (neg)
		out_str(o, "not: ");
	switch (n->kind) {
	case N_TERM:
		out_str(o, n->prefix ? "prefix \"" : has_space(p->q + n->text, n->len) ? "phrase \""
		                                                                        : "term \"");
		out_text(o, p->q + n->text, n->len);
		out_fmt(o, "%s\" in %s", n->prefix ? "*" : "", where(field));
		rc = explain_stems(p, o, n, &shown);
		break;
	case N_NEAR:
		out_fmt(o, "NEAR/%d", n->dist);
		if (field >= 0)
			out_fmt(o, " in %s", where(field));
		out_str(o, ":");
		for (size_t i = 0; i < n->nkids; i++) {
			const struct node *k = n->kids[i];
			int quote = has_space(p->q + k->text, k->len);

			out_str(o, quote ? " \"" : " ");
			out_text(o, p->q + k->text, k->len);
			out_str(o, quote ? "\"" : "");
			out_str(o, k->prefix ? "*" : "");
		}
		for (size_t i = 0; i < n->nkids && rc == LDX_OK; i++)
			rc = explain_stems(p, o, n->kids[i], &shown);
		break;
	case N_YEARS:
		if (n->y1 == n->y2)
			out_fmt(o, "year %d", n->y1);
		else
			out_fmt(o, "years %d-%d", n->y1, n->y2);
		if (n->dated)
			out_str(o, " (months and days are not searched)");
		break;
	case N_FIELD:
		if (n->lang >= 0) {
			const char *const *names = languages[n->lang];

			out_str(o, "language \"");
			out_text(o, p->q + n->text, n->len);
			out_str(o, "\" (matches ");
			for (int k = 0; k < 5 && names[k]; k++) {
				out_str(o, k == 0 ? "" : k + 1 < 5 && names[k + 1] ? ", " : " or ");
				out_str(o, names[k]);
			}
			out_str(o, ")");
			break;
		}
		/* a field group was looked through above */
		break;
	case N_NOT:
		/* handled by N_AND, its only parent */
		return explain(p, o, n->kids[0], depth, 1, field);
	case N_AND:
	case N_OR:
		out_str(o, n->kind == N_AND ? "all of:\n" : "any of:\n");
		for (size_t i = 0; i < n->nkids && rc == LDX_OK; i++) {
			const struct node *k = n->kids[i];

			if (k->kind == N_NOT)
				rc = explain(p, o, k->kids[0], depth + 1, 1, field);
			else
				rc = explain(p, o, k, depth + 1, 0, field);
		}
		return rc;
	}
	if (shown)
		out_str(o, ")");
	out_str(o, "\n");
	return rc;
}

/* ---- Terms for suggestions ------------------------------------------ */

struct terms {
	char **v;
	size_t n, cap;
};

static int unsuggested(int field)
{
	return field == TG_IDS || field == TG_YEAR || field == TG_LANGUAGE;
}

static ldx_status terms_add(struct parser *p, struct terms *t, const char *s, size_t n)
{
	char *copy;

	if (t->n >= TERMS_MAX)
		return LDX_OK;
	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->v[i]) == n && memcmp(t->v[i], s, n) == 0)
			return LDX_OK;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 8;
		char **v = realloc(t->v, cap * sizeof *v);

		if (!v)
			return nomem(p);
		t->v = v;
		t->cap = cap;
	}
	if (!(copy = strndup(s, n)))
		return nomem(p);
	t->v[t->n++] = copy;
	return LDX_OK;
}

static ldx_status collect_terms(struct parser *p, const struct node *n, struct terms *t)
{
	ldx_status rc = LDX_OK;

	switch (n->kind) {
	case N_TERM: {
		size_t i = n->text, end = n->text + n->len;

		if (n->lit || unsuggested(n->field))
			return LDX_OK;
		while (i < end && rc == LDX_OK) {
			size_t j;

			if (is_space(p->q[i])) {
				i++;
				continue;
			}
			for (j = i; j < end && !is_space(p->q[j]); j++)
				;
			if (!(n->prefix && j == end))
				rc = terms_add(p, t, p->q + i, j - i);
			i = j;
		}
		return rc;
	}
	case N_YEARS:
	case N_NOT:
		return LDX_OK;
	case N_NEAR:
	case N_FIELD:
		if (n->lang >= 0 || unsuggested(n->field))
			return LDX_OK;
		break;
	case N_AND:
	case N_OR:
		break;
	}
	for (size_t i = 0; i < n->nkids && rc == LDX_OK; i++)
		rc = collect_terms(p, n->kids[i], t);
	return rc;
}

/* ---- Entry points --------------------------------------------------- */

/* Parses, simplifies and (any != 0) relaxes query, then writes what is
 * asked for: the expression, the explanation, the term list. */
static ldx_status translate(const char *query, const ldx_query_tokenizer *tok, int any,
                            char **fts_out, char **explain_out, struct terms *terms,
                            ldx_error *err)
{
	struct parser p = { .q = query, .field = -1, .tok = tok, .err = err };
	struct out o = { .max = FTS_MAX_BYTES }, e = { .max = EXPLAIN_MAX_BYTES };
	const struct token *t;
	struct node *root = NULL, *simple = NULL;
	size_t valid;
	ldx_status rc;

	if (!query)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no query given");
	p.len = strnlen(query, QUERY_MAX_BYTES + 1);
	if (p.len > QUERY_MAX_BYTES)
		return ldx_fail_at(err, 1, "query is too long: the limit is %d bytes",
		                   QUERY_MAX_BYTES);
	valid = utf8_valid_prefix((const unsigned char *)query, p.len);
	if (valid < p.len)
		return fail_at(&p, valid, "invalid utf-8");

	if ((rc = peek(&p, &t)) != LDX_OK)
		goto out;
	if (t->kind == T_END) {
		rc = ldx_fail_at(err, 1, "empty query");
		goto out;
	}
	if (t->kind == T_RPAREN) {
		rc = fail_at(&p, t->off, "unbalanced ')'");
		goto out;
	}
	if ((rc = parse_or(&p, 0, &root)) != LDX_OK)
		goto out;
	if ((rc = peek(&p, &t)) != LDX_OK)
		goto out;
	if (t->kind != T_END) {
		/* parse_or stops only at the end or at a ')' it did not open */
		rc = fail_at(&p, t->off, "unbalanced ')'");
		goto out;
	}
	if ((rc = simplify(&p, root, &simple)) != LDX_OK)
		goto out;
	if (!simple) {
		rc = ldx_fail_at(err, 1, "query has no searchable words");
		goto out;
	}
	if (any && (rc = relax(&p, simple)) != LDX_OK)
		goto out;
	if ((rc = fts5_stack_check(&p, simple, 0)) != LDX_OK)
		goto out;
	emit(&p, &o, simple);
	if (o.rc == LDX_ERR_NOMEM) {
		rc = nomem(&p);
		goto out;
	}
	if (o.rc != LDX_OK) {
		rc = ldx_fail_at(err, 1, "query is too long once translated: the limit is %d bytes",
		                 FTS_MAX_BYTES);
		goto out;
	}
	if (explain_out) {
		if ((rc = explain(&p, &e, simple, 0, 0, TG_NONE)) != LDX_OK)
			goto out;
		for (size_t i = 0; i < p.ndropped; i++) {
			out_str(&e, "dropped \"");
			out_text(&e, query + p.dropped[i]->text, p.dropped[i]->len);
			out_str(&e, "\" (no searchable characters)\n");
		}
		if (e.rc == LDX_ERR_NOMEM) {
			rc = nomem(&p);
			goto out;
		}
		if (e.rc != LDX_OK) {
			rc = ldx_fail_at(err, 1, "query is too long to explain: the limit is %d bytes",
			                 EXPLAIN_MAX_BYTES);
			goto out;
		}
	}
	if (terms && (rc = collect_terms(&p, simple, terms)) != LDX_OK)
		goto out;
	if (fts_out) {
		*fts_out = o.s;
		o.s = NULL;
	}
	if (explain_out) {
		*explain_out = e.s;
		e.s = NULL;
	}
out:
	free(o.s);
	free(e.s);
	parser_release(&p);
	return rc;
}

ldx_status ldx_query_to_fts_mode(const char *query, const ldx_query_tokenizer *tok, int any,
                                 char **fts_out, ldx_error *err)
{
	if (fts_out)
		*fts_out = NULL;
	if (!query || !fts_out)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no query or no output given");
	return translate(query, tok, any, fts_out, NULL, NULL, err);
}

ldx_status ldx_query_to_fts(const char *query, const ldx_query_tokenizer *tok,
                            char **fts_out, ldx_error *err)
{
	return ldx_query_to_fts_mode(query, tok, 0, fts_out, err);
}

ldx_status ldx_query_explain_mode(const char *query, const ldx_query_tokenizer *tok, int any,
                                  char **fts_out, char **explain_out, ldx_error *err)
{
	ldx_status rc;

	if (fts_out)
		*fts_out = NULL;
	if (explain_out)
		*explain_out = NULL;
	if (!query || !explain_out)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no query or no output given");
	rc = translate(query, tok, any, fts_out, explain_out, NULL, err);
	if (rc != LDX_OK && explain_out) {
		free(*explain_out);
		*explain_out = NULL;
	}
	return rc;
}

ldx_status ldx_query_explain(const char *query, const ldx_query_tokenizer *tok,
                             char **fts_out, char **explain_out, ldx_error *err)
{
	return ldx_query_explain_mode(query, tok, 0, fts_out, explain_out, err);
}

ldx_status ldx_query_terms(const char *query, char ***terms_out, size_t *n_out,
                           ldx_error *err)
{
	struct terms t = { 0 };
	ldx_status rc;

	if (terms_out)
		*terms_out = NULL;
	if (n_out)
		*n_out = 0;
	if (!query || !terms_out || !n_out)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no query or no output given");
	rc = translate(query, NULL, 0, NULL, NULL, &t, err);
	if (rc != LDX_OK || t.n == 0) {
		ldx_query_terms_free(t.v, t.n);
		return rc;
	}
	*terms_out = t.v;
	*n_out = t.n;
	return LDX_OK;
}

void ldx_query_terms_free(char **terms, size_t n)
{
	if (!terms)
		return;
	for (size_t i = 0; i < n; i++)
		free(terms[i]);
	free(terms);
}
