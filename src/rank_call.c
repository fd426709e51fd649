/*
 * rank_call.c: reading the index's rank setting and writing litdex_rank
 * calls with phrase weights and document frequencies; see rank_call.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rank_call.h"

#define CALL_HEAD "litdex_rank("
#define CALL_HEAD_LEN (sizeof CALL_HEAD - 1)

/* The arguments of call[0..n) when it is "litdex_rank(...)" of numbers,
 * commas and spaces only, as its text goes into SQL: where they start
 * (they end at call[n - 1], the ')'); NULL otherwise. */
static const char *call_args(const char *call, size_t n)
{
	if (!call || n <= CALL_HEAD_LEN || strncmp(call, CALL_HEAD, CALL_HEAD_LEN) != 0 ||
	    call[n - 1] != ')')
		return NULL;
	for (const char *p = call + CALL_HEAD_LEN; p < call + n - 1; p++)
		if (!strchr("0123456789.,-+eE ", *p))
			return NULL;
	return call + CALL_HEAD_LEN;
}

ldx_status ldx_rank_call_base(ldx_db *db, char **out, double *k1, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	ldx_status rc;

	*out = NULL;
	*k1 = 0;
	if ((rc = ldx_db_prepare(db, "SELECT v FROM papers_fts_config WHERE k = 'rank'", &st,
	                         "cannot read the rank setting", err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		size_t n = v ? strlen(v) : 0;
		const char *args = call_args(v, n);
		int nargs = 1;
		if (!args)
			goto out;
		for (const char *p = args; p < v + n - 1; p++)
			nargs += *p == ',';
		if (nargs < 2 || nargs > 2 + LDX_FTS_NCOLUMNS)
			goto out;
		size_t size = n + 3 * (size_t)(2 + LDX_FTS_NCOLUMNS - nargs) + 1;
		if (!(*out = malloc(size))) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			goto out;
		}
		memcpy(*out, v, n - 1);
		(*out)[n - 1] = '\0';
		for (; nargs < 2 + LDX_FTS_NCOLUMNS; nargs++)
			strcat(*out, ", 1");  /* litdex_rank's default column weight */
		*k1 = strtod(*out + CALL_HEAD_LEN, NULL);
	}
out:
	sqlite3_finalize(st);
	return rc;
}

char *ldx_rank_offer_call(const char *call, int sink_param)
{
	size_t n = call ? strlen(call) : 0;
	const char *args = call_args(call, n);
	if (!args)
		return NULL;
	size_t size = n + 64;
	char *text = malloc(size);
	if (text)
		snprintf(text, size, "litdex_offer(papers_fts, ?%d%s%s", sink_param,
		         *args == ')' ? "" : ", ", args);
	return text;
}

char *ldx_rank_call_text(const char *base, int nphrase, const double *weight,
                         const double *df)
{
	size_t size = strlen(base) + 2 * 48 * (size_t)nphrase + 2, n;
	char *text = malloc(size);
	if (!text)
		return NULL;
	n = (size_t)snprintf(text, size, "%s", base);
	/* %f, never an exponent: FTS5's parser of rank calls refuses
	 * "9.5e-05" and the search would fail; counts are whole numbers */
	for (int i = 0; i < nphrase; i++)
		n += (size_t)snprintf(text + n, size - n, ", %.6f", weight[i]);
	for (int i = 0; df && i < nphrase; i++)
		n += (size_t)snprintf(text + n, size - n, ", %.0f", df[i] < 0 ? -1.0 : df[i]);
	snprintf(text + n, size - n, ")");
	return text;
}
