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
 *
 * Pre-tokenized text: a thread with no index connection tokenizes
 * documents with an ldx_doc_tokenizer, recording the tokens
 * (tokstream.h); the thread that owns the index connection hands them to
 * that connection's tokenizer with ldx_tokenizer_preload, and FTS5 then
 * gets the recorded tokens for any document text byte-identical to one
 * of them.  Any other text is tokenized as usual.
 */
#ifndef LDX_TOKENIZER_H
#define LDX_TOKENIZER_H

#include <sqlite3.h>

#include "litdex.h"
#include "tokstream.h"

#define LDX_DEFAULT_LANGUAGE "english"

/* The connection's fts5_api (SELECT fts5(?1)), for registering the
 * tokenizer and the ranking functions. */
ldx_status ldx_fts5_api(sqlite3 *db, fts5_api **api, ldx_error *err);

/* Registers the "litdex" tokenizer on db.  Must run on every connection
 * that reads or writes the index, before the first MATCH. */
ldx_status ldx_tokenizer_register(sqlite3 *db, ldx_error *err);

/* What one registration on one connection owns (its preload slot); it
 * lives as long as the connection. */
typedef struct ldx_tokenizer_module ldx_tokenizer_module;

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

/* db's litdex registration (ldx_tokenizer_register), borrowed for as long
 * as the connection is open. */
ldx_status ldx_tokenizer_module_get(sqlite3 *db, ldx_tokenizer_module **out,
                                    ldx_error *err);

/*
 * Offers streams (borrowed; NULL clears) to every document tokenized on
 * the module's connection until the next call: a text byte-identical to
 * one made by a tokenizer of the same language gets that stream instead
 * of being tokenized.  Set it just around one statement, on the
 * connection's thread, and clear it before streams go away.
 */
void ldx_tokenizer_preload(ldx_tokenizer_module *module, const ldx_tokstreams *streams);

/* How many document texts the module replayed from preloaded streams. */
long ldx_tokenizer_replayed(const ldx_tokenizer_module *module);

/*
 * A litdex tokenizer of its own, for a thread that has no index
 * connection: an in-memory connection with the tokenizer registered and
 * one instance for language.  Use it on one thread at a time.
 */
typedef struct ldx_doc_tokenizer ldx_doc_tokenizer;

ldx_status ldx_doc_tokenizer_open(const char *language, ldx_doc_tokenizer **out,
                                  ldx_error *err);

/* The language as the tokenizer spells it (what ldx_tokstreams_find
 * compares); valid until close. */
const char *ldx_doc_tokenizer_language(const ldx_doc_tokenizer *t);

/* Tokenizes text[0..n) in document mode, as ldx_tokenize does. */
ldx_status ldx_doc_tokenizer_run(ldx_doc_tokenizer *t, const char *text, int n,
                                 ldx_token_fn fn, void *ctx, ldx_error *err);

void ldx_doc_tokenizer_close(ldx_doc_tokenizer *t);

#endif
