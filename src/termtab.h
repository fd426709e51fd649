/*
 * termtab.h: a table of index terms (as the tokenizer emits them), each
 * with a dense id from 0 in the order first added.  Callers keep what they
 * count per term in arrays of their own indexed by that id.  Used where a
 * text's words are counted (feedback.c, related.c), and where facet
 * values are (facet.c).
 *
 * The table owns copies of the terms; terms[id] (NUL-terminated, lens[id]
 * bytes) stays valid, at the same address, until ldx_termtab_free.
 * Zero-initialise a table before its first use.
 */
#ifndef LDX_TERMTAB_H
#define LDX_TERMTAB_H

#include <stdint.h>

/* A slot of the hash: the term's hash is kept next to its id, so that a
 * probe reads the term itself only when the hashes are equal. */
typedef struct ldx_termslot {
	uint32_t id1;            /* 1 + id, 0 empty */
	uint32_t hash;
} ldx_termslot;

typedef struct ldx_termtab {
	char **terms;            /* into blocks */
	int *lens;
	uint32_t n, cap;
	char **blocks;           /* owned: the terms' bytes, never moved */
	uint32_t nblocks;
	char *free_at;           /* the last block's first free byte ... */
	size_t block_left;       /* ... and how many follow it */
	ldx_termslot *slots;     /* open addressing */
	uint32_t nslots;         /* a power of two */
} ldx_termtab;

/* The id of term[0..n): when it is new, -1 unless add is set, in which
 * case it gets id t->n (t->n grows by one).  -2: out of memory. */
long ldx_termtab_id(ldx_termtab *t, const char *term, int n, int add);

void ldx_termtab_free(ldx_termtab *t);

#endif
