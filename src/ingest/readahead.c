/*
 * readahead.c: the reader thread and the bounded ring of records between
 * it and the index writer (see readahead.h).  This file owns the only
 * thread of an index run.
 *
 * The ring has LDX_READAHEAD_SLOTS slots; slots[head] .. slots[head +
 * count - 1] are filled, and the consumer holds slots[head] from one
 * next() call to the following one.  The thread fills the slot after the
 * last filled one without the lock held: no other slot is touched then.
 *
 * Records can be large (an abstract up to 1 MB, a full text up to 8 MB),
 * so the thread also waits while the filled slots hold READAHEAD_BYTES of
 * text and tokens, unless the ring is empty: one record is always let
 * through.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/readahead.h"

#define READAHEAD_BYTES (8 * 1024 * 1024)

static size_t low_water = LDX_READAHEAD_LOW_WATER;

void ldx_readahead_set_low_water(size_t records)
{
	low_water = records;
}

typedef struct slot {
	ldx_record rec;
	ldx_tokstreams tokens;          /* rec's, from prepare */
	ldx_status rc;
	ldx_error err;
	size_t bytes;                   /* text and tokens held by rec */
} slot;

struct ldx_readahead {
	ldx_reader *reader;             /* borrowed */
	ldx_readahead_prepare prepare;  /* or NULL */
	void *prepare_ctx;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	size_t head, count;
	size_t bytes;                   /* text held by the filled slots */
	int held;                       /* the consumer holds slots[head] */
	int stop;                       /* ldx_readahead_stop was called */
	ldx_status finished;            /* the terminal status handed out, or LDX_OK */
	slot slots[LDX_READAHEAD_SLOTS];
};

static int terminal(ldx_status rc)
{
	return rc == LDX_DONE || rc == LDX_ERR_NOMEM;
}

static size_t str_bytes(const char *s)
{
	return s ? strlen(s) : 0;
}

static size_t list_bytes(const ldx_strlist *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += strlen(l->v[i]);
	return n;
}

static size_t record_bytes(const ldx_record *r)
{
	return str_bytes(r->title) + str_bytes(r->abstract) + str_bytes(r->body) +
	       list_bytes(&r->keywords) + list_bytes(&r->mesh) + list_bytes(&r->authors) +
	       list_bytes(&r->pub_types);
}

static int ring_full(const ldx_readahead *ra)
{
	return ra->count == LDX_READAHEAD_SLOTS ||
	       (ra->count > 0 && ra->bytes >= READAHEAD_BYTES);
}

static void *read_ahead(void *arg)
{
	ldx_readahead *ra = arg;

	for (;;) {
		pthread_mutex_lock(&ra->mu);
		while (ring_full(ra) && !ra->stop)
			pthread_cond_wait(&ra->freed, &ra->mu);
		if (ra->stop) {
			pthread_mutex_unlock(&ra->mu);
			break;
		}
		slot *s = &ra->slots[(ra->head + ra->count) % LDX_READAHEAD_SLOTS];
		int writer_busy = ra->count >= low_water;
		pthread_mutex_unlock(&ra->mu);

		s->rc = ldx_reader_next(ra->reader, &s->rec, &s->err);
		if (s->rc == LDX_OK && ra->prepare && writer_busy)
			ra->prepare(ra->prepare_ctx, &s->rec, &s->tokens);
		s->bytes = s->rc == LDX_OK ? record_bytes(&s->rec) + ldx_tokstreams_bytes(&s->tokens)
		                           : 0;

		pthread_mutex_lock(&ra->mu);
		ra->count++;
		ra->bytes += s->bytes;
		pthread_cond_signal(&ra->filled);
		pthread_mutex_unlock(&ra->mu);
		if (terminal(s->rc))
			break;
	}
	return NULL;
}

ldx_status ldx_readahead_start(ldx_reader *reader, ldx_readahead_prepare prepare, void *ctx,
                               ldx_readahead **out, ldx_error *err)
{
	ldx_readahead *ra = calloc(1, sizeof *ra);

	*out = NULL;
	if (!ra)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	ra->reader = reader;
	ra->prepare = prepare;
	ra->prepare_ctx = ctx;
	for (size_t i = 0; i < LDX_READAHEAD_SLOTS; i++) {
		ldx_record_init(&ra->slots[i].rec);
		ldx_tokstreams_init(&ra->slots[i].tokens);
	}
	pthread_mutex_init(&ra->mu, NULL);
	pthread_cond_init(&ra->filled, NULL);
	pthread_cond_init(&ra->freed, NULL);
	if (pthread_create(&ra->thread, NULL, read_ahead, ra) != 0) {
		pthread_mutex_destroy(&ra->mu);
		pthread_cond_destroy(&ra->filled);
		pthread_cond_destroy(&ra->freed);
		free(ra);
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "cannot start the reader thread");
	}
	*out = ra;
	return LDX_OK;
}

/* Frees what a slot holds.  Now, not when the slot comes round again:
 * otherwise every slot would keep its last record (512 large abstracts). */
static void slot_clear(slot *s)
{
	ldx_tokstreams_clear(&s->tokens);
	ldx_record_clear(&s->rec);
}

ldx_status ldx_readahead_next(ldx_readahead *ra, const ldx_record **rec,
                              const ldx_tokstreams **tokens, ldx_error *err)
{
	slot *s;

	*rec = NULL;
	*tokens = NULL;
	if (ra->finished)
		return ra->finished;
	if (ra->held)
		slot_clear(&ra->slots[ra->head]);
	pthread_mutex_lock(&ra->mu);
	if (ra->held) {
		ra->bytes -= ra->slots[ra->head].bytes;
		ra->head = (ra->head + 1) % LDX_READAHEAD_SLOTS;
		ra->count--;
		ra->held = 0;
		pthread_cond_signal(&ra->freed);
	}
	/* the thread always ends on a terminal slot, so this wait ends */
	while (ra->count == 0)
		pthread_cond_wait(&ra->filled, &ra->mu);
	s = &ra->slots[ra->head];
	ra->held = 1;
	pthread_mutex_unlock(&ra->mu);
	if (terminal(s->rc))
		ra->finished = s->rc;
	if (s->rc != LDX_OK && s->rc != LDX_DONE && err)
		*err = s->err;
	if (s->rc == LDX_OK) {
		*rec = &s->rec;
		*tokens = &s->tokens;
	}
	return s->rc;
}

void ldx_readahead_stop(ldx_readahead *ra)
{
	if (!ra)
		return;
	pthread_mutex_lock(&ra->mu);
	ra->stop = 1;
	pthread_cond_signal(&ra->freed);
	pthread_mutex_unlock(&ra->mu);
	pthread_join(ra->thread, NULL);
	for (size_t i = 0; i < LDX_READAHEAD_SLOTS; i++)
		slot_clear(&ra->slots[i]);
	pthread_mutex_destroy(&ra->mu);
	pthread_cond_destroy(&ra->filled);
	pthread_cond_destroy(&ra->freed);
	free(ra);
}
