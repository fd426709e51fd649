/*
 * query_lex.c: the query lexer (see query_int.h).  Owns turning query
 * text into tokens: words (a trailing '*' marks a prefix search),
 * "phrases" with an optional ~N, known field prefixes ("title:"), PubMed
 * [tags] with their modifiers, NEAR( ... ) spans, parentheses and the
 * upper-case operators.  Tokens are lexed on demand into the parser's
 * lookahead queue, so errors come in text order.  A tag's name is
 * checked here, against query_tags[]; what it applies to is the parser's
 * business.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "query_int.h"

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int query_field_lookup(const char *s, size_t n)
{
	for (int i = 0; i < query_nfields; i++)
		if (strlen(query_fields[i].name) == n &&
		    strncasecmp(query_fields[i].name, s, n) == 0)
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
	for (int i = 0; i < query_ntags; i++)
		if (tag_name_is(query_tags[i].name, s, n))
			return i;
	return -1;
}

/* Reads the digits at q[*k..end); returns their value, capped at
 * NEAR_MAX + 1, or -1 when there are none.  *k moves past them. */
int query_read_number(const char *q, size_t end, size_t *k)
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

ldx_status query_star_error(struct parser *p, size_t off)
{
	int pos = char_pos(p->q, off);

	return ldx_fail_at(p->err, pos,
	                   "'*' at position %d must directly follow a word, as in neuro*", pos);
}

ldx_status query_tilde_error(struct parser *p, size_t off)
{
	int pos = char_pos(p->q, off);

	return ldx_fail_at(p->err, pos,
	                   "'~' at position %d needs a number and must directly follow a quoted "
	                   "phrase, as in \"a b\"~5", pos);
}

ldx_status query_distance_error(struct parser *p, size_t off)
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
	for (int i = 0; i < query_ntags && used < sizeof known; i++)
		used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
		                         query_tags[i].name);
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
		return query_fail_at(p, i, "unterminated '['");
	for (a = i + 1; a < k && is_space(q[a]); a++)
		;
	for (b = k; b > a && is_space(q[b - 1]); b--)
		;
	if (a == b)
		return query_fail_at(p, i, "empty field tag");
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
			v = query_read_number(q, b, &d);
			if (v < 0 || d != b) {
				int pos = char_pos(q, i);

				return ldx_fail_at(p->err, pos, "'~' in the field tag at position %d needs "
				                   "a number, as in [tiab:~5]", pos);
			}
			if (v > NEAR_MAX)
				return query_distance_error(p, i);
			t->dist = v;
		} else if (!(query_tags[tag].flags & TAG_NOEXP) || !tag_name_is("noexp", q + m, b - m)) {
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
				return query_fail_at(p, k, "unterminated quote");
			k = (size_t)(end - q);
		} else if (q[k] == '(') {
			int pos = char_pos(q, k);

			return ldx_fail_at(p->err, pos, "'(' at position %d is inside NEAR(...), which "
			                   "holds only words and \"phrases\"", pos);
		}
	}
	if (k >= p->len)
		return query_fail_at(p, i, "unbalanced 'NEAR('");
	t->kind = T_NEAR;
	t->text = j + 1;
	t->len = k - j - 1;
	p->pos = k + 1;
	return LDX_OK;
}

int query_is_operator(const char *s, size_t n)
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
			return query_fail_at(p, i, "unterminated quote");
		j = (size_t)(end - q);
		for (k = i + 1; k < j && is_space(q[k]); k++)
			;
		if (k == j)
			return query_fail_at(p, i, "empty phrase");
		t->kind = T_PHRASE;
		t->text = i + 1;
		t->len = j - i - 1;
		p->pos = j + 1;
		if (j + 1 < p->len && q[j + 1] == '~') {
			size_t d = j + 2;
			int v = query_read_number(q, p->len, &d);

			if (v < 0)
				return query_tilde_error(p, j + 1);
			if (v > NEAR_MAX)
				return query_distance_error(p, j + 2);
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
		int f = query_field_lookup(q + i, (size_t)(colon - q) - i);

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
		return query_star_error(p, i);
	if (q[i] == '~')
		return query_tilde_error(p, i);
	p->pos = j;
	if (query_is_operator(q + i, j - i)) {
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
			return query_star_error(p, j - 1);
		t->prefix = 1;
		t->len--;
	}
	return LDX_OK;
}

/* The k-th token of lookahead (0 is the next); lexes as far as needed.
 * The pointer is valid until the next peek. */
ldx_status query_peek_at(struct parser *p, size_t k, struct token **t)
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
					return query_nomem(p);
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

ldx_status query_peek(struct parser *p, const struct token **t)
{
	struct token *x = NULL;
	ldx_status rc = query_peek_at(p, 0, &x);

	*t = x;
	return rc;
}

/* Drops the next token; only after a peek. */
void query_consume(struct parser *p)
{
	if (++p->head == p->count)
		p->head = p->count = 0;
}
