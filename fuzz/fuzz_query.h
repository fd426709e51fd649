/*
 * fuzz_query.h: the query translator's property check, shared by the
 * libFuzzer target fuzz/fuzz_query.c and the replaying unit test
 * tests/unit/test_regress.c.
 *
 * The property, from query.h: for any query text, ldx_query_to_fts_mode
 * (strict and relaxed "any" variants) either fails with LDX_ERR_QUERY and
 * a position >= 1 (leaving *fts_out NULL), or
 * returns an expression that a real FTS5 table with the index's columns
 * and tokenizer accepts, so MATCH never fails with a syntax error.  Tokens
 * are counted by the index tokenizer, as search.c does.
 */
#ifndef LDX_FUZZ_QUERY_H
#define LDX_FUZZ_QUERY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "query.h"
#include "tokenizer.h"

#ifndef FUZZ_VIOLATION
#define FUZZ_VIOLATION() abort()
#endif

/* One :memory: database with the table, made once for a whole run. */
typedef struct fuzz_query_db {
	sqlite3 *db;
	sqlite3_stmt *match;
} fuzz_query_db;

static inline void fuzz_query_fail(const char *what, const char *query,
                                   const char *detail)
{
	fprintf(stderr, "fuzz property violated: %s\n  query: %s\n  detail: %s\n", what, query,
	        detail ? detail : "");
	FUZZ_VIOLATION();
}

static inline int fuzz_query_count_token(void *ctx, int tflags, const char *t, int n,
                                         int s, int e)
{
	(void)t, (void)n, (void)s, (void)e;
	if (!(tflags & FTS5_TOKEN_COLOCATED))
		(*(int *)ctx)++;
	return SQLITE_OK;
}

static inline int fuzz_query_count(void *ctx, const char *text, int n)
{
	int count = 0;
	if (ldx_tokenize(ctx, "english", 1, text, n, fuzz_query_count_token, &count, NULL) !=
	    LDX_OK)
		return -1;
	return count;
}

/* 0 on success; on failure says why on stderr. */
static inline int fuzz_query_open(fuzz_query_db *q)
{
	ldx_error err;
	memset(q, 0, sizeof *q);
	if (sqlite3_open(":memory:", &q->db) != SQLITE_OK ||
	    ldx_tokenizer_register(q->db, &err) != LDX_OK ||
	    sqlite3_exec(q->db,
	                 "CREATE VIRTUAL TABLE t USING fts5(title, abstract, keywords, mesh, "
	                 "authors, venue, pub_types, body, year, language, ids, "
	                 "tokenize='litdex english');"
	                 "INSERT INTO t(title, abstract, year, language, ids) VALUES "
	                 "('ketamine depression', 'synaptic plasticity in rats', '2019', "
	                 "'eng', '12345678 10.1000/x');",
	                 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(q->db, "SELECT rowid FROM t WHERE t MATCH ?1", -1, &q->match,
	                       NULL) != SQLITE_OK) {
		fprintf(stderr, "fuzz_query: setup failed: %s\n",
		        q->db ? sqlite3_errmsg(q->db) : "out of memory");
		return -1;
	}
	return 0;
}

static inline void fuzz_query_close(fuzz_query_db *q)
{
	sqlite3_finalize(q->match);
	sqlite3_close(q->db);
	memset(q, 0, sizeof *q);
}

/* Checks one translation of query; any selects the relaxed variant. */
static inline void fuzz_query_check_mode(fuzz_query_db *q, const char *query,
                                         int any)
{
	ldx_query_tokenizer tok = { .count = fuzz_query_count, .ctx = q->db };
	ldx_error err;
	char *fts = NULL;
	int step;

	memset(&err, 0, sizeof err);
	ldx_status rc = ldx_query_to_fts_mode(query, &tok, any, &fts, &err);
	if (rc == LDX_ERR_QUERY) {
		if (fts)
			fuzz_query_fail("an error left *fts_out set", query, fts);
		else if (err.position < 1)
			fuzz_query_fail("LDX_ERR_QUERY without a position >= 1", query, err.message);
		goto out;
	}
	if (rc != LDX_OK) {
		fuzz_query_fail("neither LDX_OK nor LDX_ERR_QUERY", query, err.message);
		goto out;
	}
	if (!fts) {
		fuzz_query_fail("LDX_OK without an expression", query, NULL);
		goto out;
	}
	sqlite3_bind_text(q->match, 1, fts, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(q->match)) == SQLITE_ROW)
		;
	if (step != SQLITE_DONE) {
		char detail[2048];
		snprintf(detail, sizeof detail, "%s FTS5 rejects '%s': %s",
		         any ? "any-mode:" : "all-mode:", fts, sqlite3_errmsg(q->db));
		sqlite3_reset(q->match);
		fuzz_query_fail("the FTS5 expression is not accepted", query, detail);
	}
	sqlite3_reset(q->match);
	sqlite3_clear_bindings(q->match);
out:
	free(fts);
}

/* Checks one query given as bytes, in both match modes; it is cut at a
 * NUL, as argv would cut it. */
static inline void fuzz_query_check(fuzz_query_db *q, const uint8_t *data, size_t size)
{
	char *query = malloc(size + 1);

	if (!query)
		return;
	memcpy(query, data, size);
	query[size] = '\0';
	fuzz_query_check_mode(q, query, 0);
	fuzz_query_check_mode(q, query, 1);
	free(query);
}

#endif
