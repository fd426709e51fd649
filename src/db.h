/*
 * db.h: the ldx_db handle behind the public API: one SQLite connection with
 * the litdex tokenizer registered, WAL mode and a busy timeout, plus the
 * schema (schema.c).  Every other library file reaches SQLite through here.
 */
#ifndef LDX_DB_H
#define LDX_DB_H

#include <signal.h>
#include <sqlite3.h>

#include "litdex.h"

#define LDX_SCHEMA_VERSION 2          /* 2: papers.related (related.c) */
#define LDX_BUSY_TIMEOUT_MS 10000
#define LDX_PAGE_SIZE "16384"          /* for new indexes */
#define LDX_CACHE_KB "-32768"          /* 32 MB page cache on every handle */
#define LDX_MMAP_BYTES "1099511627776" /* read-only handles map the file (db.c) */

struct ldx_db {
	sqlite3 *sql;
	char *path;
	int readonly;
	char language[32];                /* stemming language of this index */
	int upgraded_from;                /* schema version, when ldx_open upgraded it */
	volatile sig_atomic_t interrupted;
	struct ldx_db *twin;              /* ldx_db_twin's; owned */
	int twin_refused;                 /* it could not be opened: not again */
};

/* Fills err with context + SQLite's message for the connection:
 * "cannot add record: database is locked".  BUSY and LOCKED become
 * LDX_ERR_BUSY; everything else LDX_ERR_DB. */
ldx_status ldx_db_fail(ldx_db *db, ldx_error *err, const char *what);

/* Runs one SQL statement with no parameters and no rows; what names it
 * in the error ("begin transaction"). */
ldx_status ldx_db_exec(ldx_db *db, const char *sql, const char *what, ldx_error *err);

/* Prepares sql; on failure fills err with what. */
ldx_status ldx_db_prepare(ldx_db *db, const char *sql, sqlite3_stmt **out,
                          const char *what, ldx_error *err);

/* Unix time in seconds with sub-second precision, for added_at and the
 * last runs of saved searches ("added since" must not depend on whole
 * seconds). */
double ldx_db_now(void);

/* Runs sql (no parameters) and reads the first column of its first row:
 * *found is 0 when there is no row.  what names it in the error. */
ldx_status ldx_db_int(ldx_db *db, const char *sql, long long *value, int *found,
                      const char *what, ldx_error *err);

/*
 * A second read-only handle on db's file, for another thread to read the
 * index alongside db (topk.c scores half of a query's rows on it).  Opened
 * on first use and closed with db; NULL when db has no file of its own
 * (":memory:"), when it is inside a transaction (the twin would not see
 * its writes), or when the twin cannot be opened.  Only one thread may use
 * the twin at a time, and not while db's thread uses the twin too.
 */
ldx_db *ldx_db_twin(ldx_db *db);

/* Makes temp.papers_vocab, an fts5vocab 'row' table over papers_fts (one
 * row per indexed term: term, doc, cnt).  It lives in the temp schema, so
 * a read-only connection can make it too. */
ldx_status ldx_db_vocab(ldx_db *db, ldx_error *err);

/* ---- schema.c ---- */

/* Between the items of the papers' list columns: keywords, mesh, authors
 * and pub_types. */
#define LDX_LIST_SEP "; "

/* Merges FTS5's segments into one (index runs that wrote much, rebuild,
 * related words remade). */
#define LDX_FTS_OPTIMIZE_SQL "INSERT INTO papers_fts(papers_fts) VALUES('optimize')"

/* papers_fts columns, in order. */
#define LDX_FTS_NCOLUMNS 12
extern const char *const ldx_fts_columns[LDX_FTS_NCOLUMNS];

/* Arguments of litdex_rank (rank.c): k1, b, then one weight per column.
 * year, language and ids exist for filtering inside a query ([dp], [la],
 * [pmid]) and carry no weight.  k1 3 and b 1 (full length normalisation)
 * against 1.2 and 0.75: NFCorpus dev nDCG@10 0.3077 against 0.3021 (k1 2,
 * 5 and 8, b 0.75 and 0.9, title weights 1, 2 and 8 all scored lower).
 * related (related.c) weighs as much as the abstract: see related.h. */
#define LDX_RANK_ARGS \
	"3.0, 1.0, 4.0, 1.0, 2.5, 2.0, 1.0, 0.5, 0.5, 0.25, 0.0, 0.0, 0.0, 1.0"

/* Creates the schema in an empty database (language for the tokenizer). */
ldx_status ldx_schema_create(ldx_db *db, const char *language, ldx_error *err);
/* Checks user_version and reads settings (language) from meta.  A newer
 * version or a non-litdex database is LDX_ERR_SCHEMA. */
ldx_status ldx_schema_check(ldx_db *db, ldx_error *err);

#endif
