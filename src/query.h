/*
 * query.h: the litdex query language, translated to an FTS5 MATCH
 * expression.  User text never reaches FTS5 unquoted: every word and
 * phrase is emitted as an FTS5 string ("..." with " doubled), so no input
 * can produce an FTS5 syntax error; malformed input is reported with its
 * 1-based character position instead.
 *
 * Grammar (first cut):
 *     query    := or_expr
 *     or_expr  := and_expr ( "OR" and_expr )*
 *     and_expr := unary ( ["AND"] unary | "NOT" unary )*
 *     unary    := "(" or_expr ")" | term
 *     term     := [field ":"] ( word ["*"] | '"' phrase '"' )
 *     field    := title | abstract | keywords | keyword | mesh | author
 *                 | authors | journal
 * Operators are upper case only; "or" is a word.  A word containing
 * hyphens or other separators becomes a phrase through the tokenizer.
 */
#ifndef LDX_QUERY_H
#define LDX_QUERY_H

#include "litdex.h"

/* Tells the translator how many index tokens a piece of text yields in
 * query mode, so words that yield none ("^", "-") can be dropped.
 * Returns the count, or -1 on error. */
typedef struct ldx_query_tokenizer {
	int (*count)(void *ctx, const char *text, int n);
	void *ctx;
} ldx_query_tokenizer;

/*
 * Translates query into a malloc'ed FTS5 expression in *fts_out.
 * tok may be NULL: every word then counts as having tokens.
 * Errors: LDX_ERR_QUERY with err->position, LDX_ERR_NOMEM.
 */
ldx_status ldx_query_to_fts(const char *query, const ldx_query_tokenizer *tok,
                            char **fts_out, ldx_error *err);

#endif
