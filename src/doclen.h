/*
 * doclen.h: papers_doclen, the ranking's copy of papers_fts's column
 * lengths, LDX_DOCLEN_BLOCK papers to a row.
 *
 * litdex_rank needs every hit's column lengths.  FTS5's docsize table
 * keeps them one paper to a row, so a search with 20,000 hits reads
 * 20,000 rows (docsize.h).  Here 1,024 papers share one row of 14 KB, one
 * page of a litdex index, and a search steps through at most the index's
 * papers / 1,024 rows; within a row a paper's lengths are found by its id.
 *
 * The table is derived from papers_fts_docsize, in the writer's own
 * transaction: the store marks the blocks of the papers it hands FTS5
 * (ldx_doclen_mark) and makes them again before the caller commits
 * (ldx_doclen_sync); a rebuild makes all of them (ldx_doclen_build).
 * Row -1, the stamp, holds the number of papers and every column's total
 * length, which FTS5 keeps too (xRowCount, xColumnTotalSize).  A reader
 * is only opened when the two agree, so an index written by something
 * that did not keep the blocks (an older litdex) is ranked from FTS5's
 * own rows rather than from stale lengths.
 *
 * Row format: block b holds papers b * 1024 to b * 1024 + 1023.  lens
 * is LDX_DOCLEN_PAPER_BYTES per paper, column c's length little-endian
 * from byte ldx_doclen_offset[c] to ldx_doclen_offset[c + 1]: two bytes
 * for the abstract and the body, one for the other columns, whose
 * lengths are small (fewer bytes, fewer pages to read: a search with
 * 4,000 hits at 1,000,000 papers reads most of the table).  0 in every
 * column: an id with no paper.  The largest value of its width (255 or
 * 65535): that many tokens or more, and the reader leaves that paper to
 * FTS5.  rows counts the block's papers, totals is their column totals as
 * LDX_FTS_NCOLUMNS little-endian int64.
 *
 * A read-only connection keeps the blocks it has read (ldx_doclen_cache)
 * for its next queries, until another connection commits: a block's row
 * is copied out of its page on every read, 14 KB, and a search with a few
 * thousand hits reads nearly every block.  At 1,000,000 papers that was
 * 11% of the median AND search.
 */
#ifndef LDX_DOCLEN_H
#define LDX_DOCLEN_H

#include <stddef.h>
#include <sqlite3.h>

#include "db.h"

#define LDX_DOCLEN_SHIFT 10
#define LDX_DOCLEN_BLOCK (1 << LDX_DOCLEN_SHIFT)
#define LDX_DOCLEN_PAPER_BYTES 14
extern const unsigned char ldx_doclen_offset[LDX_FTS_NCOLUMNS + 1];

/* The table's columns, for a new index and for ldx_doclen_build. */
#define LDX_DOCLEN_COLUMNS \
	"(block INTEGER PRIMARY KEY, rows INTEGER NOT NULL, totals BLOB NOT NULL, lens BLOB NOT NULL)"

/* The table and its empty stamp, for a new index (schema.c). */
#define LDX_DOCLEN_SCHEMA_SQL \
	"CREATE TABLE papers_doclen" LDX_DOCLEN_COLUMNS ";\n" \
	"INSERT INTO papers_doclen VALUES (-1, 0, zeroblob(96), x'');\n"

/* The blocks a writer has changed since its last sync. */
typedef struct ldx_doclen_marks {
	sqlite3_int64 *block;
	size_t n, cap;
	int all;                   /* a mark could not be kept: sync makes every block */
} ldx_doclen_marks;

/* Marks the block of paper rowid (added, changed or removed). */
void ldx_doclen_mark(ldx_doclen_marks *m, sqlite3_int64 rowid);
void ldx_doclen_marks_free(ldx_doclen_marks *m);

/* Makes the marked blocks again from papers_fts_docsize and updates the
 * stamp, inside the caller's transaction; empties m.  Nothing to do when
 * the index has no papers_doclen. */
ldx_status ldx_doclen_sync(ldx_db *db, ldx_doclen_marks *m, ldx_error *err);

/* Makes the whole table again (creating it if missing), inside the
 * caller's transaction. */
ldx_status ldx_doclen_build(ldx_db *db, ldx_error *err);

/* On a writable open of an index without papers_doclen: makes it in a
 * transaction of its own.  Best effort: when the index is busy, searches
 * use FTS5's rows until a later open makes it. */
void ldx_doclen_ensure(ldx_db *db);

/* Compares every block and the stamp with papers_fts_docsize: *bad is
 * the number of rows that differ (0 also when there is no table). */
ldx_status ldx_doclen_check(ldx_db *db, long *bad, ldx_error *err);

/* The blocks one connection has read, kept across its queries while its
 * data version stays the same, up to LDX_DOCLEN_CACHE_BYTES; used on
 * read-only connections only, where no write of the connection's own can
 * change them unseen.  Belongs to one connection (and so to one thread at
 * a time); NULL from new when out of memory, which means no cache. */
#define LDX_DOCLEN_CACHE_BYTES (32 * 1024 * 1024)
typedef struct ldx_doclen_cache ldx_doclen_cache;
ldx_doclen_cache *ldx_doclen_cache_new(void);
void ldx_doclen_cache_free(ldx_doclen_cache *cache);
/* The bytes of blocks it holds. */
size_t ldx_doclen_cache_bytes(const ldx_doclen_cache *cache);

/* A reader of ncol column lengths, for one query on connection db,
 * through cache when it is not NULL (borrowed; it must outlive the
 * reader): NULL when there is no table, ncol is not LDX_FTS_NCOLUMNS, or
 * the stamp differs from FTS5's nrow and totals[0..ncol). */
typedef struct ldx_doclen ldx_doclen;
ldx_doclen *ldx_doclen_open(sqlite3 *db, ldx_doclen_cache *cache, int ncol,
                            sqlite3_int64 nrow, const sqlite3_int64 *totals);

/* Paper rowid's lengths into len[0..ncol): 1, or 0 when the block does
 * not have them (no such paper, or a column of 65535 tokens or more). */
int ldx_doclen_read(ldx_doclen *r, sqlite3_int64 rowid, int *len);
void ldx_doclen_close(ldx_doclen *r);

#endif
