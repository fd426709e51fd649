/*
 * query.c: the litdex query language, translated to an FTS5 MATCH
 * expression (see query.h for the grammar).  The translator is five
 * files around query_int.h; this one owns the vocabulary of the language
 * (columns, field prefixes, PubMed tags, language names), the error
 * helpers, and the entry points, which run the steps in order:
 *
 *   lexer      (query_lex.c) words, "phrases" (with ~N), field prefixes,
 *              [tags], NEAR( ... ), ( ) and the upper-case operators;
 *              lexed on demand into a small queue, so errors come in text
 *              order
 *   parser     (query_parse.c) recursive descent into a small AST (struct
 *              node); runs of words before a tag become one tagged phrase
 *   simplifier (query_emit.c) drops words that yield no index tokens,
 *              flattens nested AND/OR, and folds a field onto a single
 *              term or NEAR group
 *   relaxer    (query_emit.c) the "any" variant: top-level ANDs become ORs
 *   emitter    (query_emit.c) writes the FTS5 expression; every word and
 *              phrase becomes an FTS5 string, so user text is never FTS5
 *              syntax
 *   explainer  (query_explain.c) the same tree as readable lines; the
 *              term list for suggestions
 *
 * Positions are byte offsets internally and 1-based UTF-8 character
 * positions in errors.  The input is checked to be UTF-8 first, so the
 * two always convert cleanly.
 *
 * FTS5's own parser has a fixed stack of about 100 entries, which a
 * nested query can overflow ("fts5: parser stack overflow") long before
 * our nesting limit.  query_stack_check() models the stack the emitted
 * expression needs and rejects the query before FTS5 would.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "query_int.h"

/* ---- The vocabulary ------------------------------------------------- */

const struct query_target query_targets[] = {
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

const struct query_field query_fields[] = {
	{ "title", TG_TITLE },
	{ "abstract", TG_ABSTRACT },
	{ "keywords", TG_KEYWORDS },
	{ "keyword", TG_KEYWORDS },
	{ "mesh", TG_MESH },
	{ "authors", TG_AUTHORS },
	{ "author", TG_AUTHORS },
	{ "journal", TG_VENUE },
};
const int query_nfields = (int)(sizeof query_fields / sizeof query_fields[0]);

/* PubMed field tags ("[ti]"); names are lower case, one space between words. */
const struct query_tag query_tags[] = {
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
const int query_ntags = (int)(sizeof query_tags / sizeof query_tags[0]);

/* Ways a language is written: MEDLINE stores "eng", BibTeX "english",
 * HTML "en".  A [la] term naming one finds them all. */
const char *const query_languages[][LANGUAGE_NAMES] = {
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
const int query_nlanguages = (int)(sizeof query_languages / sizeof query_languages[0]);


/* ---- Errors and input checks ------------------------------------------ */

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

ldx_status query_fail_at(struct parser *p, size_t off, const char *what)
{
	int pos = char_pos(p->q, off);

	return ldx_fail_at(p->err, pos, "%s at position %d", what, pos);
}

ldx_status query_nomem(struct parser *p)
{
	return ldx_fail(p->err, LDX_ERR_NOMEM, NULL, 0, "out of memory translating the query");
}


/* ---- Entry points --------------------------------------------------- */

/* Parses, simplifies and (any != 0) relaxes query, then writes what is
 * asked for: the expression, the explanation, the term list. */
static ldx_status translate(const char *query, const ldx_query_tokenizer *tok, int any,
                            char **fts_out, char **explain_out, struct terms *terms,
                            ldx_error *err)
{
	struct parser p = { .q = query, .field = -1, .tok = tok, .err = err,
	                    .drop_stop = any && tok && tok->stop };
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
		return query_fail_at(&p, valid, "invalid utf-8");

	if ((rc = query_peek(&p, &t)) != LDX_OK)
		goto out;
	if (t->kind == T_END) {
		rc = ldx_fail_at(err, 1, "empty query");
		goto out;
	}
	if (t->kind == T_RPAREN) {
		rc = query_fail_at(&p, t->off, "unbalanced ')'");
		goto out;
	}
	if ((rc = query_parse_or(&p, 0, &root)) != LDX_OK)
		goto out;
	if ((rc = query_peek(&p, &t)) != LDX_OK)
		goto out;
	if (t->kind != T_END) {
		/* parse_or stops only at the end or at a ')' it did not open */
		rc = query_fail_at(&p, t->off, "unbalanced ')'");
		goto out;
	}
	if ((rc = query_simplify(&p, root, &simple)) != LDX_OK)
		goto out;
	if (!simple) {
		rc = ldx_fail_at(err, 1, "query has no searchable words");
		goto out;
	}
	if (any && (rc = query_relax(&p, simple)) != LDX_OK)
		goto out;
	if ((rc = query_stack_check(&p, simple, 0)) != LDX_OK)
		goto out;
	query_emit(&p, &o, simple);
	if (o.rc == LDX_ERR_NOMEM) {
		rc = query_nomem(&p);
		goto out;
	}
	if (o.rc != LDX_OK) {
		rc = ldx_fail_at(err, 1, "query is too long once translated: the limit is %d bytes",
		                 FTS_MAX_BYTES);
		goto out;
	}
	if (explain_out) {
		if ((rc = query_explain(&p, &e, simple, 0, 0, TG_NONE)) != LDX_OK)
			goto out;
		for (size_t i = 0; i < p.ndropped; i++) {
			query_out_str(&e, "dropped \"");
			query_out_text(&e, query + p.dropped[i]->text, p.dropped[i]->len);
			query_out_str(&e, "\" (nothing to search: punctuation, or a stop word in any-mode)\n");
		}
		if (e.rc == LDX_ERR_NOMEM) {
			rc = query_nomem(&p);
			goto out;
		}
		if (e.rc != LDX_OK) {
			rc = ldx_fail_at(err, 1, "query is too long to explain: the limit is %d bytes",
			                 EXPLAIN_MAX_BYTES);
			goto out;
		}
	}
	if (terms && (rc = query_collect_terms(&p, simple, terms)) != LDX_OK)
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
	query_parser_release(&p);
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
