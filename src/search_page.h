/*
 * search_page.h: the papers of a search's page, found before the page
 * statement reads them (search_page.c).
 */
#ifndef LDX_SEARCH_PAGE_H
#define LDX_SEARCH_PAGE_H

#include "db.h"

/* How search.c's page statement runs; every string malloc'ed or NULL. */
typedef struct ldx_search_page {
	char *run_fts;     /* the expression to run instead of fts, with ... */
	char *rank_call;   /* ... this "litdex_rank(...)" call; NULL: fts as it is */
	char *ids;         /* JSON array of the ids the page is among; NULL: all hits */
	int offset;        /* where the page starts among ids */
	/* The ids' scores, in their order, where the heap ranked them with
	 * the page statement's own expression and call: the page statement
	 * then keeps their order and does not rank them again.  NULL: it
	 * ranks them itself. */
	double *scores;
	int nscores;
} ldx_search_page;

/*
 * Plans the search of fts (NULL: filters only, where there is nothing to
 * find) under opts without the paper exclude_id (0: none): by relevance,
 * date or year as opts->sort says.
 * Fields left NULL mean the page statement ranks or sorts every hit
 * itself, which is the cheaper way there.  Release with
 * ldx_search_page_free (also after an error).
 */
ldx_status ldx_search_page_find(ldx_db *db, const char *fts, const ldx_search_opts *opts,
                                sqlite3_int64 exclude_id, ldx_search_page *page,
                                ldx_error *err);
void ldx_search_page_free(ldx_search_page *page);

#endif
