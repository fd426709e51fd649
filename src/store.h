/*
 * store.h: writing one record into the index (papers, paper_authors,
 * sources) and a paper's related words.  The caller (index.c) owns transactions; the store only runs
 * its prepared statements inside them.
 *
 * One paper, one row: a record is matched to an existing paper by PMID,
 * then DOI, then its key, then its title+year hash.  A match is updated:
 * the incoming record's fields win, and fields it lacks keep their old
 * values, so a paper seen in two files gathers the fields of both.
 *
 * ldx_store_pretokenize knows which texts a record gives papers_fts, so
 * that another thread can tokenize them ahead of ldx_store_record.
 */
#ifndef LDX_STORE_H
#define LDX_STORE_H

#include <sqlite3.h>

#include "db.h"
#include "record.h"
#include "tokenizer.h"
#include "tokstream.h"

typedef struct ldx_store ldx_store;

typedef enum ldx_store_outcome {
	LDX_STORED_ADDED,
	LDX_STORED_REPLACED,
	LDX_STORED_DELETED,     /* a delete record removed a paper */
	LDX_STORED_NOTHING      /* a delete record for a paper not in the index */
} ldx_store_outcome;

ldx_status ldx_store_open(ldx_db *db, ldx_store **out, ldx_error *err);
void ldx_store_close(ldx_store *st);

/* Stores rec as coming from file_id (0: no file) and sets *paper_id to
 * the row it went to (0 for a delete).  A record with no PMID, DOI or
 * title is LDX_ERR_PARSE; err names no file (the caller adds it).
 * tokens (may be NULL) are rec's texts already tokenized
 * (ldx_store_pretokenize); a text they do not hold exactly is tokenized
 * here as usual, so they only save time. */
ldx_status ldx_store_record(ldx_store *st, const ldx_record *rec, const ldx_tokstreams *tokens,
                            sqlite3_int64 file_id, ldx_store_outcome *outcome,
                            sqlite3_int64 *paper_id, ldx_error *err);

/*
 * Tokenizes with tokenizer (an ldx_doc_tokenizer) the texts rec gives
 * papers_fts's columns, as stored (the lists joined), into out, which
 * must be empty; out borrows rec's strings, so rec must outlive it.
 * Touches no store and no index, so it runs on any thread.  Failure
 * (out of memory) only leaves texts out.  The signature is readahead.h's
 * ldx_readahead_prepare.
 */
void ldx_store_pretokenize(void *tokenizer, const ldx_record *rec, ldx_tokstreams *out);

/* Sets paper id's related words (related.c): NULL for none made yet, ""
 * for none found.  Hands FTS5 the old values first. */
ldx_status ldx_store_set_related(ldx_store *st, sqlite3_int64 id, const char *words,
                                 ldx_error *err);

/* Brings papers_doclen (doclen.h) up to date with the papers stored
 * since the last call.  Call it before every COMMIT of a transaction the
 * store wrote in; without it searches rank from FTS5's own rows. */
ldx_status ldx_store_sync(ldx_store *st, ldx_error *err);

/* Removes paper id: its full-text entry (with the old values, as
 * FTS5's external-content tables need), authors, sources and row. */
ldx_status ldx_store_forget(ldx_store *st, sqlite3_int64 id, ldx_error *err);

#endif
