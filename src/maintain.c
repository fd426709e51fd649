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
#include "related.h"
#include "termstats.h"
#include "error.h"

ldx_status ldx_check(ldx_db *db, char **report, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	char *text = NULL;
	size_t len = 0, cap = 0;
	ldx_status rc = LDX_OK;
	int problems = 0;

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
		problems++;
		size_t n = strlen(row ? row : "") + 16;
		if (len + n >= cap) {
			char *grown = realloc(text, cap = (len + n) * 2);
			if (!grown) {
				rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
				goto out;
			}
			text = grown;
		}
		len += (size_t)snprintf(text + len, cap - len, "sqlite: %s\n", row ? row : "");
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
		problems++;
		const char *msg = "fts5: the full-text index does not match the papers table "
		                  "(run 'litdex rebuild')\n";
		char *grown = realloc(text, len + strlen(msg) + 1);
		if (!grown) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			goto out;
		}
		text = grown;
		memcpy(text + len, msg, strlen(msg) + 1);
		len += strlen(msg);
	}
	if (problems)
		rc = ldx_fail(err, LDX_ERR_DB, NULL, 0, "index '%s' failed %d check%s", db->path,
		              problems, problems == 1 ? "" : "s");
out:
	sqlite3_finalize(st);
	if (rc == LDX_ERR_DB && problems)
		*report = text;
	else
		free(text);
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
	    (rc = ldx_db_exec(db, "INSERT INTO papers_fts(papers_fts) VALUES('optimize')",
	                      "cannot optimize the full-text index", err)) ||
	    (rc = ldx_db_exec(db, "COMMIT", "cannot rebuild the index", err))) {
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return ldx_termstats_refresh(db, 1, err);
}
