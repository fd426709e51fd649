/*
 * gen_queries.c: the fixed query workload of the benchmark, written as a
 * TSV the query runner (bench/qbench.c) reads:
 *
 *   class  match  year_min  year_max  journal  litdex-query  fts5-expression
 *
 * Search terms are picked from regenerated corpus records (the first
 * query_docs of them, so the same workload fits every corpus size), the
 * way people search: content words of a title or topic, entities, a
 * phrase that occurs in a text.  The FTS5 expression is the same search
 * for the bare FTS5 baseline table t(title, abstract): quoted words,
 * implicit AND or explicit OR, column filters for field tags.  Filters
 * (year, journal) have no counterpart there; the baseline runs their
 * text part only.
 *
 * Natural-language OR queries take their lengths from NFCorpus test
 * query titles when that file is given (read at run time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_queries.h"

#define MAX_WORDS 16
/* Search terms skip the most frequent words (the, of, should, ...). */
#define QUERY_MIN_RANK 150

typedef struct query {
	const char *cls;
	int any;
	int year_min, year_max;
	char journal[160];
	char text[1024];
	char fts[2048];
} query;

static void add(char *buf, size_t n, const char *fmt, const char *s)
{
	size_t len = strlen(buf);
	snprintf(buf + len, n - len, fmt, s);
}

/* A content word or entity that occurs in the record's title (or, unless
 * from_title, its abstract's topic words) for a search term. */
static const char *pick(const gm_model *m, const gr_record *rec, gm_rng *r, int from_title)
{
	const char *cand[GR_MAX_TITLE + GR_MAX_ABS];
	int n = 0;
	if (rec->nentity && gm_rng_unit(r) < 0.15) {
		for (int i = 0; i < rec->ntitle; i++)
			if (rec->title[i].flags & GT_ENTITY)
				return rec->title[i].s;
		for (int i = 0; i < rec->nabs && !from_title; i++)
			if (rec->abs[i].flags & GT_ENTITY)
				return rec->abs[i].s;
	}
	for (int i = 0; i < rec->ntitle; i++)
		if (gm_is_content(m, rec->title[i].id, QUERY_MIN_RANK))
			cand[n++] = rec->title[i].s;
	for (int i = 0; i < rec->nabs && !from_title; i++)
		for (int k = 0; k < rec->ntopic; k++)
			if (rec->abs[i].id == rec->topic[k] &&
			    gm_is_content(m, rec->topic[k], QUERY_MIN_RANK)) {
				cand[n++] = rec->abs[i].s;
				break;
			}
	return n ? cand[gm_rng_next(r) % (uint64_t)n] : NULL;
}

/* Picks len distinct words; returns how many it found. */
static int pick_words(const gm_model *m, const gr_record *rec, gm_rng *r, int len,
                      const char **w, int from_title)
{
	int n = 0;
	for (int tries = 0; n < len && tries < 40; tries++) {
		const char *s = pick(m, rec, r, from_title);
		int dup = !s;
		for (int k = 0; k < n && !dup; k++)
			dup = strcmp(w[k], s) == 0;
		if (!dup)
			w[n++] = s;
	}
	return n;
}

/* An adjacent run of len content words in title or abstract. */
static int pick_phrase(const gm_model *m, const gr_record *rec, gm_rng *r, int len,
                       char *out, size_t n)
{
	int starts[GR_MAX_ABS], ns = 0;
	const gr_tok *t = gm_rng_unit(r) < 0.3 ? rec->title : rec->abs;
	int nt = t == rec->title ? rec->ntitle : rec->nabs;
	for (int i = 0; i + len <= nt; i++) {
		int ok = 1;
		for (int k = 0; k < len && ok; k++)
			ok = gm_is_content(m, t[i + k].id, 30) &&
			     (k + 1 == len || !(t[i + k].flags & (GT_COMMA | GT_END))) &&
			     (k == 0 || t[i + k].id != t[i + k - 1].id);
		if (ok)
			starts[ns++] = i;
	}
	if (!ns)
		return 0;
	int s = starts[gm_rng_next(r) % (uint64_t)ns];
	out[0] = '\0';
	for (int k = 0; k < len; k++)
		add(out, n, k ? " %s" : "%s", t[s + k].s);
	return 1;
}

static void and_words(query *q, const char *const *w, int n, const char *join)
{
	for (int k = 0; k < n; k++) {
		add(q->text, sizeof q->text, k ? " %s" : "%s", w[k]);
		if (k)
			add(q->fts, sizeof q->fts, "%s", join);
		add(q->fts, sizeof q->fts, "\"%s\"", w[k]);
	}
}

static int make_and(const gm_model *m, const gr_record *rec, gm_rng *r, query *q, int len)
{
	const char *w[MAX_WORDS];
	if (pick_words(m, rec, r, len, w, 0) < len)
		return 0;
	and_words(q, w, len, " ");
	return 1;
}

static int make_phrase(const gm_model *m, const gr_record *rec, gm_rng *r, query *q)
{
	char ph[512];
	if (!pick_phrase(m, rec, r, gm_rng_unit(r) < 0.2 ? 3 : 2, ph, sizeof ph))
		return 0;
	snprintf(q->text, sizeof q->text, "\"%s\"", ph);
	snprintf(q->fts, sizeof q->fts, "\"%s\"", ph);
	return 1;
}

static int make_field(const gm_model *m, const gr_record *rec, gm_rng *r, query *q)
{
	double u = gm_rng_unit(r);
	const char *w[2];
	char ph[512];
	if (u < 0.4) {
		if (pick_words(m, rec, r, 1, w, 1) < 1)
			return 0;
		snprintf(q->text, sizeof q->text, "%s[ti]", w[0]);
		snprintf(q->fts, sizeof q->fts, "title : \"%s\"", w[0]);
	} else if (u < 0.7) {
		if (!pick_phrase(m, rec, r, 2, ph, sizeof ph))
			return 0;
		snprintf(q->text, sizeof q->text, "\"%s\"[tiab]", ph);
		snprintf(q->fts, sizeof q->fts, "{title abstract} : \"%s\"", ph);
	} else if (u < 0.85) {
		const char *t = NULL;
		for (int i = 0; i < rec->nabs && !t; i++)
			for (int k = 0; k < rec->ntopic && !t; k++)
				if (rec->abs[i].id == rec->topic[k] &&
				    gm_is_content(m, rec->topic[k], QUERY_MIN_RANK))
					t = rec->abs[i].s;
		if (!t)
			return 0;
		snprintf(q->text, sizeof q->text, "%s[ab]", t);
		snprintf(q->fts, sizeof q->fts, "abstract : \"%s\"", t);
	} else {
		if (pick_words(m, rec, r, 1, w, 1) < 1 || pick_words(m, rec, r, 1, w + 1, 0) < 1 ||
		    !strcmp(w[0], w[1]))
			return 0;
		snprintf(q->text, sizeof q->text, "%s[ti] %s", w[0], w[1]);
		snprintf(q->fts, sizeof q->fts, "title : \"%s\" AND \"%s\"", w[0], w[1]);
	}
	return 1;
}

static int make_filter(const gr_params *p, const gr_record *rec, gm_rng *r, query *q)
{
	const char *w[2];
	int len = 1 + (gm_rng_unit(r) < 0.5);
	double u = gm_rng_unit(r);
	if (pick_words(p->model, rec, r, len, w, 0) < len)
		return 0;
	and_words(q, w, len, " ");
	if (u < 0.5 || u >= 0.8) {
		q->year_min = rec->year - (int)(gm_rng_next(r) % 6);
		if (gm_rng_unit(r) < 0.6) {
			q->year_max = rec->year + (int)(gm_rng_next(r) % 3);
			if (q->year_max > GR_YEAR_LAST)
				q->year_max = GR_YEAR_LAST;
		}
	}
	if (u >= 0.5) {
		char title[160], abbrev[80];
		gr_journal(p->model, rec->journal, title, sizeof title, abbrev, sizeof abbrev);
		snprintf(q->journal, sizeof q->journal, "%s", gm_rng_unit(r) < 0.5 ? title : abbrev);
	}
	return 1;
}

static int lowercase_word(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && *s != '-')
			return 0;
	return 1;
}

/* A question-like run of words, as NFCorpus query titles are. */
static int make_any(const gm_model *m, const gr_record *rec, gm_rng *r, query *q, int len)
{
	const char *w[MAX_WORDS];
	int n = 0;
	uint32_t prev = GM_BOS;
	if (len > MAX_WORDS)
		len = MAX_WORDS;
	for (int tries = 0; n < len && tries < 200; tries++) {
		uint32_t id;
		if (rec->ntopic && gm_rng_unit(r) < 0.3)
			id = rec->topic[gm_rng_next(r) % (uint64_t)rec->ntopic];
		else if (!(id = gm_sample_next(m, prev, r)))
			id = gm_sample_word(m, r);
		prev = id;
		const char *s = m->word[id];
		int dup = !lowercase_word(s);
		for (int k = 0; k < n && !dup; k++)
			dup = strcmp(w[k], s) == 0;
		if (!dup)
			w[n++] = s;
	}
	if (n < len)
		return 0;
	q->any = 1;
	and_words(q, w, n, " OR ");
	return 1;
}

/* Query lengths from the NFCorpus query titles file, else a fallback. */
static int load_lengths(const char *path, int *len, int max)
{
	static const int fallback[] = { 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 9, 10, 12 };
	int n = 0;
	FILE *f = path ? fopen(path, "r") : NULL;
	if (f) {
		char line[2048];
		while (n < max && fgets(line, sizeof line, f)) {
			char *tab = strchr(line, '\t');
			int words = 0, in = 0;
			for (char *c = tab ? tab + 1 : line; *c; c++) {
				int sp = *c == ' ' || *c == '\n' || *c == '\t' || *c == '?';
				if (!sp && !in)
					words++;
				in = !sp;
			}
			if (words >= 3)
				len[n++] = words;
		}
		fclose(f);
	}
	if (n == 0)
		for (; n < (int)(sizeof fallback / sizeof *fallback); n++)
			len[n] = fallback[n];
	return n;
}

static void write_query(FILE *f, const query *q)
{
	fprintf(f, "%s\t%s\t%d\t%d\t%s\t%s\t%s\n", q->cls, q->any ? "any" : "all", q->year_min,
	        q->year_max, q->journal, q->text, q->fts);
}

int gq_write(FILE *f, const gr_params *p, long query_docs, const char *nf_path,
             gr_record *rec, long *count)
{
	static const struct { const char *cls; int n; } plan[] = {
		{ "and", 120 }, { "phrase", 50 }, { "field", 50 }, { "filter", 50 }, { "any", 60 },
	};
	int lens[1024], nlens = load_lengths(nf_path, lens, 1024);
	int total = 0;
	for (size_t c = 0; c < sizeof plan / sizeof *plan; c++)
		total += plan[c].n;
	query *qs = calloc((size_t)total, sizeof *qs);
	gm_rng r;
	int nq = 0;

	if (!qs)
		return -1;
	gm_rng_seed(&r, p->seed ^ 0x51f15eedull, 0);
	for (size_t c = 0; c < sizeof plan / sizeof *plan; c++) {
		for (int made = 0, tries = 0; made < plan[c].n && tries < plan[c].n * 50; tries++) {
			query *q = &qs[nq];
			memset(q, 0, sizeof *q);
			q->cls = plan[c].cls;
			gr_generate(p, (long)(gm_rng_next(&r) % (uint64_t)query_docs), rec);
			int ok;
			switch (c) {
			case 0: ok = make_and(p->model, rec, &r, q, 1 + made % 3); break;
			case 1: ok = make_phrase(p->model, rec, &r, q); break;
			case 2: ok = make_field(p->model, rec, &r, q); break;
			case 3: ok = make_filter(p, rec, &r, q); break;
			default:
				ok = make_any(p->model, rec, &r, q, lens[gm_rng_next(&r) % (uint64_t)nlens]);
				break;
			}
			if (ok) {
				made++;
				nq++;
			}
		}
	}
	/* interleave the classes so no class runs on a cache the others warmed */
	for (int i = nq - 1; i > 0; i--) {
		int j = (int)(gm_rng_next(&r) % (uint64_t)(i + 1));
		query t = qs[i];
		qs[i] = qs[j];
		qs[j] = t;
	}
	for (int i = 0; i < nq; i++)
		write_query(f, &qs[i]);
	free(qs);
	*count = nq;
	return 0;
}
