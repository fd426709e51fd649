/*
 * termtab.c: the table of index terms with dense ids (termtab.h): FNV-1a
 * hashing, linear probing, at most half full; the terms' copies are packed
 * into blocks of TERMTAB_BLOCK bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "termtab.h"

/* Bytes of term copies per block. */
#define TERMTAB_BLOCK 65536

static uint32_t fnv1a(const char *s, int n)
{
	uint32_t h = 2166136261u;
	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int grow_slots(ldx_termtab *t)
{
	uint32_t n = t->nslots ? t->nslots * 2 : 1024;
	ldx_termslot *slots = calloc(n, sizeof *slots);
	if (!slots)
		return -1;
	for (uint32_t i = 0; i < t->nslots; i++) {
		if (!t->slots[i].id1)
			continue;
		uint32_t h = t->slots[i].hash & (n - 1);
		while (slots[h].id1)
			h = (h + 1) & (n - 1);
		slots[h] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = n;
	return 0;
}

static int grow_terms(ldx_termtab *t)
{
	uint32_t cap = t->cap ? t->cap * 2 : 1024;
	char **terms = realloc(t->terms, cap * sizeof *terms);
	if (!terms)
		return -1;
	t->terms = terms;
	int *lens = realloc(t->lens, cap * sizeof *lens);
	if (!lens)
		return -1;
	t->lens = lens;
	t->cap = cap;
	return 0;
}

/* Room for size bytes at the end of the last block, in a new block when
 * they do not fit: a malloc per term cost more than the term (a facet of
 * 1.2 million author names took 194 MB that way).  NULL when out of
 * memory. */
static char *term_copy_room(ldx_termtab *t, size_t size)
{
	if (size > t->block_left) {
		size_t block = size > TERMTAB_BLOCK ? size : TERMTAB_BLOCK;
		char **blocks = realloc(t->blocks, (t->nblocks + 1) * sizeof *blocks);
		if (!blocks)
			return NULL;
		t->blocks = blocks;
		if (!(blocks[t->nblocks] = malloc(block)))
			return NULL;
		t->free_at = blocks[t->nblocks++];
		t->block_left = block;
	}
	char *room = t->free_at;
	t->free_at += size;
	t->block_left -= size;
	return room;
}

long ldx_termtab_id(ldx_termtab *t, const char *term, int n, int add)
{
	if (2 * (t->n + 1) > t->nslots && grow_slots(t))
		return -2;
	uint32_t hash = fnv1a(term, n), h = hash & (t->nslots - 1);
	for (; t->slots[h].id1; h = (h + 1) & (t->nslots - 1)) {
		uint32_t id = t->slots[h].id1 - 1;
		if (t->slots[h].hash == hash && t->lens[id] == n &&
		    memcmp(t->terms[id], term, (size_t)n) == 0)
			return id;
	}
	if (!add)
		return -1;
	if (t->n == t->cap && grow_terms(t))
		return -2;
	char *copy = term_copy_room(t, (size_t)n + 1);
	if (!copy)
		return -2;
	memcpy(copy, term, (size_t)n);
	copy[n] = '\0';
	t->terms[t->n] = copy;
	t->lens[t->n] = n;
	t->slots[h] = (ldx_termslot){ t->n + 1, hash };
	return t->n++;
}

void ldx_termtab_free(ldx_termtab *t)
{
	for (uint32_t i = 0; i < t->nblocks; i++)
		free(t->blocks[i]);
	free(t->blocks);
	free(t->terms);
	free(t->lens);
	free(t->slots);
	memset(t, 0, sizeof *t);
}
