/*
 * stats.c: the figures of an index (ldx_stats_get, ldx_stats_free):
 * counts of papers, terms and files, the file's size and how it splits
 * between records and the full-text index, papers per year and journal,
 * files and records per format, and the settings in meta.
 *
 * Every figure is read inside one read transaction, so they agree with
 * each other even while another process is indexing.  Nothing is
 * written: the fts5vocab table that counts terms lives in temp.
 *
 * Ownership: an ldx_stats is the first member of a stats_box, which owns
 * the arrays and every string they point to.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "error.h"

typedef struct stats_box {
	ldx_stats pub;           /* first, so ldx_stats_free can find the box */
	ldx_stats_year *years;
	ldx_stats_journal *journals;
	ldx_stats_format *formats;
	ldx_stats_setting *settings;
	char **strings;          /* every string the arrays point to */
	size_t nstrings, cap_strings;
} stats_box;

/* A copy of column i of st owned by the box ("" for NULL); NULL when out
 * of memory. */
static const char *box_text(stats_box *box, sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	char *copy;

	if (box->nstrings == box->cap_strings) {
		size_t cap = box->cap_strings ? 2 * box->cap_strings : 64;
		char **v = realloc(box->strings, cap * sizeof *v);
		if (!v)
			return NULL;
		box->strings = v;
		box->cap_strings = cap;
	}
	if (!(copy = strdup(s ? s : "")))
		return NULL;
	box->strings[box->nstrings++] = copy;
	return copy;
}

/* Grows *v (of elem-sized items) to hold n + 1; 0 when out of memory. */
static int grow(void **v, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return 1;
	size_t c = *cap ? 2 * *cap : 16;
	void *t = realloc(*v, c * elem);
	if (!t)
		return 0;
	*v = t;
	*cap = c;
	return 1;
}

/* Runs sql (no parameters) that yields one row of integers into out[]. */
static ldx_status one_row(ldx_db *db, const char *sql, long long *out, int n, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	ldx_status rc;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return ldx_db_fail(db, err, "cannot read index statistics");
	if (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			out[i] = sqlite3_column_int64(st, i);
		rc = LDX_OK;
	} else {
		rc = ldx_db_fail(db, err, "cannot read index statistics");
	}
	sqlite3_finalize(st);
	return rc;
}

static ldx_status read_counts(ldx_db *db, ldx_stats *s, ldx_error *err)
{
	long long v[4];
	ldx_status rc;

	/* the count the last index run made while it scanned the vocabulary
	 * for term_df (termstats.c), else a scan now: at 1,000,000 papers
	 * that takes 5.6 s, most of what stats cost */
	if ((rc = one_row(db, "SELECT count(*), "
	                      "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'term_df_terms'), "
	                      "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'term_df_papers') "
	                      "FROM papers", v, 3, err)))
		return rc;
	s->papers = v[0];
	s->terms = v[1];
	s->terms_counted_at = v[1] > 0 ? v[2] : 0;
	if (!s->terms_counted_at &&
	    (rc = one_row(db, "SELECT count(*) FROM temp.papers_vocab", &s->terms, 1, err)))
		return rc;
	if ((rc = one_row(db, "SELECT count(*), coalesce(sum(records), 0), "
	                      "coalesce(max(indexed_at), 0) FROM files", v, 3, err)))
		return rc;
	s->files = v[0];
	s->records = v[1];
	s->last_indexed = v[2];
	/* Records indexed from memory have no file; their time is on papers. */
	if (!s->last_indexed &&
	    (rc = one_row(db, "SELECT coalesce(max(updated_at), 0) FROM papers",
	                  &s->last_indexed, 1, err)))
		return rc;
	if ((rc = one_row(db, "SELECT user_version FROM pragma_user_version", v, 1, err)))
		return rc;
	s->schema_version = (int)v[0];
	return LDX_OK;
}

/*
 * The file's size and its split.  dbstat measures every b-tree exactly
 * when SQLite has it; without it the full-text index is estimated from
 * the size of its segment blocks.
 */
static ldx_status read_sizes(ldx_db *db, ldx_stats *s, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	long long v[3];
	struct stat sb;
	size_t n = strlen(db->path);
	char *wal = malloc(n + sizeof "-wal");
	ldx_status rc;

	if (!wal)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	memcpy(wal, db->path, n);
	memcpy(wal + n, "-wal", sizeof "-wal");
	s->wal_bytes = stat(wal, &sb) == 0 ? (long long)sb.st_size : 0;
	free(wal);

	if ((rc = one_row(db, "SELECT page_count, page_size, freelist_count FROM "
	                      "pragma_page_count, pragma_page_size, pragma_freelist_count",
	                  v, 3, err)))
		return rc;
	s->file_bytes = v[0] * v[1];
	s->free_bytes = v[2] * v[1];

	if (sqlite3_prepare_v2(db->sql,
	                       "SELECT coalesce(sum(pgsize), 0), coalesce(sum(pgsize) FILTER "
	                       "(WHERE name = 'papers_fts' OR name GLOB 'papers_fts_*' "
	                       "OR name = 'papers_doclen'), 0) FROM dbstat('main', 1)",
	                       -1, &st, NULL) == SQLITE_OK) {
		int step = sqlite3_step(st);
		if (step == SQLITE_ROW) {
			s->fts_bytes = sqlite3_column_int64(st, 1);
			s->content_bytes = sqlite3_column_int64(st, 0) - s->fts_bytes;
			s->sizes_exact = 1;
		}
		sqlite3_finalize(st);
		if (step != SQLITE_ROW)
			return ldx_db_fail(db, err, "cannot measure the index");
		return LDX_OK;
	}
	if ((rc = one_row(db, "SELECT coalesce(sum(length(block)), 0) FROM papers_fts_data",
	                  &s->fts_bytes, 1, err)))
		return rc;
	s->content_bytes = s->file_bytes - s->free_bytes - s->fts_bytes;
	if (s->content_bytes < 0)
		s->content_bytes = 0;
	s->sizes_exact = 0;
	return LDX_OK;
}

static ldx_status read_years(ldx_db *db, stats_box *box, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	ldx_status rc = ldx_db_prepare(db, "SELECT coalesce(year, 0) AS y, count(*) FROM papers "
	                                   "GROUP BY y ORDER BY y",
	                               &st, "cannot read index statistics", err);
	int step;

	if (rc)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t n = box->pub.nyears;
		if (!grow((void **)&box->years, &cap, n, sizeof *box->years)) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			break;
		}
		box->years[n].year = sqlite3_column_int(st, 0);
		box->years[n].papers = sqlite3_column_int64(st, 1);
		box->pub.nyears++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "cannot read index statistics");
	sqlite3_finalize(st);
	box->pub.years = box->years;
	return rc;
}

static ldx_status read_journals(ldx_db *db, stats_box *box, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	ldx_status rc = ldx_db_prepare(db,
	                               "SELECT journal, max(journal_abbrev), count(*) AS n "
	                               "FROM papers WHERE journal <> '' "
	                               "GROUP BY journal COLLATE NOCASE "
	                               "ORDER BY n DESC, journal COLLATE NOCASE LIMIT ?1",
	                               &st, "cannot read index statistics", err);
	int step;

	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, LDX_STATS_TOP_JOURNALS);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t n = box->pub.njournals;
		if (!grow((void **)&box->journals, &cap, n, sizeof *box->journals) ||
		    !(box->journals[n].journal = box_text(box, st, 0)) ||
		    !(box->journals[n].abbrev = box_text(box, st, 1))) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			break;
		}
		box->journals[n].papers = sqlite3_column_int64(st, 2);
		box->pub.njournals++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "cannot read index statistics");
	sqlite3_finalize(st);
	box->pub.journals = box->journals;
	return rc;
}

static ldx_status read_formats(ldx_db *db, stats_box *box, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	ldx_status rc = ldx_db_prepare(db,
	                               "SELECT coalesce(format, '') AS f, count(*), "
	                               "coalesce(sum(records), 0) AS r FROM files "
	                               "GROUP BY f ORDER BY r DESC, f",
	                               &st, "cannot read index statistics", err);
	int step;

	if (rc)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t n = box->pub.nformats;
		if (!grow((void **)&box->formats, &cap, n, sizeof *box->formats) ||
		    !(box->formats[n].name = box_text(box, st, 0))) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			break;
		}
		box->formats[n].files = sqlite3_column_int64(st, 1);
		box->formats[n].records = sqlite3_column_int64(st, 2);
		box->pub.nformats++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "cannot read index statistics");
	sqlite3_finalize(st);
	box->pub.formats = box->formats;
	return rc;
}

static ldx_status read_settings(ldx_db *db, stats_box *box, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	ldx_status rc = ldx_db_prepare(db, "SELECT key, value FROM meta ORDER BY key", &st,
	                               "cannot read index settings", err);
	int step;

	if (rc)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t n = box->pub.nsettings;
		if (!grow((void **)&box->settings, &cap, n, sizeof *box->settings) ||
		    !(box->settings[n].key = box_text(box, st, 0)) ||
		    !(box->settings[n].value = box_text(box, st, 1))) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			break;
		}
		box->pub.nsettings++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = ldx_db_fail(db, err, "cannot read index settings");
	sqlite3_finalize(st);
	box->pub.settings = box->settings;
	return rc;
}

ldx_status ldx_stats_get(ldx_db *db, ldx_stats **out, ldx_error *err)
{
	stats_box *box = NULL;
	ldx_status rc;
	int in_txn = 0;

	*out = NULL;
	if (!db)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no index given");
	if (!(box = calloc(1, sizeof *box)))
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	if ((rc = ldx_db_vocab(db, err)) ||
	    (rc = ldx_db_exec(db, "BEGIN", "cannot read index statistics", err)))
		goto out;
	in_txn = 1;
	rc = read_counts(db, &box->pub, err);
	if (!rc)
		rc = read_sizes(db, &box->pub, err);
	if (!rc)
		rc = read_years(db, box, err);
	if (!rc)
		rc = read_journals(db, box, err);
	if (!rc)
		rc = read_formats(db, box, err);
	if (!rc)
		rc = read_settings(db, box, err);
out:
	if (in_txn)
		sqlite3_exec(db->sql, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	if (rc) {
		ldx_stats_free(&box->pub);
		return rc;
	}
	*out = &box->pub;
	return LDX_OK;
}

void ldx_stats_free(ldx_stats *s)
{
	stats_box *box = (stats_box *)s;

	if (!box)
		return;
	for (size_t i = 0; i < box->nstrings; i++)
		free(box->strings[i]);
	free(box->strings);
	free(box->years);
	free(box->journals);
	free(box->formats);
	free(box->settings);
	free(box);
}
