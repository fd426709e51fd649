/*
 * store.c: ldx_store_record, the one place records become rows.  See
 * store.h for the matching and merging rules.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doclen.h"
#include "error.h"
#include "store.h"

enum {
	ST_FIND_PMID, ST_FIND_DOI, ST_FIND_KEY, ST_INSERT, ST_UPDATE, ST_DELETE_AUTHORS,
	ST_INSERT_AUTHOR, ST_INSERT_SOURCE, ST_ROW, ST_FTS_ADD, ST_FTS_DELETE,
	ST_FORGET_SOURCES, ST_FORGET_PAPER, ST_SET_RELATED, ST_COUNT
};

#define FTS_COLUMNS \
	"title, abstract, keywords, mesh, authors, venue, pub_types, body, year, language, ids, " \
	"related"
#define FTS_NCOLUMNS 12

static const char *const store_sql[ST_COUNT] = {
	[ST_FIND_PMID] = "SELECT id FROM papers WHERE pmid = ?1",
	[ST_FIND_DOI] = "SELECT id FROM papers WHERE doi = ?1",
	[ST_FIND_KEY] = "SELECT id FROM papers WHERE key = ?1",
	[ST_INSERT] =
		"INSERT INTO papers(key, pmid, doi, pmcid, title, abstract, keywords, mesh, "
		"authors, journal, journal_abbrev, year, pub_types, language, body, added_at, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		"?14, ?15, ?16, ?16)",
	[ST_UPDATE] =
		"UPDATE papers SET key = coalesce(?2, pmid, ?3, doi, key), pmid = coalesce(?2, pmid), "
		"doi = coalesce(?3, doi), pmcid = coalesce(?4, pmcid), title = coalesce(?5, title), "
		"abstract = coalesce(?6, abstract), keywords = coalesce(?7, keywords), "
		"mesh = coalesce(?8, mesh), authors = coalesce(?9, authors), "
		"journal = coalesce(?10, journal), journal_abbrev = coalesce(?11, journal_abbrev), "
		"year = coalesce(?12, year), pub_types = coalesce(?13, pub_types), "
		"language = coalesce(?14, language), body = coalesce(?15, body), updated_at = ?16, "
		"related = NULL "
		"WHERE id = ?17",
	[ST_DELETE_AUTHORS] = "DELETE FROM paper_authors WHERE paper_id = ?1",
	[ST_INSERT_AUTHOR] =
		"INSERT INTO paper_authors(paper_id, position, name, last_name) "
		"VALUES (?1, ?2, ?3, ?4)",
	[ST_INSERT_SOURCE] = "INSERT OR IGNORE INTO sources(paper_id, file_id) VALUES (?1, ?2)",
	[ST_ROW] = "SELECT " FTS_COLUMNS " FROM papers WHERE id = ?1",
	/* VALUES, not INSERT ... SELECT: that form opens a savepoint too */
	[ST_FTS_ADD] = "INSERT INTO papers_fts(rowid, " FTS_COLUMNS ") "
	               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[ST_FTS_DELETE] = "INSERT INTO papers_fts(papers_fts, rowid, " FTS_COLUMNS ") "
	                  "VALUES ('delete', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[ST_FORGET_SOURCES] = "DELETE FROM sources WHERE paper_id = ?1",
	[ST_FORGET_PAPER] = "DELETE FROM papers WHERE id = ?1",
	[ST_SET_RELATED] = "UPDATE papers SET related = ?2 WHERE id = ?1",
};

struct ldx_store {
	ldx_db *db;
	ldx_tokenizer_module *tokenizer;   /* db's, for preloading tokens */
	sqlite3_stmt *st[ST_COUNT];
	ldx_doclen_marks marks;            /* papers handed FTS5 since the last sync */
};

ldx_status ldx_store_open(ldx_db *db, ldx_store **out, ldx_error *err)
{
	ldx_status rc = LDX_OK;
	ldx_store *s = calloc(1, sizeof *s);

	*out = NULL;
	if (!s)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	s->db = db;
	if ((rc = ldx_tokenizer_module_get(db->sql, &s->tokenizer, err)))
		goto out;
	for (int i = 0; i < ST_COUNT; i++)
		if ((rc = ldx_db_prepare(db, store_sql[i], &s->st[i], "cannot prepare index writer",
		                         err)))
			goto out;
out:
	if (rc) {
		ldx_store_close(s);
		return rc;
	}
	*out = s;
	return LDX_OK;
}

void ldx_store_close(ldx_store *s)
{
	if (!s)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	ldx_doclen_marks_free(&s->marks);
	free(s);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Runs a SELECT id statement bound to value; 0 when nothing matches. */
static sqlite3_int64 find_id(sqlite3_stmt *st, const char *value, int *sql_rc)
{
	sqlite3_int64 id = 0;
	if (!value || !*value)
		return 0;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		*sql_rc = rc;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return id;
}

/* "Kavalali ET" -> "Kavalali"; a name without trailing initials is its own
 * last name ("Alzheimer's Disease Neuroimaging Initiative"). */
static char *author_last_name(const char *name)
{
	const char *sp = strrchr(name, ' ');
	int initials = sp && sp[1];
	for (const char *c = sp ? sp + 1 : name; initials && *c; c++)
		if (!(*c >= 'A' && *c <= 'Z'))
			initials = 0;
	size_t n = initials ? (size_t)(sp - name) : strlen(name);
	char *last = malloc(n + 1);
	if (last) {
		memcpy(last, name, n);
		last[n] = '\0';
	}
	return last;
}

/* Hands FTS5 the paper's current column values, to add (after an insert
 * or update, with tokens preloaded when there are some) or to delete
 * (before an update or delete). */
static ldx_status fts_write(ldx_store *s, sqlite3_int64 id, int add,
                            const ldx_tokstreams *tokens, ldx_error *err)
{
	sqlite3_stmt *row = s->st[ST_ROW], *fts = s->st[add ? ST_FTS_ADD : ST_FTS_DELETE];
	ldx_status rc = LDX_OK;

	sqlite3_bind_int64(row, 1, id);
	int step = sqlite3_step(row);
	if (step == SQLITE_ROW) {
		sqlite3_bind_int64(fts, 1, id);
		for (int c = 0; c < FTS_NCOLUMNS; c++)
			sqlite3_bind_value(fts, c + 2, sqlite3_column_value(row, c));
		ldx_tokenizer_preload(s->tokenizer, add ? tokens : NULL);
		ldx_doclen_mark(&s->marks, id);
		if (sqlite3_step(fts) != SQLITE_DONE)
			rc = ldx_db_fail(s->db, err, "cannot update the full-text index");
		ldx_tokenizer_preload(s->tokenizer, NULL);
		sqlite3_reset(fts);
		sqlite3_clear_bindings(fts);
	} else if (step != SQLITE_DONE) {
		rc = ldx_db_fail(s->db, err, "cannot read a paper");
	}
	sqlite3_reset(row);
	return rc;
}

static ldx_status run_with_id(ldx_store *s, int which, sqlite3_int64 id, ldx_error *err)
{
	sqlite3_stmt *st = s->st[which];
	sqlite3_bind_int64(st, 1, id);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_DONE ? LDX_OK : ldx_db_fail(s->db, err, "cannot remove a paper");
}

ldx_status ldx_store_set_related(ldx_store *s, sqlite3_int64 id, const char *words,
                                 ldx_error *err)
{
	sqlite3_stmt *st = s->st[ST_SET_RELATED];
	ldx_status rc;

	if ((rc = fts_write(s, id, 0, NULL, err)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (words)  /* "" too: made, and none found */
		sqlite3_bind_text(st, 2, words, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (step != SQLITE_DONE)
		return ldx_db_fail(s->db, err, "cannot store a paper's related words");
	return fts_write(s, id, 1, NULL, err);
}

ldx_status ldx_store_sync(ldx_store *s, ldx_error *err)
{
	return ldx_doclen_sync(s->db, &s->marks, err);
}

ldx_status ldx_store_forget(ldx_store *s, sqlite3_int64 id, ldx_error *err)
{
	ldx_status rc;
	if ((rc = fts_write(s, id, 0, NULL, err)) ||
	    (rc = run_with_id(s, ST_DELETE_AUTHORS, id, err)) ||
	    (rc = run_with_id(s, ST_FORGET_SOURCES, id, err)) ||
	    (rc = run_with_id(s, ST_FORGET_PAPER, id, err)))
		return rc;
	return LDX_OK;
}

static ldx_status store_authors(ldx_store *s, sqlite3_int64 id, const ldx_record *rec,
                                ldx_error *err)
{
	sqlite3_stmt *del = s->st[ST_DELETE_AUTHORS], *ins = s->st[ST_INSERT_AUTHOR];
	ldx_status rc = LDX_OK;

	sqlite3_bind_int64(del, 1, id);
	int step = sqlite3_step(del);
	sqlite3_reset(del);
	if (step != SQLITE_DONE)
		return ldx_db_fail(s->db, err, "cannot store authors");
	for (size_t i = 0; i < rec->authors.n && rc == LDX_OK; i++) {
		char *last = author_last_name(rec->authors.v[i]);
		if (!last)
			return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_int64(ins, 2, (sqlite3_int64)i);
		sqlite3_bind_text(ins, 3, rec->authors.v[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, last, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = ldx_db_fail(s->db, err, "cannot store authors");
		sqlite3_reset(ins);
		sqlite3_clear_bindings(ins);
		free(last);
	}
	return rc;
}

static ldx_status store_delete(ldx_store *s, const ldx_record *rec,
                               ldx_store_outcome *outcome, ldx_error *err)
{
	int sql_rc = SQLITE_OK;
	ldx_status rc;
	if (!rec->pmid)
		return ldx_fail(err, LDX_ERR_PARSE, NULL, rec->line, "deletion without a PMID");
	sqlite3_int64 id = find_id(s->st[ST_FIND_PMID], rec->pmid, &sql_rc);
	if (sql_rc != SQLITE_OK)
		return ldx_db_fail(s->db, err, "cannot delete record");
	*outcome = LDX_STORED_NOTHING;
	if (id && (rc = ldx_store_forget(s, id, err)))
		return rc;
	if (id)
		*outcome = LDX_STORED_DELETED;
	return LDX_OK;
}

/* The paper this record is another copy of, or 0. */
static ldx_status find_existing(ldx_store *s, const ldx_record *rec, const char *key,
                                sqlite3_int64 *id, ldx_error *err)
{
	int sql_rc = SQLITE_OK;
	char *title_key = NULL;

	*id = find_id(s->st[ST_FIND_PMID], rec->pmid, &sql_rc);
	if (!*id)
		*id = find_id(s->st[ST_FIND_DOI], rec->doi, &sql_rc);
	if (!*id)
		*id = find_id(s->st[ST_FIND_KEY], key, &sql_rc);
	if (!*id && (rec->pmid || rec->doi) && rec->title) {
		ldx_record by_title = *rec;
		by_title.pmid = by_title.doi = NULL;
		title_key = ldx_record_key(&by_title);
		*id = find_id(s->st[ST_FIND_KEY], title_key, &sql_rc);
		free(title_key);
	}
	if (sql_rc != SQLITE_OK)
		return ldx_db_fail(s->db, err, "cannot look up record");
	return LDX_OK;
}

ldx_status ldx_store_record(ldx_store *s, const ldx_record *rec, const ldx_tokstreams *tokens,
                            sqlite3_int64 file_id, ldx_store_outcome *outcome,
                            sqlite3_int64 *paper_id, ldx_error *err)
{
	ldx_status rc = LDX_OK;
	char *key = NULL, *keywords = NULL, *mesh = NULL, *authors = NULL, *pub_types = NULL;
	sqlite3_int64 id = 0;
	sqlite3_stmt *st;

	*paper_id = 0;
	if (rec->is_delete)
		return store_delete(s, rec, outcome, err);
	if (!(key = ldx_record_key(rec)))
		return ldx_fail(err, LDX_ERR_PARSE, NULL, rec->line,
		                "record has no title, PMID or DOI; skipped");
	if ((rc = find_existing(s, rec, key, &id, err)))
		goto out;

	keywords = ldx_strlist_join(&rec->keywords, LDX_LIST_SEP);
	mesh = ldx_strlist_join(&rec->mesh, LDX_LIST_SEP);
	authors = ldx_strlist_join(&rec->authors, LDX_LIST_SEP);
	pub_types = ldx_strlist_join(&rec->pub_types, LDX_LIST_SEP);
	if ((rec->keywords.n && !keywords) || (rec->mesh.n && !mesh) ||
	    (rec->authors.n && !authors) || (rec->pub_types.n && !pub_types)) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}

	if (id && (rc = fts_write(s, id, 0, NULL, err)))
		goto out;
	st = s->st[id ? ST_UPDATE : ST_INSERT];
	if (!id)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	bind_text_or_null(st, 2, rec->pmid);
	bind_text_or_null(st, 3, rec->doi);
	bind_text_or_null(st, 4, rec->pmcid);
	bind_text_or_null(st, 5, rec->title);
	bind_text_or_null(st, 6, rec->abstract);
	bind_text_or_null(st, 7, keywords);
	bind_text_or_null(st, 8, mesh);
	bind_text_or_null(st, 9, authors);
	bind_text_or_null(st, 10, rec->journal);
	bind_text_or_null(st, 11, rec->journal_abbrev);
	if (rec->year > 0)
		sqlite3_bind_int(st, 12, rec->year);
	else
		sqlite3_bind_null(st, 12);
	bind_text_or_null(st, 13, pub_types);
	bind_text_or_null(st, 14, rec->language);
	bind_text_or_null(st, 15, rec->body);
	sqlite3_bind_double(st, 16, ldx_db_now());
	if (id)
		sqlite3_bind_int64(st, 17, id);
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (step != SQLITE_DONE) {
		rc = ldx_db_fail(s->db, err, "cannot store record");
		goto out;
	}
	if (!id)
		id = sqlite3_last_insert_rowid(s->db->sql);
	if ((rc = fts_write(s, id, 1, tokens, err)))
		goto out;
	*outcome = st == s->st[ST_UPDATE] ? LDX_STORED_REPLACED : LDX_STORED_ADDED;
	*paper_id = id;

	if (rec->authors.n && (rc = store_authors(s, id, rec, err)))
		goto out;
	if (file_id > 0) {
		sqlite3_stmt *src = s->st[ST_INSERT_SOURCE];
		sqlite3_bind_int64(src, 1, id);
		sqlite3_bind_int64(src, 2, file_id);
		step = sqlite3_step(src);
		sqlite3_reset(src);
		if (step != SQLITE_DONE)
			rc = ldx_db_fail(s->db, err, "cannot record the source file");
	}
out:
	free(key);
	free(keywords);
	free(mesh);
	free(authors);
	free(pub_types);
	return rc;
}

/* Records the tokens of text (owned: malloc'ed, out frees it) as one more
 * stream of out; a failure drops that stream alone. */
static void pretokenize_text(ldx_doc_tokenizer *t, const char *text, char *owned,
                             ldx_tokstreams *out)
{
	size_t n = text ? strlen(text) : 0;
	ldx_status rc;

	if (n == 0 || n > INT_MAX) {
		free(owned);
		return;
	}
	if (!ldx_tokstreams_begin(out, text, (int)n, owned))
		return;
	rc = ldx_doc_tokenizer_run(t, text, (int)n, ldx_tokstreams_token, out, NULL);
	ldx_tokstreams_end(out, rc == LDX_OK);
}

/* The texts are those ldx_store_record binds to papers, in papers_fts's
 * column order; venue, year, language and ids are short, and papers
 * computes venue and ids, so they are left to the writer. */
void ldx_store_pretokenize(void *tokenizer, const ldx_record *rec, ldx_tokstreams *out)
{
	ldx_doc_tokenizer *t = tokenizer;
	const ldx_strlist *lists[] = { &rec->keywords, &rec->mesh, &rec->authors,
	                               &rec->pub_types };

	if (rec->is_delete)
		return;
	snprintf(out->language, sizeof out->language, "%s", ldx_doc_tokenizer_language(t));
	pretokenize_text(t, rec->title, NULL, out);
	pretokenize_text(t, rec->abstract, NULL, out);
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		char *joined = ldx_strlist_join(lists[i], LDX_LIST_SEP);
		pretokenize_text(t, joined, joined, out);
	}
	pretokenize_text(t, rec->body, NULL, out);
}
