/*
 * topk.h: the phrases of a plain query and their document frequencies,
 * and finding the best k papers of an "any of the words" query without
 * ranking every paper that holds one of its common words.
 *
 * The pruning is MaxScore's argument.  A phrase can add at most
 * UB = weight * idf * (k1 + 1) to a paper's score (BM25's saturation),
 * so a paper holding none of the rarest phrases E scores at most the sum
 * of the other phrases' UB.  If the k-th best score among the papers that
 * do hold one of E beats that sum, those papers hold the whole top k, and
 * the search can run "(E) AND (Q)", whose rows FTS5 finds through E's
 * short document lists, instead of Q.  E grows from the rarest phrase
 * until the bound holds; when it would take half of Q's rows, Q runs as
 * it is.  The result is exact: same papers, same scores, same order.
 */
#ifndef LDX_TOPK_H
#define LDX_TOPK_H

#include "db.h"
#include "termstats.h"

typedef struct ldx_flat_query {
	int nphrase;       /* 0: the expression is not plain */
	int is_or;         /* "s1" OR "s2" OR ...; else AND, or one string */
	char **phrase;     /* unquoted; owned */
	int *len;
	double *df;        /* papers matching each phrase; -1: not counted yet */
} ldx_flat_query;

/*
 * Reads fts when it is one quoted string or quoted strings joined all by
 * AND or all by OR (what the translator makes of plain words), with their
 * document frequencies from ts (those term_df does not know are counted
 * when count is set, else -1); else leaves q->nphrase 0.
 */
ldx_status ldx_flat_query_read(ldx_termstats *ts, const char *fts, int count,
                               ldx_flat_query *q, ldx_error *err);

/* Counts the document frequencies q still lacks (-1).  A phrase of words
 * that are each in LDX_TOPK_SPLIT_ROWS papers or more is counted in two
 * halves of the ids on two threads (db's twin), as a heap pass is. */
ldx_status ldx_flat_query_count(ldx_db *db, ldx_termstats *ts, ldx_flat_query *q,
                                ldx_error *err);
void ldx_flat_query_free(ldx_flat_query *q);

/* Whether every row the FTS5 expression fts matches holds all of its
 * phrases: it has no OR and no NOT (outside its strings). */
int ldx_fts_all_required(const char *fts);

/* The best rows of a certified pruning pass: exactly Q's best, in order. */
typedef struct ldx_topk_best {
	int n;
	sqlite3_int64 *id;         /* papers.id; owned */
	double *score;
} ldx_topk_best;

void ldx_topk_best_free(ldx_topk_best *b);

/* Whether (s1, id1) ranks below (s2, id2): a lower score, or the same
 * score and a later paper.  Every page litdex puts together is in this
 * order. */
int ldx_topk_ranks_below(double s1, sqlite3_int64 id1, double s2, sqlite3_int64 id2);

/* A query as it will run: Q, and E when pruning found one. */
typedef struct ldx_ranked {
	const ldx_flat_query *q;   /* Q's phrases */
	const char *fts;           /* Q's expression */
	const char *prefix;        /* E's expression, or NULL */
	int nprefix;               /* its phrases (E's and any filter's) */
	int pruned;                /* prefix holds E: every paper it lets
	                            * through matches Q */
	const char *rank_base;     /* ldx_rank_call_base */
	int max_args;              /* SQLite's limit on a function's arguments */
	ldx_termstats *ts;         /* for further words' frequencies */
	const ldx_topk_best *best; /* the pruning pass's rows, or NULL */
	int keep;                  /* the size of best's heap: it holds every
	                            * paper the expression matches when it has
	                            * fewer rows */
	double rows;               /* rows the expression should match, or
	                            * as many as its work; < 0: unknown */
} ldx_ranked;

/*
 * The expression to run for inner, an expression of n phrases that
 * matches what Q matches, weighed weight[i] and with document frequencies
 * df[i]: inner itself or "(E) AND (inner)", and its litdex_rank call, E's
 * phrases weighing 0.  Both malloc'ed in *fts and *call.  The document
 * frequencies are left for litdex_rank to count when the call would pass
 * r->max_args arguments; both stay NULL, with LDX_OK, when even the
 * weights would.
 */
ldx_status ldx_ranked_query(const ldx_ranked *r, const char *inner, int n,
                            const double *weight, const double *df, char **fts, char **call,
                            ldx_error *err);

/* ldx_ranked_query for Q itself, each phrase weighing 1. */
ldx_status ldx_ranked_plain(const ldx_ranked *r, char **fts, char **call, ldx_error *err);

/*
 * The best k papers of expression fts under opts's filters, ranked by call
 * (a litdex_rank call, or NULL for the index's rank setting), and their
 * scores, best first (equal scores: lower id first), into best (freed
 * first; release with ldx_topk_best_free).  best->n is below k when fewer
 * papers match.  Every matching row is scored, but none is sorted: the
 * best k are kept in a heap, where FTS5's ORDER BY rank sorts them all
 * (at 1,000,000 papers, 225,000 rows: 152 against 256 ms).  opts's
 * filters are checked paper by paper, on the rows that would enter the
 * heap only.  *rows, unless rows is NULL, is the number of rows fts
 * matched, before the filters.
 *
 * When expected_rows (what the phrases' document frequencies promise; < 0
 * unknown) is large and the machine has a second core, the papers with
 * the higher half of the ids are scored on another thread, on the
 * handle's twin (ldx_db_twin), and the two heaps merged: the same papers
 * and scores, in about half the time.  Each half reads the index as its
 * handle last saw it committed, as any two statements of a search do.
 */
ldx_status ldx_topk_best_of(ldx_db *db, const char *fts, const char *call,
                            const ldx_search_opts *opts, int k, double expected_rows,
                            ldx_topk_best *best, double *rows, ldx_error *err);

/*
 * Scores the rows of fts by call (as ldx_topk_best_of, without filters)
 * for the papers ids[0..n), ascending: into score[i] (0 where fts does
 * not match), and the best score of any other row into *outside
 * (-HUGE_VAL: none).  Split over two threads as a heap pass is.
 */
ldx_status ldx_topk_score_known(ldx_db *db, const char *fts, const char *call,
                                const sqlite3_int64 *ids, int n, double expected_rows,
                                double *score, double *outside, ldx_error *err);

/* A heap pass expected to read this many rows (about 3 ms of scoring at
 * 1,000,000 papers) is split between two threads (ldx_topk_best_of). */
#define LDX_TOPK_SPLIT_ROWS 5000

/* For tests: the expected rows from which ldx_topk_best_of splits a pass
 * (LDX_TOPK_SPLIT_ROWS unless set). */
void ldx_topk_set_split_rows(double rows);

/*
 * Runs r (as ldx_ranked_plain writes it) under opts's filters for its best
 * k papers and their scores, best first, into best (freed first; release
 * with ldx_topk_best_free).  best->n is below k when fewer papers match,
 * and 0 when r's call cannot be written within SQLite's limits.
 */
ldx_status ldx_topk_best_rows(ldx_db *db, const ldx_ranked *r, const ldx_search_opts *opts,
                              int k, ldx_topk_best *best, ldx_error *err);

/* "(a) AND (b)", or the one that is not NULL, malloc'ed; NULL when both
 * are NULL or out of memory. */
char *ldx_topk_join(const char *a, const char *b);

/*
 * For a flat OR query q (expression fts) whose best k papers under opts's
 * filters are wanted, ranked by rank_base (ldx_rank_call_base) with k1:
 * sets *prefix to E's expression ("\"a\" OR \"b\"", malloc'ed) and
 * *nprefix to E's number of phrases, and fills best with what that pass
 * found: Q's best k papers and scores, then, up to keep (when above k),
 * the next best of the papers holding one of E; or leaves them NULL, 0
 * and empty when Q should run as it is.  filter (prefilter.c, nfilter
 * phrases, or NULL) narrows the passes.
 */
ldx_status ldx_topk_prune(ldx_db *db, const ldx_flat_query *q, const char *fts,
                          const char *filter, int nfilter, const ldx_search_opts *opts,
                          int k, int keep, const char *rank_base, double k1, char **prefix,
                          int *nprefix, ldx_topk_best *best, ldx_error *err);

#endif
