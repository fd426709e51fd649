/*
 * termtab.c: the table of index terms with dense ids (termtab.h): FNV-1a
 * hashing, linear probing, at most half full.
 */
#include <stdlib.h>
#include <string.h>

#include "termtab.h"

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
	uint32_t *slots = calloc(n, sizeof *slots);
	if (!slots)
		return -1;
	for (uint32_t id = 0; id < t->n; id++) {
		uint32_t h = fnv1a(t->terms[id], t->lens[id]) & (n - 1);
		while (slots[h])
			h = (h + 1) & (n - 1);
		slots[h] = id + 1;
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

long ldx_termtab_id(ldx_termtab *t, const char *term, int n, int add)
{
	if (2 * (t->n + 1) > t->nslots && grow_slots(t))
		return -2;
	uint32_t h = fnv1a(term, n) & (t->nslots - 1);
	for (; t->slots[h]; h = (h + 1) & (t->nslots - 1)) {
		uint32_t id = t->slots[h] - 1;
		if (t->lens[id] == n && memcmp(t->terms[id], term, (size_t)n) == 0)
			return id;
	}
	if (!add)
		return -1;
	if (t->n == t->cap && grow_terms(t))
		return -2;
	char *copy = malloc((size_t)n + 1);
	if (!copy)
		return -2;
	memcpy(copy, term, (size_t)n);
	copy[n] = '\0';
	t->terms[t->n] = copy;
	t->lens[t->n] = n;
	t->slots[h] = t->n + 1;
	return t->n++;
}

void ldx_termtab_free(ldx_termtab *t)
{
	for (uint32_t id = 0; id < t->n; id++)
		free(t->terms[id]);
	free(t->terms);
	free(t->lens);
	free(t->slots);
	memset(t, 0, sizeof *t);
}
