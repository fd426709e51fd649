/*
 * tokenizer.h: the "litdex" FTS5 tokenizer.
 *
 * It wraps FTS5's built-in unicode61 tokenizer (remove_diacritics 2) and
 * post-processes what the parent emits: splits letter/digit boundaries,
 * folds Greek letters to their names as colocated tokens, drops a
 * possessive 's, and stems with libstemmer (Snowball), leaving acronyms,
 * tokens with digits and tokens of three letters or fewer unstemmed.
 * The rules are in tokenizer.c and the README.
 *
 * Table definition:  tokenize = 'litdex english'   (any Snowball language)
 *
 * Each tokenizer instance owns its own sb_stemmer, and FTS5 creates one
 * instance per table per connection, so one connection per thread is safe.
 */
#ifndef LDX_TOKENIZER_H
#define LDX_TOKENIZER_H

#include <sqlite3.h>

#include "litdex.h"

#define LDX_DEFAULT_LANGUAGE "english"

/* The connection's fts5_api (SELECT fts5(?1)), for registering the
 * tokenizer and the ranking functions. */
ldx_status ldx_fts5_api(sqlite3 *db, fts5_api **api, ldx_error *err);

/* Registers the "litdex" tokenizer on db.  Must run on every connection
 * that reads or writes the index, before the first MATCH. */
ldx_status ldx_tokenizer_register(sqlite3 *db, ldx_error *err);

/* Called once per token; tflags is 0 or FTS5_TOKEN_COLOCATED.  Return
 * SQLITE_OK to go on. */
typedef int (*ldx_token_fn)(void *ctx, int tflags, const char *token, int ntoken,
                            int start, int end);

/*
 * Runs the registered litdex tokenizer for language over text[0..n), in
 * query mode (FTS5_TOKENIZE_QUERY) or document mode.  This is the only
 * way the rest of litdex splits text, so query and index tokens agree.
 */
ldx_status ldx_tokenize(sqlite3 *db, const char *language, int query_mode,
                        const char *text, int n, ldx_token_fn fn, void *ctx,
                        ldx_error *err);

/* The number of tokens text[0..n) makes (colocated ones not counted:
 * they share a position), through ldx_tokenize. */
ldx_status ldx_count_tokens(sqlite3 *db, const char *language, int query_mode,
                            const char *text, int n, int *count, ldx_error *err);

#endif
