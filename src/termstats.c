/*
 * termstats.c: the term_df table of common terms' document frequencies
 * and the lookups of a query's words in it; see termstats.h.
 *
 * Rebuilding reads the whole index vocabulary once (an fts5vocab scan:
 * about 1 s of CPU per 200,000 papers), which is why it waits until the
 * number of papers has moved by a tenth.  A term's frequency moves by less
 * than that in between, and its idf by less than 0.1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "termstats.h"
#include "tokenizer.h"

/* Terms in fewer papers than this share are counted at search time. */
#define TERMSTATS_SHARE 2000
#define TERMSTATS_MAX_TERM 128
#define TERMSTATS_MAX_WORDS 16

struct ldx_termstats {
	ldx_db *db;
	sqlite3_stmt *lookup;     /* NULL when the index has no term_df */
	sqlite3_stmt *count;
	sqlite3_stmt *vocab;      /* made on first use */
};


/*
 * Fills term_df with the terms in at least min_df papers, and counts every
 * term of the index into *terms on the way: the scan of the vocabulary is
 * the cost (5.6 s at 1,000,000 papers), so `litdex stats` reads the count
 * made here rather than scanning again.
 */
static ldx_status common_terms_store(ldx_db *db, long long min_df, long long *terms,
                                     ldx_error *err)
{
	sqlite3_stmt *scan = NULL, *add = NULL;
	ldx_status rc;
	int step;

	*terms = 0;
	if ((rc = ldx_db_vocab(db, err)) ||
	    (rc = ldx_db_prepare(db, "SELECT term, doc FROM temp.papers_vocab", &scan,
	                         "cannot update the term statistics", err)) ||
	    (rc = ldx_db_prepare(db, "INSERT INTO term_df(term, df) VALUES (?1, ?2)", &add,
	                         "cannot update the term statistics", err)))
		goto out;
	while ((step = sqlite3_step(scan)) == SQLITE_ROW) {
		(*terms)++;
		if (sqlite3_column_int64(scan, 1) < min_df)
			continue;
		sqlite3_bind_value(add, 1, sqlite3_column_value(scan, 0));
		sqlite3_bind_int64(add, 2, sqlite3_column_int64(scan, 1));
		if (sqlite3_step(add) != SQLITE_DONE) {
			rc = ldx_db_fail(db, err, "cannot update the term statistics");
			goto out;
		}
		sqlite3_reset(add);
	}
	if (step != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "cannot update the term statistics");
out:
	sqlite3_finalize(scan);
	sqlite3_finalize(add);
	return rc;
}

ldx_status ldx_termstats_refresh(ldx_db *db, int force, ldx_error *err)
{
	long long papers = 0, ref = 0, terms = -1;
	int found, have_ref;
	sqlite3_stmt *st = NULL;
	ldx_status rc;

	if ((rc = ldx_db_int(db, "SELECT count(*) FROM papers", &papers, &found,
	                      "cannot read the term statistics", err)) ||
	    (rc = ldx_db_int(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'term_df_papers'",
	                     &ref, &have_ref, "cannot read the term statistics", err)))
		return rc;
	if (!force && (have_ref ? (papers > ref ? papers - ref : ref - papers) * 10 < ref
	                        : papers < LDX_TERMSTATS_MIN_PAPERS))
		return LDX_OK;

	if ((rc = ldx_db_exec(db, "BEGIN IMMEDIATE", "cannot update the term statistics", err)))
		return rc;
	if ((rc = ldx_db_exec(db, "CREATE TABLE IF NOT EXISTS term_df(term TEXT PRIMARY KEY, "
	                          "df INTEGER NOT NULL) WITHOUT ROWID",
	                      "cannot update the term statistics", err)) ||
	    (rc = ldx_db_exec(db, "DELETE FROM term_df", "cannot update the term statistics", err)))
		goto out;
	if (papers >= LDX_TERMSTATS_MIN_PAPERS &&
	    (rc = common_terms_store(db, papers / TERMSTATS_SHARE > 2 ? papers / TERMSTATS_SHARE : 2,
	                             &terms, err)))
		goto out;
	/* a small index keeps no count: stats counts its few terms itself */
	if ((rc = ldx_db_exec(db, "DELETE FROM meta WHERE key = 'term_df_terms'",
	                      "cannot update the term statistics", err)) ||
	    (rc = ldx_db_prepare(db, "INSERT OR REPLACE INTO meta(key, value) "
	                             "SELECT 'term_df_papers', ?1 UNION ALL "
	                             "SELECT 'term_df_terms', ?2 WHERE ?2 >= 0",
	                         &st, "cannot update the term statistics", err)))
		goto out;
	sqlite3_bind_int64(st, 1, papers);
	sqlite3_bind_int64(st, 2, terms);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "cannot update the term statistics");
out:
	sqlite3_finalize(st);
	if (rc == LDX_OK)
		return ldx_db_exec(db, "COMMIT", "cannot update the term statistics", err);
	sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

ldx_status ldx_termstats_open(ldx_db *db, ldx_termstats **out, ldx_error *err)
{
	ldx_termstats *ts = calloc(1, sizeof *ts);
	long long one;
	int found;
	ldx_status rc;

	*out = NULL;
	if (!ts)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	ts->db = db;
	if ((rc = ldx_db_int(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND "
	                         "name = 'term_df'", &one, &found, "cannot read the term statistics",
	                     err)) ||
	    (found && (rc = ldx_db_prepare(db, "SELECT df FROM term_df WHERE term = ?1",
	                                   &ts->lookup, "cannot read the term statistics", err))) ||
	    (rc = ldx_db_prepare(db, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1",
	                         &ts->count, "cannot count papers", err))) {
		ldx_termstats_close(ts);
		return rc;
	}
	*out = ts;
	return LDX_OK;
}

void ldx_termstats_close(ldx_termstats *ts)
{
	if (!ts)
		return;
	sqlite3_finalize(ts->lookup);
	sqlite3_finalize(ts->count);
	sqlite3_finalize(ts->vocab);
	free(ts);
}

/* A phrase's terms as the index tokenizer makes them (colocated variants
 * left out); len[i] -1 for a term too long to look up. */
typedef struct phrase_terms {
	char term[TERMSTATS_MAX_WORDS][TERMSTATS_MAX_TERM];
	int len[TERMSTATS_MAX_WORDS];
	int tokens, colocated;
} phrase_terms;

static int take_token(void *ctx, int tflags, const char *t, int n, int s, int e)
{
	phrase_terms *pt = ctx;
	if (tflags & FTS5_TOKEN_COLOCATED) {
		pt->colocated = 1;
		return SQLITE_OK;
	}
	if (pt->tokens < TERMSTATS_MAX_WORDS) {
		int ok = n > 0 && n < TERMSTATS_MAX_TERM;
		if (ok)
			memcpy(pt->term[pt->tokens], t, (size_t)n);
		pt->len[pt->tokens] = ok ? n : -1;
	}
	pt->tokens++;
	return SQLITE_OK;
}

/* One value from st, reset; 0 when it has no row. */
static ldx_status step_value(ldx_termstats *ts, sqlite3_stmt *st, double *value, int *found,
                             ldx_error *err)
{
	int step = sqlite3_step(st);
	*found = step == SQLITE_ROW;
	if (*found)
		*value = sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return ldx_db_fail(ts->db, err, "cannot count papers");
	return LDX_OK;
}

/* term i of pt's frequency from term_df, *found 0 when it is not there. */
static ldx_status lookup_term(ldx_termstats *ts, const phrase_terms *pt, int i, double *df,
                              int *found, ldx_error *err)
{
	*df = 0;
	*found = 0;
	if (i >= TERMSTATS_MAX_WORDS || pt->len[i] <= 0)
		return LDX_OK;
	sqlite3_bind_text(ts->lookup, 1, pt->term[i], pt->len[i], SQLITE_STATIC);
	return step_value(ts, ts->lookup, df, found, err);
}

/* The index terms of the phrase text[0..n) into pt, where term_df can be
 * read; none (pt->tokens 0) without the table. */
static ldx_status phrase_terms_read(ldx_termstats *ts, const char *text, int n,
                                    phrase_terms *pt, ldx_error *err)
{
	*pt = (phrase_terms){ .tokens = 0 };
	if (!ts->lookup)
		return LDX_OK;
	return ldx_tokenize(ts->db->sql, ts->db->language, 1, text, n, take_token, pt, err);
}

ldx_status ldx_termstats_known_df(ldx_termstats *ts, const char *text, int n, double *df,
                                  int *found, ldx_error *err)
{
	phrase_terms pt;
	ldx_status rc;

	*df = 0;
	*found = 0;
	if ((rc = phrase_terms_read(ts, text, n, &pt, err)) || pt.tokens != 1 || pt.colocated)
		return rc;
	return lookup_term(ts, &pt, 0, df, found, err);
}

ldx_status ldx_termstats_rarest_word(ldx_termstats *ts, const char *text, int n, double *df,
                                     int *words, ldx_error *err)
{
	phrase_terms pt;
	ldx_status rc;

	*df = 0;
	*words = 0;
	if ((rc = phrase_terms_read(ts, text, n, &pt, err)))
		return rc;
	*words = pt.tokens;
	for (int i = 0; i < pt.tokens; i++) {
		double term_df;
		int found;
		if ((rc = lookup_term(ts, &pt, i, &term_df, &found, err)) || !found) {
			*df = 0;
			return rc;
		}
		*df = i == 0 || term_df < *df ? term_df : *df;
	}
	return LDX_OK;
}

ldx_status ldx_termstats_count_df(ldx_termstats *ts, const char *text, int n, double *df,
                                  ldx_error *err)
{
	int found = 0;
	ldx_status rc;

	*df = 0;
	/* the phrase quoted for FTS5, its quotes doubled */
	char *quoted = malloc(2 * (size_t)n + 3), *p = quoted;
	if (!quoted)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	*p++ = '"';
	for (int i = 0; i < n; i++) {
		if (text[i] == '"')
			*p++ = '"';
		*p++ = text[i];
	}
	*p++ = '"';
	sqlite3_bind_text(ts->count, 1, quoted, (int)(p - quoted), SQLITE_STATIC);
	rc = step_value(ts, ts->count, df, &found, err);
	sqlite3_clear_bindings(ts->count);
	free(quoted);
	return rc;
}

ldx_status ldx_termstats_df(ldx_termstats *ts, const char *text, int n, double *df,
                            ldx_error *err)
{
	ldx_status rc;
	int found = 0;

	if ((rc = ldx_termstats_known_df(ts, text, n, df, &found, err)) || found)
		return rc;
	return ldx_termstats_count_df(ts, text, n, df, err);
}

ldx_status ldx_termstats_term_df(ldx_termstats *ts, const char *term, int n, double *df,
                                 ldx_error *err)
{
	ldx_status rc;
	int found = 0;

	*df = 0;
	if (ts->lookup) {
		sqlite3_bind_text(ts->lookup, 1, term, n, SQLITE_STATIC);
		if ((rc = step_value(ts, ts->lookup, df, &found, err)) || found)
			return rc;
	}
	if (!ts->vocab && ((rc = ldx_db_vocab(ts->db, err)) ||
	                   (rc = ldx_db_prepare(ts->db, "SELECT doc FROM temp.papers_vocab "
	                                                "WHERE term = ?1",
	                                        &ts->vocab, "cannot read index terms", err))))
		return rc;
	sqlite3_bind_text(ts->vocab, 1, term, n, SQLITE_STATIC);
	return step_value(ts, ts->vocab, df, &found, err);
}

ldx_status ldx_termstats_papers(ldx_termstats *ts, double *papers, ldx_error *err)
{
	long long value = 0;
	int found = 0;
	ldx_status rc = LDX_OK;

	if (ts->lookup)
		rc = ldx_db_int(ts->db, "SELECT CAST(value AS INTEGER) FROM meta "
		                        "WHERE key = 'term_df_papers'", &value, &found,
		                "cannot read the term statistics", err);
	if (!rc && !found)
		rc = ldx_db_int(ts->db, "SELECT count(*) FROM papers", &value, &found,
		                "cannot count papers", err);
	*papers = (double)value;
	return rc;
}
