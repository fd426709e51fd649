/*
 * feedback.c: pseudo-relevance feedback for "any of the words" queries
 * (ldx_feedback_expand), in the manner of RM3.
 *
 * Only a plain OR of FB_MIN_PHRASES or more strings is expanded (a long,
 * natural-language query).  The query runs once; the title and abstract
 * of its best FB_DOCS papers go through the index tokenizer (document
 * mode).  Each word w not in the query gets
 *     sum over those papers d of  P(d) * tf(w, d) / len(d),
 * P(d) being d's score over the sum of the scores (the relevance model
 * RM1), times its idf; document frequencies come from termstats.c (the
 * common terms' table, else fts5vocab) for the FB_CANDIDATES best only.  The best FB_TERMS are added with
 * weights up to FB_WEIGHT, in proportion to their score; the query's own
 * words weigh 1.
 *
 * The expansion reorders and never widens: the expression run instead is
 *     (("e1" OR ... OR "em") AND (Q)) OR (Q)
 * which matches exactly what Q matches, so hit counts and paging agree
 * with ldx_search_count.  Q's phrases appear twice; FTS5 reports the hits
 * of the copy inside the AND only in rows where that branch matched, so
 * that copy weighs 0 and the outer one 1, and Q's part of the score is
 * what it was.  When topk.c pruned the search to papers holding one of
 * E, some of Q's words, those papers all match Q, so the expression
 * (within E) is ("e1" OR ... OR "em") OR (Q), reading Q's lists once.
 *
 * Measured with `make eval` (stop words dropped, k1 3, b 1), NFCorpus dev
 * nDCG@10: without feedback 0.3122; with it on every query 0.2982 to
 * 0.3117 over 36 settings of the constants (it raised recall@100 but
 * hurt the short queries, which are most of them); on queries of 6 or
 * more words (5: 0.3149, 7: 0.3142) with the constants below 0.3158.
 * Re-measured with NLTK's stop words (search.c) and weights printed
 * without exponents (an added word weighing under 1e-4 used to make the
 * query fail, which had spoiled some of those settings): on every query,
 * with shorter queries' words weighing 0.05 to 0.35, 0.3059 to 0.3165
 * against 0.3176; 20 words, 10 papers or weight 0.25 or 0.5 all lower.
 * Against 0.3175 (0.3142 with no feedback at all): on queries of 3, 4
 * or 5 words and more 0.3137, 0.3128, 0.3165; P(d) from the scores to
 * the power 0, 2, 4, 8 0.3162 to 0.3177; the words of the papers' titles
 * only 0.3147, titles counted three times 0.3163.  Gating feedback on
 * shorter queries by the first pass's confidence (score spread, top
 * score over the 10th or 20th) finds no threshold: the change by
 * quartile of each measure is not monotonic.
 * The cost is a second search, reading FB_DOCS papers and FB_CANDIDATES
 * vocabulary lookups, and the added words' document lists.  Where the
 * first pass kept enough of Q's best papers, the second search reads the
 * added words' lists alone (rerank.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "error.h"
#include "feedback.h"
#include "rank_call.h"
#include "rerank.h"
#include "search.h"
#include "termstats.h"
#include "termtab.h"
#include "tokenizer.h"

/* Tuned on NFCorpus dev (nDCG@10), see the header comment. */
#define FB_DOCS 20            /* papers read */
#define FB_TERMS 10           /* words added */
#define FB_CANDIDATES 40      /* best words whose document frequency is read */
#define FB_MIN_PHRASES 6      /* shorter queries are left alone */
#define FB_MAX_PHRASES 64     /* so are very long ones: the weights go in SQL */
#define FB_MIN_DOCS_WITH 2    /* a word must be in this many of the papers */
#define FB_WEIGHT 0.35        /* of the best added word; the query's weigh 1 */
#define FB_MAX_DF 0.1         /* words in more of the index add only cost */

/* Tokens read from the papers at most: bounds the work on huge texts. */
#define FB_MAX_TOKENS 200000

typedef struct fb_term {
	const char *stem;        /* the bag's terms table's */
	int n;
	const char *surface;     /* the first word it came from, in the text */
	int surface_n;
	double weight;
	double df;               /* papers with the word, once read */
	int ndocs;               /* feedback papers with the word */
	int last_doc;
	int in_query;
} fb_term;

typedef struct fb_token {
	int term, doc;
} fb_token;

typedef struct fb_bag {
	ldx_termtab terms;       /* v[id] is the term of that id */
	fb_term *v;
	size_t n, cap;
	fb_token *tok;           /* the papers' tokens, in order */
	size_t ntok, cap_tok;
	const char *text;        /* the papers' text, one after the other */
	const size_t *doc_end;   /* where each paper's text ends */
	int ndocs, doc;
	int query_mode;          /* collecting the query's own words */
	int nomem;
} fb_bag;

/* The index of the term tok, added when new; -1 when out of memory. */
static int find_term(fb_bag *b, const char *tok, int n)
{
	long id = ldx_termtab_id(&b->terms, tok, n, 1);
	if (id < 0)
		return -1;
	if ((size_t)id == b->n) {
		if (b->n == b->cap) {
			size_t cap = b->cap ? 2 * b->cap : 256;
			fb_term *v = realloc(b->v, cap * sizeof *v);
			if (!v)
				return -1;
			b->v = v;
			b->cap = cap;
		}
		b->v[b->n++] = (fb_term){ .stem = b->terms.terms[id], .n = n, .last_doc = -1 };
	}
	return (int)id;
}

static int all_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int collect_token(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	fb_bag *b = ctx;
	int i;

	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if ((i = find_term(b, tok, n)) < 0)
		goto nomem;
	if (b->query_mode) {
		b->v[i].in_query = 1;
		return SQLITE_OK;
	}
	if (b->ntok == FB_MAX_TOKENS)
		return SQLITE_DONE;
	if (b->ntok == b->cap_tok) {
		size_t cap = b->cap_tok ? 2 * b->cap_tok : 1024;
		fb_token *t = realloc(b->tok, cap * sizeof *t);
		if (!t)
			goto nomem;
		b->tok = t;
		b->cap_tok = cap;
	}
	while (b->doc < b->ndocs - 1 && (size_t)start >= b->doc_end[b->doc])
		b->doc++;
	b->tok[b->ntok++] = (fb_token){ i, b->doc };
	if (!b->v[i].surface) {
		b->v[i].surface = b->text + start;
		b->v[i].surface_n = end - start;
	}
	return SQLITE_OK;
nomem:
	b->nomem = 1;
	return SQLITE_NOMEM;
}

static void bag_free(fb_bag *b)
{
	ldx_termtab_free(&b->terms);
	free(b->v);
	free(b->tok);
}

static int by_weight(const void *a, const void *b)
{
	const fb_term *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return strcmp(x->stem, y->stem);
}

typedef struct same_term {
	const char *stem;
	int n, count, same;
} same_term;

static int check_token(void *ctx, int tflags, const char *t, int n, int s, int e)
{
	same_term *c = ctx;
	if (!(tflags & FTS5_TOKEN_COLOCATED)) {
		c->count++;
		c->same = n == c->n && memcmp(t, c->stem, (size_t)n) == 0;
	}
	return SQLITE_OK;
}

/* Appends the text of row's column 1 and a line break to *text. */
static int append_text(sqlite3_stmt *st, char **text, size_t *len, size_t *cap)
{
	const char *t = (const char *)sqlite3_column_text(st, 1);
	size_t n = t ? strlen(t) : 0;
	if (*len + n + 2 > *cap) {
		size_t c = *cap ? *cap : 16384;
		while (c < *len + n + 2)
			c *= 2;
		char *grown = realloc(*text, c);
		if (!grown)
			return 0;
		*text = grown;
		*cap = c;
	}
	memcpy(*text + *len, t ? t : "", n);
	*len += n;
	(*text)[(*len)++] = '\n';
	(*text)[*len] = '\0';
	return 1;
}

/* 1 when the paper's word t->surface comes back as t's very term in a
 * query (FTS5 tokenizes query strings again, and a stem is not always its
 * own stem). */
static int query_form_ok(ldx_db *db, const fb_term *t)
{
	same_term c = { t->stem, t->n, 0, 0 };
	return ldx_tokenize(db->sql, db->language, 1, t->surface, t->surface_n, check_token, &c,
	                    NULL) == LDX_OK && c.count == 1 && c.same;
}

int ldx_feedback_docs(const ldx_flat_query *q)
{
	return q->is_or && q->nphrase >= FB_MIN_PHRASES && q->nphrase <= FB_MAX_PHRASES ? FB_DOCS
	                                                                             : 0;
}

ldx_status ldx_feedback_expand(ldx_db *db, const ldx_ranked *r, const ldx_search_opts *opts,
                               int page_k, char **fts_out, char **rank_out,
                               ldx_topk_best *page, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	ldx_topk_best own = { 0 };
	fb_bag b = { 0 };
	char *text = NULL, *inner = NULL, *added = NULL, *added_call = NULL;
	double *weight = NULL, *dfs = NULL;
	size_t text_len = 0, text_cap = 0, doc_end[FB_DOCS];
	double score[FB_DOCS], total = 0;
	int len[FB_DOCS] = { 0 };
	int ndocs = 0, nphrase = r->q->nphrase, step = SQLITE_DONE;
	size_t ncand, nexp = 0;
	double papers = 0;
	ldx_status rc = LDX_OK;

	*fts_out = NULL;
	*rank_out = NULL;
	ldx_topk_best_free(page);
	if (!ldx_feedback_docs(r->q) || !r->rank_base)
		return LDX_OK;

	/* the first pass: the best papers, under the same filters, unless a
	 * pruning pass (topk.c) has found them already */
	const ldx_topk_best *best = r->best;
	int keep = r->keep;
	if (!best || best->n < FB_DOCS) {
		keep = keep > FB_DOCS ? keep : FB_DOCS;
		if ((rc = ldx_topk_best_rows(db, r, opts, keep, &own, err)))
			goto out;
		best = &own;
	}
	int want = best->n < FB_DOCS ? best->n : FB_DOCS;
	if ((rc = ldx_db_prepare(db, "SELECT ?2, coalesce(title, '') || char(10) || "
	                             "coalesce(abstract, '') FROM papers WHERE id = ?1",
	                         &st, "cannot run the feedback search", err)))
		goto out;
	while (ndocs < want) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, best->id[ndocs]);
		sqlite3_bind_double(st, 2, best->score[ndocs]);
		if ((step = sqlite3_step(st)) != SQLITE_ROW)
			break;
		score[ndocs] = sqlite3_column_double(st, 0);
		if (score[ndocs] <= 0)
			break;
		if (!append_text(st, &text, &text_len, &text_cap))
			goto nomem;
		total += score[ndocs];
		doc_end[ndocs++] = text_len;
	}
	if (ndocs < want && step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = ldx_db_fail(db, err, "feedback search failed");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (ndocs < 1)
		goto out;

	/* the query's own words are not candidates */
	b.query_mode = 1;
	if ((rc = ldx_tokenize(db->sql, db->language, 1, r->fts, -1, collect_token, &b, err)))
		goto out;
	if (b.nomem)
		goto nomem;
	b.query_mode = 0;

	/* the relevance model: sum over papers of P(d) * tf / len */
	b.text = text;
	b.doc_end = doc_end;
	b.ndocs = ndocs;
	if ((rc = ldx_tokenize(db->sql, db->language, 0, text, (int)text_len, collect_token, &b,
	                       err)))
		goto out;
	if (b.nomem)
		goto nomem;
	for (size_t k = 0; k < b.ntok; k++)
		len[b.tok[k].doc]++;
	for (size_t k = 0; k < b.ntok; k++) {
		fb_term *t = &b.v[b.tok[k].term];
		int d = b.tok[k].doc;
		t->weight += score[d] / total / (double)len[d];
		if (t->last_doc != d) {
			t->last_doc = d;
			t->ndocs++;
		}
	}
	for (size_t i = 0; i < b.n; i++) {
		fb_term *t = &b.v[i];
		if (t->in_query || t->n < 2 || all_digits(t->stem, t->n) || !t->surface ||
		    t->ndocs < FB_MIN_DOCS_WITH)
			t->weight = 0;
	}
	/* the hash slots are stale from here on */
	qsort(b.v, b.n, sizeof *b.v, by_weight);
	ncand = b.n < FB_CANDIDATES ? b.n : FB_CANDIDATES;
	while (ncand && b.v[ncand - 1].weight <= 0)
		ncand--;
	if (!ncand)
		goto out;

	/* times idf, for the best candidates */
	if ((rc = ldx_termstats_papers(r->ts, &papers, err)))
		goto out;
	for (size_t i = 0; i < ncand; i++) {
		fb_term *t = &b.v[i];
		if ((rc = ldx_termstats_term_df(r->ts, t->stem, t->n, &t->df, err)))
			goto out;
		if (t->df < 2 || t->df > FB_MAX_DF * papers)
			t->weight = 0;
		else
			t->weight *= log(papers / t->df);
	}
	qsort(b.v, ncand, sizeof *b.v, by_weight);
	/* the best FB_TERMS that FTS5 will read back as themselves, moved to
	 * the front */
	for (size_t i = 0; i < ncand && nexp < FB_TERMS && b.v[i].weight > 0; i++)
		if (query_form_ok(db, &b.v[i])) {
			fb_term moved = b.v[nexp];
			b.v[nexp] = b.v[i];
			b.v[i] = moved;
			nexp++;
		}
	if (!nexp)
		goto out;

	/* the added words X, "e1" OR ... OR "em" */
	size_t size = 1;
	for (size_t i = 0; i < nexp; i++)
		size += 2 * (size_t)b.v[i].surface_n + 6;
	if (!(added = malloc(size)))
		goto nomem;
	char *p = added;
	for (size_t i = 0; i < nexp; i++) {
		if (i) {
			memcpy(p, " OR ", 4);
			p += 4;
		}
		*p++ = '"';
		for (int k = 0; k < b.v[i].surface_n; k++) {
			if (b.v[i].surface[k] == '"')
				*p++ = '"';
			*p++ = b.v[i].surface[k];
		}
		*p++ = '"';
	}
	*p = '\0';

	/* the expression: added words first, so their weights come first.
	 * Pruned to papers holding one of E, a few of Q's words, every paper
	 * matched also matches Q, so "(X) OR (Q)" matches what Q does and
	 * reads Q's lists once */
	const char *fts = r->fts;
	size += 2 * strlen(fts) + 32;
	if (!(inner = malloc(size)))
		goto nomem;
	if (r->pruned)
		snprintf(inner, size, "((%s)) OR (%s)", added, fts);
	else
		snprintf(inner, size, "((%s) AND (%s)) OR (%s)", added, fts, fts);

	/* the weights: the copy of the query inside the AND counts only where
	 * an added word is present, so it weighs 0 and the outer copy 1 */
	int copies = r->pruned ? 1 : 2;
	size_t n = nexp + (size_t)copies * (size_t)nphrase;
	if (!(weight = malloc(n * sizeof *weight)) || !(dfs = malloc(n * sizeof *dfs)))
		goto nomem;
	for (size_t i = 0; i < nexp; i++) {
		weight[i] = FB_WEIGHT * b.v[i].weight / b.v[0].weight;
		dfs[i] = b.v[i].df;
	}
	for (int i = 0; i < copies * nphrase; i++) {
		weight[nexp + (size_t)i] = i < (copies - 1) * nphrase ? 0.0 : 1.0;
		dfs[nexp + (size_t)i] = r->q->df[i % nphrase];
	}
	if ((rc = ldx_ranked_query(r, inner, (int)n, weight, dfs, fts_out, rank_out, err)) ||
	    !*fts_out || page_k < 1)
		goto out;

	/* the page, where Q's best papers can vouch for it (rerank.h) */
	double added_rows = 0;
	for (size_t i = 0; i < nexp; i++)
		added_rows += dfs[i];
	if (!(added_call = ldx_rank_call_text(r->rank_base, (int)nexp, weight, dfs)))
		goto nomem;
	rc = ldx_rerank_known(db, best, best->n < keep, added, added_call, added_rows, page_k,
	                      page, err);
	goto out;
nomem:
	rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
out:
	sqlite3_finalize(st);
	free(text);
	ldx_topk_best_free(&own);
	free(inner);
	free(added);
	free(added_call);
	free(weight);
	free(dfs);
	bag_free(&b);
	return rc;
}
