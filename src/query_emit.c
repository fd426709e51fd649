/*
 * query_emit.c: from the parsed tree to the FTS5 expression (see
 * query_int.h).  Owns the simplifier (unsearchable words dropped, nested
 * AND/OR flattened, fields folded), the relaxer (the "any" variant), the
 * model of FTS5's parser stack that refuses a query before FTS5 would,
 * the emitter, and the bounded output buffer it and the explainer write
 * to.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "query_int.h"

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

/* A stop word the any variant leaves out: a plain word of the user's (not
 * quoted: a phrase's node starts at its quote), in no field. */
static int is_stop_word(const struct parser *p, const struct node *n)
{
	return p->drop_stop && !p->keep_stop && !n->lit && n->field < 0 && !n->prefix &&
	       p->q[n->off] != '"' && p->tok->stop(p->tok->ctx, p->q + n->text, (int)n->len);
}

/*
 * Returns in *out the node with unsearchable words (and in the any
 * variant, stop words) removed (NULL when nothing is left), nested AND/OR
 * flattened into their parent, and a field over a single term or NEAR
 * group folded into it.  A NEAR group
 * left with one term becomes that term.  Kids arrays are rebuilt; nodes
 * stay owned by the parser.
 */
ldx_status query_simplify(struct parser *p, struct node *n, struct node **out)
{
	struct node **old = n->kids;
	size_t nold = n->nkids;
	struct node *s;
	ldx_status rc = LDX_OK;

	*out = NULL;
	switch (n->kind) {
	case N_TERM:
		if (is_stop_word(p, n))
			return push_dropped(p, n) == 0 ? LDX_OK : query_nomem(p);
		if (!n->lit && p->tok && p->tok->count) {
			int c = p->tok->count(p->tok->ctx, p->q + n->text, (int)n->len);

			if (c < 0) {
				int pos = char_pos(p->q, n->off);

				return ldx_fail_at(p->err, pos, "cannot tokenize the term at position %d", pos);
			}
			if (c == 0)
				return push_dropped(p, n) == 0 ? LDX_OK : query_nomem(p);
		}
		*out = n;
		return LDX_OK;

	case N_YEARS:
		*out = n;
		return LDX_OK;

	case N_FIELD:
		p->keep_stop++;
		rc = query_simplify(p, n->kids[0], &s);
		p->keep_stop--;
		if (rc != LDX_OK || !s)
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
		p->keep_stop++;
		rc = query_simplify(p, n->kids[0], out);
		p->keep_stop--;
		return rc;

	case N_NEAR:
	case N_AND:
	case N_OR:
		break;
	}

	n->kids = NULL;
	n->nkids = n->cap = 0;
	p->keep_stop += n->kind == N_NEAR;
	for (size_t i = 0; i < nold && rc == LDX_OK; i++) {
		struct node *kid = old[i];

		if ((rc = query_simplify(p, kid, &s)) != LDX_OK || !s)
			continue;
		if (kid->kind == N_NOT) {
			kid->kids[0] = s;
			s = kid;
		}
		if (s->kind == n->kind && n->kind != N_NEAR) {
			for (size_t k = 0; k < s->nkids; k++)
				if (query_node_add(n, s->kids[k]) != 0)
					rc = query_nomem(p);
		} else if (query_node_add(n, s) != 0) {
			rc = query_nomem(p);
		}
	}
	p->keep_stop -= n->kind == N_NEAR;
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
	return n->kind == N_YEARS || (n->field >= 0 && query_targets[n->field].filter);
}

/*
 * The any variant: the free (not NOT, not filter) kids of the top-level
 * AND, looking through one field around the whole query, become one OR
 * kid in front.  With fewer than two free kids nothing changes.
 */
ldx_status query_relax(struct parser *p, struct node *root)
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
	if (!(or = query_node_new(p, N_OR, and->off)))
		return query_nomem(p);
	if (!(kept = malloc(and->nkids * sizeof *kept)))
		return query_nomem(p);
	kept[nkept++] = or;
	for (size_t i = 0; i < and->nkids; i++) {
		struct node *k = and->kids[i];

		if (k->kind == N_NOT || is_filter(k)) {
			kept[nkept++] = k;
		} else if (k->kind == N_OR) {
			for (size_t j = 0; j < k->nkids; j++)
				if (query_node_add(or, k->kids[j]) != 0)
					goto oom;
		} else if (query_node_add(or, k) != 0) {
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
	return query_nomem(p);
}

/* ---- Emitter -------------------------------------------------------- */

/*
 * How the AST is written (each rule is mirrored in query_stack_check):
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
ldx_status query_stack_check(struct parser *p, const struct node *n, int base)
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
		return query_stack_check(p, n->kids[0], base + 4 + 1);
	case N_NOT:
		return query_stack_check(p, n->kids[0], base);
	case N_OR:
		for (size_t i = 0; i < n->nkids && rc == LDX_OK; i++)
			rc = query_stack_check(p, n->kids[i],
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
			rc = query_stack_check(p, k,
			                       base + wrap_p + (ip++ ? 2 : 0) + wrap_in_and(k));
		else
			rc = query_stack_check(p, k->kids[0], base + 2 + wrap_n + (in++ ? 2 : 0) +
			                       (nneg > 1 && wrap_in_or(k->kids[0])));
	}
	return rc;
}

/* ---- Output buffer (struct out, query_int.h) ------------------------- */

void query_out_add(struct out *o, const char *s, size_t n)
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

void query_out_str(struct out *o, const char *s)
{
	query_out_add(o, s, strlen(s));
}

void query_out_fmt(struct out *o, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* only used for numbers and short labels, which fit */
	if (n > 0)
		query_out_add(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* An FTS5 string literal: the text in double quotes, '"' doubled. */
static void out_quoted(struct out *o, const char *s, size_t n)
{
	const char *q;

	query_out_add(o, "\"", 1);
	while (n && (q = memchr(s, '"', n))) {
		size_t k = (size_t)(q - s) + 1;

		query_out_add(o, s, k);
		query_out_add(o, "\"", 1);
		s += k;
		n -= k;
	}
	query_out_add(o, s, n);
	query_out_add(o, "\"", 1);
}

static void out_column(struct out *o, int field)
{
	const char *cols;

	if (field < 0)
		return;
	cols = query_targets[field].columns;
	if (strchr(cols, ' '))
		query_out_fmt(o, "{%s} : ", cols);
	else
		query_out_fmt(o, "%s : ", cols);
}

static void out_term(struct parser *p, struct out *o, const struct node *n)
{
	if (n->lit)
		out_quoted(o, n->lit, strlen(n->lit));
	else
		out_quoted(o, p->q + n->text, n->len);
	if (n->prefix)
		query_out_str(o, " *");
}

void query_emit(struct parser *p, struct out *o, const struct node *n);

static void emit_wrapped(struct parser *p, struct out *o, const struct node *n, int wrap)
{
	if (wrap)
		query_out_add(o, "(", 1);
	query_emit(p, o, n);
	if (wrap)
		query_out_add(o, ")", 1);
}

void query_emit(struct parser *p, struct out *o, const struct node *n)
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
		query_out_str(o, "NEAR(");
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				query_out_str(o, " ");
			out_term(p, o, n->kids[i]);
		}
		query_out_fmt(o, ", %d)", n->dist);
		return;
	case N_YEARS:
		out_column(o, TG_YEAR);
		if (n->y1 == n->y2) {
			query_out_fmt(o, "\"%d\"", n->y1);
			return;
		}
		query_out_str(o, "(");
		for (int y = n->y1; y <= n->y2; y++)
			query_out_fmt(o, y > n->y1 ? " OR \"%d\"" : "\"%d\"", y);
		query_out_str(o, ")");
		return;
	case N_FIELD:
		query_out_fmt(o, "{%s} : (", query_targets[n->field].columns);
		query_emit(p, o, n->kids[0]);
		query_out_str(o, ")");
		return;
	case N_NOT:
		query_emit(p, o, n->kids[0]);
		return;
	case N_OR:
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				query_out_str(o, " OR ");
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
		query_out_str(o, "(");
	for (size_t i = 0; i < n->nkids; i++) {
		if (n->kids[i]->kind == N_NOT)
			continue;
		if (ip++)
			query_out_str(o, " AND ");
		emit_wrapped(p, o, n->kids[i], wrap_in_and(n->kids[i]));
	}
	if (wrap_p)
		query_out_str(o, ")");
	if (!nneg)
		return;
	query_out_str(o, wrap_n ? " NOT (" : " NOT ");
	for (size_t i = 0; i < n->nkids; i++) {
		const struct node *k = n->kids[i];

		if (k->kind != N_NOT)
			continue;
		if (in++)
			query_out_str(o, " OR ");
		emit_wrapped(p, o, k->kids[0], nneg > 1 && wrap_in_or(k->kids[0]));
	}
	if (wrap_n)
		query_out_str(o, ")");
}

