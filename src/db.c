/*
 * db.c: opening and closing an index (ldx_open, ldx_close) and a handle's
 * read-only twin (ldx_db_twin), and the small SQLite helpers every library
 * file uses to report errors with context.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "error.h"
#include "rank.h"
#include "tokenizer.h"

ldx_status ldx_db_fail(ldx_db *db, ldx_error *err, const char *what)
{
	int code = sqlite3_extended_errcode(db->sql) & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return ldx_fail(err, LDX_ERR_BUSY, NULL, 0,
		                "%s: index '%s' is busy (another litdex is writing to it)",
		                what, db->path);
	int os_errno = sqlite3_system_errno(db->sql);
	if (code == SQLITE_FULL || (code == SQLITE_IOERR && os_errno == ENOSPC))
		return ldx_fail(err, LDX_ERR_DB, NULL, 0, "%s: disk full while writing '%s'",
		                what, db->path);
	if (code == SQLITE_IOERR && os_errno == EFBIG)
		return ldx_fail(err, LDX_ERR_DB, NULL, 0,
		                "%s: '%s' reached the file size limit (ulimit -f)", what, db->path);
	if (code == SQLITE_READONLY)
		return ldx_fail(err, LDX_ERR_DB, NULL, 0, "%s: index '%s' is read-only",
		                what, db->path);
	return ldx_fail(err, LDX_ERR_DB, NULL, 0, "%s: %s (index '%s')", what,
	                sqlite3_errmsg(db->sql), db->path);
}

ldx_status ldx_db_exec(ldx_db *db, const char *sql, const char *what, ldx_error *err)
{
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ldx_db_fail(db, err, what);
	return LDX_OK;
}

ldx_status ldx_db_prepare(ldx_db *db, const char *sql, sqlite3_stmt **out,
                          const char *what, ldx_error *err)
{
	*out = NULL;
	if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK)
		return ldx_db_fail(db, err, what);
	return LDX_OK;
}

static int database_is_empty(ldx_db *db, int *empty)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*empty = sqlite3_column_int(st, 0) == 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * SQLite's memory statistics take one process-wide mutex on every
 * allocation.  litdex reads none of them, and when a search scores on two
 * threads (ldx_db_twin) FTS5's allocations make that mutex the bottleneck:
 * "comparing" at 1,000,000 papers took 470 ms on two threads with it and
 * 130 ms without, against 270 ms on one.  The setting can only change
 * before SQLite starts; where the program has started it already, this
 * fails and changes nothing.
 */
static void sqlite_memstatus_off(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

ldx_status ldx_open(const char *path, int flags, ldx_db **out, ldx_error *err)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	ldx_status rc = LDX_OK;
	ldx_db *db = NULL;
	struct stat sb;
	int empty = 0;

	*out = NULL;
	pthread_once(&configured, sqlite_memstatus_off);
	if (!path || !*path)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no index path given");
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT && !(flags & LDX_OPEN_CREATE))
			return ldx_fail(err, LDX_ERR_NOINDEX, NULL, 0, "no index at '%s'", path);
		if (errno != ENOENT)
			return ldx_fail(err, LDX_ERR_IO, NULL, 0, "cannot open index '%s': %s",
			                path, strerror(errno));
	} else if (S_ISDIR(sb.st_mode)) {
		return ldx_fail(err, LDX_ERR_IO, NULL, 0, "cannot open index '%s': is a directory",
		                path);
	}

	db = calloc(1, sizeof *db);
	if (!db || !(db->path = strdup(path))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	db->readonly = (flags & LDX_OPEN_READONLY) != 0;
	/* a handle is used by one thread at a time (litdex.h), so SQLite's
	 * per-connection mutex only costs a lock and an unlock per call: 12%
	 * of a common word's search, with litdex_rank's docsize cursor */
	int oflags = (db->readonly ? SQLITE_OPEN_READONLY
	                           : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
	             SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db->sql, oflags, NULL) != SQLITE_OK) {
		rc = ldx_fail(err, LDX_ERR_IO, NULL, 0, "cannot open index '%s': %s", path,
		              db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql, LDX_BUSY_TIMEOUT_MS);
	if ((rc = ldx_tokenizer_register(db->sql, err)) != LDX_OK ||
	    (rc = ldx_rank_register(db->sql, err)) != LDX_OK)
		goto out;

	if (database_is_empty(db, &empty) != SQLITE_OK) {
		int code = sqlite3_errcode(db->sql);
		if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
			rc = ldx_fail(err, LDX_ERR_SCHEMA, NULL, 0, "'%s' is not a litdex index", path);
		else
			rc = ldx_db_fail(db, err, "cannot read index");
		goto out;
	}
	if (!db->readonly) {
		/* Rows of about 2 KB waste a quarter of 4 KB pages; the page size
		 * can only be chosen before the first write and before WAL. */
		if (empty && (rc = ldx_db_exec(db, "PRAGMA page_size=" LDX_PAGE_SIZE,
		                               "cannot set the page size", err)))
			goto out;
		if ((rc = ldx_db_exec(db, "PRAGMA journal_mode=WAL", "cannot enable WAL", err)))
			goto out;
		if ((rc = ldx_db_exec(db, "PRAGMA synchronous=NORMAL", "cannot set synchronous",
		                      err)))
			goto out;
	}
	/* FTS5 merges read and write many pages, and a search reads the same
	 * index pages again and again: SQLite's default 2 MB holds only 125 of
	 * our 16 KB pages (at 1,000,000 papers, 32 MB took AND queries' p50
	 * from 17.6 to 15.0 ms in one process).  After the page size: set
	 * before it, SQLite keeps as many pages as fit at 4 KB, 128 MB. */
	if ((rc = ldx_db_exec(db, "PRAGMA cache_size=" LDX_CACHE_KB, "cannot set the cache size",
	                      err)))
		goto out;
	/* A search run from the shell starts with an empty page cache and
	 * reads every page it needs with pread, copying 16 KB from the OS's
	 * cache each time: 38% of "coefficient"'s samples at 1,000,000 papers.
	 * Mapped, the same pages are read in place (21-27 against 17-21 ms a
	 * search).  Read-only handles only; SQLite caps the size at what it
	 * was built with (2 GB on Debian), the rest is read as before. */
	if (db->readonly && (rc = ldx_db_exec(db, "PRAGMA mmap_size=" LDX_MMAP_BYTES,
	                                      "cannot map the index", err)))
		goto out;
	if (empty) {
		if (db->readonly) {
			rc = ldx_fail(err, LDX_ERR_NOINDEX, NULL, 0, "index '%s' is empty", path);
			goto out;
		}
		rc = ldx_schema_create(db, LDX_DEFAULT_LANGUAGE, err);
	} else {
		rc = ldx_schema_check(db, err);
	}
out:
	if (rc != LDX_OK) {
		ldx_close(db);
		return rc;
	}
	*out = db;
	return LDX_OK;
}

void ldx_close(ldx_db *db)
{
	if (!db)
		return;
	ldx_close(db->twin);
	if (db->sql) {
		if (!db->readonly)
			sqlite3_exec(db->sql, "PRAGMA optimize", NULL, NULL, NULL);
		sqlite3_close_v2(db->sql);
	}
	free(db->path);
	free(db);
}

int ldx_upgraded_from(const ldx_db *db)
{
	return db ? db->upgraded_from : 0;
}

double ldx_db_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

ldx_status ldx_db_int(ldx_db *db, const char *sql, long long *value, int *found,
                      const char *what, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	ldx_status rc = ldx_db_prepare(db, sql, &st, what, err);
	if (rc)
		return rc;
	int step = sqlite3_step(st);
	*found = step == SQLITE_ROW;
	if (*found)
		*value = sqlite3_column_int64(st, 0);
	else if (step != SQLITE_DONE)
		rc = ldx_db_fail(db, err, what);
	sqlite3_finalize(st);
	return rc;
}

ldx_status ldx_db_vocab(ldx_db *db, ldx_error *err)
{
	return ldx_db_exec(db,
	                   "CREATE VIRTUAL TABLE IF NOT EXISTS temp.papers_vocab "
	                   "USING fts5vocab(main, 'papers_fts', 'row')",
	                   "cannot read the index vocabulary", err);
}

ldx_db *ldx_db_twin(ldx_db *db)
{
	struct stat sb;
	ldx_error ignored;

	if (db->twin_refused || !sqlite3_get_autocommit(db->sql))
		return NULL;
	/* a twin is a speed-up only: without one, one thread reads it all */
	if (!db->twin && (stat(db->path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	                  ldx_open(db->path, LDX_OPEN_READONLY, &db->twin, &ignored) != LDX_OK))
		db->twin_refused = 1;
	return db->twin;
}

void ldx_interrupt(ldx_db *db)
{
	if (db)
		db->interrupted = 1;
}

char *ldx_default_db_path(void)
{
	const char *env = getenv("LITDEX_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *path = NULL;
	size_t n;

	if (env && *env)
		return strdup(env);
	if (xdg && *xdg) {
		n = strlen(xdg) + sizeof "/litdex/index.db";
		if ((path = malloc(n)))
			snprintf(path, n, "%s/litdex/index.db", xdg);
		return path;
	}
	if (!home || !*home)
		return NULL;
	n = strlen(home) + sizeof "/.local/share/litdex/index.db";
	if ((path = malloc(n)))
		snprintf(path, n, "%s/.local/share/litdex/index.db", home);
	return path;
}
