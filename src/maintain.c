/*
 * maintain.c: checking and repairing an index (ldx_check, ldx_rebuild).
 * Both run SQLite's and FTS5's own checks rather than anything of ours:
 * PRAGMA integrity_check for the file, and FTS5's 'integrity-check'
 * command with rank 1, which also compares the full-text index with the
 * papers table (without it, FTS5 checks an external-content index only
 * against itself, and an edit behind its back goes unnoticed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "doclen.h"
#include "related.h"
#include "termstats.h"
#include "error.h"

/* A report of problems, one line each. */
typedef struct check_report {
	char *text;
	size_t len;
	int problems;
} check_report;

/* Adds the line "prefix: what"; 0 when out of memory. */
static int report_add(check_report *r, const char *prefix, const char *what)
{
	size_t n = strlen(prefix) + strlen(what) + 3;
	char *grown = realloc(r->text, r->len + n + 1);
	if (!grown)
		return 0;
	r->text = grown;
	r->len += (size_t)snprintf(r->text + r->len, n + 1, "%s: %s\n", prefix, what);
	r->problems++;
	return 1;
}

ldx_status ldx_check(ldx_db *db, char **report, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	check_report r = { 0 };
	ldx_status rc = LDX_OK;
	long bad_blocks = 0;

	*report = NULL;
	if ((rc = ldx_db_prepare(db, "PRAGMA integrity_check(100)", &st, "cannot check the index",
	                         err)))
		return rc;
	for (int step; (step = sqlite3_step(st)) != SQLITE_DONE;) {
		if (step != SQLITE_ROW) {
			rc = ldx_db_fail(db, err, "cannot check the index");
			goto out;
		}
		const char *row = (const char *)sqlite3_column_text(st, 0);
		if (row && strcmp(row, "ok") == 0)
			continue;
		if (!report_add(&r, "sqlite", row ? row : ""))
			goto nomem;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!db->readonly &&
	    sqlite3_exec(db->sql,
	                 "INSERT INTO papers_fts(papers_fts, rank) VALUES('integrity-check', 1)",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		int code = sqlite3_errcode(db->sql);
		if (code != SQLITE_CORRUPT && code != SQLITE_CORRUPT_VTAB) {
			rc = ldx_db_fail(db, err, "cannot check the full-text index");
			goto out;
		}
		if (!report_add(&r, "fts5", "the full-text index does not match the papers table "
		                            "(run 'litdex rebuild')"))
			goto nomem;
	}
	if ((rc = ldx_doclen_check(db, &bad_blocks, err)))
		goto out;
	if (bad_blocks) {
		char what[160];
		snprintf(what, sizeof what,
		         "%ld rows of column lengths do not match the full-text index "
		         "(run 'litdex rebuild')",
		         bad_blocks);
		if (!report_add(&r, "papers_doclen", what))
			goto nomem;
	}
	if (r.problems)
		rc = ldx_fail(err, LDX_ERR_DB, NULL, 0, "index '%s' failed %d check%s", db->path,
		              r.problems, r.problems == 1 ? "" : "s");
	goto out;
nomem:
	rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
out:
	sqlite3_finalize(st);
	if (rc == LDX_ERR_DB && r.problems)
		*report = r.text;
	else
		free(r.text);
	return rc;
}

ldx_status ldx_rebuild(ldx_db *db, ldx_error *err)
{
	ldx_status rc;
	int remade;
	if (db->readonly)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "index '%s' was opened read-only",
		                db->path);
	/* first, so that the rebuilt full-text index holds them, optimized */
	if ((rc = ldx_related_refresh(db, 1, 1, &remade, err)) ||
	    (rc = ldx_db_exec(db, "BEGIN IMMEDIATE", "cannot rebuild the index", err)))
		return rc;
	if ((rc = ldx_db_exec(db, "INSERT INTO papers_fts(papers_fts) VALUES('rebuild')",
	                      "cannot rebuild the full-text index", err)) ||
	    (rc = ldx_db_exec(db, LDX_FTS_OPTIMIZE_SQL,
	                      "cannot optimize the full-text index", err)) ||
	    (rc = ldx_doclen_build(db, err)) ||
	    (rc = ldx_db_exec(db, "COMMIT", "cannot rebuild the index", err))) {
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return ldx_termstats_refresh(db, 1, err);
}
