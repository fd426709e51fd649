/*
 * related.h: each paper's related words, a form of document expansion.
 *
 * A paper's related words are the words that the papers most like it use
 * most (related.c says how "like" and "most" are measured).  They are kept
 * in papers.related and indexed as the full-text column "related", which
 * only "any of the words" searches match (search.h: an all-words search
 * leaves the column out), so a relevance search also finds and ranks up
 * papers about the same thing in other words, while a Boolean search
 * still means the words are in the paper.
 *
 * Measured with `make eval` (NFCorpus dev nDCG@10, the split tuned on):
 * 0.3175 without them, 0.3299 with 5 neighbours, 40 words and the column
 * weighing 1 (24 or 60 words, weights 0.5 to 1.5 and 3 or 10 neighbours
 * gave 0.322 to 0.329).  eval/README.md has the test and MED figures.
 *
 * Cost: two tokenizer passes over every title and abstract, memory for 32
 * words per paper, and rewriting the full-text row of each paper whose
 * words change.  A first index run of 20,000 generated PubMed records
 * (make bench's generator, 4 files) took 9.3 s against 3.0 s without
 * them, at 60 MB peak RSS against 50 MB; the file was 112 MB against 75
 * MB, about 25 MB of it free pages that later writes reuse.  50,000 records peaked
 * at 79 MB, over the 64 MB the indexer keeps to, so libraries of more
 * than LDX_RELATED_MAX_PAPERS papers have none (nor do those under
 * LDX_RELATED_MIN_PAPERS, where "the papers most like it" means little).
 */
#ifndef LDX_RELATED_H
#define LDX_RELATED_H

#include "db.h"

#define LDX_RELATED_MIN_PAPERS 100
#define LDX_RELATED_MAX_PAPERS 20000

/*
 * Brings the related words up to date.  All papers' are made again when
 * force is set (litdex rebuild), when there are none yet, when a run
 * making them was interrupted, or when the number of papers has doubled
 * or halved since they were last all made; otherwise, when
 * papers_changed is set (an index run added, changed or removed papers),
 * only those of papers without any (papers.related NULL: added or
 * changed since).  Outside the size limits above, any related words are
 * removed.  *remade is set when all papers' changed (made or removed):
 * the caller then rebuilds the term statistics, which count them.  Needs
 * a writable db, outside a transaction.  An interruption (db->interrupted)
 * keeps what is done and returns LDX_ERR_INTERRUPTED.
 */
ldx_status ldx_related_refresh(ldx_db *db, int papers_changed, int force, int *remade,
                               ldx_error *err);

/* 1 when the index may hold related words, so that an all-words search
 * must leave their column out; 0 also when meta cannot be read. */
int ldx_related_present(ldx_db *db);

#endif
