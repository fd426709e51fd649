/*
 * search.h: the parts of search.c that other library files build on:
 * running an already translated FTS5 expression (similar papers), and the
 * shared FROM/WHERE clause and bindings of the filters (facets), so every
 * caller filters exactly as search does.
 */
#ifndef LDX_SEARCH_H
#define LDX_SEARCH_H

#include <sqlite3.h>

#include "litdex.h"

/*
 * Like ldx_search_begin, but runs fts (an FTS5 expression made by the
 * query translator or from index tokens; NULL lists by filters only) and
 * leaves out the paper with rowid exclude_id (0: none).  opts->query is
 * ignored.
 */
ldx_status ldx_search_begin_fts(ldx_db *db, const char *fts, const ldx_search_opts *opts,
                                sqlite3_int64 exclude_id, ldx_search **out, ldx_error *err);

/* Translates opts->query (in opts->match mode) with the index tokenizer;
 * *fts is NULL when the query is empty.  Malloc'ed; the caller frees.
 * Only "any" queries match the related words (related.h): in the other
 * mode, when the index has any, the expression is LDX_TEXT_ONLY_OPEN
 * expr ")", so words must be in the paper itself, as grep and PubMed's
 * Boolean search expect.  (Such an expression is not flat for topk.c:
 * its phrases' frequencies are counted in the columns searched.) */
ldx_status ldx_search_translate(ldx_db *db, const ldx_search_opts *opts, char **fts,
                                ldx_error *err);

#define LDX_TEXT_ONLY_OPEN "- {related} : ("

/* Rows (summed over the words) from which ldx_search_count_estimate
 * estimates. */
#define LDX_COUNT_ESTIMATE_ROWS 200000

/* ldx_search_count_estimate with its threshold given (tests). */
ldx_status ldx_search_count_above(ldx_db *db, const ldx_search_opts *opts, double min_rows,
                                  long *count, int *estimated, ldx_error *err);

/* A phrase is not counted before its search (search.c's
 * page_of_one_phrase) unless its rarest word is in this many papers per
 * paper of the page: reading the page by id costs about 75 us a paper,
 * and counting the phrase's papers about as much as the search, a
 * fraction of a millisecond for 20,000 papers (at 100,000 papers, 200
 * made the phrase queries' mean 2.15 ms against 1.73 counted, 2,000 1.88
 * against 1.75, 5,000 the same as counted). */
#define LDX_PHRASE_ROWS_PER_ID 5000

/* For tests: LDX_PHRASE_ROWS_PER_ID for the searches after it;
 * process-wide. */
void ldx_search_set_phrase_rows_per_id(double rows);

/* --sort year finds its page year by year (search.c's page_by_year) for
 * queries of at least this many hits: below it, reading every hit's year
 * costs less than counting each year's hits. */
#define LDX_YEAR_WALK_HITS 5000

/* For tests: LDX_YEAR_WALK_HITS for the searches after it; process-wide. */
void ldx_search_set_year_walk_hits(long hits);

/* For tests: the papers a search that feedback re-ranks keeps from its
 * first pass (LDX_FEEDBACK_KEEP, feedback.h); 0 or less: feedback ranks
 * all of its expression's papers.  Process-wide. */
void ldx_search_set_feedback_keep(int keep);

/* Papers a page holds when opts->limit does not say. */
#define LDX_DEFAULT_LIMIT 20

/* opts->limit, or LDX_DEFAULT_LIMIT when it is 0. */
static inline int ldx_search_limit(const ldx_search_opts *opts)
{
	return opts->limit > 0 ? opts->limit : LDX_DEFAULT_LIMIT;
}

/* 1 when opts has a journal, author or year filter. */
int ldx_search_has_filters(const ldx_search_opts *opts);

/* What ldx_search_where's caller needs. */
enum {
	LDX_WHERE_FTS = 1,      /* the query's expression: papers_fts MATCH ?1 */
	LDX_WHERE_PAPERS = 2,   /* papers' columns (alias p) besides the filters' */
	LDX_WHERE_NARROW = 4,   /* without FTS: rows matching ?13 (ldx_search_where_narrowed) */
};

/*
 * Writes "FROM ... WHERE ..." for the filters in opts into buf.  With
 * LDX_WHERE_FTS it reads papers_fts (alias papers_fts), joined to papers
 * (alias p) only when the filters or LDX_WHERE_PAPERS need it: a join
 * costs a lookup per hit (counting the 225,000 hits of one word among
 * 1,000,000 papers: 0.6 s with it, 0.01 s without).  Parameters ?1 to ?5,
 * ?10 and ?13 are taken; bind them with ldx_search_bind (narrow: the
 * expression, or NULL).
 */
void ldx_search_where(char *buf, size_t n, int flags, const ldx_search_opts *opts);

/*
 * ldx_search_where for a search of fts (NULL: without words) under opts,
 * flags adding LDX_WHERE_PAPERS or not: LDX_WHERE_FTS when there is fts,
 * and LDX_WHERE_NARROW, with the journal and author filters' FTS5 phrases
 * (prefilter.c) malloc'ed into *narrow, when there is none but a journal or
 * an author: papers has no index on journals, nor paper_authors on names,
 * so FTS5 finds the papers the filters can pass.  *narrow is NULL
 * otherwise, and when neither filter has words.
 */
ldx_status ldx_search_where_narrowed(ldx_db *db, const char *fts, int flags,
                                     const ldx_search_opts *opts, char *buf, size_t n,
                                     char **narrow, ldx_error *err);
void ldx_search_bind(sqlite3_stmt *st, const char *fts, const char *narrow,
                     const ldx_search_opts *opts);

#endif
