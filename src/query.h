/*
 * query.h: the litdex query language, translated to an FTS5 MATCH
 * expression.  User text never reaches FTS5 unquoted: every word and
 * phrase is emitted as an FTS5 string ("..." with " doubled), so no input
 * can produce an FTS5 syntax error; malformed input is reported with its
 * 1-based character position instead.
 *
 * Grammar:
 *     query    := or_expr
 *     or_expr  := and_expr ( "OR" and_expr )*
 *     and_expr := unary ( ["AND"] unary | "NOT" unary )*
 *     unary    := "(" or_expr ")" | [field ":"] unary | term
 *     term     := ( word ["*"] | words | '"' phrase '"' ["~" N] | near ) [tag]
 *     near     := "NEAR(" item item+ ["," N] ")"     item := word ["*"] | '"' phrase '"'
 *     tag      := "[" name [":" modifier] "]"
 *     field    := title | abstract | keywords | keyword | mesh | author
 *                 | authors | journal
 * Operators (AND, OR, NOT, NEAR) are upper case only; "or" is a word.  A
 * word containing hyphens or other separators becomes a phrase through
 * the tokenizer.
 *
 * PubMed field tags, case-insensitive, spaces allowed inside the brackets:
 *     [ti] [title]                       title
 *     [ab] [abstract]                    abstract
 *     [tiab] [title/abstract]            title and abstract
 *     [au] [auth] [author]               authors
 *     [ta] [journal] [jour]              journal (full title and ISO abbreviation)
 *     [mh] [mesh] [majr] [mesh terms]    MeSH (":noexp" accepted; MeSH is never exploded)
 *     [ot] [kw] [keyword] [other term]   keywords
 *     [pt] [publication type]            publication type
 *     [la] [language]                    language; "english" also finds eng and en
 *     [dp] [pdat] [year]                 publication year
 *     [pmid] [uid] [doi] [aid]           identifiers (PMID, DOI, PMCID)
 *     [all] [tw] [all fields] [text word]  no column limit
 * A tag takes as its term the quoted phrase before it, or else the bare
 * words before it, back to the previous operator, parenthesis, quoted
 * phrase, field-prefixed or tagged term, or a word ending in '*'; those
 * words form one phrase: "kavalali et[au]" is the author phrase "kavalali
 * et", and so is the whole of "ketamine kavalali et[au]" (write "ketamine
 * AND kavalali et[au]" to keep ketamine apart), as in PubMed.  Tags whose
 * values never contain spaces ([dp], [la], [pmid], [doi] and their
 * synonyms) take only the last word: "ketamine 2019[dp]" is ketamine AND
 * the year 2019.  A tag inside a field prefix of another column, or after
 * a parenthesised group, is an error; an unknown tag is an error that
 * lists the known ones.
 *
 * Dates: "2019[dp]", "2015:2020[dp]", "2015/01/01:2020/12/31[dp]"
 * (YYYY[/MM[/DD]], only the years are searched) become the years in the
 * year column.  A range may span at most 300 years; a reversed one is an
 * error.
 *
 * Proximity: '"ketamine depression"~5', '"a b"[tiab:~5]' (PubMed's form)
 * and "NEAR(ketamine depression, 5)" all become NEAR("ketamine"
 * "depression", 5): each word of the phrase is its own string, a quoted
 * item inside NEAR(...) stays a phrase.  The distance defaults to 10 and
 * may be 0 to 1000; NEAR needs at least two terms.  A field applies to
 * the whole group: title:NEAR(a b) is title : NEAR("a" "b", 10).
 */
#ifndef LDX_QUERY_H
#define LDX_QUERY_H

#include <stddef.h>

#include "litdex.h"

/*
 * How the index tokenizer sees query text.  Both callbacks get a piece of
 * the query (n bytes, not NUL-terminated) and may be NULL.
 *   count  the number of index tokens text yields in query mode, so words
 *          that yield none ("^", "-") can be dropped; -1 on error.
 *   stems  writes the tokens text yields (stemmed), space-separated and
 *          NUL-terminated, into out (outsz bytes, cut when too small);
 *          returns 0 when there are none, more than 0 (a count or a
 *          length) when there are, -1 on error.  Only explain uses it, to
 *          show "plasticity -> plastic"; -1 fails the explain call.
 *   stop   1 when text is a stop word, else 0.  In the any variant only,
 *          a plain word (not quoted, not fielded, not in NEAR(...) or
 *          after NOT) that is a stop word is dropped like one with no
 *          tokens.
 * Initialize it with designators ({ .count = f, .ctx = c }): members may
 * be appended, and -Wextra warns about a positional { f, c }.
 */
typedef struct ldx_query_tokenizer {
	int (*count)(void *ctx, const char *text, int n);
	void *ctx;
	int (*stems)(void *ctx, const char *text, int n, char *out, size_t outsz);
	int (*stop)(void *ctx, const char *text, int n);
} ldx_query_tokenizer;

/*
 * Translates query into a malloc'ed FTS5 expression in *fts_out.
 * tok may be NULL: every word then counts as having tokens.
 * Errors: LDX_ERR_QUERY with err->position, LDX_ERR_NOMEM, LDX_ERR_USAGE
 * (query or fts_out NULL).  On error *fts_out is NULL.
 */
ldx_status ldx_query_to_fts(const char *query, const ldx_query_tokenizer *tok,
                            char **fts_out, ldx_error *err);

/*
 * As ldx_query_to_fts; with any != 0, the relaxed ("any of the words")
 * variant: the terms ANDed at the top level (directly, or directly inside
 * one field prefix around the whole query) are ORed instead.  Nested ANDs
 * are flattened first, so "a (b c)" is three terms; phrases, NEAR groups,
 * fielded terms and OR groups stay whole, an OR group joining the new OR;
 * [dp], [la] and [pt] terms stay required (ANDed with the OR group) and
 * NOT clauses still exclude.  "ketamine depression 2019[dp] NOT review" becomes
 * (("ketamine" OR "depression") AND year : "2019") NOT "review".  When
 * relaxing changes nothing (one term, an OR query) the expression equals
 * the any == 0 one, so the caller can compare them to skip a retry.
 */
ldx_status ldx_query_to_fts_mode(const char *query, const ldx_query_tokenizer *tok, int any,
                                 char **fts_out, ldx_error *err);

/*
 * Translates query (as ldx_query_to_fts) and describes how it was
 * understood, in a malloc'ed text of '\n'-terminated lines in *explain_out,
 * one per term (with the field it is searched in, its own or its group's),
 * nested two spaces per level under "all of:" and "any of:" lines;
 * excluded terms start with "not: ".  Lines include
 *     term "plasticity" in any field (plasticity -> plastic)
 *     phrase "homeostatic plasticity" in title, abstract
 *     prefix "neuro*" in title
 *     years 2015-2020
 *     NEAR/5: ketamine depression
 *     language "english" (matches english, eng or en)
 *     dropped "^" (no searchable characters)
 * The "-> stems" part appears only when tok->stems is set and the stems
 * differ from the text.  fts_out may be NULL; explain_out may not.  On
 * error both are NULL.
 */
ldx_status ldx_query_explain(const char *query, const ldx_query_tokenizer *tok,
                             char **fts_out, char **explain_out, ldx_error *err);

/* ldx_query_explain for ldx_query_to_fts_mode's any variant. */
ldx_status ldx_query_explain_mode(const char *query, const ldx_query_tokenizer *tok, int any,
                                  char **fts_out, char **explain_out, ldx_error *err);

/*
 * The words of the query's positive terms, for "did you mean"
 * suggestions: every whitespace-separated word of its words, phrases and
 * NEAR items as typed, in query order, without duplicates.  Left out:
 * anything under NOT, years, [la] and identifier ([pmid], [doi]) terms,
 * and the last word of a prefix search ("neuro*").  There is no
 * tokenizer, so nothing is dropped: a word like "^" can be in the list,
 * and the caller tokenizes each word to look it up.  At most 256 words.
 * *terms_out is a malloc'ed array of *n_out malloc'ed strings (NULL and 0
 * when there are none or on error); free it with ldx_query_terms_free.
 * Errors as ldx_query_to_fts.
 */
ldx_status ldx_query_terms(const char *query, char ***terms_out, size_t *n_out,
                           ldx_error *err);

/* Frees what ldx_query_terms returned; terms may be NULL. */
void ldx_query_terms_free(char **terms, size_t n);

#endif
