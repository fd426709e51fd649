/*
 * related.c: making the papers' related words (ldx_related_refresh); see
 * related.h for what they are for.
 *
 * Two passes over every paper's title and abstract, through the index
 * tokenizer (document mode), read the words: tokens of three bytes or
 * more without digits, colocated ones left out.  The first pass counts
 * each word's papers (df).  The second keeps each paper's RELATED_VECTOR
 * heaviest words, weighed (1 + ln tf) * ln(N / df) and scaled so that the
 * weights of all its words have unit length; a word of one paper only
 * links no two papers and is left out.  A paper's neighbours are the
 * RELATED_NEIGHBOURS papers whose kept words give the largest dot product
 * with its own (an inverted list of the kept words finds them), and its
 * related words are the RELATED_WORDS words with the largest sum, over
 * the neighbours, of dot product * the neighbour's weight of the word.
 * Each is written as it first appeared in the text, so the tokenizer
 * makes the same term of it again.
 *
 * Constants tuned on NFCorpus dev with a prototype of this (related.h);
 * leaving out the paper's own words made no difference, so they stay in.
 *
 * Memory: 16 bytes per kept word (the paper's list and the inverted one),
 * 10 MB at LDX_RELATED_MAX_PAPERS, plus the vocabulary; the page cache is
 * halved meanwhile.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "related.h"
#include "store.h"
#include "termtab.h"
#include "tokenizer.h"

#define RELATED_VECTOR 32       /* words kept per paper */
#define RELATED_NEIGHBOURS 5
#define RELATED_WORDS 40        /* written per paper */
#define RELATED_MIN_WORD 3      /* bytes */
#define RELATED_BATCH 500       /* papers written per transaction */
#define RELATED_CACHE_KB "-16384" /* the page cache meanwhile: half the writer's */

typedef struct word {
	char *surface;              /* owned; as first seen in a text */
	uint32_t df;
	uint32_t last_paper;        /* 1 + the last paper counted in df */
} word;

typedef struct vocab {
	ldx_termtab terms;          /* words[id] is the index term of that id */
	word *words;
	uint32_t nwords, cap;
} vocab;

typedef struct weighted {
	uint32_t id;                /* a word, or a paper in an inverted list */
	float w;
} weighted;

typedef struct related_run {
	ldx_db *db;
	ldx_doc_tokenizer *tok;      /* one for both passes: not one per paper */
	vocab v;
	uint32_t npapers;
	sqlite3_int64 *ids;          /* paper rowids, in reading order */
	unsigned char *pending;      /* 1: related words to be made */
	/* the second pass */
	uint32_t *seen;              /* word ids of the paper being read */
	size_t nseen, capseen;
	weighted *kept;              /* npapers * RELATED_VECTOR */
	unsigned char *nkept;
	/* the inverted lists of the kept words */
	uint32_t *inv_start;         /* nwords + 1 */
	weighted *inv;
	/* the pass callback's paper and text */
	uint32_t paper;
	const char *text;
	int failed;                  /* out of memory in a callback */
} related_run;

static void vocab_free(vocab *v)
{
	for (uint32_t i = 0; i < v->nwords; i++)
		free(v->words[i].surface);
	free(v->words);
	ldx_termtab_free(&v->terms);
	memset(v, 0, sizeof *v);
}

/* The id of stem, or -1; add (with surface) when it is new and add is
 * set.  -2: out of memory. */
static long vocab_find(vocab *v, const char *stem, int n, const char *surface, int nsurface,
                       int add)
{
	long id = ldx_termtab_id(&v->terms, stem, n, add);
	if (id < 0 || (uint32_t)id < v->nwords)
		return id;
	if (v->nwords == v->cap) {
		uint32_t cap = v->cap ? v->cap * 2 : 4096;
		word *grown = realloc(v->words, cap * sizeof *grown);
		if (!grown)
			return -2;
		v->words = grown;
		v->cap = cap;
	}
	word *w = &v->words[v->nwords];
	memset(w, 0, sizeof *w);
	if (!(w->surface = malloc((size_t)nsurface + 1)))
		return -2;
	memcpy(w->surface, surface, (size_t)nsurface);
	w->surface[nsurface] = '\0';
	return (long)v->nwords++;
}

static int is_word(int tflags, const char *token, int n)
{
	if ((tflags & FTS5_TOKEN_COLOCATED) || n < RELATED_MIN_WORD)
		return 0;
	for (int i = 0; i < n; i++)
		if (token[i] >= '0' && token[i] <= '9')
			return 0;
	return 1;
}

static int count_word(void *ctx, int tflags, const char *token, int n, int start, int end)
{
	related_run *r = ctx;
	if (!is_word(tflags, token, n))
		return SQLITE_OK;
	long id = vocab_find(&r->v, token, n, r->text + start, end - start, 1);
	if (id < 0) {
		r->failed = 1;
		return SQLITE_NOMEM;
	}
	word *w = &r->v.words[id];
	if (w->last_paper != r->paper + 1) {
		w->last_paper = r->paper + 1;
		w->df++;
	}
	return SQLITE_OK;
}

static int note_word(void *ctx, int tflags, const char *token, int n, int start, int end)
{
	related_run *r = ctx;
	(void)start;
	(void)end;
	if (!is_word(tflags, token, n))
		return SQLITE_OK;
	long id = vocab_find(&r->v, token, n, NULL, 0, 0);
	if (id < 0)
		return SQLITE_OK;  /* a paper changed between the passes */
	if (r->nseen == r->capseen) {
		size_t cap = r->capseen ? r->capseen * 2 : 1024;
		uint32_t *grown = realloc(r->seen, cap * sizeof *grown);
		if (!grown) {
			r->failed = 1;
			return SQLITE_NOMEM;
		}
		r->seen = grown;
		r->capseen = cap;
	}
	r->seen[r->nseen++] = (uint32_t)id;
	return SQLITE_OK;
}

static int by_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Heaviest first; ties by id, so the result does not depend on qsort. */
static int by_weight(const void *a, const void *b)
{
	const weighted *x = a, *y = b;
	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* From r->seen (the word ids of paper p's text), p's kept words. */
static void keep_words(related_run *r, uint32_t p, weighted *scratch)
{
	size_t n = 0;
	double norm = 0;

	qsort(r->seen, r->nseen, sizeof *r->seen, by_id);
	for (size_t i = 0; i < r->nseen;) {
		size_t j = i;
		while (j < r->nseen && r->seen[j] == r->seen[i])
			j++;
		const word *w = &r->v.words[r->seen[i]];
		if (w->df > 1 && w->df < r->npapers) {
			double x = (1.0 + log((double)(j - i))) * log((double)r->npapers / w->df);
			scratch[n++] = (weighted){ r->seen[i], (float)x };
			norm += x * x;
		}
		i = j;
	}
	qsort(scratch, n, sizeof *scratch, by_weight);
	if (n > RELATED_VECTOR)
		n = RELATED_VECTOR;
	norm = norm > 0 ? sqrt(norm) : 1;
	for (size_t i = 0; i < n; i++) {
		scratch[i].w = (float)(scratch[i].w / norm);
		r->kept[(size_t)p * RELATED_VECTOR + i] = scratch[i];
	}
	r->nkept[p] = (unsigned char)n;
	r->nseen = 0;
}

/* Makes room for one more paper in r->ids and r->pending. */
static int grow_papers(related_run *r, size_t *cap)
{
	if (r->npapers < *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 1024;
	sqlite3_int64 *ids = realloc(r->ids, n * sizeof *ids);
	if (!ids)
		return -1;
	r->ids = ids;
	unsigned char *pending = realloc(r->pending, n);
	if (!pending)
		return -1;
	r->pending = pending;
	*cap = n;
	return 0;
}

/*
 * One pass over the papers: pass 1 lists the papers and counts words,
 * pass 2 keeps each paper's heaviest words.  An index run's lock keeps
 * other runs out meanwhile; pass 2 still matches papers by id.
 */
static ldx_status read_papers(related_run *r, int pass, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	weighted *scratch = NULL;
	size_t capscratch = 0, capids = 0;
	ldx_status rc;
	int step;

	if ((rc = ldx_db_prepare(r->db,
	                         "SELECT id, related IS NULL, coalesce(title, '') || char(10) || "
	                         "coalesce(abstract, '') FROM papers ORDER BY id",
	                         &st, "cannot read the papers", err)))
		return rc;
	r->paper = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(st, 0);
		if (r->db->interrupted) {
			rc = ldx_fail(err, LDX_ERR_INTERRUPTED, NULL, 0, "interrupted");
			goto out;
		}
		if (pass == 1) {
			if (grow_papers(r, &capids)) {
				rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
				goto out;
			}
			r->ids[r->npapers] = id;
			r->pending[r->npapers++] = (unsigned char)sqlite3_column_int(st, 1);
		} else {
			/* papers removed since the first pass keep no words; papers
			 * added since wait for the next run */
			while (r->paper < r->npapers && r->ids[r->paper] < id)
				r->pending[r->paper++] = 0;
			if (r->paper == r->npapers)
				break;
			if (r->ids[r->paper] != id)
				continue;
		}
		const char *text = (const char *)sqlite3_column_text(st, 2);
		int n = sqlite3_column_bytes(st, 2);
		/* text stays valid until the next step: the tokenizer's offsets
		 * point into it (surfaces are copied) */
		r->text = text ? text : "";
		rc = ldx_doc_tokenizer_run(r->tok, r->text, n, pass == 1 ? count_word : note_word, r,
		                           err);
		if (r->failed)
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		if (rc)
			goto out;
		if (pass == 2) {
			if (r->nseen > capscratch) {
				weighted *grown = realloc(scratch, r->nseen * sizeof *grown);
				if (!grown) {
					rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
					goto out;
				}
				scratch = grown;
				capscratch = r->nseen;
			}
			keep_words(r, r->paper, scratch);
		}
		r->paper++;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = ldx_db_fail(r->db, err, "cannot read the papers");
	while (pass == 2 && r->paper < r->npapers)
		r->pending[r->paper++] = 0;  /* removed since the first pass */
out:
	sqlite3_finalize(st);
	free(scratch);
	return rc;
}

/* The inverted lists of the kept words: for each word, (paper, weight). */
static ldx_status invert(related_run *r, ldx_error *err)
{
	size_t total = 0;

	if (!(r->inv_start = calloc((size_t)r->v.nwords + 1, sizeof *r->inv_start)))
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	for (uint32_t p = 0; p < r->npapers; p++)
		for (int i = 0; i < r->nkept[p]; i++)
			r->inv_start[r->kept[(size_t)p * RELATED_VECTOR + i].id + 1]++;
	for (uint32_t w = 0; w < r->v.nwords; w++)
		r->inv_start[w + 1] += r->inv_start[w];
	total = r->inv_start[r->v.nwords];
	if (!(r->inv = malloc((total + 1) * sizeof *r->inv)))
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	/* fill from each list's start, then shift the starts back */
	for (uint32_t p = 0; p < r->npapers; p++)
		for (int i = 0; i < r->nkept[p]; i++) {
			const weighted *k = &r->kept[(size_t)p * RELATED_VECTOR + i];
			r->inv[r->inv_start[k->id]++] = (weighted){ p, k->w };
		}
	for (uint32_t w = r->v.nwords; w > 0; w--)
		r->inv_start[w] = r->inv_start[w - 1];
	r->inv_start[0] = 0;
	return LDX_OK;
}

/*
 * Paper p's related words, space-separated, into out (cap bytes).  acc
 * (npapers floats, all 0) and touched (npapers) are scratch; acc is left
 * all 0 again.
 */
static void make_related(related_run *r, uint32_t p, float *acc, uint32_t *touched,
                         char *out, size_t cap)
{
	weighted best[RELATED_NEIGHBOURS];
	weighted cand[RELATED_NEIGHBOURS * RELATED_VECTOR];
	int nbest = 0, ncand = 0;
	size_t ntouched = 0, len = 0;

	for (int i = 0; i < r->nkept[p]; i++) {
		const weighted *k = &r->kept[(size_t)p * RELATED_VECTOR + i];
		for (uint32_t j = r->inv_start[k->id]; j < r->inv_start[k->id + 1]; j++) {
			uint32_t q = r->inv[j].id;
			if (q == p)
				continue;
			if (acc[q] == 0)
				touched[ntouched++] = q;
			acc[q] += k->w * r->inv[j].w;
		}
	}
	/* the best RELATED_NEIGHBOURS, kept sorted as by_weight */
	for (size_t t = 0; t < ntouched; t++) {
		weighted c = { touched[t], acc[touched[t]] };
		acc[touched[t]] = 0;
		if (nbest == RELATED_NEIGHBOURS && by_weight(&c, &best[nbest - 1]) >= 0)
			continue;
		int i = nbest < RELATED_NEIGHBOURS ? nbest++ : nbest - 1;
		while (i > 0 && by_weight(&c, &best[i - 1]) < 0) {
			best[i] = best[i - 1];
			i--;
		}
		best[i] = c;
	}
	/* their words, weighed by how alike */
	for (int b = 0; b < nbest; b++)
		for (int i = 0; i < r->nkept[best[b].id]; i++) {
			const weighted *k = &r->kept[(size_t)best[b].id * RELATED_VECTOR + i];
			int c = 0;
			while (c < ncand && cand[c].id != k->id)
				c++;
			if (c == ncand)
				cand[ncand++] = (weighted){ k->id, 0 };
			cand[c].w += best[b].w * k->w;
		}
	qsort(cand, (size_t)ncand, sizeof *cand, by_weight);
	out[0] = '\0';
	for (int c = 0; c < ncand && c < RELATED_WORDS; c++) {
		const char *s = r->v.words[cand[c].id].surface;
		size_t n = strlen(s);
		if (len + n + 2 > cap)
			break;
		if (len)
			out[len++] = ' ';
		memcpy(out + len, s, n + 1);
		len += n;
	}
}

/* Short write transactions, as index runs keep, so other writers wait
 * less: batch_begin opens one, batch_next commits and opens the next every
 * RELATED_BATCH papers, batch_end commits what is done (also after an
 * interruption; meta then says to go on) or rolls back on an error. */
static ldx_status batch_begin(ldx_db *db, ldx_error *err)
{
	return ldx_db_exec(db, "BEGIN IMMEDIATE", "cannot store related words", err);
}

/* Commits store's writes, papers_doclen's blocks with them. */
static ldx_status batch_commit(ldx_db *db, ldx_store *store, ldx_error *err)
{
	ldx_status rc = ldx_store_sync(store, err);
	return rc ? rc : ldx_db_exec(db, "COMMIT", "cannot store related words", err);
}

static ldx_status batch_next(ldx_db *db, ldx_store *store, uint32_t *written, ldx_error *err)
{
	ldx_status rc;
	if (++*written % RELATED_BATCH)
		return LDX_OK;
	if ((rc = batch_commit(db, store, err)))
		return rc;
	return batch_begin(db, err);
}

static ldx_status batch_end(ldx_db *db, ldx_store *store, ldx_status rc, ldx_error *err)
{
	if (rc == LDX_OK || rc == LDX_ERR_INTERRUPTED) {
		ldx_error commit_err;
		ldx_status crc = batch_commit(db, store, rc == LDX_OK ? err : &commit_err);
		if (crc != LDX_OK)
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		return rc == LDX_OK ? crc : rc;
	}
	sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Writes the pending papers' related words, RELATED_BATCH per transaction. */
static ldx_status write_related(related_run *r, ldx_error *err)
{
	ldx_store *store = NULL;
	sqlite3_stmt *old = NULL;
	float *acc = calloc((size_t)r->npapers + 1, sizeof *acc);
	uint32_t *touched = malloc(((size_t)r->npapers + 1) * sizeof *touched);
	char text[RELATED_WORDS * 64];
	ldx_status rc = LDX_OK;

	if (!acc || !touched) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	if ((rc = ldx_store_open(r->db, &store, err)) ||
	    (rc = ldx_db_prepare(r->db, "SELECT related FROM papers WHERE id = ?1", &old,
	                         "cannot read related words", err)) ||
	    (rc = batch_begin(r->db, err)))
		goto out;
	for (uint32_t p = 0, written = 0; p < r->npapers; p++) {
		if (!r->pending[p])
			continue;
		if (r->db->interrupted) {
			rc = ldx_fail(err, LDX_ERR_INTERRUPTED, NULL, 0, "interrupted");
			break;
		}
		if ((rc = batch_next(r->db, store, &written, err)))
			goto out;
		make_related(r, p, acc, touched, text, sizeof text);
		/* rewriting a full-text row costs as much as indexing it */
		sqlite3_bind_int64(old, 1, r->ids[p]);
		int same = sqlite3_step(old) == SQLITE_ROW && sqlite3_column_text(old, 0) &&
		           strcmp((const char *)sqlite3_column_text(old, 0), text) == 0;
		sqlite3_reset(old);
		if (!same && (rc = ldx_store_set_related(store, r->ids[p], text, err)))
			break;
	}
	rc = batch_end(r->db, store, rc, err);
out:
	sqlite3_finalize(old);
	ldx_store_close(store);
	free(acc);
	free(touched);
	return rc;
}

/* Removes every paper's related words (the library is outside the
 * limits), then meta's note that there are some: an interrupted removal
 * is taken up by the next run. */
static ldx_status clear_related(ldx_db *db, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	ldx_store *store = NULL;
	uint32_t written = 0;
	ldx_status rc;
	int step = SQLITE_DONE;

	if ((rc = ldx_store_open(db, &store, err)) ||
	    (rc = ldx_db_prepare(db, "SELECT id FROM papers WHERE related IS NOT NULL", &st,
	                         "cannot remove related words", err)) ||
	    (rc = batch_begin(db, err)))
		goto out;
	while (rc == LDX_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
		if (!(rc = batch_next(db, store, &written, err)))
			rc = ldx_store_set_related(store, sqlite3_column_int64(st, 0), NULL, err);
	if (rc == LDX_OK && step != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "cannot remove related words");
	if (rc == LDX_OK)
		rc = ldx_db_exec(db, "DELETE FROM meta WHERE key = 'related_papers'",
		                 "cannot remove related words", err);
	rc = batch_end(db, store, rc, err);
out:
	sqlite3_finalize(st);
	ldx_store_close(store);
	return rc;
}

/* meta related_papers: the number of papers when all related words were
 * last made, -1 while a run is making them (an interrupted run leaves it
 * so, and the next run makes all again); absent when there are none. */
static ldx_status note_papers(ldx_db *db, long long papers, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	ldx_status rc = ldx_db_prepare(db, "INSERT OR REPLACE INTO meta(key, value) "
	                                   "VALUES ('related_papers', ?1)",
	                               &st, "cannot store related words", err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, papers);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "cannot store related words");
	sqlite3_finalize(st);
	return rc;
}

ldx_status ldx_related_refresh(ldx_db *db, int papers_changed, int force, int *remade,
                               ldx_error *err)
{
	long long papers = 0, ref = 0, pending = 0;
	int found, have_ref, full;
	related_run r = { .db = db };
	ldx_status rc;

	if ((rc = ldx_db_int(db, "SELECT count(*) FROM papers", &papers, &found,
	                     "cannot count papers", err)) ||
	    (rc = ldx_db_int(db, "SELECT CAST(value AS INTEGER) FROM meta "
	                         "WHERE key = 'related_papers'",
	                     &ref, &have_ref, "cannot read index settings", err)))
		return rc;
	*remade = 0;
	if (papers < LDX_RELATED_MIN_PAPERS || papers > LDX_RELATED_MAX_PAPERS) {
		*remade = have_ref;
		return have_ref ? clear_related(db, err) : LDX_OK;
	}
	full = force || !have_ref || ref < 0 || papers >= 2 * ref || 2 * papers <= ref;
	if (!full && !papers_changed)
		return LDX_OK;
	if (!full && ((rc = ldx_db_int(db, "SELECT count(*) FROM papers WHERE related IS NULL",
	                               &pending, &found, "cannot count papers", err)) ||
	              pending == 0))
		return rc;

	/* the page cache gives back what the word lists take */
	if ((rc = ldx_db_exec(db, "PRAGMA cache_size=" RELATED_CACHE_KB, "cannot set the cache size",
	                      err)) ||
	    (rc = note_papers(db, -1, err)) ||
	    (rc = ldx_doc_tokenizer_open(db->language, &r.tok, err)) ||
	    (rc = read_papers(&r, 1, err)))
		goto out;
	if (full)
		memset(r.pending, 1, r.npapers);
	*remade = full;
	if (!(r.kept = malloc(((size_t)r.npapers + 1) * RELATED_VECTOR * sizeof *r.kept)) ||
	    !(r.nkept = calloc((size_t)r.npapers + 1, 1))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	if ((rc = read_papers(&r, 2, err)) || (rc = invert(&r, err)) ||
	    (rc = write_related(&r, err)))
		goto out;
	/* all rows rewritten leave the full-text index in many segments, full
	 * of deleted entries: a third bigger at 50,000 papers until merged */
	if (full && (rc = ldx_db_exec(db, LDX_FTS_OPTIMIZE_SQL,
	                              "cannot optimize the full-text index", err)))
		goto out;
	rc = note_papers(db, full ? (long long)r.npapers : ref, err);
out:
	if (sqlite3_exec(db->sql, "PRAGMA cache_size=" LDX_CACHE_KB, NULL, NULL, NULL) &&
	    rc == LDX_OK)
		rc = ldx_db_fail(db, err, "cannot set the cache size");
	ldx_doc_tokenizer_close(r.tok);
	vocab_free(&r.v);
	free(r.ids);
	free(r.pending);
	free(r.seen);
	free(r.kept);
	free(r.nkept);
	free(r.inv_start);
	free(r.inv);
	return rc;
}

int ldx_related_present(ldx_db *db)
{
	long long value = 0;
	int found = 0;
	ldx_error ignored;
	return ldx_db_int(db, "SELECT 1 FROM meta WHERE key = 'related_papers'", &value, &found,
	                  "cannot read index settings", &ignored) == LDX_OK && found;
}
