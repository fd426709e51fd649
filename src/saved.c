/*
 * saved.c: saved searches (ldx_saved_put, ldx_saved_get), the offline
 * version of a PubMed alert: `litdex new NAME` lists the papers that match
 * and were added to the index since the search was last run (or, on its
 * first run, since it was saved).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "error.h"

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

ldx_status ldx_saved_put(ldx_db *db, const char *name, const ldx_search_opts *opts,
                         ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	ldx_status rc;

	if (!name || !*name)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "a saved search needs a name");
	if ((rc = ldx_db_prepare(db,
	                         "INSERT OR REPLACE INTO saved_searches(name, query, journal, "
	                         "author, year_min, year_max, match, created_at, last_run_at) "
	                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)",
	                         &st, "cannot save the search", err)))
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	bind_text_or_null(st, 2, opts->query);
	bind_text_or_null(st, 3, opts->journal);
	bind_text_or_null(st, 4, opts->author);
	sqlite3_bind_int(st, 5, opts->year_min);
	sqlite3_bind_int(st, 6, opts->year_max);
	sqlite3_bind_int(st, 7, (int)opts->match);
	sqlite3_bind_double(st, 8, ldx_db_now());
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "cannot save the search");
	sqlite3_finalize(st);
	return rc;
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

ldx_status ldx_saved_get(ldx_db *db, const char *name, ldx_search_opts *opts,
                         double *last_run, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	ldx_status rc;
	double now = ldx_db_now();

	memset(opts, 0, sizeof *opts);
	*last_run = 0;
	if ((rc = ldx_db_prepare(db,
	                         "SELECT query, journal, author, year_min, year_max, match, "
	                         "created_at, last_run_at FROM saved_searches WHERE name = ?1",
	                         &st, "cannot read saved searches", err)))
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	int step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		rc = LDX_DONE;
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = ldx_db_fail(db, err, "cannot read saved searches");
		goto out;
	}
	opts->query = column_dup(st, 0);
	opts->journal = column_dup(st, 1);
	opts->author = column_dup(st, 2);
	opts->year_min = sqlite3_column_int(st, 3);
	opts->year_max = sqlite3_column_int(st, 4);
	opts->match = sqlite3_column_int(st, 5) == LDX_MATCH_ANY ? LDX_MATCH_ANY : LDX_MATCH_ALL;
	*last_run = sqlite3_column_double(st, 7);
	opts->added_after = *last_run > 0 ? *last_run : sqlite3_column_double(st, 6);
	sqlite3_finalize(st);
	st = NULL;
	if (db->readonly)
		goto out;
	if ((rc = ldx_db_prepare(db, "UPDATE saved_searches SET last_run_at = ?2 WHERE name = ?1",
	                         &st, "cannot update the saved search", err)))
		goto out;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_double(st, 2, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "cannot update the saved search");
out:
	sqlite3_finalize(st);
	if (rc != LDX_OK)
		ldx_saved_release(opts);
	return rc;
}

void ldx_saved_release(ldx_search_opts *opts)
{
	free((char *)opts->query);
	free((char *)opts->journal);
	free((char *)opts->author);
	opts->query = opts->journal = opts->author = NULL;
}
