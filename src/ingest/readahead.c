/*
 * readahead.c: the reader thread and the bounded ring of records between
 * it and the index writer (see readahead.h).  This file owns the only
 * thread of an index run.
 *
 * The ring has LDX_READAHEAD_SLOTS slots; slots[head] .. slots[head +
 * count - 1] are filled, and the consumer holds slots[head] from one
 * next() call to the following one.  The thread fills the slot after the
 * last filled one without the lock held: no other slot is touched then.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/readahead.h"

typedef struct slot {
	ldx_record rec;
	ldx_status rc;
	ldx_error err;
} slot;

struct ldx_readahead {
	ldx_reader *reader;             /* borrowed */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	size_t head, count;
	int held;                       /* the consumer holds slots[head] */
	int stop;                       /* ldx_readahead_stop was called */
	ldx_status finished;            /* the terminal status handed out, or LDX_OK */
	slot slots[LDX_READAHEAD_SLOTS];
};

static int terminal(ldx_status rc)
{
	return rc == LDX_DONE || rc == LDX_ERR_NOMEM;
}

static void *read_ahead(void *arg)
{
	ldx_readahead *ra = arg;

	for (;;) {
		pthread_mutex_lock(&ra->mu);
		while (ra->count == LDX_READAHEAD_SLOTS && !ra->stop)
			pthread_cond_wait(&ra->freed, &ra->mu);
		if (ra->stop) {
			pthread_mutex_unlock(&ra->mu);
			break;
		}
		slot *s = &ra->slots[(ra->head + ra->count) % LDX_READAHEAD_SLOTS];
		pthread_mutex_unlock(&ra->mu);

		s->rc = ldx_reader_next(ra->reader, &s->rec, &s->err);

		pthread_mutex_lock(&ra->mu);
		ra->count++;
		pthread_cond_signal(&ra->filled);
		pthread_mutex_unlock(&ra->mu);
		if (terminal(s->rc))
			break;
	}
	return NULL;
}

ldx_status ldx_readahead_start(ldx_reader *reader, ldx_readahead **out, ldx_error *err)
{
	ldx_readahead *ra = calloc(1, sizeof *ra);

	*out = NULL;
	if (!ra)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	ra->reader = reader;
	for (size_t i = 0; i < LDX_READAHEAD_SLOTS; i++)
		ldx_record_init(&ra->slots[i].rec);
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

ldx_status ldx_readahead_next(ldx_readahead *ra, const ldx_record **rec, ldx_error *err)
{
	slot *s;

	*rec = NULL;
	if (ra->finished)
		return ra->finished;
	pthread_mutex_lock(&ra->mu);
	if (ra->held) {
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
	if (s->rc == LDX_OK)
		*rec = &s->rec;
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
		ldx_record_clear(&ra->slots[i].rec);
	pthread_mutex_destroy(&ra->mu);
	pthread_cond_destroy(&ra->filled);
	pthread_cond_destroy(&ra->freed);
	free(ra);
}
