/*
 * query_parse.c: the query parser (see query_int.h).  Owns the AST and
 * the recursive descent that builds it from the lexer's tokens: terms and
 * what follows them (a tag, a "~N" distance, a date range, a language),
 * tagged runs of words ("kavalali et[au]" is one author phrase), NEAR
 * groups, field prefixes, parentheses and the AND / OR / NOT operators.
 * Every node is owned by the parser and freed by query_parser_release().
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "query_int.h"

static int starts_term(enum tok_kind k)
{
	return k == T_WORD || k == T_PHRASE || k == T_FIELD || k == T_LPAREN || k == T_NEAR;
}

static const char *op_name(enum tok_kind k)
{
	return k == T_AND ? "AND" : k == T_OR ? "OR" : "NOT";
}

/* ---- AST ------------------------------------------------------------ */

struct node *query_node_new(struct parser *p, enum node_kind kind, size_t off)
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

int query_node_add(struct node *n, struct node *kid)
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
	struct node *n = query_node_new(p, N_TERM, off);

	if (n) {
		n->text = text;
		n->len = len;
		n->prefix = prefix;
	}
	return n;
}

/* term_new for a term that may be a prefix: one of fewer than
 * PREFIX_MIN_CHARS characters (spaces aside) is refused. */
static ldx_status prefix_term_new(struct parser *p, size_t off, size_t text, size_t len,
                                  int prefix, struct node **out)
{
	int chars = 0;

	for (size_t i = text; prefix && i < text + len; i++)
		chars += ((unsigned char)p->q[i] & 0xC0) != 0x80 && p->q[i] != ' ';
	if (prefix && chars < PREFIX_MIN_CHARS) {
		int pos = char_pos(p->q, text);

		return ldx_fail_at(p->err, pos,
		                   "'%.*s*' at position %d: a wildcard needs at least %d characters "
		                   "before it, as in PubMed (neur*)",
		                   (int)len, p->q + text, pos, PREFIX_MIN_CHARS);
	}
	if (!(*out = term_new(p, off, text, len, prefix)))
		return query_nomem(p);
	return LDX_OK;
}

void query_parser_release(struct parser *p)
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
	int target = query_tags[tag->index].target;

	if (p->field >= 0 && target >= 0 &&
	    strcmp(query_targets[p->field].columns, query_targets[target].columns) != 0) {
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
	struct node *near = query_node_new(p, N_NEAR, n->off);
	size_t i = n->text, end = n->text + n->len;

	if (!near)
		return query_nomem(p);
	while (i < end) {
		size_t j;
		struct node *kid;

		if (is_space(p->q[i])) {
			i++;
			continue;
		}
		for (j = i; j < end && !is_space(p->q[j]); j++)
			;
		if (!(kid = term_new(p, i, i, j - i, 0)) || query_node_add(near, kid) != 0)
			return query_nomem(p);
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
	if (!(y = query_node_new(p, N_YEARS, n->off)))
		return query_nomem(p);
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

	for (int i = 0; i < query_nlanguages && lang < 0; i++)
		for (int k = 0; k < LANGUAGE_NAMES && query_languages[i][k]; k++)
			if (strlen(query_languages[i][k]) == n->len &&
			    strncasecmp(query_languages[i][k], p->q + n->text, n->len) == 0)
				lang = i;
	if (lang < 0) {
		n->field = TG_LANGUAGE;
		*out = n;
		return LDX_OK;
	}
	if (!(f = query_node_new(p, N_FIELD, n->off)) || !(or = query_node_new(p, N_OR, n->off)) ||
	    query_node_add(f, or) != 0)
		return query_nomem(p);
	f->field = TG_LANGUAGE;
	f->lang = lang;
	f->text = n->text;
	f->len = n->len;
	for (int k = 0; k < LANGUAGE_NAMES && query_languages[lang][k]; k++) {
		struct node *t = query_node_new(p, N_TERM, n->off);

		if (!t || query_node_add(or, t) != 0)
			return query_nomem(p);
		t->lit = query_languages[lang][k];
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
		target = query_tags[tag->index].target;
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
		if (query_tags[tag->index].flags & TAG_DATE) {
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
	if ((rc = query_peek(p, &t)) != LDX_OK)
		return rc;
	if (t->kind == T_TAG) {
		*tag = *t;
		*have = 1;
		query_consume(p);
	}
	return LDX_OK;
}

/* The next token, a word, as a term of its own. */
static ldx_status single_word(struct parser *p, struct node **out)
{
	const struct token *t;
	ldx_status rc;

	if ((rc = query_peek(p, &t)) != LDX_OK)
		return rc;
	if ((rc = prefix_term_new(p, t->off, t->text, t->len, t->prefix, out)) != LDX_OK)
		return rc;
	query_consume(p);
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
		if ((rc = query_peek_at(p, k++, &t)) != LDX_OK)
			return rc;
		if (t->prefix)
			break;
		if ((rc = query_peek_at(p, k, &t)) != LDX_OK)
			return rc;
		if (t->kind != T_WORD || t->plain)
			break;
	}
	if ((rc = query_peek_at(p, k, &t)) != LDX_OK)
		return rc;
	if (t->kind != T_TAG || (k > 1 && (query_tags[t->index].flags & TAG_LAST_WORD))) {
		size_t plain = t->kind == T_TAG ? k - 1 : k;

		for (size_t i = 0; i < plain; i++)
			p->queue[p->head + i].plain = 1;
		return single_word(p, out);
	}
	tag = *t;
	first = p->queue[p->head];
	last = p->queue[p->head + k - 1];
	for (size_t i = 0; i <= k; i++)
		query_consume(p);
	if ((rc = prefix_term_new(p, first.off, first.text, last.text + last.len - first.text,
	                          last.prefix, &n)) != LDX_OK)
		return rc;
	return finish_term(p, n, -1, &tag, out);
}

/* The inside of a NEAR( ) token: items, then an optional ", N". */
static ldx_status parse_near(struct parser *p, const struct token *tok, struct node **out)
{
	const char *q = p->q;
	size_t k = tok->text, end = tok->text + tok->len;
	struct node *near = query_node_new(p, N_NEAR, tok->off);

	if (!near)
		return query_nomem(p);
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
			if ((v = query_read_number(q, end, &k)) < 0 ||
			    (k < end && !is_space(q[k]))) {
				int pos = char_pos(q, j);

				return ldx_fail_at(p->err, pos, "NEAR distance at position %d must be a "
				                   "number, as in NEAR(a b, 5)", pos);
			}
			if (v > NEAR_MAX)
				return query_distance_error(p, j);
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
				return query_fail_at(p, k, "empty phrase");
			if (j + 1 < end && q[j + 1] == '*')
				return query_star_error(p, j + 1);
			if (!(kid = term_new(p, k, k + 1, j - k - 1, 0)) ||
			    query_node_add(near, kid) != 0)
				return query_nomem(p);
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
		if (query_is_operator(q + k, j - k)) {
			int pos = char_pos(q, k);

			return ldx_fail_at(p->err, pos, "'%.*s' at position %d cannot be used inside "
			                   "NEAR(...)", (int)(j - k), q + k, pos);
		}
		if (q[k] == '*')
			return query_star_error(p, k);
		if (q[k] == '~')
			return query_tilde_error(p, k);
		{
			const char *colon = memchr(q + k, ':', j - k);

			if (colon && colon > q + k &&
			    query_field_lookup(q + k, (size_t)(colon - q) - k) >= 0) {
				int pos = char_pos(q, k);
				int n = (int)((size_t)(colon - q) - k + 1);

				return ldx_fail_at(p->err, pos, "'%.*s' at position %d is inside NEAR(...); "
				                   "put the field before it: %.*sNEAR(...)", n, q + k, pos,
				                   n, q + k);
			}
		}
		if (q[j - 1] == '*') {
			if (j - k >= 2 && q[j - 2] == '*')
				return query_star_error(p, j - 1);
			prefix = 1;
		}
		ldx_status rc = prefix_term_new(p, k, k, j - k - (size_t)prefix, prefix, &kid);
		if (rc != LDX_OK)
			return rc;
		if (query_node_add(near, kid) != 0)
			return query_nomem(p);
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

static ldx_status parse_unary(struct parser *p, int depth, struct node **out)
{
	const struct token *t;
	struct token open, tag;
	struct node *n;
	int after_prefix = p->after_prefix, have;
	ldx_status rc;

	p->after_prefix = 0;
	if ((rc = query_peek(p, &t)) != LDX_OK)
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
		query_consume(p);
		if (!(n = term_new(p, open.off, open.text, open.len, 0)))
			return query_nomem(p);
		if ((rc = take_tag(p, &tag, &have)) != LDX_OK)
			return rc;
		return finish_term(p, n, open.dist, have ? &tag : NULL, out);

	case T_NEAR:
		query_consume(p);
		if ((rc = parse_near(p, &open, &n)) != LDX_OK)
			return rc;
		if ((rc = take_tag(p, &tag, &have)) != LDX_OK)
			return rc;
		if (have) {
			if ((rc = check_tag_field(p, &tag)) != LDX_OK)
				return rc;
			if (tag.dist >= 0 || (query_tags[tag.index].flags & TAG_DATE)) {
				int pos = char_pos(p->q, tag.off);

				return ldx_fail_at(p->err, pos, "field tag [%.*s] at position %d cannot "
				                   "apply to NEAR(...)", (int)tag.len, p->q + tag.text, pos);
			}
			n->field = query_tags[tag.index].target;
		}
		*out = n;
		return LDX_OK;

	case T_LPAREN:
		query_consume(p);
		if ((rc = query_peek(p, &t)) != LDX_OK)
			return rc;
		if (t->kind == T_RPAREN)
			return query_fail_at(p, open.off, "empty parentheses");
		if (t->kind == T_END)
			return query_fail_at(p, open.off, "unbalanced '('");
		if ((rc = query_parse_or(p, depth + 1, &n)) != LDX_OK)
			return rc;
		if ((rc = query_peek(p, &t)) != LDX_OK)
			return rc;
		if (t->kind != T_RPAREN)
			return query_fail_at(p, open.off, "unbalanced '('");
		query_consume(p);
		if (n->kind == N_AND || n->kind == N_OR)
			n->off = open.off;
		*out = n;
		return LDX_OK;

	case T_FIELD: {
		int outer = p->field;
		size_t outer_off = p->field_off;
		int target = query_fields[open.index].target;

		query_consume(p);
		if ((rc = query_peek(p, &t)) != LDX_OK)
			return rc;
		if (!starts_term(t->kind)) {
			int pos = char_pos(p->q, open.off);

			return ldx_fail_at(p->err, pos, "'%.*s' at position %d needs a term after it",
			                   (int)open.len, p->q + open.text, pos);
		}
		if (outer >= 0 &&
		    strcmp(query_targets[outer].columns, query_targets[target].columns) != 0) {
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
			struct node *f = query_node_new(p, N_FIELD, open.off);

			if (!f || query_node_add(f, n) != 0)
				return query_nomem(p);
			f->field = target;
			*out = f;
		}
		return LDX_OK;
	}

	case T_TAG:
		return tag_misplaced(p, &open);

	default:
		/* callers check starts_term() first */
		return query_fail_at(p, open.off, "expected a word");
	}
}

static ldx_status parse_and(struct parser *p, int depth, struct node **out)
{
	const struct token *t;
	struct node *first, *and = NULL;
	ldx_status rc;

	if ((rc = query_peek(p, &t)) != LDX_OK)
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

		if ((rc = query_peek(p, &t)) != LDX_OK)
			return rc;
		if (t->kind == T_AND || t->kind == T_NOT) {
			op = *t;
			query_consume(p);
			if ((rc = query_peek(p, &t)) != LDX_OK)
				return rc;
			/* "a AND NOT b" is read as "a NOT b" */
			if (op.kind == T_AND && t->kind == T_NOT) {
				op = *t;
				query_consume(p);
				if ((rc = query_peek(p, &t)) != LDX_OK)
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
			struct node *not = query_node_new(p, N_NOT, op.off);

			if (!not || query_node_add(not, kid) != 0)
				return query_nomem(p);
			kid = not;
		}
		if (!and) {
			if (!(and = query_node_new(p, N_AND, first->off)) ||
			    query_node_add(and, first) != 0)
				return query_nomem(p);
		}
		if (query_node_add(and, kid) != 0)
			return query_nomem(p);
	}
	*out = and ? and : first;
	return LDX_OK;
}

ldx_status query_parse_or(struct parser *p, int depth, struct node **out)
{
	const struct token *t;
	struct node *left, *or = NULL;
	ldx_status rc;

	if ((rc = parse_and(p, depth, &left)) != LDX_OK)
		return rc;
	for (;;) {
		struct token op;
		struct node *right;

		if ((rc = query_peek(p, &t)) != LDX_OK)
			return rc;
		if (t->kind != T_OR)
			break;
		op = *t;
		query_consume(p);
		if ((rc = query_peek(p, &t)) != LDX_OK)
			return rc;
		/* a NOT here gets parse_and's clearer message */
		if (!starts_term(t->kind) && t->kind != T_NOT) {
			int pos = char_pos(p->q, op.off);

			return ldx_fail_at(p->err, pos, "'OR' at position %d needs a term after it", pos);
		}
		if ((rc = parse_and(p, depth, &right)) != LDX_OK)
			return rc;
		if (!or) {
			if (!(or = query_node_new(p, N_OR, left->off)) ||
			    query_node_add(or, left) != 0)
				return query_nomem(p);
		}
		if (query_node_add(or, right) != 0)
			return query_nomem(p);
	}
	*out = or ? or : left;
	return LDX_OK;
}

