/*
 * cli_serve_db.c: the index handle a server thread reads (see serve.h).
 *
 * Each of the server's threads keeps one read-only handle from request to
 * request, so that its page cache, and its twin's when a search runs on
 * two threads (topk.c), stay warm.  A handle sees every commit of an index
 * run, as any reader does.  It is opened again when the file at the path
 * is another file (replaced, or removed and made again) and after a
 * request the index could not answer; it is closed when its thread ends.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "serve.h"

typedef struct thread_db {
	ldx_db *db;
	dev_t dev;                 /* the file it was opened on */
	ino_t ino;
} thread_db;

static pthread_key_t thread_db_key;
static pthread_once_t thread_db_once = PTHREAD_ONCE_INIT;
static int thread_db_keyed;

static void thread_db_free(void *p)
{
	thread_db *t = p;
	if (t) {
		ldx_close(t->db);
		free(t);
	}
}

static void thread_db_make_key(void)
{
	thread_db_keyed = pthread_key_create(&thread_db_key, thread_db_free) == 0;
}

/* This thread's slot, made on first use; NULL without one. */
static thread_db *slot(void)
{
	thread_db *t;

	pthread_once(&thread_db_once, thread_db_make_key);
	if (!thread_db_keyed)
		return NULL;
	if (!(t = pthread_getspecific(thread_db_key)) && (t = calloc(1, sizeof *t)) &&
	    pthread_setspecific(thread_db_key, t) != 0) {
		free(t);
		t = NULL;
	}
	return t;
}

ldx_status serve_db_get(const char *db_path, ldx_db **db, ldx_error *err)
{
	thread_db *t = slot();
	struct stat sb;
	ldx_status rc;

	*db = NULL;
	if (!t)
		return ldx_open(db_path, LDX_OPEN_READONLY, db, err);
	if (t->db && stat(db_path, &sb) == 0 && sb.st_dev == t->dev && sb.st_ino == t->ino) {
		*db = t->db;
		return LDX_OK;
	}
	ldx_close(t->db);
	t->db = NULL;
	if ((rc = ldx_open(db_path, LDX_OPEN_READONLY, &t->db, err)) != LDX_OK)
		return rc;
	if (stat(db_path, &sb) == 0) {
		t->dev = sb.st_dev;
		t->ino = sb.st_ino;
	}
	*db = t->db;
	return LDX_OK;
}

void serve_db_put(ldx_db *db, int failed)
{
	thread_db *t = thread_db_keyed ? pthread_getspecific(thread_db_key) : NULL;

	if (!t || t->db != db) {
		ldx_close(db);       /* not kept: opened for this request alone */
		return;
	}
	if (failed) {
		ldx_close(t->db);
		t->db = NULL;
	}
}
