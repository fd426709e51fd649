/*
 * litdex.h: the public C API of litdex, a local search engine for saved papers.
 *
 * This header is the only thing the litdex command line (src/main.c,
 * src/cmd_*.c, src/output/) and embedding programs may use.
 *
 * Conventions, stated once:
 *  - Every function that can fail returns an ldx_status and, when it fails,
 *    fills the caller's ldx_error (which may be NULL) with a one-line message
 *    and, where known, the file, line and query position.  Outputs passed by
 *    pointer are left NULL on failure.
 *  - Strings passed in are borrowed: litdex copies what it keeps.
 *  - Strings handed out (ldx_hit fields and the like) are owned by the handle
 *    that produced them and stay valid until the next call on that handle.
 *  - Handles are not thread-safe.  Use one ldx_db per thread, or from one
 *    thread at a time: their SQLite connections have no mutex of their own.
 *  - The library never prints and never exits.
 */
#ifndef LITDEX_H
#define LITDEX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LITDEX_VERSION "0.1.0"

typedef enum ldx_status {
	LDX_OK = 0,
	LDX_DONE,          /* an iterator has no more items; not an error */
	LDX_ERR_USAGE,     /* bad argument from the caller */
	LDX_ERR_NOMEM,
	LDX_ERR_IO,        /* a file cannot be opened or read */
	LDX_ERR_PARSE,     /* an input file is malformed */
	LDX_ERR_FORMAT,    /* an input file is of no known format */
	LDX_ERR_QUERY,     /* a query is malformed; ldx_error.position says where */
	LDX_ERR_NOINDEX,   /* the index file does not exist */
	LDX_ERR_SCHEMA,    /* the index was made by a newer litdex, or is not a litdex index */
	LDX_ERR_BUSY,      /* another process holds the write lock */
	LDX_ERR_DB,        /* any other SQLite failure, with context */
	LDX_ERR_INTERRUPTED
} ldx_status;

typedef struct ldx_error {
	ldx_status code;
	char file[1024];   /* input file the error is about, or "" */
	long line;         /* 1-based line in file, or 0 */
	int position;      /* 1-based character position in a query, or 0 */
	char message[1024];
} ldx_error;

/* Short lowercase name of a status ("parse error"); static storage. */
const char *ldx_status_name(ldx_status code);
void ldx_error_clear(ldx_error *err);

/* Markers around highlighted words in ldx_hit.title_hl and .snippet. */
#define LDX_MARK_BEGIN "\x02"
#define LDX_MARK_END   "\x03"

/* ---- Opening an index ---------------------------------------------- */

typedef struct ldx_db ldx_db;

enum {
	LDX_OPEN_READONLY = 1,  /* search, show, stats: never writes */
	LDX_OPEN_CREATE   = 2   /* create the file and schema if missing */
};

/*
 * Opens the index at path.  Without LDX_OPEN_CREATE a missing file is
 * LDX_ERR_NOINDEX.  An index written by a newer schema is LDX_ERR_SCHEMA.
 * One of an older schema is upgraded when opened for writing (which
 * rebuilds its full-text index: minutes for a million papers) and is
 * LDX_ERR_SCHEMA when opened read-only.
 * On success *out owns the connection; release it with ldx_close().
 */
ldx_status ldx_open(const char *path, int flags, ldx_db **out, ldx_error *err);
void ldx_close(ldx_db *db);

/* The schema version ldx_open upgraded db from, or 0 when it did not. */
int ldx_upgraded_from(const ldx_db *db);

/* Asks a running ldx_index_* call on db to stop at the next record;
 * safe to call from a signal handler. */
void ldx_interrupt(ldx_db *db);

/* ---- Indexing --------------------------------------------------------- */

#define LDX_MAX_FORMATS 16

typedef struct ldx_index_stats {
	long files_seen;        /* input files considered */
	long files_read;        /* files parsed (new or changed) */
	long files_unchanged;   /* skipped: same size and mtime as last run */
	long files_failed;      /* could not be opened or had parse errors */
	long records_added;
	long records_replaced;
	long records_deleted;   /* by DeleteCitation */
	long records_removed;   /* their files changed or disappeared, no other source */
	long files_removed;     /* gone from an indexed folder */
	long errors;            /* number of errors reported through on_error */
	double seconds;
	struct {
		const char *name;   /* reader name ("pubmed", "ris", ...); static */
		long records;
	} formats[LDX_MAX_FORMATS];  /* records read per format, first LDX_MAX_FORMATS */
	int nformats;
} ldx_index_stats;

typedef struct ldx_index_opts {
	const char *format;    /* force a reader ("pubmed"); NULL detects */
	int no_prune;          /* keep records of files gone from indexed folders */
	/* Called for every per-file problem; the run goes on. */
	void (*on_error)(const ldx_error *err, void *ctx);
	/* Called now and then with running totals. */
	void (*on_progress)(const ldx_index_stats *stats, void *ctx);
	void *ctx;
} ldx_index_opts;

/*
 * Indexes files and folders (recursively); "-" reads standard input.
 * Only new or changed files are read (size and mtime).  A changed file's
 * records replace its old ones; papers it no longer provides, and papers of
 * files that have disappeared from a named folder (unless opts->no_prune),
 * are removed when no other file provides them.
 * Problems with single files go to opts->on_error and are counted in
 * stats; the call still returns LDX_OK.  Only failures that stop the
 * whole run (the database, memory, interruption) are returned.
 * Records already in the index are never lost: work is committed in
 * batches, and a failed batch is rolled back whole.
 */
ldx_status ldx_index_paths(ldx_db *db, const char *const *paths, size_t npaths,
                           const ldx_index_opts *opts, ldx_index_stats *stats,
                           ldx_error *err);

/* Indexes one in-memory document; name is used in messages and as its source. */
ldx_status ldx_index_buffer(ldx_db *db, const char *name, const char *buf, size_t len,
                            const ldx_index_opts *opts, ldx_index_stats *stats,
                            ldx_error *err);

/* ---- Searching ------------------------------------------------------- */

typedef enum ldx_sort {
	LDX_SORT_RELEVANCE = 0, /* rank (BM25 with field weights) */
	LDX_SORT_DATE,          /* most recently added to the index first */
	LDX_SORT_YEAR           /* publication year, newest first; ties by rank */
} ldx_sort;

typedef enum ldx_match {
	LDX_MATCH_ALL = 0,      /* bare words are ANDed */
	LDX_MATCH_ANY           /* bare words are ORed; tagged filters stay required */
} ldx_match;

typedef struct ldx_search_opts {
	const char *query;      /* litdex query language; see README */
	ldx_sort sort;
	ldx_match match;
	const char *journal;    /* full title or ISO abbreviation, any case; NULL = any */
	const char *author;     /* "Kavalali" or "Kavalali ET"; NULL = any */
	int year_min, year_max; /* inclusive; 0 = open */
	int limit;              /* 0 = default (20) */
	int offset;
	int snippet_words;      /* 0 = default (24) */
	int why;                /* fill ldx_hit.why */
	double added_after;     /* only papers added to the index after this Unix time
	                         * (seconds, with fractions); 0 = any */
	int no_marks;           /* 1: no highlights and no snippet (title_hl is the
	                         * plain title, snippet ""), for output that shows
	                         * neither: FTS5 then reads no hit's text again */
} ldx_search_opts;

typedef struct ldx_hit {
	int rank;               /* 1-based, counting from offset */
	double score;           /* higher is better */
	const char *key;        /* PMID, else normalised DOI, else "t:" title hash */
	const char *pmid;       /* "" when unknown, never NULL */
	const char *doi;
	const char *title;
	const char *title_hl;   /* title with LDX_MARK_* around matches */
	const char *snippet;    /* abstract excerpt with LDX_MARK_* around matches */
	const char *authors;    /* "Last AB; Other CD" */
	const char *journal;
	const char *journal_abbrev;
	int year;               /* 0 when unknown */
	const char *abstract;   /* the whole abstract, plain */
	const char *keywords;   /* lists are joined with "; " */
	const char *mesh;
	const char *pub_types;
	const char *language;
	const char *pmcid;
	const char *why;        /* with opts.why: "title 62%: plasticity; abstract 38%: ..." */
} ldx_hit;

typedef struct ldx_search ldx_search;

/*
 * Translates and runs a query.  A malformed query is LDX_ERR_QUERY with
 * err->position set.  On success *out must be released with ldx_search_end().
 */
ldx_status ldx_search_begin(ldx_db *db, const ldx_search_opts *opts,
                            ldx_search **out, ldx_error *err);
/* LDX_OK with *hit set (valid until the next call), LDX_DONE at the end. */
ldx_status ldx_search_next(ldx_search *s, const ldx_hit **hit, ldx_error *err);
void ldx_search_end(ldx_search *s);

/* Counts every hit of opts' query and filters (limit and offset ignored);
 * with no query and no filter, every paper in the index. */
ldx_status ldx_search_count(ldx_db *db, const ldx_search_opts *opts, long *count,
                            ldx_error *err);

/*
 * Like ldx_search_count, but an unfiltered "any of the words" search of
 * plain words whose papers number in the hundreds of thousands gets an
 * estimate, *estimated set to 1: counting it costs as much as ranking it
 * (0.6 s at a million papers).  The estimate takes the words as
 * independent: N * (1 - product of (1 - df / N)), never below the commonest
 * word's count nor above the sum of the counts.  For a display ("about
 * 85,000"); use ldx_search_count where the exact number matters.
 */
ldx_status ldx_search_count_estimate(ldx_db *db, const ldx_search_opts *opts, long *count,
                                     int *estimated, ldx_error *err);

/* ---- Facets: hit counts per value ------------------------------------- */

typedef enum ldx_facet_field {
	LDX_FACET_YEAR,      /* by publication year, oldest first */
	LDX_FACET_JOURNAL,   /* by journal (ISO abbreviation, else title), most hits first */
	LDX_FACET_AUTHOR,    /* by author, most hits first */
	LDX_FACET_MESH       /* by MeSH term, most hits first */
} ldx_facet_field;

typedef struct ldx_facet ldx_facet;

/* Counts every hit of opts' query and filters (limit and offset are
 * ignored) per value of field.  Release with ldx_facet_end(). */
ldx_status ldx_facet_begin(ldx_db *db, const ldx_search_opts *opts, ldx_facet_field field,
                           ldx_facet **out, ldx_error *err);
/* LDX_OK with *value (valid until the next call; "" for unknown) and
 * *count, LDX_DONE at the end. */
ldx_status ldx_facet_next(ldx_facet *f, const char **value, long *count, ldx_error *err);
void ldx_facet_end(ldx_facet *f);

/* ---- One paper ------------------------------------------------------- */

typedef struct ldx_paper {
	ldx_hit hit;                  /* every field; title_hl and snippet are plain */
	const char *const *sources;   /* paths of the files it came from */
	size_t nsources;
	long long added_at, updated_at;  /* Unix seconds */
} ldx_paper;

/*
 * Looks up one paper by its key, a PMID ("12345678", "PMID:12345678"), a
 * DOI in any common spelling ("10.1/x", "doi:10.1/x", "https://doi.org/10.1/x")
 * or a PMC id ("PMC1234567", any case).
 * LDX_DONE when there is none.  On LDX_OK *out is owned by the caller:
 * release it with ldx_paper_free().
 */
ldx_status ldx_paper_get(ldx_db *db, const char *key, ldx_paper **out, ldx_error *err);
void ldx_paper_free(ldx_paper *p);

/*
 * Translates opts->query (in opts->match mode) into the FTS5 expression
 * litdex would run, without running it.  *fts_out is malloc'ed (NULL for
 * an empty query with filters); the caller frees it.
 */
ldx_status ldx_query_translate(ldx_db *db, const ldx_search_opts *opts, char **fts_out,
                               ldx_error *err);

/*
 * How a search is understood, as text for people: the terms and their
 * fields, the stems, the FTS5 expression, the filters, the match mode and
 * the order.  *text is malloc'ed; the caller frees it.
 */
ldx_status ldx_search_explain(ldx_db *db, const ldx_search_opts *opts, char **text,
                              ldx_error *err);

/*
 * For the words of query that match nothing in the index, the closest
 * indexed words, as "synaptic, plasticity" in *text (malloc'ed), or NULL
 * when every word matches or nothing is close.
 */
ldx_status ldx_suggest(ldx_db *db, const char *query, char **text, ldx_error *err);

/* ---- Saved searches ------------------------------------------------- */

/* Stores (or replaces) a named search: the query and filters of opts. */
ldx_status ldx_saved_put(ldx_db *db, const char *name, const ldx_search_opts *opts,
                         ldx_error *err);

/*
 * Loads a saved search into *opts (its strings stay valid until
 * ldx_saved_release(opts) or the next ldx_saved_get), with added_after set
 * to when it was last run, and records now as its last run.  A name that
 * does not exist is LDX_DONE.  last_run gets the previous run time (0 if
 * never run).
 */
ldx_status ldx_saved_get(ldx_db *db, const char *name, ldx_search_opts *opts,
                         double *last_run, ldx_error *err);
void ldx_saved_release(ldx_search_opts *opts);

/* ---- Checking and repairing ----------------------------------------- */

/*
 * Runs SQLite's integrity_check and FTS5's integrity-check (the latter
 * needs a writable handle; it changes nothing).  LDX_OK when both pass;
 * LDX_ERR_DB when not, with *report (malloc'ed, caller frees) listing the
 * problems one per line.
 */
ldx_status ldx_check(ldx_db *db, char **report, ldx_error *err);

/* Rebuilds the full-text index from the papers table, then merges it. */
ldx_status ldx_rebuild(ldx_db *db, ldx_error *err);

/*
 * Parses a year range as --year takes it: "2019", "2015-2024", "2015-",
 * "-2010" (or with ':').  Sets *min and *max, 0 meaning open.  Returns 0,
 * or -1 when s is not a year range or min > max.
 */
int ldx_year_range_parse(const char *s, int *min, int *max);

/* Default index path: $LITDEX_DB, else $XDG_DATA_HOME/litdex/index.db, else
 * ~/.local/share/litdex/index.db.  Malloc'ed; NULL when HOME is unset. */
char *ldx_default_db_path(void);

/* ---- Similar papers -------------------------------------------------- */

/*
 * Finds papers like the one key names (any form ldx_paper_get takes), as
 * PubMed's "Similar articles" does: the paper's most distinctive index
 * terms (tf * idf over title, abstract, keywords and MeSH; title counts
 * twice) are searched for together, and the hits come ranked by the
 * index's rank function.  The paper itself is never among them.
 * opts->query is ignored; filters, sort, limit, offset and snippet_words
 * apply as in ldx_search_begin.  LDX_DONE when key names no paper.
 * On LDX_OK iterate with ldx_search_next and release with ldx_search_end.
 */
ldx_status ldx_similar_begin(ldx_db *db, const char *key, const ldx_search_opts *opts,
                             ldx_search **out, ldx_error *err);

/* ---- Statistics ------------------------------------------------------ */

typedef struct ldx_stats_year {
	int year;                     /* 0: papers with no known year */
	long long papers;
} ldx_stats_year;

typedef struct ldx_stats_journal {
	const char *journal;          /* full title */
	const char *abbrev;           /* ISO abbreviation, or "" */
	long long papers;
} ldx_stats_journal;

typedef struct ldx_stats_format {
	const char *name;             /* reader name ("pubmed"), or "" when unknown */
	long long files, records;
} ldx_stats_format;

typedef struct ldx_stats_setting {
	const char *key, *value;      /* the index's meta table: tokenizer, language, rank */
} ldx_stats_setting;

#define LDX_STATS_TOP_JOURNALS 20

typedef struct ldx_stats {
	long long papers;
	long long terms;              /* distinct terms in the full-text index ... */
	long long terms_counted_at;   /* ... counted now (0), or by the last index run that
	                               * refreshed the term statistics, when the index
	                               * had this many papers (indexes of 5,000 papers
	                               * or more; runs count again when the number of
	                               * papers has moved by a tenth) */
	long long files;              /* input files the index knows */
	long long records;            /* records read from them at their last indexing */
	long long file_bytes;         /* the index file: page_count * page_size */
	long long wal_bytes;          /* its -wal file, 0 when there is none */
	long long fts_bytes;          /* of file_bytes: the full-text index (papers_fts_*,
	                                 papers_doclen) */
	long long content_bytes;      /* of file_bytes: records, files and their indexes */
	long long free_bytes;         /* of file_bytes: free pages */
	int sizes_exact;              /* 1: measured with dbstat; 0: fts_bytes estimated */
	int schema_version;           /* PRAGMA user_version */
	long long last_indexed;       /* Unix seconds of the last indexing; 0 never */
	const ldx_stats_year *years;  /* every year, oldest first (unknown year first) */
	size_t nyears;
	const ldx_stats_journal *journals;  /* the LDX_STATS_TOP_JOURNALS largest */
	size_t njournals;
	const ldx_stats_format *formats;    /* by records, most first */
	size_t nformats;
	const ldx_stats_setting *settings;  /* sorted by key */
	size_t nsettings;
} ldx_stats;

/* Reads the figures of the index.  On LDX_OK *out is owned by the caller:
 * release it with ldx_stats_free().  Never writes to the index. */
ldx_status ldx_stats_get(ldx_db *db, ldx_stats **out, ldx_error *err);
void ldx_stats_free(ldx_stats *s);

#ifdef __cplusplus
}
#endif
#endif /* LITDEX_H */
