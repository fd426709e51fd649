/*
 * keycursor.c: a forward cursor over an integer-keyed table; see
 * keycursor.h.
 */
#include <stddef.h>

#include "keycursor.h"

int ldx_keycursor_open(ldx_keycursor *c, sqlite3 *db, const char *sql, sqlite3_int64 max_steps)
{
	c->at = -1;
	c->max_steps = max_steps;
	if (sqlite3_prepare_v2(db, sql, -1, &c->rows, NULL) == SQLITE_OK)
		return 1;
	sqlite3_finalize(c->rows);
	c->rows = NULL;
	return 0;
}

/* The key of the next row, or -1 at the end. */
static sqlite3_int64 next_key(ldx_keycursor *c)
{
	return sqlite3_step(c->rows) == SQLITE_ROW ? sqlite3_column_int64(c->rows, 0) : -1;
}

int ldx_keycursor_move(ldx_keycursor *c, sqlite3_int64 key)
{
	if (c->at >= 0 && c->at == key)
		return 1;
	if (c->at < 0 || key < c->at || key - c->at > c->max_steps) {
		sqlite3_reset(c->rows);
		sqlite3_bind_int64(c->rows, 1, key);
		c->at = next_key(c);
	}
	while (c->at >= 0 && c->at < key)
		c->at = next_key(c);
	return c->at == key;
}

void ldx_keycursor_close(ldx_keycursor *c)
{
	sqlite3_finalize(c->rows);
	c->rows = NULL;
	c->at = -1;
}
