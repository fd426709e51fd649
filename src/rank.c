/*
 * rank.c: the litdex_rank (BM25F) and litdex_why FTS5 auxiliary
 * functions; see rank.h.
 *
 * Per query, the document frequency of every phrase and the average length
 * of every column are computed once and kept as FTS5 auxdata.  Per row,
 * each weighed phrase's position list gives its hits per column; its
 * pseudo-frequency is
 *     tf' = sum over columns c of  w_c * tf_c / (1 - b + b * len_c / avglen_c)
 * and its score  weight_p * idf * tf' * (k1 + 1) / (tf' + k1),  with the
 * always positive idf = ln(1 + (N - n + 0.5) / (n + 0.5)) and weight_p 1
 * unless the call gives phrase weights (feedback.c does).
 *
 * Measured with `make eval` (NFCorpus dev nDCG@10): FTS5's idf
 * ln((N - n + 0.5) / (n + 0.5)) floored near 0 scored 0.3150 against
 * 0.3158, and a bonus for adjacent query words found together (ordered, or
 * within 8 words) 0.3056 to 0.3070 against 0.3077; neither is used.
 * Re-tuned at 0.3158: k1 2, 3, 4.5 by b 0.8, 0.9, 1 by title weight 2.5,
 * 4, 6 gave 0.3094 to 0.3164 (title 6; after the stop-word change title
 * 4, 5, 6, 8 give 0.3175, 0.3167, 0.3177, 0.3169: noise, so 4 stays), a
 * title b of its own (0.25: 0.3154, 0.5: 0.3150, 0.75: 0.3150) and BM25+'s
 * delta (0.25: 0.3161, 0.5: 0.3133, 1: 0.3158) are noise or worse; none
 * is used.
 * Against 0.3175 (the per-query differences' spread puts noise at about
 * 0.005): Lucene's coordination factor, the score times (weight of the
 * matched phrases / weight of all)^g, g 0.1 to 1: 0.3132 to 0.3192 (g 0.4:
 * +0.0017, 44 queries up, 38 down, t 0.76; only where 3 or more words are
 * left 0.3196), the same share weighed by idf 0.3150 to 0.3160; adjacent
 * query words as extra phrases inside an AND with the query (where
 * feedback does not apply), weighing 0.1 to 1, 0.3170 to 0.3182 (NEAR
 * within 8, 0.2: 0.3178); idf to the power 0.75, 1.25, 1.5: 0.3126 to
 * 0.3134; words in over 5, 10 or 20% of the papers weighing 0.5 or 0.75:
 * 0.3089 to 0.3164; k1 2 or 4.5 where 2, or 3, or more words are left:
 * 0.3130 to 0.3168; hits in the abstract's first 20 or 50 words weighing
 * 1.5 or 2: 0.3159 to 0.3178.  None is used.
 * Also against 0.3175: a length prior, the score times 1 + g ln(len /
 * avglen) for g -0.1 to 0.1, 0.3143 to 0.3160; adding a Dirichlet
 * language-model score (mu 300 to 2000, weighing 0.3 to 3) 0.3102 to
 * 0.3167; re-scoring the best 20 or 50 by their likeness to the others
 * (score regularisation) 0.3141 to 0.3195.  None is used: what moved the
 * score was a new source of evidence, the related words (related.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "doclen.h"
#include "docsize.h"
#include "error.h"
#include "rank.h"
#include "tokenizer.h"

#define RANK_MAX_COLUMNS 32
#define RANK_DEFAULT_K1 1.2
#define RANK_DEFAULT_B 0.75

typedef struct rank_query {
	int nphrase, ncol;
	double k1, b;
	double weight[RANK_MAX_COLUMNS];
	double avglen[RANK_MAX_COLUMNS];
	double *idf;                       /* nphrase entries */
	double *pweight;                   /* nphrase entries; 0: not scored */
	double *df;                        /* nphrase entries; < 0: count it */
	double *contrib;                   /* nphrase * ncol entries, for litdex_why */
	double *count;                     /* nphrase * ncol: a row's hits, where hit has the bit */
	unsigned *hit;                     /* nphrase: the columns each phrase hit in the row */
	ldx_doclen *doclen;                /* owned; NULL: docsize */
	ldx_docsize *docsize;              /* owned, when doclen is NULL; NULL: xColumnSize */
	int docsize_checked;               /* rows they agreed with xColumnSize on */
} rank_query;

/* litdex_rank's user data: its connection, and the length blocks the
 * connection keeps across queries (doclen.h).  Owned by the function's
 * registration; freed with the connection. */
typedef struct rank_conn {
	sqlite3 *db;
	ldx_doclen_cache *lens;    /* owned, or NULL */
} rank_conn;

static void rank_conn_free(void *p)
{
	rank_conn *conn = p;
	if (conn) {
		ldx_doclen_cache_free(conn->lens);
		free(conn);
	}
}

/* The rows whose sizes from the blocks or the docsize reader are checked
 * against FTS5's own before they are trusted with the rest. */
#define RANK_DOCSIZE_CHECKS 8

static int size_reader = LDX_RANK_SIZES_BLOCKS;

void ldx_rank_set_size_reader(int reader)
{
	size_reader = reader;
}

static void size_readers_close(rank_query *q)
{
	ldx_doclen_close(q->doclen);
	ldx_docsize_close(q->docsize);
	q->doclen = NULL;
	q->docsize = NULL;
}

static void rank_query_free(void *p)
{
	rank_query *q = p;
	if (q) {
		size_readers_close(q);
		free(q->idf);
		free(q->pweight);
		free(q->df);
		free(q->contrib);
		free(q->count);
		free(q->hit);
		free(q);
	}
}

double ldx_rank_idf(double nrow, double df)
{
	if (df > nrow)
		df = nrow;
	return log(1.0 + (nrow - df + 0.5) / (df + 0.5));
}

static int count_row(const Fts5ExtensionApi *api, Fts5Context *ctx, void *user)
{
	(*(sqlite3_int64 *)user)++;
	return SQLITE_OK;
}

/* The rows phrase i of the MATCH finds, within its column filter. */
static int phrase_rows(const Fts5ExtensionApi *api, Fts5Context *ctx, int i,
                       sqlite3_int64 *n)
{
	*n = 0;
	return api->xQueryPhrase(ctx, i, n, count_row);
}

/* Reads k1, b, the column weights, the phrase weights and the phrases'
 * document frequencies from the SQL arguments; q->pweight and q->df must
 * be allocated. */
static void read_args(rank_query *q, int ncol, int nargs, sqlite3_value **args)
{
	q->k1 = nargs > 0 ? sqlite3_value_double(args[0]) : RANK_DEFAULT_K1;
	q->b = nargs > 1 ? sqlite3_value_double(args[1]) : RANK_DEFAULT_B;
	if (q->k1 < 0)
		q->k1 = RANK_DEFAULT_K1;
	if (q->b < 0 || q->b > 1)
		q->b = RANK_DEFAULT_B;
	for (int c = 0; c < q->ncol; c++)
		q->weight[c] = nargs > 2 + c ? sqlite3_value_double(args[2 + c]) : 1.0;
	/* phrase weights follow the weights of all the table's columns */
	for (int p = 0; p < q->nphrase; p++)
		q->pweight[p] = nargs > 2 + ncol + p ? sqlite3_value_double(args[2 + ncol + p]) : 1.0;
	/* then, optionally, one document frequency per phrase (topk.c) */
	for (int p = 0; p < q->nphrase; p++) {
		int a = 2 + ncol + q->nphrase + p;
		q->df[p] = nargs > a ? sqlite3_value_double(args[a]) : -1.0;
	}
}

static int rank_query_get(const Fts5ExtensionApi *api, Fts5Context *ctx, int nargs,
                          sqlite3_value **args, rank_query **out)
{
	rank_query *q = api->xGetAuxdata(ctx, 0);
	sqlite3_int64 nrow = 0, rows, totals[RANK_MAX_COLUMNS];
	int rc;

	*out = q;
	if (q)
		return SQLITE_OK;
	if (!(q = calloc(1, sizeof *q)))
		return SQLITE_NOMEM;
	q->nphrase = api->xPhraseCount(ctx);
	int ncol = api->xColumnCount(ctx);
	q->ncol = ncol > RANK_MAX_COLUMNS ? RANK_MAX_COLUMNS : ncol;
	if (!(q->idf = calloc((size_t)q->nphrase + 1, sizeof *q->idf)) ||
	    !(q->pweight = calloc((size_t)q->nphrase + 1, sizeof *q->pweight)) ||
	    !(q->df = calloc((size_t)q->nphrase + 1, sizeof *q->df)) ||
	    !(q->contrib = calloc((size_t)q->nphrase * q->ncol + 1, sizeof *q->contrib)) ||
	    !(q->count = calloc((size_t)q->nphrase * q->ncol + 1, sizeof *q->count)) ||
	    !(q->hit = calloc((size_t)q->nphrase + 1, sizeof *q->hit))) {
		rank_query_free(q);
		return SQLITE_NOMEM;
	}
	read_args(q, ncol, nargs, args);
	if ((rc = api->xRowCount(ctx, &rows)) != SQLITE_OK)
		goto fail;
	nrow = rows < 1 ? 1 : rows;
	for (int c = 0; c < q->ncol; c++) {
		if ((rc = api->xColumnTotalSize(ctx, c, &totals[c])) != SQLITE_OK)
			goto fail;
		q->avglen[c] = (double)totals[c] / (double)nrow;
	}
	for (int i = 0; i < q->nphrase; i++) {
		sqlite3_int64 n = 0;
		if (q->pweight[i] == 0.0)
			continue;  /* counting its rows costs as much as the search */
		if (q->df[i] >= 0) {
			q->idf[i] = ldx_rank_idf((double)nrow, q->df[i]);
			continue;
		}
		if ((rc = phrase_rows(api, ctx, i, &n)) != SQLITE_OK)
			goto fail;
		q->idf[i] = ldx_rank_idf((double)nrow, (double)n);
	}
	/* litdex ranks papers_fts alone; on another table the blocks' stamp
	 * or the first rows' check finds the sizes disagree */
	rank_conn *conn = api->xUserData(ctx);
	if (size_reader == LDX_RANK_SIZES_BLOCKS && conn)
		q->doclen = ldx_doclen_open(conn->db, conn->lens, q->ncol, rows, totals);
	if (size_reader != LDX_RANK_SIZES_FTS5 && !q->doclen && conn)
		q->docsize = ldx_docsize_open(conn->db, q->ncol);
	if ((rc = api->xSetAuxdata(ctx, q, rank_query_free)) != SQLITE_OK) {
		q = NULL;  /* freed by FTS5 on failure */
		return rc;
	}
	*out = q;
	return SQLITE_OK;
fail:
	rank_query_free(q);
	return rc;
}

/*
 * The sizes of the row's columns from q's blocks or docsize reader into
 * sizes: 1 when they can be used.  Until RANK_DOCSIZE_CHECKS rows have
 * agreed with FTS5's own sizes each row is checked, and a disagreement
 * drops the reader for the rest of the query.
 */
static int reader_sizes(const Fts5ExtensionApi *api, Fts5Context *ctx, rank_query *q,
                        int *sizes)
{
	sqlite3_int64 rowid = api->xRowid(ctx);
	if (q->doclen ? !ldx_doclen_read(q->doclen, rowid, sizes)
	              : !q->docsize || !ldx_docsize_read(q->docsize, rowid, sizes))
		return 0;
	if (q->docsize_checked >= RANK_DOCSIZE_CHECKS)
		return 1;
	for (int c = 0; c < q->ncol; c++) {
		int len;
		if (api->xColumnSize(ctx, c, &len) != SQLITE_OK || len != sizes[c]) {
			size_readers_close(q);
			return 0;
		}
	}
	q->docsize_checked++;
	return 1;
}

/*
 * The row's score into *score and, when contrib is not NULL, each
 * (phrase, column) share of it into contrib[phrase * ncol + col] (nphrase
 * * ncol slots).  A row's work follows its hits, not the query's size: an
 * "any" query of 8 words has 96 (phrase, column) pairs, and a row holds
 * two or three of them.  The sums run in column order, as over every
 * pair, so the scores are the same to the bit.
 */
static int score_row(const Fts5ExtensionApi *api, Fts5Context *ctx, rank_query *q,
                     double *contrib, double *score)
{
	double norm[RANK_MAX_COLUMNS];
	unsigned hit_columns = 0;
	int rc;

	*score = 0;
	if (contrib)
		memset(contrib, 0, (size_t)q->nphrase * (size_t)q->ncol * sizeof *contrib);
	/* first the term frequencies, then the lengths of the columns they are
	 * in: most rows match in two or three of the twelve.  Each phrase's
	 * hits are read from its own position list (xPhraseFirst), not from
	 * FTS5's instance array, which merges every phrase's hits in order;
	 * phrases weighing 0 (a pruning pass's E, a filter's) are skipped */
	for (int p = 0; p < q->nphrase; p++) {
		Fts5PhraseIter it;
		int col, off;
		double *count = q->count + (size_t)p * q->ncol;
		unsigned *hit = &q->hit[p];
		*hit = 0;
		if (q->pweight[p] == 0.0)
			continue;
		if ((rc = api->xPhraseFirst(ctx, p, &it, &col, &off)) != SQLITE_OK)
			return rc;
		for (; col >= 0; api->xPhraseNext(ctx, &it, &col, &off))
			if (col < q->ncol) {
				if (!(*hit & (1u << col))) {
					*hit |= 1u << col;
					count[col] = 0;
				}
				count[col] += 1.0;
			}
		hit_columns |= *hit;
	}
	int sizes[RANK_MAX_COLUMNS];
	int have_sizes = hit_columns && reader_sizes(api, ctx, q, sizes);
	for (int c = 0; c < q->ncol && hit_columns >> c; c++) {
		int len = 0;
		norm[c] = 0;
		if (!(hit_columns & (1u << c)) || q->weight[c] == 0.0 || q->avglen[c] <= 0)
			continue;
		if (have_sizes)
			len = sizes[c];
		else if ((rc = api->xColumnSize(ctx, c, &len)) != SQLITE_OK)
			return rc;
		norm[c] = q->weight[c] / (1.0 - q->b + q->b * (double)len / q->avglen[c]);
	}
	for (int p = 0; p < q->nphrase; p++) {
		const double *count = q->count + (size_t)p * q->ncol;
		unsigned hit = q->hit[p];
		double tf = 0;
		for (int c = 0; c < q->ncol && hit >> c; c++)
			if (hit & (1u << c))
				tf += count[c] * norm[c];
		if (tf <= 0)
			continue;
		double s = q->pweight[p] * q->idf[p] * tf * (q->k1 + 1.0) / (tf + q->k1);
		*score += s;
		for (int c = 0; contrib && c < q->ncol && hit >> c; c++)
			if (hit & (1u << c))
				contrib[(size_t)p * q->ncol + c] = count[c] * norm[c] * (s / tf);
	}
	return SQLITE_OK;
}

/* The row's score under the call's arguments args[0..nargs). */
static int row_score(const Fts5ExtensionApi *api, Fts5Context *ctx, int nargs,
                     sqlite3_value **args, double *score)
{
	rank_query *q;
	int rc = rank_query_get(api, ctx, nargs, args, &q);
	return rc == SQLITE_OK ? score_row(api, ctx, q, NULL, score) : rc;
}

static void litdex_rank(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *res,
                        int nargs, sqlite3_value **args)
{
	double score;
	int rc = row_score(api, ctx, nargs, args, &score);
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(res, rc);
	else
		sqlite3_result_double(res, -score);
}

static void litdex_offer(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *res,
                         int nargs, sqlite3_value **args)
{
	ldx_rank_sink *sink = nargs > 0 ? sqlite3_value_pointer(args[0], LDX_RANK_SINK_TYPE) : NULL;
	double score;
	int rc;

	if (!sink) {
		sqlite3_result_error(res, "litdex_offer: no sink bound", -1);
		return;
	}
	if ((rc = row_score(api, ctx, nargs - 1, args + 1, &score)) != SQLITE_OK) {
		sqlite3_result_error_code(res, rc);
		return;
	}
	sink->offer(sink->ctx, score, api->xRowid(ctx));
	sqlite3_result_int(res, 0);
}

/* ---- litdex_why --------------------------------------------------------- */

#define WHY_MAX_WORDS 8
#define WHY_WORD_LEN 48

typedef struct why_words {
	const char *text;
	int pos;               /* token position */
	const int *wanted;     /* sorted token offsets matched in this column */
	int nwanted;
	char words[WHY_MAX_WORDS][WHY_WORD_LEN];
	int nwords;
} why_words;

static int why_token(void *user, int tflags, const char *tok, int ntok, int start, int end)
{
	why_words *w = user;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	int pos = w->pos++;
	for (int i = 0; i < w->nwanted; i++) {
		if (w->wanted[i] != pos)
			continue;
		int n = end - start < WHY_WORD_LEN - 1 ? end - start : WHY_WORD_LEN - 1;
		int seen = 0;
		for (int k = 0; k < w->nwords && !seen; k++)
			seen = (int)strlen(w->words[k]) == n &&
			       strncasecmp(w->words[k], w->text + start, (size_t)n) == 0;
		if (!seen && w->nwords < WHY_MAX_WORDS) {
			memcpy(w->words[w->nwords], w->text + start, (size_t)n);
			w->words[w->nwords++][n] = '\0';
		}
		break;
	}
	return SQLITE_OK;
}

static void litdex_why(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *res,
                       int nargs, sqlite3_value **args)
{
	rank_query *q;
	double score = 0, *contrib = NULL;
	int *offsets = NULL, ninst = 0;
	char *out = NULL;
	size_t len = 0, cap = 0;
	int rc = rank_query_get(api, ctx, nargs, args, &q);

	if (rc == SQLITE_OK) {
		contrib = q->contrib;
		rc = score_row(api, ctx, q, contrib, &score);
	}
	if (rc == SQLITE_OK)
		rc = api->xInstCount(ctx, &ninst);
	if (rc == SQLITE_OK && !(offsets = malloc(((size_t)ninst + 1) * sizeof *offsets)))
		rc = SQLITE_NOMEM;
	for (int c = 0; rc == SQLITE_OK && c < q->ncol; c++) {
		double share = 0;
		int nwanted = 0;
		for (int p = 0; p < q->nphrase; p++)
			share += contrib[(size_t)p * q->ncol + c];
		for (int i = 0; i < ninst && rc == SQLITE_OK; i++) {
			int phrase, col, off;
			rc = api->xInst(ctx, i, &phrase, &col, &off);
			if (col == c)
				offsets[nwanted++] = off;
		}
		if (rc != SQLITE_OK || nwanted == 0)
			continue;
		why_words w = { .wanted = offsets, .nwanted = nwanted };
		int ntext = 0;
		if ((rc = api->xColumnText(ctx, c, &w.text, &ntext)) != SQLITE_OK || !w.text)
			continue;
		if ((rc = api->xTokenize(ctx, w.text, ntext, &w, why_token)) != SQLITE_OK)
			continue;
		char part[512];
		int n = snprintf(part, sizeof part, "%s%s %.0f%%:", len ? "; " : "",
		                 c < LDX_FTS_NCOLUMNS ? ldx_fts_columns[c] : "column",
		                 score > 0 ? 100.0 * share / score : 0.0);
		for (int k = 0; k < w.nwords && n < (int)sizeof part; k++)
			n += snprintf(part + n, sizeof part - (size_t)n, "%s %s", k ? "," : "",
			              w.words[k]);
		if (n >= (int)sizeof part)
			n = (int)sizeof part - 1;
		if (len + (size_t)n + 1 > cap) {
			char *grown = realloc(out, cap = (len + (size_t)n + 1) * 2);
			if (!grown) {
				rc = SQLITE_NOMEM;
				break;
			}
			out = grown;
		}
		memcpy(out + len, part, (size_t)n + 1);
		len += (size_t)n;
	}
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(res, rc);
	else
		sqlite3_result_text(res, out ? out : "", -1, SQLITE_TRANSIENT);
	free(out);
	free(offsets);
}

/* litdex_df(papers_fts): "df0 df1 ...", every phrase's rows as litdex_rank
 * counts them, so that a search can count them once and pass them to each
 * of its statements (search.c). */
static void litdex_df(const Fts5ExtensionApi *api, Fts5Context *ctx, sqlite3_context *res,
                      int nargs, sqlite3_value **args)
{
	int nphrase = api->xPhraseCount(ctx), rc = SQLITE_OK;
	sqlite3_str *text = sqlite3_str_new(NULL);

	(void)nargs;
	(void)args;
	for (int i = 0; i < nphrase && rc == SQLITE_OK; i++) {
		sqlite3_int64 n;
		if ((rc = phrase_rows(api, ctx, i, &n)) == SQLITE_OK)
			sqlite3_str_appendf(text, "%s%lld", i ? " " : "", n);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_str_errcode(text);
	char *out = sqlite3_str_finish(text);
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(res, rc);
	else
		sqlite3_result_text(res, out ? out : "", -1, SQLITE_TRANSIENT);
	sqlite3_free(out);
}

ldx_status ldx_rank_register(sqlite3 *db, ldx_error *err)
{
	fts5_api *api;
	rank_conn *conn;
	ldx_status st = ldx_fts5_api(db, &api, err);
	if (st != LDX_OK)
		return st;
	if (!(conn = calloc(1, sizeof *conn)))
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	conn->db = db;
	conn->lens = ldx_doclen_cache_new();  /* NULL: none, and no harm */
	/* once registered, FTS5 frees conn with the connection */
	if (api->xCreateFunction(api, "litdex_rank", conn, litdex_rank, rank_conn_free) !=
	    SQLITE_OK) {
		rank_conn_free(conn);
		return ldx_fail(err, LDX_ERR_DB, NULL, 0, "cannot register the ranking functions");
	}
	/* litdex_offer borrows conn: litdex_rank's registration owns it */
	if (api->xCreateFunction(api, "litdex_offer", conn, litdex_offer, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "litdex_why", NULL, litdex_why, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "litdex_df", NULL, litdex_df, NULL) != SQLITE_OK)
		return ldx_fail(err, LDX_ERR_DB, NULL, 0, "cannot register the ranking functions");
	return LDX_OK;
}
