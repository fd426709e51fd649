/*
 * unit.h: what every cmocka unit test includes: cmocka itself, the
 * way tests find ../shared/data (and say so when they skip), and removing
 * a scratch index.
 */
#ifndef LDX_UNIT_H
#define LDX_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

/* Directory of the shared third-party data: $LITDEX_SHARED_DATA, else
 * ../shared/data relative to the repository root (tests run from there). */
static inline const char *unit_shared_data(void)
{
	const char *d = getenv("LITDEX_SHARED_DATA");
	return d && *d ? d : "../shared/data";
}

/* Builds "<shared data>/<rel>" into a static buffer. */
static inline const char *unit_shared_path(const char *rel)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/%s", unit_shared_data(), rel);
	return path;
}

/* Removes an index file and its -wal and -shm files. */
static inline void unit_remove_db(const char *path)
{
	char aux[4200];
	unlink(path);
	snprintf(aux, sizeof aux, "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof aux, "%s-shm", path);
	unlink(aux);
}

/* Skips the current test, visibly, when a shared-data file is absent. */
#define UNIT_REQUIRE_FILE(path) do { \
	if (access((path), R_OK) != 0) { \
		printf("# SKIP %s: '%s' is absent (../shared/data is not here)\n", \
		       __func__, (path)); \
		fflush(stdout); \
		skip(); \
	} \
} while (0)

/* Counts the statements run whose SQL holds ctx (a string): pass to
 * sqlite3_trace_v2 with SQLITE_TRACE_STMT. */
static int unit_traced_statements;
static inline int unit_count_traced(unsigned type, void *ctx, void *p, void *x)
{
	const char *sql = sqlite3_sql(p);
	(void)x;
	if (type == SQLITE_TRACE_STMT && sql && strstr(sql, (const char *)ctx))
		unit_traced_statements++;
	return 0;
}

/* The same, for statements whose SQL with its bound values expanded
 * holds ctx. */
static inline int unit_count_traced_bound(unsigned type, void *ctx, void *p, void *x)
{
	char *sql = type == SQLITE_TRACE_STMT ? sqlite3_expanded_sql(p) : NULL;
	(void)x;
	if (sql && strstr(sql, (const char *)ctx))
		unit_traced_statements++;
	sqlite3_free(sql);
	return 0;
}

#endif
