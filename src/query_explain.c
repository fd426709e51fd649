/*
 * query_explain.c: how a query was understood (see query_int.h).  Owns
 * the explanation lines of ldx_query_explain (one per term, with its
 * field, nested under "all of:" / "any of:") and the word list of
 * ldx_query_terms for "did you mean" suggestions.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "query_int.h"

/* ---- Explainer ------------------------------------------------------ */

static const char *where(int field)
{
	return field < 0 ? "any field" : query_targets[field].label;
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
void query_out_text(struct out *o, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;

		while (j < n && (unsigned char)s[j] >= 0x20 && s[j] != 0x7f)
			j++;
		query_out_add(o, s + i, j - i);
		if (j < n)
			query_out_add(o, " ", 1);
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
	query_out_str(o, (*shown)++ ? ", " : " (");
	query_out_text(o, p->q + t->text, t->len);
	query_out_str(o, " -> ");
	query_out_text(o, buf, strlen(buf));
	return LDX_OK;
}

/* Lines for n, indented by depth; neg: n is excluded (under NOT); field:
 * the field of an enclosing group, which a term without its own takes. */
ldx_status query_explain(struct parser *p, struct out *o, const struct node *n, int depth,
                         int neg, int field)
{
	ldx_status rc = LDX_OK;
	int shown = 0;

	if (n->kind == N_FIELD && n->lang < 0)
		return query_explain(p, o, n->kids[0], depth, neg, n->field);
	if (n->field >= 0)
		field = n->field;
	for (int i = 0; i < depth; i++)
		query_out_str(o, "  ");
	if (neg)
		query_out_str(o, "not: ");
	switch (n->kind) {
	case N_TERM:
		query_out_str(o, n->prefix                            ? "prefix \""
		                 : has_space(p->q + n->text, n->len) ? "phrase \""
		                                                     : "term \"");
		query_out_text(o, p->q + n->text, n->len);
		query_out_fmt(o, "%s\" in %s", n->prefix ? "*" : "", where(field));
		rc = explain_stems(p, o, n, &shown);
		break;
	case N_NEAR:
		query_out_fmt(o, "NEAR/%d", n->dist);
		if (field >= 0)
			query_out_fmt(o, " in %s", where(field));
		query_out_str(o, ":");
		for (size_t i = 0; i < n->nkids; i++) {
			const struct node *k = n->kids[i];
			int quote = has_space(p->q + k->text, k->len);

			query_out_str(o, quote ? " \"" : " ");
			query_out_text(o, p->q + k->text, k->len);
			query_out_str(o, quote ? "\"" : "");
			query_out_str(o, k->prefix ? "*" : "");
		}
		for (size_t i = 0; i < n->nkids && rc == LDX_OK; i++)
			rc = explain_stems(p, o, n->kids[i], &shown);
		break;
	case N_YEARS:
		if (n->y1 == n->y2)
			query_out_fmt(o, "year %d", n->y1);
		else
			query_out_fmt(o, "years %d-%d", n->y1, n->y2);
		if (n->dated)
			query_out_str(o, " (months and days are not searched)");
		break;
	case N_FIELD:
		if (n->lang >= 0) {
			const char *const *names = query_languages[n->lang];

			query_out_str(o, "language \"");
			query_out_text(o, p->q + n->text, n->len);
			query_out_str(o, "\" (matches ");
			for (int k = 0; k < LANGUAGE_NAMES && names[k]; k++) {
				int more = k + 1 < LANGUAGE_NAMES && names[k + 1];

				query_out_str(o, k == 0 ? "" : more ? ", " : " or ");
				query_out_str(o, names[k]);
			}
			query_out_str(o, ")");
			break;
		}
		/* a field group was looked through above */
		break;
	case N_NOT:
		/* handled by N_AND, its only parent */
		return query_explain(p, o, n->kids[0], depth, 1, field);
	case N_AND:
	case N_OR:
		query_out_str(o, n->kind == N_AND ? "all of:\n" : "any of:\n");
		for (size_t i = 0; i < n->nkids && rc == LDX_OK; i++) {
			const struct node *k = n->kids[i];

			if (k->kind == N_NOT)
				rc = query_explain(p, o, k->kids[0], depth + 1, 1, field);
			else
				rc = query_explain(p, o, k, depth + 1, 0, field);
		}
		return rc;
	}
	if (shown)
		query_out_str(o, ")");
	query_out_str(o, "\n");
	return rc;
}

/* ---- Terms for suggestions ------------------------------------------ */

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
			return query_nomem(p);
		t->v = v;
		t->cap = cap;
	}
	if (!(copy = strndup(s, n)))
		return query_nomem(p);
	t->v[t->n++] = copy;
	return LDX_OK;
}

ldx_status query_collect_terms(struct parser *p, const struct node *n, struct terms *t)
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
		rc = query_collect_terms(p, n->kids[i], t);
	return rc;
}

