/*
 * gen_record.c: synthesising one PubMed record from the learned model
 * and writing it as PubMed XML.  See gen_record.h.
 *
 * Text is a bigram chain over the learned vocabulary, mixed with:
 *  - the record's topic words (a few mid-frequency words that recur in
 *    its title, abstract and keywords, as real abstracts repeat theirs);
 *  - named entities (IL-6, BRCA1, CD4+, 5-HT2A, miR-155, rs numbers, drug
 *    codes), drawn by a Pareto-distributed rank from an unbounded set;
 *  - numbers; and
 *  - rare made-up words, also by an unbounded Pareto rank, so the
 *    vocabulary keeps growing with the corpus (Heaps' law) instead of
 *    stopping at the sample's.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gen_record.h"

#define P_NUMBER 0.02
#define P_TAIL 0.02
#define TAIL_R0 1000.0
#define TAIL_ALPHA 0.5
#define ENTITY_R0 20.0
#define ENTITY_ALPHA 0.8
#define YEAR_GROWTH 0.065   /* PubMed grows roughly 6-7% a year */
#define JOURNAL_ZIPF 0.75

/* ---- made-up tokens ------------------------------------------------------ */

static const char *arena_add(gr_record *rec, const char *s, size_t n)
{
	if (rec->arena_len + n + 1 > sizeof rec->arena)
		return NULL;
	char *d = rec->arena + rec->arena_len;
	memcpy(d, s, n);
	d[n] = '\0';
	rec->arena_len += n + 1;
	return d;
}

static uint64_t pareto_rank(gm_rng *r, double r0, double alpha)
{
	double u = 1.0 - gm_rng_unit(r);   /* (0, 1] */
	double x = r0 * (pow(u, -1.0 / alpha) - 1.0);
	return x > 1e12 ? (uint64_t)1e12 : (uint64_t)x;
}

/* Entity number rank as text: a few very common ones, then patterns. */
static int entity_text(uint64_t rank, char *b, size_t n)
{
	static const char *const common[] = {
		"COVID-19", "IL-6", "SARS-CoV-2", "TNF-α", "BRCA1", "CD4+", "p53", "5-HT2A",
		"HbA1c", "IL-1β", "CD8+", "NF-κB", "mTORC1", "HER2", "PD-L1", "TGF-β1",
	};
	static const char letters[] = "ABCDEFGHIKLMNPRSTVWXZ";
	static const char *const greek[] = { "α", "β", "γ", "δ", "κ" };
	uint64_t h = gm_mix(rank * 0x9e37u + 17);
	if (rank < sizeof common / sizeof *common)
		return snprintf(b, n, "%s", common[rank]);
	unsigned a = (unsigned)(h >> 8), c = (unsigned)(h >> 24);
	char g[6];
	int glen = 3 + (int)(h >> 40) % 3;
	for (int i = 0; i < glen; i++)
		g[i] = letters[(h >> (44 + 4 * i)) % (sizeof letters - 1)];
	g[glen] = '\0';
	switch (h % 10) {
	case 0: return snprintf(b, n, "IL-%u", a % 40 + 1);
	case 1: return snprintf(b, n, "CD%u%s", a % 300 + 1, c & 1 ? "+" : "");
	case 2: return snprintf(b, n, "%s%u", g, a % 20 + 1);
	case 3: return snprintf(b, n, "miR-%u%s", a % 900 + 1, c & 3 ? "" : "-5p");
	case 4: return snprintf(b, n, "rs%u", 1000000 + (unsigned)(h >> 20) % 90000000);
	case 5: return snprintf(b, n, "%.3s-%u", g, a % 99000 + 100);
	case 6: return snprintf(b, n, "5-HT%u%c", a % 7 + 1, "ABCDE"[c % 5]);
	case 7: return c & 1 ? snprintf(b, n, "Nav1.%u", a % 9 + 1)
	                     : snprintf(b, n, "Kv%u.%u", a % 12 + 1, c % 9 + 1);
	case 8: return snprintf(b, n, "%s-%s%s", g, greek[a % 5], c & 1 ? "1" : "");
	default: return snprintf(b, n, "%s%u%c", g, a % 9 + 1, "ABCDEFGH"[c % 8]);
	}
}

static const char *const suffixes[] = {
	"ase", "itis", "osis", "ine", "ide", "ol", "omab", "umab", "inib", "mycin", "cillin",
	"genic", "pathy", "plasty", "ectomy", "emia", "oma", "cyte", "blast", "kine",
	"tropin", "statin", "pril", "sartan", "olol", "azole", "vir", "tide", "gen", "ome",
	"philic", "lysis", "trophic", "ergic", "plasia", "algia", "uria", "oid", "ium", "an",
};

/* A rare word of tail rank: a fragment of a learned word and a suffix. */
static int tail_text(const gm_model *m, uint64_t rank, char *b, size_t n)
{
	uint64_t h = gm_mix(rank + 0x51ed27);
	uint32_t span = m->nword - 1 > 30000 ? 30000 : m->nword - 1;
	uint32_t lo = span > 400 ? 200 : 0;
	const char *w = m->word[m->by_rank[lo + (uint32_t)(h % (span - lo))]];
	size_t wl = strlen(w), cut = 3 + (h >> 32) % 4;
	size_t k = 0;
	for (; k < cut && k < wl && w[k] >= 'a' && w[k] <= 'z'; k++)
		;
	if (k < 2) {
		w = "neur";
		k = 4;
	}
	return snprintf(b, n, "%.*s%s", (int)k, w,
	                suffixes[(h >> 16) % (sizeof suffixes / sizeof *suffixes)]);
}

static int number_text(gm_rng *r, char *b, size_t n)
{
	double u = gm_rng_unit(r);
	unsigned x = (unsigned)gm_rng_next(r);
	if (u < 0.4)
		return snprintf(b, n, "%d", (int)exp(gm_rng_unit(r) * log(100.0)) + 1);
	if (u < 0.6)
		return snprintf(b, n, "%d", (int)exp(log(100.0) + gm_rng_unit(r) * log(500.0)));
	if (u < 0.85)
		return snprintf(b, n, "%u.%0*u", x % 10, 1 + (int)(x >> 8) % 3, (x >> 12) % 1000);
	return snprintf(b, n, "%u.%u%%", x % 100, (x >> 8) % 10);
}

/* ---- tokens --------------------------------------------------------------- */

static void tok_word(const gm_model *m, gr_tok *t, uint32_t id)
{
	t->s = m->word[id];
	t->len = (unsigned short)strlen(t->s);
	t->flags = 0;
	t->id = id;
}

static int tok_made(gr_record *rec, gr_tok *t, const char *s, int n, int flags)
{
	if (n <= 0 || !(t->s = arena_add(rec, s, (size_t)n)))
		return -1;
	t->len = (unsigned short)n;
	t->flags = (unsigned char)flags;
	t->id = 0;
	return 0;
}

typedef struct chain {
	uint32_t prev;   /* last learned word, GM_BOS at a sentence start */
	int prev_ok;     /* 0 after a made-up token: the next is a unigram draw */
} chain;

static void next_token(const gr_params *p, gr_record *rec, gm_rng *r, chain *c, gr_tok *t,
                       double topic_rate, double entity_rate)
{
	const gm_model *m = p->model;
	char buf[64];
	double u = gm_rng_unit(r);

	if (u < topic_rate && rec->ntopic) {
		/* earlier topics are the main ones */
		uint64_t a = gm_rng_next(r) % (uint64_t)rec->ntopic, b = gm_rng_next(r) % (uint64_t)rec->ntopic;
		tok_word(m, t, rec->topic[a < b ? a : b]);
		c->prev = t->id;
		c->prev_ok = 1;
		return;
	}
	u -= topic_rate;
	if (u < entity_rate && (rec->nentity || gm_rng_unit(r) < 0.25)) {
		if (rec->nentity && gm_rng_unit(r) < 0.8) {
			const char *e = rec->entity[gm_rng_next(r) % (uint64_t)rec->nentity];
			t->s = e;
			t->len = (unsigned short)strlen(e);
			t->flags = GT_ENTITY;
			t->id = 0;
			c->prev_ok = 0;
			return;
		}
		int n = entity_text(pareto_rank(r, ENTITY_R0, ENTITY_ALPHA), buf, sizeof buf);
		if (tok_made(rec, t, buf, n, GT_ENTITY) == 0) {
			c->prev_ok = 0;
			return;
		}
	}
	u -= entity_rate;
	if (u >= 0 && u < P_NUMBER) {
		if (tok_made(rec, t, buf, number_text(r, buf, sizeof buf), GT_NUMBER) == 0) {
			c->prev_ok = 0;
			return;
		}
	}
	u -= P_NUMBER;
	if (u >= 0 && u < P_TAIL) {
		int n = tail_text(m, pareto_rank(r, TAIL_R0, TAIL_ALPHA), buf, sizeof buf);
		if (tok_made(rec, t, buf, n, GT_TAIL) == 0) {
			c->prev_ok = 0;
			return;
		}
	}
	uint32_t id = 0;
	if (c->prev_ok && gm_rng_unit(r) < (c->prev == GM_BOS ? 0.8 : 0.6))
		id = gm_sample_next(m, c->prev, r);
	if (!id)
		id = gm_sample_word(m, r);
	tok_word(m, t, id);
	c->prev = id;
	c->prev_ok = 1;
}

/* Appends a sentence of len tokens; returns its characters, -1 when full. */
static long sentence(const gr_params *p, gr_record *rec, gm_rng *r, gr_tok *out, int *n,
                     int max, int len, double topic_rate, double entity_rate)
{
	chain c = { GM_BOS, 1 };
	long chars = 0;
	if (*n + len > max)
		return -1;
	for (int i = 0; i < len; i++) {
		gr_tok *t = &out[(*n)++];
		next_token(p, rec, r, &c, t, topic_rate, entity_rate);
		if (i + 1 < len && i > 1 && gm_rng_unit(r) < 0.05)
			t->flags |= GT_COMMA;
		chars += t->len + 1 + ((t->flags & GT_COMMA) != 0);
	}
	out[*n - 1].flags |= GT_END;
	return chars + 1;
}

/* ---- journals ------------------------------------------------------------ */

/* Length of at most max bytes of s that does not split a UTF-8 character. */
static size_t utf8_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

static void capword(char *b, size_t n, const char *w, size_t maxlen)
{
	size_t k = utf8_prefix(w, maxlen < n - 1 ? maxlen : n - 1);
	memcpy(b, w, k);
	b[k] = '\0';
	if (b[0] >= 'a' && b[0] <= 'z')
		b[0] = (char)(b[0] - 'a' + 'A');
}

void gr_journal(const gm_model *m, int j, char *title, size_t tn, char *abbrev, size_t an)
{
	uint64_t h = gm_mix((uint64_t)j * 7919 + 3);
	gm_rng r;
	char a[40], b[40], a5[8], b5[8];
	/* topic words of rank 100 and below, as journal titles have */
	gm_rng_seed(&r, 0x10a7, (uint64_t)j);
	capword(a, sizeof a, m->word[gm_sample_content(m, &r, 100)], 39);
	capword(b, sizeof b, m->word[gm_sample_content(m, &r, 100)], 39);
	capword(a5, sizeof a5, a, 5);
	capword(b5, sizeof b5, b, 5);
	switch ((h >> 44) % 8) {
	case 0: snprintf(title, tn, "Journal of %s", a); snprintf(abbrev, an, "J %s", a5); break;
	case 1: snprintf(title, tn, "%s research", a); snprintf(abbrev, an, "%s Res", a5); break;
	case 2:
		snprintf(title, tn, "International journal of %s and %s", a, b);
		snprintf(abbrev, an, "Int J %s %s", a5, b5);
		break;
	case 3: snprintf(title, tn, "%s and %s", a, b); snprintf(abbrev, an, "%s %s", a5, b5); break;
	case 4: snprintf(title, tn, "Annals of %s", a); snprintf(abbrev, an, "Ann %s", a5); break;
	case 5: snprintf(title, tn, "%s reports", a); snprintf(abbrev, an, "%s Rep", a5); break;
	case 6: snprintf(title, tn, "Frontiers in %s", a); snprintf(abbrev, an, "Front %s", a5); break;
	default:
		snprintf(title, tn, "The journal of %s %s", a, b);
		snprintf(abbrev, an, "J %s %s", a5, b5);
		break;
	}
}

int gr_params_init(gr_params *p, const gm_model *m, uint64_t seed, double abstract_mean,
                   double no_abstract)
{
	uint64_t *w = malloc(GR_NJOURNALS * sizeof *w);
	memset(p, 0, sizeof *p);
	if (!w)
		return -1;
	for (int j = 0; j < GR_NJOURNALS; j++)
		w[j] = (uint64_t)(1e9 / pow(j + 1.0, JOURNAL_ZIPF));
	p->journal_cdf.n = GR_NJOURNALS;
	p->journal_cdf.cum = w;
	for (int j = 1; j < GR_NJOURNALS; j++)
		w[j] += w[j - 1];
	p->seed = seed;
	p->model = m;
	p->abstract_mean = abstract_mean;
	p->no_abstract = no_abstract;
	p->first_pmid = 10000001;
	p->abs_sigma = gm_abs_log_sigma(m);
	p->abs_mu = log(abstract_mean) - p->abs_sigma * p->abs_sigma / 2;
	return 0;
}

void gr_params_free(gr_params *p)
{
	free(p->journal_cdf.cum);
	p->journal_cdf.cum = NULL;
}

/* ---- a record ------------------------------------------------------------- */

static const char *const qualifiers[] = {
	"metabolism", "drug therapy", "genetics", "pharmacology", "physiology", "pathology",
	"therapeutic use", "diagnosis", "epidemiology", "adverse effects", "chemistry",
	"methods", "surgery", "physiopathology", "etiology",
};
static const char *const countries[] = {
	"USA", "China", "Japan", "Germany", "United Kingdom", "France", "Italy", "Canada",
	"Spain", "Brazil", "Korea", "India", "Australia", "Netherlands", "Sweden",
};
static const char *const name_suffixes[] = {
	"ov", "ski", "ez", "son", "ini", "aki", "ang", "sen", "berg", "mann", "escu", "idis",
};

static int by_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void authors(const gr_params *p, gr_record *rec, gm_rng *r)
{
	const gm_model *m = p->model;
	char buf[256];
	int n = (int)lround(exp(1.45 + 0.65 * gm_rng_normal(r)));
	rec->nauthors = n < 1 ? 1 : n > GR_MAX_AUTHORS ? GR_MAX_AUTHORS : n;
	for (int i = 0; i < rec->nauthors; i++) {
		gr_author *a = &rec->authors[i];
		a->last = gm_sample_name(m, r);
		if (gm_rng_unit(r) < 0.15) {
			int k = snprintf(buf, sizeof buf, "%.*s%s", (int)utf8_prefix(a->last, 5),
			                 a->last, name_suffixes[gm_rng_next(r) % 12]);
			const char *s = arena_add(rec, buf, (size_t)k);
			if (s)
				a->last = s;
		}
		a->fore = gm_sample_name(m, r);
		a->initials[0] = (char)(a->fore[0] >= 'A' && a->fore[0] <= 'Z' ? a->fore[0] : 'A');
		a->initials[1] = gm_rng_unit(r) < 0.4 ? (char)('A' + gm_rng_next(r) % 26) : '\0';
		a->initials[2] = '\0';
		a->affiliation = NULL;
		if (gm_rng_unit(r) < 0.6) {
			char dept[40], city[40], uni[40];
			capword(dept, sizeof dept, m->word[gm_sample_content(m, r, 100)], 39);
			capword(uni, sizeof uni, gm_sample_name(m, r), 39);
			int k = tail_text(m, gm_rng_next(r) % 20000, city, sizeof city);
			if (k > 0 && city[0] >= 'a' && city[0] <= 'z')
				city[0] = (char)(city[0] - 'a' + 'A');
			k = snprintf(buf, sizeof buf, "Department of %s, %s University, %s, %s.", dept,
			             uni, city, countries[gm_rng_next(r) % 15]);
			a->affiliation = arena_add(rec, buf, (size_t)k);
		}
	}
}

static void keywords(const gr_params *p, gr_record *rec, gm_rng *r)
{
	const gm_model *m = p->model;
	int items = 3 + (int)(gm_rng_next(r) % 5);
	for (int i = 0; i < items && rec->nkw + 3 < GR_MAX_KW; i++) {
		int len = 1 + (gm_rng_unit(r) < 0.5) + (gm_rng_unit(r) < 0.15);
		uint32_t id = rec->ntopic && gm_rng_unit(r) < 0.6
		                      ? rec->topic[gm_rng_next(r) % (uint64_t)rec->ntopic]
		                      : gm_sample_content(m, r, 200);
		for (int k = 0; k < len; k++) {
			tok_word(m, &rec->kw[rec->nkw++], id);
			uint32_t next = gm_sample_next(m, id, r);
			id = next && gm_is_content(m, next, 30) ? next : gm_sample_content(m, r, 200);
		}
		rec->kw[rec->nkw - 1].flags |= GT_END;
	}
}

static void mesh(const gr_params *p, gr_record *rec, gm_rng *r)
{
	int want = gm_sample_mesh_count(p->model, r);
	if (want > GR_MAX_MESH)
		want = GR_MAX_MESH;
	for (int tries = 0; rec->nmesh < want && tries < want * 4; tries++) {
		const char *t = gm_sample_mesh(p->model, r);
		int dup = 0;
		for (int i = 0; i < rec->nmesh && !dup; i++)
			dup = rec->mesh[i] == t;
		if (!dup)
			rec->mesh[rec->nmesh++] = t;
	}
	qsort(rec->mesh, (size_t)rec->nmesh, sizeof *rec->mesh, by_string);
	for (int i = 0; i < rec->nmesh; i++) {
		rec->mesh_major[i] = gm_rng_unit(r) < 0.2 ? 'Y' : 'N';
		rec->mesh_qualifier[i] =
			gm_rng_unit(r) < 0.3 ? qualifiers[gm_rng_next(r) % 15] : NULL;
	}
}

void gr_generate(const gr_params *p, long index, gr_record *rec)
{
	const gm_model *m = p->model;
	gm_rng r;
	char buf[64];

	gm_rng_seed(&r, p->seed, (uint64_t)index);
	rec->index = index;
	rec->pmid = p->first_pmid + index;
	rec->arena_len = 0;
	rec->ntitle = rec->nabs = rec->nkw = rec->nmesh = rec->nauthors = 0;
	rec->nentity = rec->nrefs = rec->structured = 0;

	int y = GR_YEAR_LAST - (int)(-log(1.0 - gm_rng_unit(&r)) / YEAR_GROWTH);
	rec->year = y < GR_YEAR_FIRST ? GR_YEAR_FIRST + (int)(gm_rng_next(&r) % 20) : y;
	rec->month = 1 + (int)(gm_rng_next(&r) % 12);
	rec->day = 1 + (int)(gm_rng_next(&r) % 28);
	rec->journal = (int)gm_cdf_sample(&p->journal_cdf, &r);

	rec->ntopic = 3 + (int)(gm_rng_next(&r) % 5);
	for (int i = 0; i < rec->ntopic; i++)
		rec->topic[i] = gm_sample_content(m, &r, 100);
	int ne = gm_rng_unit(&r) < 0.45 ? 1 + (gm_rng_unit(&r) < 0.3) : 0;
	for (int i = 0; i < ne; i++) {
		int n = entity_text(pareto_rank(&r, ENTITY_R0, ENTITY_ALPHA), buf, sizeof buf);
		const char *e = n > 0 ? arena_add(rec, buf, (size_t)n) : NULL;
		if (e)
			rec->entity[rec->nentity++] = e;
	}

	int tl = gm_sample_title_len(m, &r);
	tl = tl < 2 ? 2 : tl >= GR_MAX_TITLE ? GR_MAX_TITLE - 1 : tl;
	sentence(p, rec, &r, rec->title, &rec->ntitle, GR_MAX_TITLE, tl, 0.18, 0.06);

	if (gm_rng_unit(&r) >= p->no_abstract) {
		double target = exp(p->abs_mu + p->abs_sigma * gm_rng_normal(&r));
		target = target < 120 ? 120 : target > 8000 ? 8000 : target;
		int sentences = 0;
		/* stop half a sentence early on average, so the mean holds */
		for (double chars = 0; chars + 70 < target; sentences++) {
			int len = gm_sample_sentence_len(m, &r);
			long c = sentence(p, rec, &r, rec->abs, &rec->nabs, GR_MAX_ABS, len, 0.06, 0.015);
			if (c < 0)
				break;
			chars += (double)c;
		}
		if (sentences >= 4 && gm_rng_unit(&r) < 0.35) {
			/* BACKGROUND, METHODS, RESULTS, CONCLUSIONS at sentence ends */
			int s = 0, k = 1;
			rec->structured = 1;
			rec->sect_start[0] = 0;
			for (int i = 0; i < rec->nabs && k < 4; i++)
				if (rec->abs[i].flags & GT_END && ++s >= k * sentences / 4)
					rec->sect_start[k++] = i + 1;
			while (k < 4) {
				rec->sect_start[k] = rec->sect_start[k - 1];
				k++;
			}
			rec->sect_start[4] = rec->nabs;
		}
	}
	if (gm_rng_unit(&r) < 0.6)
		keywords(p, rec, &r);
	if (gm_rng_unit(&r) < 0.85)
		mesh(p, rec, &r);
	if (gm_rng_unit(&r) < 0.97)
		authors(p, rec, &r);
	if (gm_rng_unit(&r) < 0.2)
		rec->nrefs = 5 + (int)(gm_rng_next(&r) % 26);
	rec->pub_review = gm_rng_unit(&r) < 0.1;
	rec->pub_trial = gm_rng_unit(&r) < 0.04;
	double lu = gm_rng_unit(&r);
	rec->language = lu < 0.94 ? "eng" : lu < 0.96 ? "chi" : lu < 0.98 ? "ger" : "fre";
}

/* ---- writing ---------------------------------------------------------------- */

static size_t out(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n > 0 ? (size_t)n : 0;
}

static size_t esc(FILE *f, const char *s)
{
	size_t n = 0;
	for (; *s; s++) {
		switch (*s) {
		case '&': n += out(f, "&amp;"); break;
		case '<': n += out(f, "&lt;"); break;
		case '>': n += out(f, "&gt;"); break;
		case '"': n += out(f, "&quot;"); break;
		default: putc(*s, f); n++;
		}
	}
	return n;
}

size_t gr_write_text(FILE *f, const gr_tok *t, int n, int xml)
{
	size_t bytes = 0;
	int start = 1;
	for (int i = 0; i < n; i++) {
		const char *s = t[i].s;
		if (i) {
			putc(' ', f);
			bytes++;
		}
		if (start && s[0] >= 'a' && s[0] <= 'z') {
			putc(s[0] - 'a' + 'A', f);
			s++;
			bytes++;
		}
		bytes += xml ? esc(f, s) : fwrite(s, 1, strlen(s), f);
		if (t[i].flags & GT_COMMA) {
			putc(',', f);
			bytes++;
		}
		start = (t[i].flags & GT_END) != 0;
		if (start) {
			putc('.', f);
			bytes++;
		}
	}
	return bytes;
}

static size_t date(FILE *f, int indent, const char *tag, const char *attr, int y, int mo,
                   int d)
{
	return out(f, "%*s<%s%s><Year>%d</Year><Month>%02d</Month><Day>%02d</Day></%s>\n", indent,
	           "", tag, attr, y, mo, d, tag);
}

static size_t references(FILE *f, const gr_params *p, const gr_record *rec)
{
	const gm_model *m = p->model;
	gm_rng r;
	size_t n = out(f, "      <ReferenceList>\n");
	gm_rng_seed(&r, p->seed ^ 0x7e7e7e7eull, (uint64_t)rec->index);
	for (int i = 0; i < rec->nrefs; i++) {
		char jt[160], ja[80];
		gr_journal(m, (int)gm_cdf_sample(&p->journal_cdf, &r), jt, sizeof jt, ja, sizeof ja);
		n += out(f, "        <Reference>\n          <Citation>");
		n += esc(f, gm_sample_name(m, &r));
		n += out(f, " %c, ", 'A' + (int)(gm_rng_next(&r) % 26));
		n += esc(f, gm_sample_name(m, &r));
		n += out(f, " %c. ", 'A' + (int)(gm_rng_next(&r) % 26));
		int words = 6 + (int)(gm_rng_next(&r) % 10);
		for (int k = 0; k < words; k++)
			n += out(f, "%s%s", k ? " " : "", m->word[gm_sample_word(m, &r)]);
		int ry = rec->year - 1 - (int)(gm_rng_next(&r) % 20);
		n += out(f, ". %s. %d;%d:%d-%d.</Citation>\n", ja, ry, (int)(gm_rng_next(&r) % 80) + 1,
		         (int)(gm_rng_next(&r) % 900) + 1, (int)(gm_rng_next(&r) % 900) + 901);
		n += out(f, "          <ArticleIdList>\n            <ArticleId IdType=\"pubmed\">%ld"
		            "</ArticleId>\n          </ArticleIdList>\n        </Reference>\n",
		         (long)(1000000 + gm_rng_next(&r) % 38000000));
	}
	return n + out(f, "      </ReferenceList>\n");
}

size_t gr_write_xml(FILE *f, const gr_params *p, const gr_record *rec)
{
	static const char *const labels[] = { "BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS" };
	char jt[160], ja[80];
	uint64_t jh = gm_mix((uint64_t)rec->journal + 99);
	size_t n = 0;

	gr_journal(p->model, rec->journal, jt, sizeof jt, ja, sizeof ja);
	n += out(f, "  <PubmedArticle>\n    <MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">\n"
	            "      <PMID Version=\"1\">%ld</PMID>\n", rec->pmid);
	n += date(f, 6, "DateCompleted", "", rec->year, rec->month, rec->day);
	n += date(f, 6, "DateRevised", "", rec->year + 1, rec->month, rec->day);
	n += out(f, "      <Article PubModel=\"Print-Electronic\">\n        <Journal>\n"
	            "          <ISSN IssnType=\"Electronic\">%04u-%04u</ISSN>\n"
	            "          <JournalIssue CitedMedium=\"Internet\">\n"
	            "            <Volume>%d</Volume>\n            <Issue>%d</Issue>\n"
	            "            <PubDate>\n              <Year>%d</Year>\n"
	            "              <Month>%.3s</Month>\n            </PubDate>\n"
	            "          </JournalIssue>\n          <Title>",
	         (unsigned)(jh % 10000), (unsigned)((jh >> 16) % 10000), rec->year - 1950,
	         rec->month, rec->year, &"JanFebMarAprMayJunJulAugSepOctNovDec"[3 * (rec->month - 1)]);
	n += esc(f, jt);
	n += out(f, "</Title>\n          <ISOAbbreviation>");
	n += esc(f, ja);
	n += out(f, "</ISOAbbreviation>\n        </Journal>\n        <ArticleTitle>");
	n += gr_write_text(f, rec->title, rec->ntitle, 1);
	n += out(f, "</ArticleTitle>\n        <Pagination>\n          <MedlinePgn>%d-%d</MedlinePgn>\n"
	            "        </Pagination>\n"
	            "        <ELocationID EIdType=\"doi\" ValidYN=\"Y\">10.%u/j.%ld</ELocationID>\n",
	         (int)(rec->pmid % 900) + 1, (int)(rec->pmid % 900) + 12,
	         (unsigned)(1000 + jh % 9000), rec->pmid);
	if (rec->nabs) {
		n += out(f, "        <Abstract>\n");
		if (rec->structured) {
			for (int s = 0; s < 4; s++) {
				int a = rec->sect_start[s], b = rec->sect_start[s + 1];
				if (a >= b)
					continue;
				n += out(f, "          <AbstractText Label=\"%s\" NlmCategory=\"%s\">",
				         labels[s], labels[s]);
				n += gr_write_text(f, rec->abs + a, b - a, 1);
				n += out(f, "</AbstractText>\n");
			}
		} else {
			n += out(f, "          <AbstractText>");
			n += gr_write_text(f, rec->abs, rec->nabs, 1);
			n += out(f, "</AbstractText>\n");
		}
		n += out(f, "          <CopyrightInformation>Copyright %d. Published by the authors."
		            "</CopyrightInformation>\n        </Abstract>\n", rec->year);
	}
	if (rec->nauthors) {
		n += out(f, "        <AuthorList CompleteYN=\"Y\">\n");
		for (int i = 0; i < rec->nauthors; i++) {
			const gr_author *a = &rec->authors[i];
			n += out(f, "          <Author ValidYN=\"Y\">\n            <LastName>");
			n += esc(f, a->last);
			n += out(f, "</LastName>\n            <ForeName>");
			n += esc(f, a->fore);
			n += out(f, "</ForeName>\n            <Initials>%s</Initials>\n", a->initials);
			if (a->affiliation) {
				n += out(f, "            <AffiliationInfo>\n              <Affiliation>");
				n += esc(f, a->affiliation);
				n += out(f, "</Affiliation>\n            </AffiliationInfo>\n");
			}
			n += out(f, "          </Author>\n");
		}
		n += out(f, "        </AuthorList>\n");
	}
	n += out(f, "        <Language>%s</Language>\n        <PublicationTypeList>\n"
	            "          <PublicationType UI=\"D016428\">Journal Article</PublicationType>\n%s%s"
	            "        </PublicationTypeList>\n",
	         rec->language,
	         rec->pub_review ? "          <PublicationType UI=\"D016454\">Review</PublicationType>\n" : "",
	         rec->pub_trial ? "          <PublicationType UI=\"D016449\">Randomized Controlled "
	                          "Trial</PublicationType>\n" : "");
	n += date(f, 8, "ArticleDate", " DateType=\"Electronic\"", rec->year, rec->month, rec->day);
	n += out(f, "      </Article>\n      <MedlineJournalInfo>\n        <Country>%s</Country>\n"
	            "        <MedlineTA>",
	         countries[jh % 15]);
	n += esc(f, ja);
	n += out(f, "</MedlineTA>\n        <NlmUniqueID>%u</NlmUniqueID>\n"
	            "      </MedlineJournalInfo>\n      <CitationSubset>IM</CitationSubset>\n",
	         (unsigned)(100000000 + jh % 800000000));
	if (rec->nmesh) {
		n += out(f, "      <MeshHeadingList>\n");
		for (int i = 0; i < rec->nmesh; i++) {
			uint64_t h = 1469598103934665603ull;
			for (const char *c = rec->mesh[i]; *c; c++)
				h = (h ^ (unsigned char)*c) * 1099511628211ull;
			n += out(f, "        <MeshHeading>\n          <DescriptorName UI=\"D%06u\" "
			            "MajorTopicYN=\"%c\">",
			         (unsigned)(h % 1000000), rec->mesh_major[i]);
			n += esc(f, rec->mesh[i]);
			n += out(f, "</DescriptorName>\n");
			if (rec->mesh_qualifier[i])
				n += out(f, "          <QualifierName UI=\"Q%06u\" MajorTopicYN=\"N\">%s"
				            "</QualifierName>\n",
				         (unsigned)(h >> 40) % 1000, rec->mesh_qualifier[i]);
			n += out(f, "        </MeshHeading>\n");
		}
		n += out(f, "      </MeshHeadingList>\n");
	}
	if (rec->nkw) {
		n += out(f, "      <KeywordList Owner=\"NOTNLM\">\n");
		for (int i = 0, s = 0; i < rec->nkw; i++) {
			if (i == s)
				n += out(f, "        <Keyword MajorTopicYN=\"N\">");
			n += out(f, "%s%s", i == s ? "" : " ", rec->kw[i].s);
			if (rec->kw[i].flags & GT_END) {
				n += out(f, "</Keyword>\n");
				s = i + 1;
			}
		}
		n += out(f, "      </KeywordList>\n");
	}
	n += out(f, "    </MedlineCitation>\n    <PubmedData>\n      <History>\n");
	n += date(f, 8, "PubMedPubDate", " PubStatus=\"received\"", rec->year, rec->month, 1);
	n += date(f, 8, "PubMedPubDate", " PubStatus=\"accepted\"", rec->year, rec->month, rec->day);
	n += date(f, 8, "PubMedPubDate", " PubStatus=\"pubmed\"", rec->year, rec->month, rec->day);
	n += out(f, "      </History>\n      <PublicationStatus>ppublish</PublicationStatus>\n"
	            "      <ArticleIdList>\n        <ArticleId IdType=\"pubmed\">%ld</ArticleId>\n"
	            "        <ArticleId IdType=\"doi\">10.%u/j.%ld</ArticleId>\n"
	            "      </ArticleIdList>\n",
	         rec->pmid, (unsigned)(1000 + jh % 9000), rec->pmid);
	if (rec->nrefs)
		n += references(f, p, rec);
	n += out(f, "    </PubmedData>\n  </PubmedArticle>\n");
	return n;
}
