/*
 * docsize.c: a forward cursor over papers_fts_docsize (docsize.h).
 */
#include <stdint.h>
#include <stdlib.h>

#include "docsize.h"
#include "keycursor.h"

/* Rows further ahead than this are sought, not stepped to. */
#define DOCSIZE_MAX_STEPS 16

struct ldx_docsize {
	ldx_keycursor rows;        /* id, sz FROM the table WHERE id >= ?1 */
	int ncol;
};

ldx_docsize *ldx_docsize_open(sqlite3 *db, int ncol)
{
	ldx_docsize *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	if (!ldx_keycursor_open(&d->rows, db,
	                        "SELECT id, sz FROM main.papers_fts_docsize WHERE id >= ?1",
	                        DOCSIZE_MAX_STEPS)) {
		free(d);
		return NULL;
	}
	d->ncol = ncol;
	return d;
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
	if (!ldx_keycursor_move(&d->rows, rowid))
		return 0;
	return ldx_docsize_decode(sqlite3_column_blob(d->rows.rows, 1),
	                          sqlite3_column_bytes(d->rows.rows, 1), d->ncol, len);
}

int ldx_docsize_decode(const void *blob, int bytes, int ncol, int *len)
{
	const unsigned char *p = blob, *end;
	if (!p || bytes < 1)
		return 0;
	end = p + bytes;
	for (int c = 0; c < ncol; c++) {
		uint64_t v;
		int n = varint_get(p, end, &v);
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
	ldx_keycursor_close(&d->rows);
	free(d);
}
