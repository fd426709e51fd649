/*
 * query.c: the litdex query language, translated to an FTS5 MATCH
 * expression (see query.h for the grammar).  This file owns every step
 * between the user's text and the expression string:
 *
 *   lexer      words, "phrases", field prefixes, ( ) and the upper-case
 *              operators; lexed on demand, so errors come in text order
 *   parser     recursive descent into a small AST (struct node)
 *   simplifier drops words that yield no index tokens, flattens nested
 *              AND/OR, and folds a field onto a single term
 *   emitter    writes the FTS5 expression; every word and phrase becomes
 *              an FTS5 string, so user text is never FTS5 syntax
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
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "query.h"

/* Input limit: keeps output and work bounded for hostile input. */
#define QUERY_MAX_BYTES (64 * 1024)
/* Output limit; the emitter cannot reach it from 64 KB, but a buffer
 * that grows from user input always gets a hard maximum. */
#define FTS_MAX_BYTES (1024 * 1024)
/* Parentheses and field prefixes, counted together: bounds recursion. */
#define QUERY_MAX_DEPTH 100
/* Entries of FTS5's parser stack (YYSTACKDEPTH is 100) that an emitted
 * expression may use, with room for the entries the model leaves out. */
#define FTS5_STACK_BUDGET 90

/* Field prefixes the user may write, and the FTS5 column each limits to.
 * Options are data: a new field is one line here. */
static const struct field {
	const char *name;
	const char *column;
} fields[] = {
	{ "title", "title" },
	{ "abstract", "abstract" },
	{ "keywords", "keywords" },
	{ "keyword", "keywords" },
	{ "mesh", "mesh" },
	{ "authors", "authors" },
	{ "author", "authors" },
	{ "journal", "venue" },
};
#define NFIELDS ((int)(sizeof fields / sizeof fields[0]))

enum tok_kind { T_END, T_WORD, T_PHRASE, T_FIELD, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT };

struct token {
	enum tok_kind kind;
	size_t off;        /* where the token starts (the quote of a phrase) */
	size_t text, len;  /* T_WORD, T_PHRASE: the text; T_FIELD: "name:" */
	int prefix;        /* T_WORD ended in '*' (not part of text) */
	int field;         /* T_FIELD: index into fields[] */
};

/*
 * The AST.  N_NOT appears only as a child of N_AND ("a NOT b" is AND(a,
 * NOT b)), which keeps "a NOT b NOT c ..." flat instead of left-deep.
 * Later syntax fits as new kinds or term flags: a proximity "a b"~5 or
 * NEAR(...) as an N_NEAR over N_TERM phrases, a PubMed tag term[ti] as
 * the column of a term.
 */
enum node_kind { N_TERM, N_AND, N_OR, N_NOT, N_FIELD };

struct node {
	enum node_kind kind;
	size_t off;        /* first byte in the query; N_NOT: its operator */
	size_t text, len;  /* N_TERM: the word or phrase text in the query */
	int prefix;        /* N_TERM: prefix search */
	int field;         /* N_TERM, N_FIELD: index into fields[], or -1 */
	struct node **kids;
	size_t nkids, cap;
};

struct parser {
	const char *q;
	size_t len;
	size_t pos;                /* lexer position */
	struct token la;           /* one token of lookahead */
	int have_la;
	int field;                 /* enclosing field prefix, or -1 */
	size_t field_off;
	const ldx_query_tokenizer *tok;
	ldx_error *err;
	struct node **nodes;       /* every node made, freed together */
	size_t nnodes, capnodes;
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

static int field_lookup(const char *s, size_t n)
{
	for (int i = 0; i < NFIELDS; i++)
		if (strlen(fields[i].name) == n && strncasecmp(fields[i].name, s, n) == 0)
			return i;
	return -1;
}

static ldx_status star_error(struct parser *p, size_t off)
{
	int pos = char_pos(p->q, off);

	return ldx_fail_at(p->err, pos,
	                   "'*' at position %d must directly follow a word, as in neuro*", pos);
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
	t->field = -1;
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
		return LDX_OK;
	}

	/* A run of anything else.  "name:" is a field only for a known name;
	 * "5:1" or "foo:bar" stay one word for the tokenizer to split. */
	for (j = i; j < p->len && !is_space(q[j]) && q[j] != '(' && q[j] != ')' && q[j] != '"'; j++)
		;
	colon = memchr(q + i, ':', j - i);
	if (colon && colon > q + i) {
		int f = field_lookup(q + i, (size_t)(colon - q) - i);

		if (f >= 0) {
			t->kind = T_FIELD;
			t->field = f;
			t->text = i;
			t->len = (size_t)(colon - q) - i + 1;
			p->pos = t->text + t->len;
			return LDX_OK;
		}
	}
	if (q[i] == '*')
		return star_error(p, i);
	p->pos = j;
	if (j - i == 3 && memcmp(q + i, "AND", 3) == 0) {
		t->kind = T_AND;
		return LDX_OK;
	}
	if (j - i == 3 && memcmp(q + i, "NOT", 3) == 0) {
		t->kind = T_NOT;
		return LDX_OK;
	}
	if (j - i == 2 && memcmp(q + i, "OR", 2) == 0) {
		t->kind = T_OR;
		return LDX_OK;
	}
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

static ldx_status peek(struct parser *p, const struct token **t)
{
	if (!p->have_la) {
		ldx_status rc = lex(p, &p->la);

		if (rc != LDX_OK)
			return rc;
		p->have_la = 1;
	}
	*t = &p->la;
	return LDX_OK;
}

static void consume(struct parser *p)
{
	p->have_la = 0;
}

static int starts_term(enum tok_kind k)
{
	return k == T_WORD || k == T_PHRASE || k == T_FIELD || k == T_LPAREN;
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
	n->field = -1;
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

static void parser_release(struct parser *p)
{
	for (size_t i = 0; i < p->nnodes; i++) {
		free(p->nodes[i]->kids);
		free(p->nodes[i]);
	}
	free(p->nodes);
}

/* ---- Parser --------------------------------------------------------- */

static ldx_status parse_or(struct parser *p, int depth, struct node **out);

static ldx_status parse_unary(struct parser *p, int depth, struct node **out)
{
	const struct token *t;
	struct token open;
	struct node *n;
	ldx_status rc;

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
	case T_PHRASE:
		consume(p);
		if (!(n = node_new(p, N_TERM, open.off)))
			return nomem(p);
		n->text = open.text;
		n->len = open.len;
		n->prefix = open.prefix;
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

		consume(p);
		if ((rc = peek(p, &t)) != LDX_OK)
			return rc;
		if (!starts_term(t->kind)) {
			int pos = char_pos(p->q, open.off);

			return ldx_fail_at(p->err, pos, "'%.*s' at position %d needs a term after it",
			                   (int)open.len, p->q + open.text, pos);
		}
		if (outer >= 0 && strcmp(fields[outer].column, fields[open.field].column) != 0) {
			int pos = char_pos(p->q, open.off);
			int opos = char_pos(p->q, outer_off);

			return ldx_fail_at(p->err, pos,
			                   "'%.*s' at position %d is inside the field prefix at position %d: "
			                   "a term can have only one field",
			                   (int)open.len, p->q + open.text, pos, opos);
		}
		if (outer >= 0) /* the same column again: nothing to add */
			return parse_unary(p, depth + 1, out);
		p->field = open.field;
		p->field_off = open.off;
		rc = parse_unary(p, depth + 1, &n);
		p->field = outer;
		p->field_off = outer_off;
		if (rc != LDX_OK)
			return rc;
		if (n->kind == N_TERM) {
			n->field = open.field;
			*out = n;
			return LDX_OK;
		}
		{
			struct node *f = node_new(p, N_FIELD, open.off);

			if (!f || node_add(f, n) != 0)
				return nomem(p);
			f->field = open.field;
			*out = f;
		}
		return LDX_OK;
	}

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

/*
 * Returns in *out the node with unsearchable words removed (NULL when
 * nothing is left), nested AND/OR flattened into their parent, and a
 * field over a single term folded into the term.  Kids arrays are
 * rebuilt; nodes stay owned by the parser.
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
		if (p->tok && p->tok->count) {
			int c = p->tok->count(p->tok->ctx, p->q + n->text, (int)n->len);

			if (c < 0) {
				int pos = char_pos(p->q, n->off);

				return ldx_fail_at(p->err, pos, "cannot tokenize the term at position %d", pos);
			}
			if (c == 0)
				return LDX_OK;
		}
		*out = n;
		return LDX_OK;

	case N_FIELD:
		if ((rc = simplify(p, n->kids[0], &s)) != LDX_OK || !s)
			return rc;
		if (s->kind == N_TERM) {
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
		if (s->kind == n->kind) {
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

/* ---- Emitter -------------------------------------------------------- */

/*
 * How the AST is written (each rule is mirrored in fts5_stack_check):
 *   term     [column " : "] string [" *"]
 *   field    "{" column "} : (" kid ")"
 *   or       kids joined by " OR ", an AND kid in parentheses
 *   and      positives joined by " AND ", an OR kid in parentheses; with
 *            negatives: "(positives) NOT neg" or "... NOT (n1 OR n2)"
 * The NOT side is one OR group, not a chain, so FTS5's expression depth
 * does not grow with the number of negated words.
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
 * and ':' at most 4, a "col : STRING *" leaf at most 5.  Refuses the
 * first node whose need passes FTS5_STACK_BUDGET.
 */
static ldx_status fts5_stack_check(struct parser *p, const struct node *n, int base)
{
	ldx_status rc = LDX_OK;
	size_t npos, nneg, ip = 0, in = 0;
	int wrap_p, wrap_n;

	if (base + 5 > FTS5_STACK_BUDGET) {
		int pos = char_pos(p->q, n->off);

		return ldx_fail_at(p->err, pos, "query is nested too deeply at position %d", pos);
	}
	switch (n->kind) {
	case N_TERM:
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
	size_t len, cap;
	ldx_status rc;
};

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->rc != LDX_OK)
		return;
	if (o->len + n + 1 > FTS_MAX_BYTES) {
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
		if (n->field >= 0) {
			out_str(o, fields[n->field].column);
			out_str(o, " : ");
		}
		out_quoted(o, p->q + n->text, n->len);
		if (n->prefix)
			out_str(o, " *");
		return;
	case N_FIELD:
		out_str(o, "{");
		out_str(o, fields[n->field].column);
		out_str(o, "} : (");
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

/* ---- Entry point ---------------------------------------------------- */

ldx_status ldx_query_to_fts(const char *query, const ldx_query_tokenizer *tok,
                            char **fts_out, ldx_error *err)
{
	struct parser p = { .q = query, .field = -1, .tok = tok, .err = err };
	struct out o = { 0 };
	const struct token *t;
	struct node *root = NULL, *simple = NULL;
	size_t valid;
	ldx_status rc;

	if (fts_out)
		*fts_out = NULL;
	if (!query || !fts_out)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no query or no output given");
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
	if ((rc = fts5_stack_check(&p, simple, 0)) != LDX_OK)
		goto out;
	emit(&p, &o, simple);
	if (o.rc == LDX_ERR_NOMEM)
		rc = nomem(&p);
	else if (o.rc != LDX_OK)
		rc = ldx_fail_at(err, 1, "query is too long once translated: the limit is %d bytes",
		                 FTS_MAX_BYTES);
	if (rc == LDX_OK) {
		*fts_out = o.s;
		o.s = NULL;
	}
out:
	free(o.s);
	parser_release(&p);
	return rc;
}
