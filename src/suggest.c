/*
 * suggest.c: "did you mean" (ldx_suggest).  For each query word whose
 * index tokens match nothing, the closest indexed term by edit distance
 * (ties to the more frequent), taken from the FTS5 vocabulary itself, and
 * shown as a word some paper actually contains: stems ("synapt") are
 * turned back into text ("synaptic") through highlight() on one match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "error.h"
#include "query.h"
#include "tokenizer.h"

#define SUGGEST_TOKEN_MAX 64
#define SUGGEST_MAX_WORDS 8

typedef struct token_list {
	char tok[SUGGEST_MAX_WORDS][SUGGEST_TOKEN_MAX];
	int n;
} token_list;

static int collect_token(void *ctx, int tflags, const char *t, int n, int s, int e)
{
	token_list *l = ctx;
	if ((tflags & FTS5_TOKEN_COLOCATED) || l->n == SUGGEST_MAX_WORDS || n >= SUGGEST_TOKEN_MAX)
		return SQLITE_OK;
	memcpy(l->tok[l->n], t, (size_t)n);
	l->tok[l->n++][n] = '\0';
	return SQLITE_OK;
}

static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[SUGGEST_TOKEN_MAX + 1];
	if (la > SUGGEST_TOKEN_MAX || lb > SUGGEST_TOKEN_MAX)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Documents containing term exactly, or -1 on error. */
static long term_docs(sqlite3_stmt *exact, const char *term)
{
	long n = 0;
	sqlite3_bind_text(exact, 1, term, -1, SQLITE_STATIC);
	int step = sqlite3_step(exact);
	if (step == SQLITE_ROW)
		n = (long)sqlite3_column_int64(exact, 0);
	else if (step != SQLITE_DONE)
		n = -1;
	sqlite3_reset(exact);
	return n;
}

/* The closest indexed term to tok (same first byte), into best. */
static int closest_term(sqlite3_stmt *range, const char *tok, char *best, size_t size)
{
	char lo[2] = { tok[0], 0 }, hi[2] = { (char)(tok[0] + 1), 0 };
	int limit = strlen(tok) <= 4 ? 1 : 2, best_d = limit + 1;
	long best_docs = 0;

	best[0] = '\0';
	sqlite3_bind_text(range, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(range, 2, hi, -1, SQLITE_STATIC);
	while (sqlite3_step(range) == SQLITE_ROW) {
		const char *term = (const char *)sqlite3_column_text(range, 0);
		long docs = (long)sqlite3_column_int64(range, 1);
		size_t lt = strlen(term), lq = strlen(tok);
		if (lt + 2 < lq || lq + 2 < lt)
			continue;
		int d = distance(tok, term);
		if (d < best_d || (d == best_d && docs > best_docs)) {
			best_d = d;
			best_docs = docs;
			snprintf(best, size, "%s", term);
		}
	}
	sqlite3_reset(range);
	return best[0] != '\0';
}

/* A word as papers write it for an index term: the first highlighted
 * word of one matching paper, lowercased; the term itself if none. */
static void surface_form(ldx_db *db, const char *term, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	char expr[SUGGEST_TOKEN_MAX + 32];
	snprintf(out, size, "%s", term);
	snprintf(expr, sizeof expr, "{title abstract} : \"%s\"", term);
	if (sqlite3_prepare_v2(db->sql,
	                       "SELECT highlight(papers_fts, 0, char(2), char(3)) || ' ' || "
	                       "highlight(papers_fts, 1, char(2), char(3)) "
	                       "FROM papers_fts WHERE papers_fts MATCH ?1 LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		const char *b = t ? strchr(t, '\x02') : NULL;
		const char *e = b ? strchr(b, '\x03') : NULL;
		if (e && (size_t)(e - b - 1) < size && e - b > 1) {
			size_t n = (size_t)(e - b - 1);
			for (size_t i = 0; i < n; i++) {
				char c = b[1 + i];
				out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
			}
			out[n] = '\0';
		}
	}
	sqlite3_finalize(st);
}

ldx_status ldx_suggest(ldx_db *db, const char *query, char **text, ldx_error *err)
{
	sqlite3_stmt *exact = NULL, *range = NULL;
	char **words = NULL, *out = NULL;
	size_t nwords = 0, len = 0;
	ldx_status rc;

	*text = NULL;
	if ((rc = ldx_query_terms(query, &words, &nwords, err)) || nwords == 0)
		return rc == LDX_ERR_QUERY ? LDX_OK : rc;
	if ((rc = ldx_db_vocab(db, err)) ||
	    (rc = ldx_db_prepare(db, "SELECT doc FROM temp.papers_vocab WHERE term = ?1", &exact,
	                         "cannot read the index vocabulary", err)) ||
	    (rc = ldx_db_prepare(db,
	                         "SELECT term, doc FROM temp.papers_vocab "
	                         "WHERE term >= ?1 AND term < ?2",
	                         &range, "cannot read the index vocabulary", err)))
		goto out;
	for (size_t w = 0; w < nwords; w++) {
		token_list toks = { .n = 0 };
		if (ldx_tokenize(db->sql, db->language, 1, words[w], -1, collect_token, &toks, NULL))
			continue;
		for (int t = 0; t < toks.n; t++) {
			char best[SUGGEST_TOKEN_MAX], word[SUGGEST_TOKEN_MAX * 2];
			long docs = term_docs(exact, toks.tok[t]);
			if (docs != 0 || !closest_term(range, toks.tok[t], best, sizeof best))
				continue;
			surface_form(db, best, word, sizeof word);
			char *grown = realloc(out, len + strlen(word) + 3);
			if (!grown) {
				rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
				goto out;
			}
			out = grown;
			len += (size_t)sprintf(out + len, "%s%s", len ? ", " : "", word);
		}
	}
	*text = out;
	out = NULL;
out:
	free(out);
	sqlite3_finalize(exact);
	sqlite3_finalize(range);
	ldx_query_terms_free(words, nwords);
	return rc;
}
