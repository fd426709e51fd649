/*
 * schema.c: the tables of a litdex index, creating them and checking the
 * version of an existing one.  The schema is documented in README.md.
 *
 * papers_fts is an external-content FTS5 table over papers.  store.c keeps
 * it in step, handing FTS5 the OLD values before an update or delete:
 * without them the index would be corrupted silently.  (Not triggers: a
 * statement that fires one opens a savepoint, and FTS5 flushes its
 * pending terms at every savepoint, one tiny segment per record.)
 *
 * paper_authors has no index on names: the author filter and facet reach
 * it by paper_id, its primary key, and no query plan used the two name
 * indexes older indexes have.  Kept up to date, they cost a fifth of the
 * indexing CPU at 100,000 records (random inserts into B-trees bigger
 * than the page cache).  For the same reason papers has no index on
 * journal or journal_abbrev: a search by journal alone finds its papers
 * through papers_fts's venue column (ldx_search_where_narrowed).  With
 * those two indexes, adding 30,000 papers to 1,000,000 took 5.0 to 5.6 s, and
 * 4.1 to 4.3 s without; older indexes lose them on a writable open.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "doclen.h"
#include "error.h"

#define LDX_RANK_FUNCTION "litdex_rank(" LDX_RANK_ARGS ")"

const char *const ldx_fts_columns[LDX_FTS_NCOLUMNS] = {
	"title", "abstract", "keywords", "mesh", "authors", "venue", "pub_types", "body",
	"year", "language", "ids", "related",
};

/* The full-text table and its rank setting: in new indexes, and made
 * again when an older index is upgraded.  %s is the stemming language. */
#define FTS_TABLE_SQL \
	"CREATE VIRTUAL TABLE papers_fts USING fts5(\n" \
	"  title, abstract, keywords, mesh, authors, venue, pub_types, body, year, language,\n" \
	"  ids, related,\n" \
	"  content='papers', content_rowid='id', tokenize='litdex %s');\n" \
	"INSERT INTO papers_fts(papers_fts, rank) VALUES('rank', '" LDX_RANK_FUNCTION "');\n"

static const char schema_sql[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE papers(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  pmid TEXT, doi TEXT, pmcid TEXT,\n"
	"  title TEXT, abstract TEXT, keywords TEXT, mesh TEXT, authors TEXT,\n"
	"  journal TEXT, journal_abbrev TEXT, year INTEGER,\n"
	"  pub_types TEXT, language TEXT, body TEXT,\n"
	"  added_at REAL NOT NULL, updated_at REAL NOT NULL,\n"
	"  related TEXT,\n"
	"  venue TEXT GENERATED ALWAYS AS (trim(coalesce(journal, '') || ' ; ' ||\n"
	"    coalesce(journal_abbrev, ''), ' ;')) VIRTUAL,\n"
	"  ids TEXT GENERATED ALWAYS AS (trim(coalesce(pmid, '') || ' ' || coalesce(doi, '') ||\n"
	"    ' ' || coalesce(pmcid, ''))) VIRTUAL);\n"
	"CREATE INDEX papers_pmid ON papers(pmid) WHERE pmid IS NOT NULL;\n"
	"CREATE INDEX papers_doi ON papers(doi) WHERE doi IS NOT NULL;\n"
	"CREATE INDEX papers_year ON papers(year);\n"
	"CREATE TABLE paper_authors(\n"
	"  paper_id INTEGER NOT NULL, position INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL, last_name TEXT NOT NULL,\n"
	"  PRIMARY KEY(paper_id, position)) WITHOUT ROWID;\n"
	"CREATE TABLE files(\n"
	"  id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,\n"
	"  size INTEGER, mtime INTEGER, format TEXT, records INTEGER,\n"
	"  indexed_at INTEGER);\n"
	"CREATE TABLE sources(\n"
	"  paper_id INTEGER NOT NULL, file_id INTEGER NOT NULL,\n"
	"  PRIMARY KEY(paper_id, file_id)) WITHOUT ROWID;\n"
	"CREATE INDEX sources_file ON sources(file_id);\n"
	"CREATE TABLE saved_searches(\n"
	"  name TEXT PRIMARY KEY, query TEXT, journal TEXT, author TEXT,\n"
	"  year_min INTEGER, year_max INTEGER, match INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at REAL NOT NULL, last_run_at REAL NOT NULL DEFAULT 0)\n"
	"  WITHOUT ROWID;\n"
	"CREATE INDEX papers_added ON papers(added_at);\n"
	LDX_DOCLEN_SCHEMA_SQL
	FTS_TABLE_SQL
	"INSERT INTO meta(key, value) VALUES('tokenizer', 'litdex'), ('language', '%s'),\n"
	"  ('rank', '" LDX_RANK_FUNCTION "');\n"
	"PRAGMA user_version = %d;\n";

/* Version 1 had no related column (related.c): add it and make the
 * full-text table again from papers.  %s is the language, %d the version. */
static const char upgrade_1_sql[] =
	"ALTER TABLE papers ADD COLUMN related TEXT;\n"
	"DROP TABLE papers_fts;\n"
	FTS_TABLE_SQL
	"INSERT INTO papers_fts(papers_fts) VALUES('rebuild');\n"
	"DROP TABLE IF EXISTS papers_doclen;\n"
	"UPDATE meta SET value = '" LDX_RANK_FUNCTION "' WHERE key = 'rank';\n"
	"PRAGMA user_version = %d;\n";

static ldx_status read_language(ldx_db *db, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	ldx_status rc = ldx_db_prepare(db, "SELECT value FROM meta WHERE key = 'language'", &st,
	                               "cannot read index settings", err);
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(db->language, sizeof db->language, "%s",
		         (const char *)sqlite3_column_text(st, 0));
	else
		rc = ldx_fail(err, LDX_ERR_SCHEMA, NULL, 0,
		              "index '%s' has no stemming language in its settings", db->path);
	sqlite3_finalize(st);
	return rc;
}

/* Runs the statements of sql in one transaction: all or nothing. */
static ldx_status run_script(ldx_db *db, const char *sql, const char *what, ldx_error *err)
{
	ldx_status rc;
	if ((rc = ldx_db_exec(db, "BEGIN IMMEDIATE", what, err)))
		return rc;
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK) {
		rc = ldx_db_fail(db, err, what);
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return ldx_db_exec(db, "COMMIT", what, err);
}

ldx_status ldx_schema_create(ldx_db *db, const char *language, ldx_error *err)
{
	char sql[sizeof schema_sql + 128];
	ldx_status rc;

	for (const char *c = language; *c; c++)
		if (!(*c >= 'a' && *c <= 'z') && *c != '_')
			return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "bad stemming language '%s'",
			                language);
	snprintf(sql, sizeof sql, schema_sql, language, language, LDX_SCHEMA_VERSION);
	if ((rc = run_script(db, sql, "cannot create index", err)))
		return rc;
	snprintf(db->language, sizeof db->language, "%s", language);
	return LDX_OK;
}

/* Drops the indexes older indexes have and litdex no longer needs (see the
 * top of this file).  Best effort: when another process holds the index,
 * they stay until the next writable open. */
static void drop_unused_indexes(ldx_db *db)
{
	sqlite3_stmt *st = NULL;
	ldx_error ignored;
	int found = 0;

	if (db->readonly ||
	    sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
	                                "AND name IN ('papers_journal', 'papers_journal_abbrev')",
	                       -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW)
		found = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (found)
		run_script(db, "DROP INDEX IF EXISTS papers_journal;"
		               "DROP INDEX IF EXISTS papers_journal_abbrev;",
		           "cannot drop unused indexes", &ignored);
}

/* Brings an index of an older version up to date, in one transaction:
 * an interrupted upgrade leaves the old index as it was. */
static ldx_status upgrade(ldx_db *db, int version, ldx_error *err)
{
	char sql[sizeof upgrade_1_sql + 128];
	ldx_status rc;

	if (db->readonly)
		return ldx_fail(err, LDX_ERR_SCHEMA, NULL, 0,
		                "index '%s' was made by an older litdex (schema version %d); "
		                "run 'litdex rebuild' once to upgrade it",
		                db->path, version);
	snprintf(sql, sizeof sql, upgrade_1_sql, db->language, LDX_SCHEMA_VERSION);
	if ((rc = run_script(db, sql, "cannot upgrade the index", err)))
		return rc;
	db->upgraded_from = version;
	return LDX_OK;
}

ldx_status ldx_schema_check(ldx_db *db, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	int version = -1, has_papers = 0;
	ldx_status rc;

	if ((rc = ldx_db_prepare(db, "PRAGMA user_version", &st, "cannot read index version",
	                         err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if ((rc = ldx_db_prepare(db,
	                         "SELECT count(*) FROM sqlite_schema WHERE name IN "
	                         "('papers', 'papers_fts', 'meta')",
	                         &st, "cannot read index schema", err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		has_papers = sqlite3_column_int(st, 0) == 3;
	sqlite3_finalize(st);

	if (version > LDX_SCHEMA_VERSION)
		return ldx_fail(err, LDX_ERR_SCHEMA, NULL, 0,
		                "index '%s' has schema version %d, newer than this litdex "
		                "understands (%d); upgrade litdex",
		                db->path, version, LDX_SCHEMA_VERSION);
	if (version < 1 || !has_papers)
		return ldx_fail(err, LDX_ERR_SCHEMA, NULL, 0,
		                "'%s' is an SQLite database but not a litdex index", db->path);
	if ((rc = read_language(db, err)) ||
	    (version < LDX_SCHEMA_VERSION && (rc = upgrade(db, version, err))))
		return rc;
	drop_unused_indexes(db);
	ldx_doclen_ensure(db);
	return LDX_OK;
}
