/*
 * doclen.c: the papers_doclen table, making its blocks from FTS5's
 * docsize rows and reading them for litdex_rank; see doclen.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docsize.h"
#include "doclen.h"
#include "error.h"
#include "keycursor.h"

#define NCOL LDX_FTS_NCOLUMNS
#define LENS_BYTES (LDX_DOCLEN_BLOCK * LDX_DOCLEN_PAPER_BYTES)
#define TOTALS_BYTES (NCOL * 8)

_Static_assert(TOTALS_BYTES == 96, "LDX_DOCLEN_SCHEMA_SQL's empty stamp is zeroblob(96)");
_Static_assert(LDX_DOCLEN_PAPER_BYTES == 14, "ldx_doclen_offset ends at 14");
#define STAMP_BLOCK (-1)
/* Blocks further ahead than this are sought, not stepped to. */
#define DOCLEN_MAX_STEPS 2

/* title, abstract (2 bytes), keywords, mesh, authors, venue, pub_types,
 * body (2 bytes), year, language, ids, related: schema.c's order */
const unsigned char ldx_doclen_offset[NCOL + 1] = { 0, 1, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14 };

/* The largest length column c's bytes hold; it also means "that or more". */
static int len_max(int c)
{
	return ldx_doclen_offset[c + 1] - ldx_doclen_offset[c] == 1 ? 0xff : 0xffff;
}

typedef struct doclen_sums {
	sqlite3_int64 rows;
	sqlite3_int64 totals[NCOL];
} doclen_sums;

typedef struct doclen_block {
	doclen_sums sums;
	unsigned char lens[LENS_BYTES];
} doclen_block;

static void totals_put(unsigned char *p, const sqlite3_int64 *totals)
{
	for (int c = 0; c < NCOL; c++)
		for (int i = 0; i < 8; i++)
			*p++ = (unsigned char)((uint64_t)totals[c] >> (8 * i));
}

/* totals from a blob of bytes bytes: 1, or 0 when it is not NCOL of them. */
static int totals_get(const unsigned char *p, int bytes, sqlite3_int64 *totals)
{
	if (!p || bytes != TOTALS_BYTES)
		return 0;
	for (int c = 0; c < NCOL; c++) {
		uint64_t v = 0;
		for (int i = 0; i < 8; i++)
			v |= (uint64_t)*p++ << (8 * i);
		totals[c] = (sqlite3_int64)v;
	}
	return 1;
}

/* The rows and totals of st's current row, its columns col and col + 1,
 * into sums: 1, or 0 when the totals are not NCOL of them. */
static int sums_at(sqlite3_stmt *st, int col, doclen_sums *sums)
{
	sums->rows = sqlite3_column_int64(st, col);
	return totals_get(sqlite3_column_blob(st, col + 1), sqlite3_column_bytes(st, col + 1),
	                  sums->totals);
}

static void sums_add(doclen_sums *to, const doclen_sums *add, int sign)
{
	to->rows += sign * add->rows;
	for (int c = 0; c < NCOL; c++)
		to->totals[c] += sign * add->totals[c];
}

/* ---- making blocks from papers_fts_docsize ----------------------------- */

/* Reads docsize rows (id, sz, in id order) a block at a time. */
typedef struct block_maker {
	sqlite3_stmt *rows;
	int step;              /* the last sqlite3_step's result; 0 before the first */
} block_maker;

/* Fills blk with the papers of the next block that has any, and *b with
 * its number: LDX_OK, LDX_DONE at the end, else an error. */
static ldx_status next_block(ldx_db *db, block_maker *mk, doclen_block *blk, sqlite3_int64 *b,
                             ldx_error *err)
{
	memset(blk, 0, sizeof *blk);
	*b = -1;
	if (!mk->step)
		mk->step = sqlite3_step(mk->rows);
	for (; mk->step == SQLITE_ROW; mk->step = sqlite3_step(mk->rows)) {
		sqlite3_int64 id = sqlite3_column_int64(mk->rows, 0);
		int len[NCOL];
		if (id < 0)
			continue;  /* not a litdex paper id; the reader never asks */
		if (*b >= 0 && id >> LDX_DOCLEN_SHIFT != *b)
			return LDX_OK;
		*b = id >> LDX_DOCLEN_SHIFT;
		if (!ldx_docsize_decode(sqlite3_column_blob(mk->rows, 1),
		                        sqlite3_column_bytes(mk->rows, 1), NCOL, len))
			return ldx_fail(err, LDX_ERR_DB, NULL, 0,
			                "the full-text index's column sizes of paper %lld cannot "
			                "be read (run 'litdex rebuild')",
			                (long long)id);
		unsigned char *p = blk->lens +
		                   (size_t)(id & (LDX_DOCLEN_BLOCK - 1)) * LDX_DOCLEN_PAPER_BYTES;
		for (int c = 0; c < NCOL; c++) {
			int v = len[c] < len_max(c) ? len[c] : len_max(c);
			for (int i = ldx_doclen_offset[c]; i < ldx_doclen_offset[c + 1]; i++, v >>= 8)
				p[i] = (unsigned char)(v & 0xff);
			blk->sums.totals[c] += len[c];
		}
		blk->sums.rows++;
	}
	if (mk->step != SQLITE_DONE)
		return ldx_db_fail(db, err, "cannot read the full-text index's column sizes");
	return *b >= 0 ? LDX_OK : LDX_DONE;
}

static ldx_status docsize_rows(ldx_db *db, const char *sql, block_maker *mk, ldx_error *err)
{
	mk->step = 0;
	return ldx_db_prepare(db, sql, &mk->rows, "cannot read the full-text index's column sizes",
	                      err);
}

static ldx_status prepare_sums(ldx_db *db, sqlite3_stmt **st, ldx_error *err)
{
	return ldx_db_prepare(db, "SELECT rows, totals FROM papers_doclen WHERE block = ?1", st,
	                      "cannot read the column lengths table", err);
}

/* Block b's rows and totals as stored by st (prepare_sums), zero when it
 * has no row. */
static ldx_status read_sums(ldx_db *db, sqlite3_stmt *st, sqlite3_int64 b, doclen_sums *sums,
                            ldx_error *err)
{
	ldx_status rc = LDX_OK;
	memset(sums, 0, sizeof *sums);
	sqlite3_bind_int64(st, 1, b);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		if (!sums_at(st, 0, sums))
			rc = ldx_fail(err, LDX_ERR_DB, NULL, 0,
			              "the column lengths table is damaged (run 'litdex rebuild')");
	} else if (step != SQLITE_DONE) {
		rc = ldx_db_fail(db, err, "cannot read the column lengths table");
	}
	sqlite3_reset(st);
	return rc;
}

/* The statements that write papers_doclen, and read what it held. */
typedef struct doclen_writer {
	sqlite3_stmt *put, *drop, *sums;
} doclen_writer;

static ldx_status writer_open(ldx_db *db, doclen_writer *w, ldx_error *err)
{
	static const char what[] = "cannot prepare the column lengths table";
	ldx_status rc;
	if ((rc = ldx_db_prepare(db, "INSERT OR REPLACE INTO papers_doclen(block, rows, totals, "
	                             "lens) VALUES (?1, ?2, ?3, ?4)",
	                         &w->put, what, err)) ||
	    (rc = ldx_db_prepare(db, "DELETE FROM papers_doclen WHERE block = ?1", &w->drop, what,
	                         err)))
		return rc;
	return prepare_sums(db, &w->sums, err);
}

static void writer_close(doclen_writer *w)
{
	sqlite3_finalize(w->put);
	sqlite3_finalize(w->drop);
	sqlite3_finalize(w->sums);
}

/* Writes row b: sums with lens (NULL for the stamp, which is always
 * written), or no row when the block has no papers. */
static ldx_status write_row(ldx_db *db, doclen_writer *w, sqlite3_int64 b,
                            const doclen_sums *sums, const unsigned char *lens, ldx_error *err)
{
	unsigned char totals[TOTALS_BYTES];
	sqlite3_stmt *st = sums->rows || !lens ? w->put : w->drop;

	sqlite3_bind_int64(st, 1, b);
	if (st == w->put) {
		totals_put(totals, sums->totals);
		sqlite3_bind_int64(st, 2, sums->rows);
		sqlite3_bind_blob(st, 3, totals, sizeof totals, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, lens ? (const void *)lens : "", lens ? LENS_BYTES : 0,
		                  SQLITE_STATIC);
	}
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_DONE ? LDX_OK
	                           : ldx_db_fail(db, err, "cannot write the column lengths table");
}

static int has_table(ldx_db *db)
{
	long long found = 0;
	int row = 0;
	ldx_error ignored;
	return ldx_db_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'papers_doclen'",
	                  &found, &row, "", &ignored) == LDX_OK && found > 0;
}

void ldx_doclen_mark(ldx_doclen_marks *m, sqlite3_int64 rowid)
{
	sqlite3_int64 b = rowid >> LDX_DOCLEN_SHIFT;
	if (rowid < 0 || m->all || (m->n && m->block[m->n - 1] == b))
		return;
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		sqlite3_int64 *grown = realloc(m->block, cap * sizeof *grown);
		if (!grown) {
			m->all = 1;
			return;
		}
		m->block = grown;
		m->cap = cap;
	}
	m->block[m->n++] = b;
}

void ldx_doclen_marks_free(ldx_doclen_marks *m)
{
	free(m->block);
	memset(m, 0, sizeof *m);
}

static int by_block(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
	return x < y ? -1 : x > y;
}

ldx_status ldx_doclen_sync(ldx_db *db, ldx_doclen_marks *m, ldx_error *err)
{
	doclen_writer w = { 0 };
	block_maker mk = { 0 };
	doclen_block *blk = NULL;
	doclen_sums stamp, old;
	ldx_status rc = LDX_OK;

	if (m->all) {
		rc = ldx_doclen_build(db, err);
		goto out;
	}
	if (!m->n || !has_table(db))
		goto out;
	if (!(blk = malloc(sizeof *blk))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	qsort(m->block, m->n, sizeof *m->block, by_block);
	if ((rc = writer_open(db, &w, err)) ||
	    (rc = docsize_rows(db, "SELECT id, sz FROM papers_fts_docsize WHERE id BETWEEN ?1 AND ?2",
	                       &mk, err)) ||
	    (rc = read_sums(db, w.sums, STAMP_BLOCK, &stamp, err)))
		goto out;
	for (size_t i = 0; i < m->n; i++) {
		sqlite3_int64 b = m->block[i], made;
		if (i && b == m->block[i - 1])
			continue;
		sqlite3_reset(mk.rows);
		sqlite3_bind_int64(mk.rows, 1, b << LDX_DOCLEN_SHIFT);
		sqlite3_bind_int64(mk.rows, 2, ((b + 1) << LDX_DOCLEN_SHIFT) - 1);
		mk.step = 0;
		if ((rc = next_block(db, &mk, blk, &made, err)) == LDX_DONE)
			rc = LDX_OK;  /* every paper of the block is gone */
		if (rc || (rc = read_sums(db, w.sums, b, &old, err)) ||
		    (rc = write_row(db, &w, b, &blk->sums, blk->lens, err)))
			goto out;
		sums_add(&stamp, &old, -1);
		sums_add(&stamp, &blk->sums, 1);
	}
	rc = write_row(db, &w, STAMP_BLOCK, &stamp, NULL, err);
out:
	writer_close(&w);
	sqlite3_finalize(mk.rows);
	free(blk);
	m->n = 0;
	m->all = 0;
	return rc;
}

ldx_status ldx_doclen_build(ldx_db *db, ldx_error *err)
{
	doclen_writer w = { 0 };
	block_maker mk = { 0 };
	doclen_block *blk = malloc(sizeof *blk);
	doclen_sums stamp = { 0 };
	sqlite3_int64 b;
	ldx_status rc;

	if (!blk)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	if ((rc = ldx_db_exec(db, "CREATE TABLE IF NOT EXISTS papers_doclen" LDX_DOCLEN_COLUMNS,
	                      "cannot make the column lengths table", err)) ||
	    (rc = ldx_db_exec(db, "DELETE FROM papers_doclen", "cannot make the column lengths table",
	                      err)) ||
	    (rc = writer_open(db, &w, err)) ||
	    (rc = docsize_rows(db, "SELECT id, sz FROM papers_fts_docsize ORDER BY id", &mk, err)))
		goto out;
	while ((rc = next_block(db, &mk, blk, &b, err)) == LDX_OK) {
		if ((rc = write_row(db, &w, b, &blk->sums, blk->lens, err)))
			goto out;
		sums_add(&stamp, &blk->sums, 1);
	}
	if (rc == LDX_DONE)
		rc = write_row(db, &w, STAMP_BLOCK, &stamp, NULL, err);
out:
	writer_close(&w);
	sqlite3_finalize(mk.rows);
	free(blk);
	return rc;
}

void ldx_doclen_ensure(ldx_db *db)
{
	ldx_error ignored;
	if (db->readonly || has_table(db) ||
	    ldx_db_exec(db, "BEGIN IMMEDIATE", "", &ignored) != LDX_OK)
		return;
	if (ldx_doclen_build(db, &ignored) != LDX_OK ||
	    ldx_db_exec(db, "COMMIT", "", &ignored) != LDX_OK)
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

/* Whether stored's current row is block b with blk's contents. */
static int row_matches(sqlite3_stmt *stored, sqlite3_int64 b, const doclen_block *blk)
{
	doclen_sums sums;
	return sqlite3_column_int64(stored, 0) == b && sums_at(stored, 1, &sums) &&
	       memcmp(&sums, &blk->sums, sizeof sums) == 0 &&
	       sqlite3_column_bytes(stored, 3) == LENS_BYTES &&
	       memcmp(sqlite3_column_blob(stored, 3), blk->lens, LENS_BYTES) == 0;
}

ldx_status ldx_doclen_check(ldx_db *db, long *bad, ldx_error *err)
{
	sqlite3_stmt *stored = NULL, *stamp_st = NULL;
	block_maker mk = { 0 };
	doclen_block *blk = malloc(sizeof *blk);
	doclen_sums sums = { 0 }, stamp;
	sqlite3_int64 b;
	int step;
	ldx_status rc = LDX_OK;

	*bad = 0;
	if (!blk)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	if (!has_table(db))
		goto out;
	if ((rc = prepare_sums(db, &stamp_st, err)) ||
	    (rc = read_sums(db, stamp_st, STAMP_BLOCK, &stamp, err)) ||
	    (rc = ldx_db_prepare(db, "SELECT block, rows, totals, lens FROM papers_doclen "
	                             "WHERE block >= 0 ORDER BY block",
	                         &stored, "cannot read the column lengths table", err)) ||
	    (rc = docsize_rows(db, "SELECT id, sz FROM papers_fts_docsize ORDER BY id", &mk, err)))
		goto out;
	/* a merge of the stored rows with the blocks made from docsize */
	step = sqlite3_step(stored);
	while ((rc = next_block(db, &mk, blk, &b, err)) == LDX_OK) {
		for (; step == SQLITE_ROW && sqlite3_column_int64(stored, 0) < b;
		     step = sqlite3_step(stored))
			(*bad)++;  /* a row for a block without papers */
		if (step != SQLITE_ROW || !row_matches(stored, b, blk))
			(*bad)++;
		if (step == SQLITE_ROW && sqlite3_column_int64(stored, 0) == b)
			step = sqlite3_step(stored);
		sums_add(&sums, &blk->sums, 1);
	}
	if (rc != LDX_DONE)
		goto out;
	rc = LDX_OK;
	for (; step == SQLITE_ROW; step = sqlite3_step(stored))
		(*bad)++;
	if (step != SQLITE_DONE) {
		rc = ldx_db_fail(db, err, "cannot read the column lengths table");
		goto out;
	}
	if (memcmp(&stamp, &sums, sizeof sums) != 0)
		(*bad)++;
out:
	sqlite3_finalize(stored);
	sqlite3_finalize(stamp_st);
	sqlite3_finalize(mk.rows);
	free(blk);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

struct ldx_doclen_cache {
	unsigned char **block;     /* block[b]: its lens (LENS_BYTES), or NULL */
	sqlite3_int64 nblock;      /* entries in block */
	size_t bytes;              /* held by the blocks */
	unsigned version;          /* the connection's data version they are of */
	int readers;               /* open readers using it */
};

ldx_doclen_cache *ldx_doclen_cache_new(void)
{
	return calloc(1, sizeof(ldx_doclen_cache));
}

static void cache_clear(ldx_doclen_cache *cache)
{
	for (sqlite3_int64 b = 0; b < cache->nblock; b++)
		free(cache->block[b]);
	free(cache->block);
	cache->block = NULL;
	cache->nblock = 0;
	cache->bytes = 0;
}

size_t ldx_doclen_cache_bytes(const ldx_doclen_cache *cache)
{
	return cache->bytes;
}

void ldx_doclen_cache_free(ldx_doclen_cache *cache)
{
	if (!cache)
		return;
	cache_clear(cache);
	free(cache);
}

/* cache, emptied if the connection's data has changed since it was
 * filled; NULL when it cannot be used now. */
static ldx_doclen_cache *cache_for(sqlite3 *db, ldx_doclen_cache *cache)
{
	unsigned version = 0;
	if (!cache || sqlite3_db_readonly(db, "main") != 1 ||
	    sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK)
		return NULL;
	if (version != cache->version) {
		if (cache->readers)
			return NULL;  /* another reader still holds its blocks */
		cache_clear(cache);
		cache->version = version;
	}
	cache->readers++;
	return cache;
}

/* Keeps a copy of block b's lens in cache: the copy, or NULL when it
 * cannot (no room, or not a whole block). */
static const unsigned char *cache_keep(ldx_doclen_cache *cache, sqlite3_int64 b,
                                       const unsigned char *lens, int bytes)
{
	unsigned char *copy;
	if (bytes != LENS_BYTES || cache->bytes + LENS_BYTES > LDX_DOCLEN_CACHE_BYTES)
		return NULL;
	if (b >= cache->nblock) {
		sqlite3_int64 n = b + 1 > 2 * cache->nblock ? b + 1 : 2 * cache->nblock;
		unsigned char **grown = realloc(cache->block, (size_t)n * sizeof *grown);
		if (!grown)
			return NULL;
		memset(grown + cache->nblock, 0, (size_t)(n - cache->nblock) * sizeof *grown);
		cache->block = grown;
		cache->nblock = n;
	}
	if (!(copy = malloc(LENS_BYTES)))
		return NULL;
	memcpy(copy, lens, LENS_BYTES);
	cache->block[b] = copy;
	cache->bytes += LENS_BYTES;
	return copy;
}

struct ldx_doclen {
	ldx_keycursor blocks;      /* block, lens FROM the table WHERE block >= ?1 */
	ldx_doclen_cache *cache;   /* borrowed, or NULL */
	sqlite3_int64 at;          /* the block lens is of; -1: none */
	const unsigned char *lens; /* its lens: until the cursor moves, or cached */
	int lens_bytes;
	int ncol;
};

/* Whether the stamp agrees with FTS5's row count and column totals. */
static int stamp_agrees(sqlite3 *db, sqlite3_int64 nrow, const sqlite3_int64 *totals)
{
	sqlite3_stmt *st = NULL;
	doclen_sums kept;
	int agrees = 0;

	if (sqlite3_prepare_v2(db, "SELECT rows, totals FROM main.papers_doclen WHERE block = -1",
	                       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sums_at(st, 0, &kept))
		agrees = kept.rows == nrow && memcmp(kept.totals, totals, sizeof kept.totals) == 0;
	sqlite3_finalize(st);
	return agrees;
}

ldx_doclen *ldx_doclen_open(sqlite3 *db, ldx_doclen_cache *cache, int ncol,
                            sqlite3_int64 nrow, const sqlite3_int64 *totals)
{
	ldx_doclen *r;
	if (ncol != NCOL || !stamp_agrees(db, nrow, totals) || !(r = calloc(1, sizeof *r)))
		return NULL;
	if (!ldx_keycursor_open(&r->blocks, db,
	                        "SELECT block, lens FROM main.papers_doclen WHERE block >= ?1",
	                        DOCLEN_MAX_STEPS)) {
		free(r);
		return NULL;
	}
	r->cache = cache_for(db, cache);
	r->at = -1;
	r->ncol = ncol;
	return r;
}

/* Points r at block b's lens: from the cache, or read (and kept). */
static void move_to_block(ldx_doclen *r, sqlite3_int64 b)
{
	ldx_doclen_cache *cache = r->cache;
	r->at = b;
	if (cache && b < cache->nblock && cache->block[b]) {
		r->lens = cache->block[b];
		r->lens_bytes = LENS_BYTES;
		return;
	}
	int there = ldx_keycursor_move(&r->blocks, b);
	r->lens = there ? sqlite3_column_blob(r->blocks.rows, 1) : NULL;
	r->lens_bytes = r->lens ? sqlite3_column_bytes(r->blocks.rows, 1) : 0;
	const unsigned char *kept = r->lens && cache ? cache_keep(cache, b, r->lens, r->lens_bytes)
	                                             : NULL;
	if (kept)
		r->lens = kept;
}

int ldx_doclen_read(ldx_doclen *r, sqlite3_int64 rowid, int *len)
{
	if (rowid < 0)
		return 0;
	sqlite3_int64 b = rowid >> LDX_DOCLEN_SHIFT;
	if (r->at != b || !r->lens)
		move_to_block(r, b);
	size_t off = (size_t)(rowid & (LDX_DOCLEN_BLOCK - 1)) * LDX_DOCLEN_PAPER_BYTES;
	if (!r->lens || off + LDX_DOCLEN_PAPER_BYTES > (size_t)r->lens_bytes)
		return 0;
	const unsigned char *p = r->lens + off;
	int any = 0;
	for (int c = 0; c < r->ncol; c++) {
		const unsigned char *q = p + ldx_doclen_offset[c];
		int v = ldx_doclen_offset[c + 1] - ldx_doclen_offset[c] == 1 ? q[0] : q[0] | q[1] << 8;
		if (v == len_max(c))
			return 0;
		len[c] = v;
		any |= v;
	}
	return any != 0;  /* all 0: no paper has this id */
}

void ldx_doclen_close(ldx_doclen *r)
{
	if (!r)
		return;
	if (r->cache)
		r->cache->readers--;
	ldx_keycursor_close(&r->blocks);
	free(r);
}
