/*
 * extension.c: liblitdex.so, the SQLite loadable extension.  It registers
 * the litdex tokenizer and the litdex_rank / litdex_why functions on a
 * connection, so the sqlite3 shell, Python, R or Datasette can MATCH,
 * rank and highlight a litdex index exactly as `litdex search` does:
 *
 *     sqlite3 index.db
 *     sqlite> .load ./build/liblitdex
 *     sqlite> SELECT title FROM papers_fts WHERE papers_fts MATCH 'ketamine'
 *        ...> ORDER BY rank LIMIT 5;
 *
 * The library is linked against the system libsqlite3, so the host must use
 * that same library (the sqlite3 shell and Debian's Python do).
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "rank.h"
#include "tokenizer.h"

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_extension_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api)
{
	ldx_error err;
	SQLITE_EXTENSION_INIT2(api);
	if (ldx_tokenizer_register(db, &err) != LDX_OK || ldx_rank_register(db, &err) != LDX_OK) {
		*errmsg = sqlite3_mprintf("litdex: %s", err.message);
		return SQLITE_ERROR;
	}
	return SQLITE_OK;
}

/* The entry point SQLite derives from the file name "liblitdex". */
int sqlite3_litdex_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api)
{
	return sqlite3_extension_init(db, errmsg, api);
}
