/*
 * topk_corpus.h: the generated index that test_topk.c, test_rerank.c and
 * test_pages.c search, 6,000 titles of 8 Zipf-distributed made-up words
 * (setup and teardown make and remove it, one per test process), and the
 * helpers they compare with: every match in a given order (by the rank
 * setting, by date, by year), a search read into a hit list.  Each test file includes it once; its
 * functions are static inline so that a file may leave some unused.
 */
#ifndef LDX_TOPK_CORPUS_H
#define LDX_TOPK_CORPUS_H

#include "unit.h"

#include "db.h"
#include "litdex.h"
#include "search.h"

#define PAPERS 6000
#define WORDS 300
#define TITLE_WORDS 8

static char db_path[4096];
static ldx_db *db;
static char vocab[WORDS][8];
static unsigned long seed = 12345;

static inline unsigned long next_random(void)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return seed >> 33;
}

/* Letters only, no s, e or y at the end: Snowball leaves them alone. */
static inline void make_vocab(void)
{
	static const char cons[] = "bdgkmpt", vow[] = "aiou";
	for (int i = 0; i < WORDS; i++) {
		int x = i * 7919 + 17;
		char *w = vocab[i];
		w[0] = cons[x % 7];
		w[1] = vow[(x / 7) % 4];
		w[2] = cons[(x / 28) % 7];
		w[3] = cons[(x / 196) % 7];
		w[4] = vow[(x / 1372) % 4];
		w[5] = cons[(i * 3 + x / 5488) % 7];
		w[6] = '\0';
	}
}

/* A word index, Zipf-distributed: P(i) proportional to 1 / (i + 1). */
static inline int zipf_word(const double *cum)
{
	double u = (double)(next_random() % 1000000) / 1000000.0 * cum[WORDS - 1];
	int lo = 0, hi = WORDS - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static inline void remove_db(void)
{
	unit_remove_db(db_path);
}

/* PubMed XML for papers [first, first + n), titles from the Zipf words. */
static inline char *corpus(int first, int n, size_t *len)
{
	double cum[WORDS], total = 0;
	size_t cap = (size_t)n * 300 + 64;
	char *xml = malloc(cap);
	size_t at = 0;
	for (int i = 0; i < WORDS; i++)
		cum[i] = total += 1.0 / (i + 1);
	assert_non_null(xml);
	at += (size_t)snprintf(xml + at, cap - at, "<PubmedArticleSet>");
	for (int p = first; p < first + n; p++) {
		at += (size_t)snprintf(xml + at, cap - at,
		                       "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article>"
		                       "<Journal><JournalIssue><PubDate><Year>%d</Year></PubDate>"
		                       "</JournalIssue></Journal><ArticleTitle>", 910000000 + p,
		                       1950 + p % 75);
		for (int w = 0; w < TITLE_WORDS; w++)
			at += (size_t)snprintf(xml + at, cap - at, "%s%s", w ? " " : "",
			                       vocab[zipf_word(cum)]);
		at += (size_t)snprintf(xml + at, cap - at,
		                       "</ArticleTitle></Article></MedlineCitation></PubmedArticle>");
	}
	at += (size_t)snprintf(xml + at, cap - at, "</PubmedArticleSet>");
	*len = at;
	return xml;
}

static inline void add_papers(int first, int n)
{
	ldx_error err;
	ldx_index_stats st;
	size_t len;
	char name[32];
	char *xml = corpus(first, n, &len);
	/* one name per batch: indexing a name again replaces what it gave */
	snprintf(name, sizeof name, "corpus-%d.xml", first);
	assert_int_equal(ldx_index_buffer(db, name, xml, len, NULL, &st, &err), LDX_OK);
	assert_int_equal(st.records_added, n);
	free(xml);
}

static inline int setup(void **state)
{
	ldx_error err;
	make_vocab();
	snprintf(db_path, sizeof db_path, "/tmp/litdex-test-topk-%d.db", (int)getpid());
	remove_db();
	if (ldx_open(db_path, LDX_OPEN_CREATE, &db, &err) != LDX_OK)
		return -1;
	add_papers(0, PAPERS);
	return 0;
}

static inline int teardown(void **state)
{
	ldx_close(db);
	db = NULL;
	remove_db();
	return 0;
}

static inline long long one_int(const char *sql, const char *text)
{
	sqlite3_stmt *st;
	long long v = -1;
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}


typedef struct hit_list {
	char pmid[40][16];
	double score[40];
	int n;
} hit_list;

/* Every match of fts (of the years first..last when first is not 0, and
 * not paper exclude) in the order order_by, page at offset: a statement to
 * step through its PMIDs and scores. */
static inline sqlite3_stmt *matches_in_order(const char *order_by, const char *fts, int offset,
                                             int limit, int first, int last,
                                             sqlite3_int64 exclude)
{
	char sql[512];
	sqlite3_stmt *st;
	snprintf(sql, sizeof sql,
	         "SELECT p.pmid, -rank FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid "
	         "WHERE papers_fts MATCH ?1 AND (?4 = 0 OR p.year BETWEEN ?4 AND ?5) "
	         "AND p.id <> ?6 ORDER BY %s LIMIT ?2 OFFSET ?3", order_by);
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, limit);
	sqlite3_bind_int(st, 3, offset);
	sqlite3_bind_int(st, 4, first);
	sqlite3_bind_int(st, 5, last);
	sqlite3_bind_int64(st, 6, exclude);
	return st;
}

/* Every match, of papers from years first to last, ranked by the index's
 * rank setting (counting every phrase). */
static inline void exhaustive_years(const char *fts, int first, int last, int offset,
                                    int limit, hit_list *out)
{
	sqlite3_stmt *st = matches_in_order("rank", fts, offset, limit, first, last, 0);
	out->n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && out->n < 40) {
		snprintf(out->pmid[out->n], 16, "%s", (const char *)sqlite3_column_text(st, 0));
		out->score[out->n++] = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
}

/* Every match ranked by the index's rank setting (counting every phrase). */
static inline void exhaustive(const char *fts, int offset, int limit, hit_list *out)
{
	exhaustive_years(fts, 0, 9999, offset, limit, out);
}

static inline void searched_opts(const ldx_search_opts *so, hit_list *out)
{
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	ldx_status rc;
	out->n = 0;
	assert_int_equal(ldx_search_begin(db, so, &s, &err), LDX_OK);
	while ((rc = ldx_search_next(s, &h, &err)) == LDX_OK && out->n < 40) {
		snprintf(out->pmid[out->n], 16, "%s", h->pmid);
		out->score[out->n++] = h->score;
	}
	ldx_search_end(s);
}

static inline void searched(const char *query, ldx_match match, int offset, int limit,
                            hit_list *out)
{
	ldx_search_opts so = { .query = query, .match = match, .offset = offset, .limit = limit };
	searched_opts(&so, out);
}

/* searched_opts, returning how many statements whose SQL holds needle it
 * ran (each step of a reset statement counts). */
static inline int traced_search(const char *needle, const ldx_search_opts *so, hit_list *out)
{
	unit_traced_statements = 0;
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced, (void *)needle);
	searched_opts(so, out);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	return unit_traced_statements;
}

#endif
