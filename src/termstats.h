/*
 * termstats.h: document frequencies of the query's words, for ranking
 * without counting every common word's papers on every search.
 *
 * Counting the papers that hold a word costs time in proportion to that
 * number: tens of milliseconds for "patients" in a million papers.  So the
 * indexer keeps a table, term_df, of the frequencies of the common terms
 * (those in more than about 1 paper in 2,000), rebuilt at the end of an
 * index run when the number of papers has moved by a tenth or more since
 * the last rebuild; a search looks a single-term word up there, and counts
 * anything else (a rare word, a phrase, a word with variants) directly,
 * which is cheap precisely because it is rare.  Small indexes (fewer than
 * LDX_TERMSTATS_MIN_PAPERS papers) keep no table and always count.
 */
#ifndef LDX_TERMSTATS_H
#define LDX_TERMSTATS_H

#include "db.h"

#define LDX_TERMSTATS_MIN_PAPERS 5000

/* Rebuilds term_df when it is missing or stale as above, or always when
 * force is set (litdex rebuild).  Needs a writable db, outside a
 * transaction. */
ldx_status ldx_termstats_refresh(ldx_db *db, int force, ldx_error *err);

/* A reader of document frequencies: two prepared statements. */
typedef struct ldx_termstats ldx_termstats;

ldx_status ldx_termstats_open(ldx_db *db, ldx_termstats **out, ldx_error *err);
void ldx_termstats_close(ldx_termstats *ts);

/*
 * The number of papers that match the FTS5 string phrase (text[0..n),
 * without quotes): from term_df when it is one term there, else counted.
 */
ldx_status ldx_termstats_df(ldx_termstats *ts, const char *text, int n, double *df,
                            ldx_error *err);

/* ldx_termstats_df from term_df alone: *found 0 where it would count. */
ldx_status ldx_termstats_known_df(ldx_termstats *ts, const char *text, int n, double *df,
                                  int *found, ldx_error *err);

/* ldx_termstats_df counted, without looking in term_df first. */
ldx_status ldx_termstats_count_df(ldx_termstats *ts, const char *text, int n, double *df,
                                  ldx_error *err);

/*
 * The smallest document frequency among the terms of the phrase
 * text[0..n), tokenized once, into *df, and their number into *words: *df
 * is 0 when term_df lacks one of them (a rare word, which makes counting
 * the phrase cheap) or has no table.
 */
ldx_status ldx_termstats_rarest_word(ldx_termstats *ts, const char *text, int n, double *df,
                                     int *words, ldx_error *err);

/*
 * The number of papers holding the index term term[0..n) (already
 * tokenized, as fts5vocab lists it): from term_df, else counted.
 */
ldx_status ldx_termstats_term_df(ldx_termstats *ts, const char *term, int n, double *df,
                                 ldx_error *err);

/* The number of papers: as of term_df's last rebuild when it has one (a
 * tenth out at most), else counted. */
ldx_status ldx_termstats_papers(ldx_termstats *ts, double *papers, ldx_error *err);

#endif
