/*
 * index.c: index runs (ldx_index_paths, ldx_index_buffer).  It walks the
 * inputs, skips files unchanged since the last run, reads records through
 * the format readers and hands them to the store, in write transactions of
 * LDX_BATCH_RECORDS records.
 *
 * A file counts as indexed (files.size/mtime set) only in the transaction
 * that stores its last record, so a run stopped at any point (Ctrl-C, a
 * kill, a full disk) leaves every committed record intact and the next run
 * reads that file again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "error.h"
#include "ingest/readahead.h"
#include "ingest/reader.h"
#include "store.h"
#include "related.h"
#include "termstats.h"
#include "tokenizer.h"
#include "walk.h"

#define LDX_BATCH_RECORDS 5000
#define LDX_PROGRESS_RECORDS 1000
/* Files at least this big are parsed, and their text tokenized, on a
 * second thread (readahead.h, ldx_store_pretokenize); for smaller ones
 * starting a thread costs more than it saves. */
#define LDX_READAHEAD_BYTES (1024 * 1024)

typedef struct index_run {
	ldx_db *db;
	ldx_store *store;
	const ldx_index_opts *opts;
	ldx_index_stats *stats;
	sqlite3_stmt *file_get, *file_add, *file_done;
	sqlite3_stmt *seen_path;      /* temp.run_paths: files this run visited */
	sqlite3_stmt *seen_paper;     /* temp.file_papers: papers the current file gave */
	int walk_incomplete;          /* a folder could not be read: do not prune */
	/* Record counts of the open transaction; they reach stats only when
	 * it commits, so a rolled-back batch is never reported as added. */
	long pending_added, pending_replaced, pending_deleted, pending_removed;
	int lock_fd;                  /* flock'ed index file for the whole run, or -1 */
	long records_seen;
	int in_txn;
	long batch;              /* records in the open transaction */
	struct timespec start;
	ldx_record rec;
	ldx_error fatal;         /* the error that stopped the run */
} index_run;

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void report(index_run *run, const ldx_error *e)
{
	run->stats->errors++;
	if (run->opts && run->opts->on_error)
		run->opts->on_error(e, run->opts->ctx);
}

static void progress(index_run *run)
{
	run->stats->seconds = seconds_since(&run->start);
	if (run->opts && run->opts->on_progress) {
		/* what is written so far, committed or not, for the display */
		ldx_index_stats shown = *run->stats;
		shown.records_added += run->pending_added;
		shown.records_replaced += run->pending_replaced;
		shown.records_deleted += run->pending_deleted;
		run->opts->on_progress(&shown, run->opts->ctx);
	}
}

static ldx_status txn_begin(index_run *run, ldx_error *err)
{
	if (run->in_txn)
		return LDX_OK;
	ldx_status rc = ldx_db_exec(run->db, "BEGIN IMMEDIATE", "cannot start writing", err);
	if (rc == LDX_OK)
		run->in_txn = 1;
	return rc;
}

static ldx_status txn_commit(index_run *run, ldx_error *err)
{
	if (!run->in_txn)
		return LDX_OK;
	ldx_status rc = ldx_store_sync(run->store, err);
	if (rc == LDX_OK)
		rc = ldx_db_exec(run->db, "COMMIT", "cannot commit records", err);
	if (rc != LDX_OK) {
		sqlite3_exec(run->db->sql, "ROLLBACK", NULL, NULL, NULL);
	} else {
		run->stats->records_added += run->pending_added;
		run->stats->records_replaced += run->pending_replaced;
		run->stats->records_deleted += run->pending_deleted;
		run->stats->records_removed += run->pending_removed;
	}
	run->pending_added = run->pending_replaced = 0;
	run->pending_deleted = run->pending_removed = 0;
	run->in_txn = 0;
	run->batch = 0;
	return rc;
}

static void txn_rollback(index_run *run)
{
	run->pending_added = run->pending_replaced = 0;
	run->pending_deleted = run->pending_removed = 0;
	if (run->in_txn)
		sqlite3_exec(run->db->sql, "ROLLBACK", NULL, NULL, NULL);
	run->in_txn = 0;
	run->batch = 0;
}

/* Looks up path in files; *unchanged when size and mtime match. */
static ldx_status file_lookup(index_run *run, const char *path, const struct stat *sb,
                              sqlite3_int64 *id, int *unchanged, ldx_error *err)
{
	sqlite3_stmt *st = run->file_get;
	int step;

	*id = 0;
	*unchanged = 0;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*unchanged = sb && sqlite3_column_type(st, 1) != SQLITE_NULL &&
		             sqlite3_column_int64(st, 1) == (sqlite3_int64)sb->st_size &&
		             sqlite3_column_int64(st, 2) ==
		                     (sqlite3_int64)sb->st_mtim.tv_sec * 1000000000 +
		                             sb->st_mtim.tv_nsec;
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return ldx_db_fail(run->db, err, "cannot read the file list");
	if (*id)
		return LDX_OK;
	st = run->file_add;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return ldx_db_fail(run->db, err, "cannot add to the file list");
	*id = sqlite3_last_insert_rowid(run->db->sql);
	return LDX_OK;
}

static ldx_status file_done(index_run *run, sqlite3_int64 id, const struct stat *sb,
                            const char *format, long records, int clean, ldx_error *err)
{
	sqlite3_stmt *st = run->file_done;
	if (sb && clean) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)sb->st_size);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)sb->st_mtim.tv_sec * 1000000000 +
		                                  sb->st_mtim.tv_nsec);
	} else {
		/* never "unchanged": a file with errors is read (and reported) again */
		sqlite3_bind_null(st, 1);
		sqlite3_bind_null(st, 2);
	}
	sqlite3_bind_text(st, 3, format, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, records);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)time(NULL));
	sqlite3_bind_int64(st, 6, id);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (step != SQLITE_DONE)
		return ldx_db_fail(run->db, err, "cannot update the file list");
	return LDX_OK;
}

static void count_format(index_run *run, const char *name)
{
	ldx_index_stats *st = run->stats;
	for (int i = 0; i < st->nformats; i++)
		if (st->formats[i].name == name) {
			st->formats[i].records++;
			return;
		}
	if (st->nformats < LDX_MAX_FORMATS) {
		st->formats[st->nformats].name = name;
		st->formats[st->nformats++].records = 1;
	}
}

/* Runs statements that use ?1 for an id; returns the changes of the last. */
static ldx_status exec_with_id(index_run *run, const char *const *sqls, size_t n,
                               sqlite3_int64 id, long *changes, ldx_error *err)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = NULL;
		ldx_status rc = ldx_db_prepare(run->db, sqls[i], &st, "cannot remove old records", err);
		if (rc)
			return rc;
		sqlite3_bind_int64(st, 1, id);
		int step = sqlite3_step(st);
		sqlite3_finalize(st);
		if (step != SQLITE_DONE && step != SQLITE_ROW)
			return ldx_db_fail(run->db, err, "cannot remove old records");
		if (changes)
			*changes = sqlite3_changes(run->db->sql);
	}
	return LDX_OK;
}

/* Removes the papers in temp.stale that no file provides any more. */
static ldx_status forget_orphans(index_run *run, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 *ids = NULL;
	size_t n = 0, cap = 0;
	ldx_status rc = ldx_db_prepare(run->db,
	                               "SELECT paper_id FROM temp.stale s WHERE NOT EXISTS "
	                               "(SELECT 1 FROM sources WHERE paper_id = s.paper_id)",
	                               &st, "cannot remove old records", err);
	int step;

	while (rc == LDX_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			sqlite3_int64 *grown = realloc(ids, (cap = cap ? 2 * cap : 64) * sizeof *ids);
			if (!grown) {
				rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
				break;
			}
			ids = grown;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (rc == LDX_OK && step != SQLITE_DONE)
		rc = ldx_db_fail(run->db, err, "cannot remove old records");
	sqlite3_finalize(st);
	for (size_t i = 0; i < n && rc == LDX_OK; i++)
		if ((rc = ldx_store_forget(run->store, ids[i], err)) == LDX_OK)
			run->pending_removed++;
	free(ids);
	return rc;
}

/* After a clean read of a changed file: the papers it gave before but not
 * now lose this source, and are removed if no other file provides them. */
static ldx_status drop_stale_papers(index_run *run, sqlite3_int64 file_id, ldx_error *err)
{
	static const char *const sqls[] = {
		"DELETE FROM temp.stale",
		"INSERT INTO temp.stale SELECT paper_id FROM sources WHERE file_id = ?1 "
		"AND paper_id NOT IN (SELECT paper_id FROM temp.file_papers)",
		"DELETE FROM sources WHERE file_id = ?1 "
		"AND paper_id IN (SELECT paper_id FROM temp.stale)",
	};
	ldx_status rc = exec_with_id(run, sqls, sizeof sqls / sizeof *sqls, file_id, NULL, err);
	return rc ? rc : forget_orphans(run, err);
}

/* Stores one record; per-record problems are reported, not returned. */
static ldx_status index_record(index_run *run, const ldx_record *rec,
                               const ldx_tokstreams *tokens, const char *name,
                               sqlite3_int64 file_id, ldx_error *err)
{
	ldx_store_outcome outcome;
	sqlite3_int64 paper_id;
	ldx_error e;
	ldx_status rc;

	if ((rc = txn_begin(run, err)))
		return rc;
	rc = ldx_store_record(run->store, rec, tokens, file_id, &outcome, &paper_id, &e);
	if (rc == LDX_ERR_PARSE) {
		snprintf(e.file, sizeof e.file, "%s", name);
		report(run, &e);
		return LDX_OK;
	}
	if (rc != LDX_OK) {
		*err = e;
		return rc;
	}
	if (paper_id) {
		sqlite3_bind_int64(run->seen_paper, 1, paper_id);
		int step = sqlite3_step(run->seen_paper);
		sqlite3_reset(run->seen_paper);
		if (step != SQLITE_DONE)
			return ldx_db_fail(run->db, err, "cannot track the file's records");
	}
	switch (outcome) {
	case LDX_STORED_ADDED: run->pending_added++; break;
	case LDX_STORED_REPLACED: run->pending_replaced++; break;
	case LDX_STORED_DELETED: run->pending_deleted++; break;
	case LDX_STORED_NOTHING: break;
	}
	if (++run->batch >= LDX_BATCH_RECORDS && (rc = txn_commit(run, err)))
		return rc;
	if (++run->records_seen % LDX_PROGRESS_RECORDS == 0)
		progress(run);
	return LDX_OK;
}

/* Reads every record of one opened input.  Returns only fatal errors. */
static ldx_status index_input(index_run *run, ldx_input *in, const struct stat *sb,
                              const char *path_key, ldx_error *err)
{
	const char *name = ldx_input_name(in);
	ldx_reader *reader = NULL;
	ldx_readahead *ra = NULL;
	ldx_doc_tokenizer *tokenizer = NULL;     /* the reader thread's */
	const ldx_record *rec;
	const ldx_tokstreams *tokens;
	sqlite3_int64 file_id = 0;
	long records = 0;
	int unchanged, clean = 1;
	ldx_error e;
	ldx_status rc;

	if ((rc = txn_begin(run, err)))
		return rc;
	if ((rc = file_lookup(run, path_key, NULL, &file_id, &unchanged, err)))
		return rc;
	rc = ldx_reader_open(in, run->opts ? run->opts->format : NULL, &reader, &e);
	if (rc == LDX_ERR_USAGE) {
		*err = e;
		return rc;
	}
	if (rc != LDX_OK) {
		run->stats->files_failed++;
		report(run, &e);
		return LDX_OK;
	}
	run->stats->files_read++;
	if ((rc = ldx_db_exec(run->db, "DELETE FROM temp.file_papers", "cannot track records",
	                      err)))
		goto out;
	/* without the thread (it could not start) the records are read here;
	 * without its tokenizer they are tokenized here */
	if (sb && sb->st_size >= LDX_READAHEAD_BYTES) {
		ldx_doc_tokenizer_open(run->db->language, &tokenizer, NULL);
		ldx_readahead_start(reader, tokenizer ? ldx_store_pretokenize : NULL, tokenizer,
		                    &ra, NULL);
	}
	for (;;) {
		if (run->db->interrupted) {
			rc = ldx_fail(err, LDX_ERR_INTERRUPTED, name, 0, "interrupted");
			goto out;
		}
		rec = &run->rec;
		tokens = NULL;
		rc = ra ? ldx_readahead_next(ra, &rec, &tokens, &e)
		        : ldx_reader_next(reader, &run->rec, &e);
		if (rc == LDX_DONE)
			break;
		if (rc == LDX_ERR_NOMEM) {
			*err = e;
			goto out;
		}
		if (rc != LDX_OK) {
			clean = 0;
			report(run, &e);
			continue;
		}
		records++;
		count_format(run, ldx_reader_format(reader));
		if ((rc = index_record(run, rec, tokens, name, file_id, err)))
			goto out;
	}
	if (!clean)
		run->stats->files_failed++;
	if ((rc = txn_begin(run, err)))
		goto out;
	if (clean && (rc = drop_stale_papers(run, file_id, err)))
		goto out;
	rc = file_done(run, file_id, sb, ldx_reader_format(reader), records, clean, err);
out:
	ldx_readahead_stop(ra);
	ldx_doc_tokenizer_close(tokenizer);
	ldx_reader_close(reader);
	return rc;
}

static ldx_status mark_seen(index_run *run, const char *real, ldx_error *err)
{
	sqlite3_bind_text(run->seen_path, 1, real, -1, SQLITE_STATIC);
	int step = sqlite3_step(run->seen_path);
	sqlite3_reset(run->seen_path);
	return step == SQLITE_DONE ? LDX_OK : ldx_db_fail(run->db, err, "cannot track files");
}

static ldx_status index_file(void *ctx, const char *path)
{
	index_run *run = ctx;
	ldx_error e;
	ldx_input *in = NULL;
	struct stat sb;
	sqlite3_int64 id;
	int unchanged = 0, is_stdin = strcmp(path, "-") == 0;
	char *real = NULL;
	ldx_status rc = LDX_OK;

	run->stats->files_seen++;
	if (!is_stdin) {
		if (stat(path, &sb) != 0 || !(real = realpath(path, NULL))) {
			ldx_fail(&e, LDX_ERR_IO, path, 0, "cannot open '%s': %s", path, strerror(errno));
			run->stats->files_failed++;
			report(run, &e);
			return LDX_OK;
		}
		if ((rc = txn_begin(run, &run->fatal)) ||
		    (rc = mark_seen(run, real, &run->fatal)) ||
		    (rc = file_lookup(run, real, &sb, &id, &unchanged, &run->fatal)))
			goto out;
		if (unchanged) {
			run->stats->files_unchanged++;
			goto out;
		}
	}
	if (ldx_input_open_path(path, &in, &e) != LDX_OK) {
		run->stats->files_failed++;
		report(run, &e);
		goto out;
	}
	rc = index_input(run, in, is_stdin ? NULL : &sb, is_stdin ? "<stdin>" : real,
	                 &run->fatal);
	ldx_input_close(in);
	if (rc == LDX_OK)
		progress(run);
out:
	free(real);
	return rc;
}

static void walk_error(void *ctx, const ldx_error *e)
{
	index_run *run = ctx;
	run->walk_incomplete = 1;
	run->stats->files_failed++;
	report(run, e);
}

/* Sets up a run; the caller must call run_finish. */
static ldx_status run_start(index_run *run, ldx_db *db, const ldx_index_opts *opts,
                            ldx_index_stats *stats, ldx_error *err)
{
	ldx_status rc;

	memset(run, 0, sizeof *run);
	memset(stats, 0, sizeof *stats);
	run->lock_fd = -1;
	run->db = db;
	run->opts = opts;
	run->stats = stats;
	ldx_record_init(&run->rec);
	clock_gettime(CLOCK_MONOTONIC, &run->start);
	if (db->readonly)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "index '%s' was opened read-only",
		                db->path);
	db->interrupted = 0;
	if (opts && opts->format && (rc = ldx_reader_check_format(opts->format, err)))
		return rc;
	/* One index run at a time, for the whole run: SQLite's lock is taken
	 * per batch, and a second run slipping in between batches could hold
	 * it long enough for the first to time out part-way. */
	if ((run->lock_fd = open(db->path, O_RDONLY | O_CLOEXEC)) >= 0 &&
	    flock(run->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		close(run->lock_fd);
		run->lock_fd = -1;
		if (e == EWOULDBLOCK)
			return ldx_fail(err, LDX_ERR_BUSY, NULL, 0,
			                "index '%s' is busy: another litdex index run is writing to it; "
			                "try again when it has finished",
			                db->path);
	}
	if ((rc = ldx_db_exec(db,
	                      "CREATE TEMP TABLE IF NOT EXISTS run_paths(path TEXT PRIMARY KEY);"
	                      "CREATE TEMP TABLE IF NOT EXISTS file_papers("
	                      "paper_id INTEGER PRIMARY KEY);"
	                      "CREATE TEMP TABLE IF NOT EXISTS stale(paper_id INTEGER PRIMARY KEY);"
	                      "DELETE FROM temp.run_paths;",
	                      "cannot prepare index run", err)) ||
	    (rc = ldx_db_prepare(db, "INSERT OR IGNORE INTO temp.run_paths VALUES (?1)",
	                         &run->seen_path, "cannot prepare index run", err)) ||
	    (rc = ldx_db_prepare(db, "INSERT OR IGNORE INTO temp.file_papers VALUES (?1)",
	                         &run->seen_paper, "cannot prepare index run", err)) ||
	    (rc = ldx_store_open(db, &run->store, err)) ||
	    (rc = ldx_db_prepare(db, "SELECT id, size, mtime FROM files WHERE path = ?1",
	                         &run->file_get, "cannot prepare index run", err)) ||
	    (rc = ldx_db_prepare(db, "INSERT INTO files(path) VALUES (?1)", &run->file_add,
	                         "cannot prepare index run", err)) ||
	    (rc = ldx_db_prepare(db,
	                         "UPDATE files SET size = ?1, mtime = ?2, format = ?3, "
	                         "records = ?4, indexed_at = ?5 WHERE id = ?6",
	                         &run->file_done, "cannot prepare index run", err)))
		return rc;
	return LDX_OK;
}

/*
 * A run that wrote at least this share of the papers now in the index (a
 * first run, above all) ends by merging FTS5's segments into one: every
 * search reads each word's list from every segment.  At 1,000,000 papers
 * the bench's first run leaves 14; merged, which takes 12 s after a 138 s
 * run, the AND searches' median went from 4.4-4.6 to 3.6 ms and every
 * class gained 5-20%.  Smaller runs leave the merging to FTS5's automerge,
 * so that the merge costs at most twice what the run itself wrote.
 */
#define LDX_OPTIMIZE_SHARE 0.5

/* After a run that wrote (added, replaced or removed) written papers. */
static ldx_status optimize_after(ldx_db *db, long written, ldx_error *err)
{
	long long papers = 0;
	int found = 0;
	ldx_status rc;

	if (written <= 0)
		return LDX_OK;
	if ((rc = ldx_db_int(db, "SELECT count(*) FROM papers", &papers, &found,
	                     "cannot count the papers", err)) ||
	    (double)written < LDX_OPTIMIZE_SHARE * (double)papers)
		return rc;
	return ldx_db_exec(db, LDX_FTS_OPTIMIZE_SQL, "cannot optimize the full-text index", err);
}

/* Commits what is complete (also after an interruption); a failed commit
 * rolls the open batch back whole. */
static ldx_status run_finish(index_run *run, ldx_status rc, ldx_error *err)
{
	if (rc == LDX_OK || rc == LDX_ERR_INTERRUPTED) {
		ldx_status crc = txn_commit(run, rc == LDX_OK ? err : &run->fatal);
		if (rc == LDX_OK)
			rc = crc;
		/* after the commit, still under the run's lock; related words
		 * first, as they count in the term statistics */
		const ldx_index_stats *st = run->stats;
		long written = st->records_added + st->records_replaced + st->records_deleted +
		               st->records_removed;
		int remade = 0;
		if (rc == LDX_OK)
			rc = ldx_related_refresh(run->db, written > 0, 0, &remade, err);
		if (rc == LDX_OK)
			rc = optimize_after(run->db, written, err);
		if (rc == LDX_OK)
			rc = ldx_termstats_refresh(run->db, remade, err);
	} else {
		txn_rollback(run);
	}
	ldx_store_close(run->store);
	sqlite3_finalize(run->file_get);
	sqlite3_finalize(run->file_add);
	sqlite3_finalize(run->file_done);
	sqlite3_finalize(run->seen_path);
	sqlite3_finalize(run->seen_paper);
	if (run->lock_fd >= 0)
		close(run->lock_fd);  /* releases the flock */
	run->lock_fd = -1;
	ldx_record_clear(&run->rec);
	run->stats->seconds = seconds_since(&run->start);
	return rc;
}

/*
 * After walking folder root completely: files indexed from under it that
 * this run did not see are gone.  Their papers lose that source and are
 * removed when no other file provides them.
 */
static ldx_status prune_folder(index_run *run, const char *root, ldx_error *err)
{
	static const char *const sqls[] = {
		"DELETE FROM temp.stale",
		"CREATE TEMP TABLE IF NOT EXISTS gone(id INTEGER PRIMARY KEY)",
		"DELETE FROM temp.gone",
		"INSERT INTO temp.gone SELECT id FROM files WHERE path > ?1 || '/' "
		"AND path < ?1 || '0' AND path NOT IN (SELECT path FROM temp.run_paths)",
		"INSERT OR IGNORE INTO temp.stale SELECT paper_id FROM sources "
		"WHERE file_id IN (SELECT id FROM temp.gone)",
		"DELETE FROM sources WHERE file_id IN (SELECT id FROM temp.gone)",
		"DELETE FROM files WHERE id IN (SELECT id FROM temp.gone)",
	};
	char *real = realpath(root, NULL);
	struct stat sb;
	ldx_status rc = LDX_OK;

	if (!real || stat(real, &sb) != 0 || !S_ISDIR(sb.st_mode))
		goto out;
	if ((rc = txn_begin(run, err)))
		goto out;
	for (size_t i = 0; i < sizeof sqls / sizeof *sqls && rc == LDX_OK; i++) {
		sqlite3_stmt *st = NULL;
		if ((rc = ldx_db_prepare(run->db, sqls[i], &st, "cannot remove missing files", err)))
			break;
		sqlite3_bind_text(st, 1, real, -1, SQLITE_STATIC);
		int step = sqlite3_step(st);
		sqlite3_finalize(st);
		if (step != SQLITE_DONE)
			rc = ldx_db_fail(run->db, err, "cannot remove missing files");
		else if (i == 6)
			run->stats->files_removed += sqlite3_changes(run->db->sql);
	}
	if (rc == LDX_OK)
		rc = forget_orphans(run, err);
out:
	free(real);
	return rc;
}

ldx_status ldx_index_paths(ldx_db *db, const char *const *paths, size_t npaths,
                           const ldx_index_opts *opts, ldx_index_stats *stats,
                           ldx_error *err)
{
	index_run run;
	ldx_index_stats local;
	ldx_status rc;

	if (!stats)
		stats = &local;
	if ((rc = run_start(&run, db, opts, stats, err)) == LDX_OK) {
		for (size_t i = 0; i < npaths && rc == LDX_OK; i++) {
			run.walk_incomplete = 0;
			rc = ldx_walk(paths[i], index_file, walk_error, &run);
			if (rc == LDX_OK && !run.walk_incomplete && !(opts && opts->no_prune))
				rc = prune_folder(&run, paths[i], &run.fatal);
		}
		if (rc != LDX_OK && err)
			*err = run.fatal;
	}
	return run_finish(&run, rc, err);
}

ldx_status ldx_index_buffer(ldx_db *db, const char *name, const char *buf, size_t len,
                            const ldx_index_opts *opts, ldx_index_stats *stats,
                            ldx_error *err)
{
	index_run run;
	ldx_index_stats local;
	ldx_input *in = NULL;
	ldx_error e;
	ldx_status rc;

	if (!stats)
		stats = &local;
	if ((rc = run_start(&run, db, opts, stats, err)) == LDX_OK) {
		stats->files_seen++;
		if (ldx_input_open_memory(name, buf, len, &in, &e) != LDX_OK) {
			stats->files_failed++;
			report(&run, &e);
		} else {
			rc = index_input(&run, in, NULL, name, &run.fatal);
			ldx_input_close(in);
			if (rc != LDX_OK && err)
				*err = run.fatal;
		}
	}
	return run_finish(&run, rc, err);
}
