/*
 * docsize.c: a forward cursor over papers_fts_docsize (docsize.h).
 */
#include <stdint.h>
#include <stdlib.h>

#include "docsize.h"

/* Rows further ahead than this are sought, not stepped to. */
#define DOCSIZE_MAX_STEPS 16

struct ldx_docsize {
	sqlite3_stmt *rows;        /* id, sz FROM the table WHERE id >= ?1 */
	sqlite3_int64 at;          /* the id the cursor is on; -1: none */
	int ncol;
};

ldx_docsize *ldx_docsize_open(sqlite3 *db, int ncol)
{
	ldx_docsize *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	if (sqlite3_prepare_v2(db, "SELECT id, sz FROM main.papers_fts_docsize WHERE id >= ?1",
	                       -1, &d->rows, NULL) != SQLITE_OK) {
		sqlite3_finalize(d->rows);
		free(d);
		return NULL;
	}
	d->at = -1;
	d->ncol = ncol;
	return d;
}

/* Moves the cursor to the first row with an id of at least rowid. */
static void seek(ldx_docsize *d, sqlite3_int64 rowid)
{
	sqlite3_reset(d->rows);
	sqlite3_bind_int64(d->rows, 1, rowid);
	d->at = sqlite3_step(d->rows) == SQLITE_ROW ? sqlite3_column_int64(d->rows, 0) : -1;
}

/* SQLite's varint (1 to 9 bytes, big-endian, 7 bits a byte but the
 * ninth's 8): its length, or 0 when it runs past end. */
static int varint_get(const unsigned char *p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int i = 0; i < 8; i++) {
		if (p + i >= end)
			return 0;
		x = (x << 7) | (p[i] & 0x7f);
		if (!(p[i] & 0x80)) {
			*v = x;
			return i + 1;
		}
	}
	if (p + 8 >= end)
		return 0;
	*v = (x << 8) | p[8];
	return 9;
}

int ldx_docsize_read(ldx_docsize *d, sqlite3_int64 rowid, int *len)
{
	if (d->at < 0 || rowid < d->at || rowid - d->at > DOCSIZE_MAX_STEPS) {
		seek(d, rowid);
	} else {
		while (d->at >= 0 && d->at < rowid)
			d->at = sqlite3_step(d->rows) == SQLITE_ROW ? sqlite3_column_int64(d->rows, 0)
			                                             : -1;
	}
	if (d->at != rowid)
		return 0;
	const unsigned char *p = sqlite3_column_blob(d->rows, 1);
	const unsigned char *end = p + sqlite3_column_bytes(d->rows, 1);
	for (int c = 0; c < d->ncol; c++) {
		uint64_t v;
		int n = p ? varint_get(p, end, &v) : 0;
		if (!n || v > INT32_MAX)
			return 0;
		len[c] = (int)v;
		p += n;
	}
	return p == end;
}

void ldx_docsize_close(ldx_docsize *d)
{
	if (!d)
		return;
	sqlite3_finalize(d->rows);
	free(d);
}
