/*
 * prefilter.c: the FTS5 phrases of --journal, --author and --year; see
 * prefilter.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "prefilter.h"
#include "termstats.h"
#include "tokenizer.h"

ldx_status ldx_prefilter_index_years(ldx_db *db, int *first, int *last, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	/* two subqueries: SQLite reads min() or max() alone from the index */
	ldx_status rc = ldx_db_prepare(db, "SELECT (SELECT min(year) FROM papers WHERE year > 0), "
	                                   "(SELECT max(year) FROM papers)",
	                               &st, "cannot read the years", err);
	*first = *last = 0;
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*first = sqlite3_column_int(st, 0);
		*last = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return LDX_OK;
}

/* opts's year range, its open ends closed by the index's first or last
 * year: *lo 0 when opts has none. */
static ldx_status year_range(ldx_db *db, const ldx_search_opts *opts, int *lo, int *hi,
                             ldx_error *err)
{
	int first, last;
	ldx_status rc;

	*lo = *hi = 0;
	if (!opts->year_min && !opts->year_max)
		return LDX_OK;
	if ((rc = ldx_prefilter_index_years(db, &first, &last, err)))
		return rc;
	*lo = opts->year_min ? opts->year_min : first;
	*hi = opts->year_max ? opts->year_max : last;
	return LDX_OK;
}

/* Whether the years lo..hi hold at most LDX_PREFILTER_MAX_SHARE of the
 * papers, as term_df counts their tokens (see ldx_prefilter). */
static ldx_status years_pay(ldx_termstats *ts, int lo, int hi, int *pay, ldx_error *err)
{
	double papers = 0, in_range = 0;
	char year[16];
	ldx_status rc;

	*pay = 0;
	if ((rc = ldx_termstats_papers(ts, &papers, err)))
		return rc;
	for (int y = lo; y <= hi; y++) {
		double df = 0;
		int found = 0;
		int n = snprintf(year, sizeof year, "%d", y);
		if ((rc = ldx_termstats_known_df(ts, year, n, &df, &found, err)))
			return rc;
		in_range += found ? df : 0;
	}
	*pay = in_range <= LDX_PREFILTER_MAX_SHARE * papers;
	return LDX_OK;
}

/* Appends column : "text" to p, with text's ASCII letters lower-cased (an
 * all-capital word would not be stemmed in the query, while the index
 * holds every word's stem: tokenizer.c) and its quotes doubled; returns
 * the new end.  p has room for strlen(column) + 2 * strlen(text) + 8. */
static char *phrase_append(char *p, const char *column, const char *text)
{
	p += sprintf(p, "%s : \"", column);
	for (const char *c = text; *c; c++) {
		if (*c == '"')
			*p++ = '"';
		*p++ = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c;
	}
	*p++ = '"';
	return p;
}

/* Whether text holds a word for FTS5 to look for. */
static ldx_status has_words(ldx_db *db, const char *text, int *words, ldx_error *err)
{
	*words = 0;
	return text ? ldx_count_tokens(db->sql, db->language, 1, text, -1, words, err) : LDX_OK;
}

ldx_status ldx_prefilter(ldx_db *db, const ldx_search_opts *opts, ldx_termstats *ranked,
                         char **expr, int *nphrase, ldx_error *err)
{
	size_t size = 64 + (opts->journal ? 2 * strlen(opts->journal) : 0) +
	              (opts->author ? 2 * strlen(opts->author) : 0) +
	              12 * LDX_PREFILTER_MAX_YEARS;
	int lo, hi, journal, author;
	char *out = NULL, *p;
	ldx_status rc;

	*expr = NULL;
	*nphrase = 0;
	if ((rc = has_words(db, opts->journal, &journal, err)) ||
	    (rc = has_words(db, opts->author, &author, err)) ||
	    (rc = year_range(db, opts, &lo, &hi, err)))
		return rc;
	int years = lo > 0 && hi >= lo && hi - lo < LDX_PREFILTER_MAX_YEARS;
	if (years && ranked && (rc = years_pay(ranked, lo, hi, &years, err)))
		return rc;
	if (!journal && !author && !years)
		return LDX_OK;
	if (!(out = p = malloc(size)))
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	if (journal) {
		p = phrase_append(p, "venue", opts->journal);
		(*nphrase)++;
	}
	if (author) {
		p += sprintf(p, "%s", *nphrase ? " AND " : "");
		p = phrase_append(p, "authors", opts->author);
		(*nphrase)++;
	}
	if (years) {
		p += sprintf(p, "%syear : (", *nphrase ? " AND " : "");
		for (int y = lo; y <= hi; y++, (*nphrase)++)
			p += sprintf(p, "%s\"%d\"", y > lo ? " OR " : "", y);
		*p++ = ')';
	}
	*p = '\0';
	*expr = out;
	return LDX_OK;
}
