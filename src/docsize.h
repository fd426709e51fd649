/*
 * docsize.h: the column sizes of papers_fts's rows, read from FTS5's
 * docsize table by one forward cursor, for litdex_rank (rank.c).
 *
 * FTS5's xColumnSize looks each row's sizes up with a statement of its
 * own: a B-tree seek from the root, then the statement's reset, per row.
 * A search scores its rows in rowid order, so stepping one cursor forward
 * to each row costs a fraction of that: at 1,000,000 papers the lookups
 * were most of the AND class's time per hit.  The table holds, for each
 * rowid, a blob of one varint per column (the number of tokens), which is
 * FTS5's file format; rank.c checks the first rows it reads against
 * xColumnSize and falls back to it on any difference.
 *
 * A reader belongs to one connection and one query (rank.c keeps it in
 * the query's auxdata) and reads within that query's transaction.
 */
#ifndef LDX_DOCSIZE_H
#define LDX_DOCSIZE_H

#include <sqlite3.h>

typedef struct ldx_docsize ldx_docsize;

/* A reader of the sizes of ncol columns of papers_fts on db; NULL when the
 * table is not there or out of memory (the caller then asks FTS5). */
ldx_docsize *ldx_docsize_open(sqlite3 *db, int ncol);

/* The sizes of row rowid's columns into len[0..ncol): 1, or 0 when the
 * table has no such row or its blob is not ncol varints. */
int ldx_docsize_read(ldx_docsize *d, sqlite3_int64 rowid, int *len);

void ldx_docsize_close(ldx_docsize *d);

/* Decodes one docsize blob of bytes bytes into len[0..ncol): 1, or 0 when
 * it is not exactly ncol varints. */
int ldx_docsize_decode(const void *blob, int bytes, int ncol, int *len);

#endif
