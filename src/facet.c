/*
 * facet.c: hit counts per year, journal, author or MeSH term for a
 * search (ldx_facet_*).  The hits are chosen by the same FROM/WHERE as
 * search (search.h), so a facet always counts what search would list.
 */
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "error.h"
#include "search.h"

struct ldx_facet {
	ldx_db *db;
	sqlite3_stmt *st;
};

ldx_status ldx_facet_begin(ldx_db *db, const ldx_search_opts *opts, ldx_facet_field field,
                           ldx_facet **out, ldx_error *err)
{
	char where[1024], sql[3072];
	char *fts = NULL, *narrow = NULL;
	ldx_facet *f = NULL;
	ldx_status rc;

	*out = NULL;
	if ((rc = ldx_search_translate(db, opts, &fts, err)))
		return rc;
	if ((rc = ldx_search_where_narrowed(db, fts, LDX_WHERE_PAPERS, opts, where, sizeof where,
	                                    &narrow, err)))
		goto out;
	switch (field) {
	case LDX_FACET_YEAR:
		snprintf(sql, sizeof sql,
		         "SELECT coalesce(p.year, ''), count(*) %s GROUP BY p.year ORDER BY p.year",
		         where);
		break;
	case LDX_FACET_JOURNAL:
		snprintf(sql, sizeof sql,
		         "SELECT coalesce(nullif(p.journal_abbrev, ''), p.journal, '') AS j, count(*) "
		         "%s GROUP BY j ORDER BY count(*) DESC, j",
		         where);
		break;
	case LDX_FACET_AUTHOR:
		snprintf(sql, sizeof sql,
		         "SELECT au.name, count(*) FROM paper_authors au WHERE au.paper_id IN "
		         "(SELECT p.id %s) GROUP BY au.name ORDER BY count(*) DESC, au.name",
		         where);
		break;
	case LDX_FACET_MESH:
		/* mesh is "a; b; c": split it with a recursive CTE */
		snprintf(sql, sizeof sql,
		         "WITH RECURSIVE hit(rest) AS (SELECT p.mesh || '; ' %s AND p.mesh <> ''), "
		         "split(term, rest) AS (SELECT NULL, rest FROM hit UNION ALL "
		         "SELECT substr(rest, 1, instr(rest, '; ') - 1), "
		         "substr(rest, instr(rest, '; ') + 2) FROM split WHERE rest <> '') "
		         "SELECT term, count(*) FROM split WHERE term IS NOT NULL AND term <> '' "
		         "GROUP BY term ORDER BY count(*) DESC, term",
		         where);
		break;
	default:
		rc = ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "unknown facet");
		goto out;
	}
	if (!(f = calloc(1, sizeof *f))) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}
	f->db = db;
	if (sqlite3_prepare_v2(db->sql, sql, -1, &f->st, NULL) != SQLITE_OK) {
		rc = ldx_db_fail(db, err, "cannot count facets");
		goto out;
	}
	ldx_search_bind(f->st, fts, narrow, opts);
out:
	free(fts);
	free(narrow);
	if (rc) {
		ldx_facet_end(f);
		return rc;
	}
	*out = f;
	return LDX_OK;
}

ldx_status ldx_facet_next(ldx_facet *f, const char **value, long *count, ldx_error *err)
{
	int step = sqlite3_step(f->st);
	if (step == SQLITE_DONE)
		return LDX_DONE;
	if (step != SQLITE_ROW)
		return ldx_db_fail(f->db, err, "cannot count facets");
	const unsigned char *v = sqlite3_column_text(f->st, 0);
	*value = v ? (const char *)v : "";
	*count = (long)sqlite3_column_int64(f->st, 1);
	return LDX_OK;
}

void ldx_facet_end(ldx_facet *f)
{
	if (!f)
		return;
	sqlite3_finalize(f->st);
	free(f);
}
