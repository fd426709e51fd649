/*
 * readahead.h: reading an opened reader's records on a second thread, so
 * that XML parsing, and whatever work on a record needs no index (its
 * tokenizing and stemming), runs on one core while the index writer
 * (SQLite) runs on the other.
 *
 *     ldx_readahead_start(reader, prepare, ctx, &ra, &err);
 *     while ((rc = ldx_readahead_next(ra, &rec, &tokens, &err)) != LDX_DONE) {
 *             if (rc == LDX_OK) use(rec, tokens); else report(&err);
 *     }
 *     ldx_readahead_stop(ra);
 *     ldx_reader_close(reader);
 *
 * Same statuses as ldx_reader_next.  The thread stops by itself after
 * LDX_DONE or LDX_ERR_NOMEM; ldx_readahead_stop() also stops it early
 * (an interruption, a database error).  Between start and stop only the
 * thread touches the reader and its ldx_input.
 *
 * At most LDX_READAHEAD_SLOTS records, and about 8 MB of their text and
 * tokens, are read ahead, so memory stays bounded whatever the size of
 * the input.
 */
#ifndef LDX_READAHEAD_H
#define LDX_READAHEAD_H

#include "ingest/reader.h"
#include "tokstream.h"

/* Now that the thread tokenizes too, it is about as busy as the writer,
 * and the queue must absorb the writer's stalls (FTS5 flushing and
 * merging segments, commits): with 64 slots (9 ms of the thread's work)
 * it waited about 1.1 s of a 30,000-record run for room, with 512 slots
 * 0.2 s.  The byte bound (readahead.c) still caps the memory. */
#define LDX_READAHEAD_SLOTS 512

/* While fewer records than this wait in the ring, the writer is about to
 * run dry: the thread leaves the next record's tokenizing to it (the
 * writer tokenizes whatever comes without tokens) and reads on, so the
 * two threads share the work whichever is the slower one.  At 210,000
 * records: 29.9 s wall without, 28.0 s with (32: 28.1 s). */
#define LDX_READAHEAD_LOW_WATER 128

typedef struct ldx_readahead ldx_readahead;

/* Run by the thread on each record it reads, before queuing it: fills
 * tokens (empty on entry) with what the consumer will get along with the
 * record.  ctx belongs to the thread from start to stop. */
typedef void (*ldx_readahead_prepare)(void *ctx, const ldx_record *rec,
                                      ldx_tokstreams *tokens);

/* Starts the thread (prepare may be NULL: no tokens); on failure (no
 * memory, no thread) the caller reads the reader itself. */
ldx_status ldx_readahead_start(ldx_reader *reader, ldx_readahead_prepare prepare, void *ctx,
                               ldx_readahead **out, ldx_error *err);

/* The next record and its tokens, borrowed until the next call or stop. */
ldx_status ldx_readahead_next(ldx_readahead *ra, const ldx_record **rec,
                              const ldx_tokstreams **tokens, ldx_error *err);

/* Tests only, while no thread runs: the low water mark for the threads
 * started next.  0 tokenizes every record on the thread, and more than
 * LDX_READAHEAD_SLOTS none: runs whose replays can be counted. */
void ldx_readahead_set_low_water(size_t records);

/* Stops and joins the thread and frees ra (NULL is fine). */
void ldx_readahead_stop(ldx_readahead *ra);

#endif
