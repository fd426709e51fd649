/*
 * paper.c: looking up one paper by any of its identifiers
 * (ldx_paper_get) and the ldx_paper it hands out (ldx_paper_free).
 *
 * An ldx_paper is one malloc'ed block: the struct, the array of source
 * paths, then every string it points to.  Freeing it is one free().
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "error.h"
#include "record.h"

/* The longest identifier worth looking up; longer input names no paper. */
#define PAPER_KEY_MAX 2048
/* PMIDs are at most 8 digits today; leave room, but not for junk. */
#define PMID_DIGITS_MAX 19
/* Characters of the abstract in hit.snippet, as a search with no query. */
#define PAPER_SNIPPET_CHARS 200

/*
 * One row, by the first identifier form that matches: the key as given,
 * then PMID, then normalised DOI, then PMC id.  coalesce() stops at the
 * first match, and a NULL parameter skips its form before any scan.
 */
static const char paper_sql[] =
	"SELECT id, key, pmid, doi, title, authors, journal, journal_abbrev, year, abstract, "
	"keywords, mesh, pub_types, language, pmcid, substr(abstract, 1, ?5), added_at, "
	"updated_at FROM papers WHERE id = coalesce("
	"(SELECT id FROM papers WHERE key = ?1), "
	"(SELECT id FROM papers WHERE ?2 IS NOT NULL AND pmid = ?2 ORDER BY id LIMIT 1), "
	"(SELECT id FROM papers WHERE ?3 IS NOT NULL AND doi = ?3 ORDER BY id LIMIT 1), "
	"(SELECT id FROM papers WHERE ?4 IS NOT NULL AND pmcid = ?4 "
	"ORDER BY id LIMIT 1))";

static const char sources_sql[] =
	"SELECT f.path FROM sources s JOIN files f ON f.id = s.file_id "
	"WHERE s.paper_id = ?1 ORDER BY f.path";

/* Text columns of paper_sql copied into the block, in column order. */
enum {
	F_KEY, F_PMID, F_DOI, F_TITLE, F_AUTHORS, F_JOURNAL, F_ABBREV,
	F_YEAR,  /* an integer: read, not copied */
	F_ABSTRACT, F_KEYWORDS, F_MESH, F_PUB_TYPES, F_LANGUAGE, F_PMCID, F_SNIPPET,
	F_COUNT
};

/* Strings gathered before the final block is laid out: text[] holds them
 * NUL-separated; offsets say where each starts. */
typedef struct paper_build {
	char *text;
	size_t len, cap;
	size_t field[F_COUNT];
	size_t *source;
	size_t nsources, source_cap;
} paper_build;

/* Appends s (NULL is "") with its NUL; *at gets its offset. */
static ldx_status build_add(paper_build *b, const char *s, size_t *at)
{
	size_t n = s ? strlen(s) : 0;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *t = realloc(b->text, cap);
		if (!t)
			return LDX_ERR_NOMEM;
		b->text = t;
		b->cap = cap;
	}
	memcpy(b->text + b->len, s ? s : "", n);
	b->text[b->len + n] = '\0';
	*at = b->len;
	b->len += n + 1;
	return LDX_OK;
}

static ldx_status build_add_source(paper_build *b, const char *path)
{
	if (b->nsources == b->source_cap) {
		size_t cap = b->source_cap ? 2 * b->source_cap : 4;
		size_t *t = realloc(b->source, cap * sizeof *t);
		if (!t)
			return LDX_ERR_NOMEM;
		b->source = t;
		b->source_cap = cap;
	}
	return build_add(b, path, &b->source[b->nsources++]);
}

/* Lays the gathered strings out in one block after the struct. */
static ldx_paper *build_finish(const paper_build *b, int year, long long added,
                               long long updated)
{
	size_t head = sizeof(ldx_paper) + b->nsources * sizeof(char *);
	ldx_paper *p = malloc(head + b->len);
	if (!p)
		return NULL;
	const char **sources = (const char **)(p + 1);
	char *text = (char *)p + head;
	memcpy(text, b->text, b->len);
	for (size_t i = 0; i < b->nsources; i++)
		sources[i] = text + b->source[i];

	ldx_hit *h = &p->hit;
	memset(h, 0, sizeof *h);
	h->rank = 1;
	h->score = 0.0;
	h->key = text + b->field[F_KEY];
	h->pmid = text + b->field[F_PMID];
	h->doi = text + b->field[F_DOI];
	h->title = text + b->field[F_TITLE];
	h->title_hl = h->title;
	h->snippet = text + b->field[F_SNIPPET];
	h->authors = text + b->field[F_AUTHORS];
	h->journal = text + b->field[F_JOURNAL];
	h->journal_abbrev = text + b->field[F_ABBREV];
	h->year = year;
	h->abstract = text + b->field[F_ABSTRACT];
	h->keywords = text + b->field[F_KEYWORDS];
	h->mesh = text + b->field[F_MESH];
	h->pub_types = text + b->field[F_PUB_TYPES];
	h->language = text + b->field[F_LANGUAGE];
	h->pmcid = text + b->field[F_PMCID];
	h->why = "";
	p->sources = sources;
	p->nsources = b->nsources;
	p->added_at = added;
	p->updated_at = updated;
	return p;
}

/* Skips a case-insensitive prefix word ("pmid") and the ':' or spaces
 * after it; returns s unchanged when the prefix is not there. */
static const char *skip_label(const char *s, const char *label)
{
	size_t n = strlen(label);
	if (strncasecmp(s, label, n) != 0)
		return s;
	s += n;
	while (*s == ' ')
		s++;
	if (*s == ':')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

/* "PMID:123", "pmid 123" or "123" -> "123"; 0 when key is no PMID. */
static int parse_pmid(const char *key, char *out, size_t n)
{
	const char *s = skip_label(key, "pmid");
	size_t len = strspn(s, "0123456789");
	if (len == 0 || len > PMID_DIGITS_MAX || s[len] || len >= n)
		return 0;
	memcpy(out, s, len);
	out[len] = '\0';
	return 1;
}

/* "PMC123", "pmc123" or "PMCID: PMC123" -> "PMC123"; 0 when no PMC id. */
static int parse_pmcid(const char *key, char *out, size_t n)
{
	const char *s = skip_label(key, "pmcid");
	if (strncasecmp(s, "pmc", 3) != 0)
		return 0;
	s += 3;
	size_t len = strspn(s, "0123456789");
	if (len == 0 || len > PMID_DIGITS_MAX || s[len] || len + 4 > n)
		return 0;
	memcpy(out, "PMC", 3);
	memcpy(out + 3, s, len);
	out[len + 3] = '\0';
	return 1;
}

/* Copies key without surrounding white space into *out.  An empty key
 * is a usage error; one too long to be an identifier names no paper. */
static ldx_status trimmed(const char *key, char **out, ldx_error *err)
{
	*out = NULL;
	while (isspace((unsigned char)*key))
		key++;
	size_t n = strlen(key);
	while (n > 0 && isspace((unsigned char)key[n - 1]))
		n--;
	if (n == 0)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "empty paper key");
	if (n > PAPER_KEY_MAX)
		return LDX_DONE;
	if (!(*out = malloc(n + 1)))
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	memcpy(*out, key, n);
	(*out)[n] = '\0';
	return LDX_OK;
}

static const char *column_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

ldx_status ldx_paper_get(ldx_db *db, const char *key, ldx_paper **out, ldx_error *err)
{
	sqlite3_stmt *st = NULL, *src = NULL;
	paper_build b = { 0 };
	char pmid[PMID_DIGITS_MAX + 1], pmcid[PMID_DIGITS_MAX + 4];
	char *k = NULL, *doi = NULL;
	ldx_status rc = LDX_OK;
	int step;

	*out = NULL;
	if (!db || !key)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no paper key given");
	if ((rc = trimmed(key, &k, err)))
		return rc;
	doi = ldx_doi_normalize(k);

	if ((rc = ldx_db_prepare(db, paper_sql, &st, "cannot look up paper", err)))
		goto out;
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	if (parse_pmid(k, pmid, sizeof pmid))
		sqlite3_bind_text(st, 2, pmid, -1, SQLITE_STATIC);
	if (doi)
		sqlite3_bind_text(st, 3, doi, -1, SQLITE_STATIC);
	if (parse_pmcid(k, pmcid, sizeof pmcid))
		sqlite3_bind_text(st, 4, pmcid, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, PAPER_SNIPPET_CHARS);

	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		rc = LDX_DONE;
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = ldx_db_fail(db, err, "cannot look up paper");
		goto out;
	}
	for (int i = F_KEY; i < F_COUNT && !rc; i++)
		if (i != F_YEAR)
			rc = build_add(&b, column_text(st, i + 1), &b.field[i]);
	if (rc) {
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
		goto out;
	}

	if ((rc = ldx_db_prepare(db, sources_sql, &src, "cannot read paper sources", err)))
		goto out;
	sqlite3_bind_int64(src, 1, sqlite3_column_int64(st, 0));
	while ((step = sqlite3_step(src)) == SQLITE_ROW) {
		if (build_add_source(&b, column_text(src, 0))) {
			rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		rc = ldx_db_fail(db, err, "cannot read paper sources");
		goto out;
	}
	*out = build_finish(&b, sqlite3_column_int(st, F_YEAR + 1), sqlite3_column_int64(st, 16),
	                    sqlite3_column_int64(st, 17));
	if (!*out)
		rc = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
out:
	sqlite3_finalize(src);
	sqlite3_finalize(st);
	free(b.text);
	free(b.source);
	free(doi);
	free(k);
	return rc;
}

void ldx_paper_free(ldx_paper *p)
{
	free(p);
}
