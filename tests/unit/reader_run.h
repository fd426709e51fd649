/*
 * reader_run.h: driving a reader's ops over a whole input in unit tests,
 * collecting its records, its errors and the order of the two, and
 * checking the pull contract on the way (errors name the input and a
 * line; the end stays the end; no reader loops forever), and reading
 * list items and abstract sections in assertions.  Header-only:
 * every test is its own program.
 */
#ifndef LDX_READER_RUN_H
#define LDX_READER_RUN_H

#include "unit.h"

#include "ingest/input.h"
#include "ingest/reader.h"

#define MAX_ERRORS 64
/* No test input is near this: more calls mean the reader is stuck. */
#define MAX_CALLS 100000

typedef struct run {
	ldx_record *recs;
	size_t n, cap;
	ldx_error errs[MAX_ERRORS];
	int errors;          /* how many next() calls failed */
	ldx_status rc;       /* the first error, or LDX_DONE */
	ldx_error err;       /* that first error */
	/* Sequence of results: 'r' for a record, 'e' for an error. */
	char seq[256];
} run;

static inline void run_free(run *r)
{
	for (size_t i = 0; i < r->n; i++)
		ldx_record_clear(&r->recs[i]);
	free(r->recs);
	memset(r, 0, sizeof *r);
}

static inline void run_input(const ldx_reader_ops *ops, run *r, ldx_input *in)
{
	ldx_error err;
	ldx_record rec;
	void *state = NULL;
	ldx_status rc;
	size_t pos = 0;
	int calls = 0;

	memset(r, 0, sizeof *r);
	r->rc = LDX_DONE;
	ldx_record_init(&rec);
	assert_int_equal(ops->open(in, &state, &err), LDX_OK);
	/* a reader may leave part of a record behind an error: clear first */
	while ((ldx_record_clear(&rec), rc = ops->next(state, &rec, &err)) != LDX_DONE) {
		assert_true(++calls < MAX_CALLS);
		if (rc == LDX_OK) {
			if (r->n == r->cap) {
				r->cap = r->cap ? r->cap * 2 : 16;
				r->recs = realloc(r->recs, r->cap * sizeof *r->recs);
				assert_non_null(r->recs);
			}
			r->recs[r->n++] = rec;
			ldx_record_init(&rec);
		} else {
			/* a parse error says where; an i/o error (a cut gzip) has no line */
			if (rc == LDX_ERR_PARSE)
				assert_true(err.line > 0);
			assert_string_equal(err.file, ldx_input_name(in));
			if (r->errors < MAX_ERRORS)
				r->errs[r->errors] = err;
			if (r->errors++ == 0) {
				r->rc = rc;
				r->err = err;
			}
		}
		if (pos + 1 < sizeof r->seq)
			r->seq[pos++] = rc == LDX_OK ? 'r' : 'e';
	}
	r->seq[pos] = '\0';
	/* The end stays the end. */
	assert_int_equal(ops->next(state, &rec, &err), LDX_DONE);
	ldx_record_clear(&rec);
	ops->close(state);
}

static inline void run_path(const ldx_reader_ops *ops, run *r, const char *path)
{
	ldx_input *in;
	ldx_error err;

	assert_int_equal(ldx_input_open_path(path, &in, &err), LDX_OK);
	run_input(ops, r, in);
	ldx_input_close(in);
}

/* The i-th item of a list, asserting it exists. */
static inline const char *item(const ldx_strlist *l, size_t i)
{
	assert_true(i < l->n);
	return l->v[i];
}

/* Sections of a structured abstract: "LABEL: " where LABEL is a word of
 * three or more capitals at the start or after a space. */
static inline int count_labels(const char *abstract)
{
	int n = 0;

	for (const char *p = abstract; p && *p; p++) {
		const char *q = p;

		if (p != abstract && p[-1] != ' ')
			continue;
		while (*q >= 'A' && *q <= 'Z')
			q++;
		if (q - p >= 3 && q[0] == ':' && q[1] == ' ')
			n++;
	}
	return n;
}

#endif
