/*
 * keycursor.h: a cursor that moves forward through a table by its integer
 * key, stepping to keys a little ahead and seeking to others.  Ranking
 * reads every hit's row of a size table in key order (docsize.c,
 * doclen.c): a step to the next row costs a fraction of a seek from the
 * B-tree's root.
 *
 * The statement must select the key first and take the smallest key
 * wanted as ?1: "SELECT id, sz FROM t WHERE id >= ?1".  A cursor belongs
 * to one connection and one query, within that query's transaction.
 */
#ifndef LDX_KEYCURSOR_H
#define LDX_KEYCURSOR_H

#include <sqlite3.h>

typedef struct ldx_keycursor {
	sqlite3_stmt *rows;        /* owned */
	sqlite3_int64 at;          /* the key the cursor is on; -1: none */
	sqlite3_int64 max_steps;   /* keys further ahead are sought */
} ldx_keycursor;

/* Prepares sql on db: 1, or 0 when it cannot (no such table). */
int ldx_keycursor_open(ldx_keycursor *c, sqlite3 *db, const char *sql, sqlite3_int64 max_steps);

/* Moves to the row of key: 1 when it is there (its columns can then be
 * read from c->rows), 0 when the table has no such key. */
int ldx_keycursor_move(ldx_keycursor *c, sqlite3_int64 key);

void ldx_keycursor_close(ldx_keycursor *c);

#endif
