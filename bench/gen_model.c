/*
 * gen_model.c: learning word statistics from sample records and sampling
 * from them, for the benchmark corpus generator.  See gen_model.h.
 *
 * The readers here are deliberately rough (a CSV parser, a tag scanner
 * for PubMed XML, line formats): they only need word counts, not exact
 * fields, and must never fail on odd input.
 */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "gen_model.h"

#define MAX_TOKEN 48
#define MAX_FILE_BYTES (256u << 20)

/* ---- random numbers ---------------------------------------------------- */

uint64_t gm_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

void gm_rng_seed(gm_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = gm_mix(seed) ^ gm_mix(stream * 0x632be59bd9b4e019ull + 1);
	for (int i = 0; i < 4; i++)
		r->s[i] = x = gm_mix(x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t gm_rng_next(gm_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double gm_rng_unit(gm_rng *r)
{
	return (double)(gm_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double gm_rng_normal(gm_rng *r)
{
	double u = gm_rng_unit(r), v = gm_rng_unit(r);
	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

size_t gm_cdf_sample(const gm_cdf *c, gm_rng *r)
{
	if (!c->n || !c->cum[c->n - 1])
		return 0;
	uint64_t x = gm_rng_next(r) % c->cum[c->n - 1];
	size_t lo = 0, hi = c->n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ---- growable arrays and string tables --------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 64;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static int push_int(int **a, size_t *n, size_t *cap, int v)
{
	if (grow((void **)a, cap, *n + 1, sizeof **a))
		return -1;
	(*a)[(*n)++] = v;
	return 0;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/*
 * An interned string table: strings, counts and an open-addressing hash
 * of index + 1.  Returns the index of s (added with count 0 if new), or
 * -1 on out of memory.
 */
static long intern(char ***strs, uint64_t **counts, size_t *n, size_t *cap, uint32_t **slots,
                   uint32_t *nslots, const char *s, size_t len)
{
	if (*n + 1 > *nslots / 2) {
		uint32_t ns = *nslots ? *nslots * 2 : 1024;
		uint32_t *sl = calloc(ns, sizeof *sl);
		if (!sl)
			return -1;
		for (size_t i = 0; i < *n; i++) {
			uint64_t h = hash_bytes((*strs)[i], strlen((*strs)[i]));
			uint32_t k = (uint32_t)h & (ns - 1);
			while (sl[k])
				k = (k + 1) & (ns - 1);
			sl[k] = (uint32_t)i + 1;
		}
		free(*slots);
		*slots = sl;
		*nslots = ns;
	}
	uint32_t k = (uint32_t)hash_bytes(s, len) & (*nslots - 1);
	for (; (*slots)[k]; k = (k + 1) & (*nslots - 1)) {
		const char *t = (*strs)[(*slots)[k] - 1];
		if (strncmp(t, s, len) == 0 && t[len] == '\0')
			return (long)(*slots)[k] - 1;
	}
	size_t c1 = *cap, c2 = *cap;
	if (grow((void **)strs, &c1, *n + 1, sizeof **strs) ||
	    grow((void **)counts, &c2, *n + 1, sizeof **counts))
		return -1;
	*cap = c1;
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	(*strs)[*n] = copy;
	(*counts)[*n] = 0;
	(*slots)[k] = (uint32_t)*n + 1;
	return (long)(*n)++;
}

static long word_id(gm_model *m, const char *s, size_t len)
{
	size_t n = m->nword, cap = m->capword;
	long id = intern(&m->word, &m->count, &n, &cap, &m->slots, &m->nslots, s, len);
	m->nword = (uint32_t)n;
	m->capword = (uint32_t)cap;
	return id;
}

static int bigram_add(gm_model *m, uint32_t a, uint32_t b)
{
	if (m->bg_n + 1 > m->bg_cap / 2) {
		size_t nc = m->bg_cap ? m->bg_cap * 2 : 1u << 16;
		uint64_t *keys = calloc(nc, sizeof *keys);
		uint32_t *counts = calloc(nc, sizeof *counts);
		if (!keys || !counts) {
			free(keys);
			free(counts);
			return -1;
		}
		for (size_t i = 0; i < m->bg_cap; i++) {
			if (!m->bg_key[i])
				continue;
			size_t k = gm_mix(m->bg_key[i]) & (nc - 1);
			while (keys[k])
				k = (k + 1) & (nc - 1);
			keys[k] = m->bg_key[i];
			counts[k] = m->bg_count[i];
		}
		free(m->bg_key);
		free(m->bg_count);
		m->bg_key = keys;
		m->bg_count = counts;
		m->bg_cap = nc;
	}
	uint64_t key = (uint64_t)a << 32 | b;   /* b >= 1, so never 0 */
	size_t k = gm_mix(key) & (m->bg_cap - 1);
	while (m->bg_key[k] && m->bg_key[k] != key)
		k = (k + 1) & (m->bg_cap - 1);
	if (!m->bg_key[k]) {
		m->bg_key[k] = key;
		m->bg_n++;
	}
	m->bg_count[k]++;
	return 0;
}

int gm_model_init(gm_model *m)
{
	memset(m, 0, sizeof *m);
	return word_id(m, "", 0) == GM_BOS ? 0 : -1;
}

void gm_model_free(gm_model *m)
{
	for (uint32_t i = 0; i < m->nword; i++)
		free(m->word[i]);
	for (size_t i = 0; i < m->nmesh; i++)
		free(m->mesh[i]);
	for (size_t i = 0; i < m->nname; i++)
		free(m->name[i]);
	free(m->word);
	free(m->count);
	free(m->slots);
	free(m->by_rank);
	free(m->rank_of);
	free(m->unigram.cum);
	free(m->bg_key);
	free(m->bg_count);
	free(m->succ_start);
	free(m->succ_id);
	free(m->succ_cum);
	free(m->sent_len);
	free(m->title_len);
	free(m->mesh_per_rec);
	free(m->mesh);
	free(m->mesh_count);
	free(m->mesh_slots);
	free(m->mesh_cdf.cum);
	free(m->name);
	free(m->name_count);
	free(m->name_slots);
	free(m->name_cdf.cum);
	memset(m, 0, sizeof *m);
}

/* ---- learning text ------------------------------------------------------ */

static int tok_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/*
 * Counts the words of text.  A word is a run of letters, digits and
 * UTF-8 bytes, with inner hyphens and apostrophes ("5-HT2A", "Parkinson's"),
 * inner '.' or ',' between digits ("0.05"), and a trailing '+' ("CD4+").
 * A sentence ends at . ? ! before a space; its first word is lower-cased
 * when only its first letter is a capital.
 */
static int learn_text(gm_model *m, const char *text, int is_title)
{
	char buf[MAX_TOKEN + 1];
	uint32_t prev = GM_BOS;
	int sent = 0, words = 0;
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (s[i]) {
		if (!tok_char(s[i])) {
			if ((s[i] == '.' || s[i] == '?' || s[i] == '!') &&
			    (s[i + 1] == '\0' || isspace(s[i + 1]))) {
				if (!is_title && sent >= 3 &&
				    push_int(&m->sent_len, &m->nsent_len, &m->cap_sent, sent))
					return -1;
				prev = GM_BOS;
				sent = 0;
			}
			i++;
			continue;
		}
		size_t start = i;
		while (s[i]) {
			if (tok_char(s[i]))
				i++;
			else if ((s[i] == '-' || s[i] == '\'') && tok_char(s[i + 1]) && i > start)
				i++;
			else if ((s[i] == '.' || s[i] == ',') && isdigit(s[i - 1]) && isdigit(s[i + 1]))
				i++;
			else if (s[i] == '+' && !tok_char(s[i + 1]))
				i++;
			else
				break;
		}
		size_t n = i - start;
		if (n > MAX_TOKEN)
			continue;
		memcpy(buf, s + start, n);
		buf[n] = '\0';
		if (prev == GM_BOS && isupper((unsigned char)buf[0])) {
			int rest_lower = 1;
			for (size_t k = 1; k < n; k++)
				if (!islower((unsigned char)buf[k]))
					rest_lower = 0;
			if (rest_lower)
				buf[0] = (char)tolower((unsigned char)buf[0]);
		}
		long id = word_id(m, buf, n);
		if (id < 0 || bigram_add(m, prev, (uint32_t)id))
			return -1;
		m->count[id]++;
		m->tokens++;
		prev = (uint32_t)id;
		sent++;
		words++;
	}
	if (!is_title && sent >= 3 && push_int(&m->sent_len, &m->nsent_len, &m->cap_sent, sent))
		return -1;
	if (is_title && words > 0 &&
	    push_int(&m->title_len, &m->ntitle_len, &m->cap_title, words))
		return -1;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* Counts each item of a sep-separated list into a string table. */
static long learn_list(const char *list, const char *sep, int last_name, char ***strs,
                       uint64_t **counts, size_t *n, size_t *cap, uint32_t **slots,
                       uint32_t *nslots)
{
	long items = 0;
	size_t seplen = strlen(sep);
	for (const char *p = list; p && *p;) {
		const char *end = strstr(p, sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *item = p;
		size_t ilen = len;
		p = end ? end + seplen : NULL;
		trim(&item, &ilen);
		if (ilen && *item == '*') {
			item++;
			ilen--;
		}
		const char *cut = memchr(item, last_name ? ',' : '/', ilen);
		if (cut)
			ilen = (size_t)(cut - item);
		if (last_name && !cut) {
			/* "Last FM": drop trailing initials */
			const char *sp = NULL;
			for (size_t k = 0; k < ilen; k++)
				if (item[k] == ' ')
					sp = item + k;
			int initials = sp != NULL;
			for (const char *c = sp ? sp + 1 : item; initials && c < item + ilen; c++)
				initials = isupper((unsigned char)*c);
			if (initials)
				ilen = (size_t)(sp - item);
		}
		trim(&item, &ilen);
		if (ilen < 2 || ilen > 80 || (last_name && !isupper((unsigned char)*item)))
			continue;
		long id = intern(strs, counts, n, cap, slots, nslots, item, ilen);
		if (id < 0)
			return -1;
		(*counts)[id]++;
		items++;
	}
	return items;
}

int gm_learn_record(gm_model *m, const char *title, const char *abstract, const char *mesh,
                    const char *authors, const char *sep)
{
	if (title && *title && learn_text(m, title, 1))
		return -1;
	size_t alen = abstract ? strlen(abstract) : 0;
	if (alen > 100) {
		if (learn_text(m, abstract, 0))
			return -1;
		double l = log((double)alen);
		m->abs_log_sum += l;
		m->abs_log_sq += l * l;
		m->abs_n++;
	} else {
		m->docs_without_abstract++;
	}
	m->docs++;
	if (mesh && *mesh) {
		long k = learn_list(mesh, sep, 0, &m->mesh, &m->mesh_count, &m->nmesh, &m->capmesh,
		                    &m->mesh_slots, &m->nmesh_slots);
		if (k < 0 || (k > 0 && push_int(&m->mesh_per_rec, &m->nmesh_per_rec, &m->cap_mesh,
		                                (int)k)))
			return -1;
	}
	if (authors && *authors &&
	    learn_list(authors, sep, 1, &m->name, &m->name_count, &m->nname, &m->capname,
	               &m->name_slots, &m->nname_slots) < 0)
		return -1;
	return 0;
}

/* ---- sample file formats ------------------------------------------------ */

/* Reads a whole file, plain or gzip; NULL when unreadable or too big. */
static char *read_file(const char *path, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (grow((void **)&buf, &cap, n + 65536 + 1, 1) || cap > MAX_FILE_BYTES) {
			free(buf);
			gzclose(f);
			return NULL;
		}
		int got = gzread(f, buf + n, 65536);
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	gzclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Parses RFC 4180 CSV in place: fields[] point into buf. */
static int csv_row(char **p, char **fields, int max)
{
	int nf = 0;
	char *s = *p;
	if (!*s)
		return 0;
	for (;;) {
		char *out = s, *start = s;
		if (*s == '"') {
			s++;
			for (;;) {
				if (!*s)
					break;
				if (*s == '"' && s[1] == '"') {
					*out++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					*out++ = *s++;
				}
			}
			while (*s && *s != ',' && *s != '\n')
				s++;
		} else {
			while (*s && *s != ',' && *s != '\n' && *s != '\r')
				out = ++s;
			while (*s == '\r')
				s++;
		}
		char end = *s;
		*out = '\0';
		if (nf < max)
			fields[nf++] = start;
		if (end == ',') {
			s++;
			continue;
		}
		if (end == '\n')
			s++;
		break;
	}
	*p = s;
	return nf;
}

static long learn_csv(gm_model *m, char *buf)
{
	char *fields[64], *p = buf;
	int ti = -1, ab = -1, kw = -1, au = -1;
	long n = 0;
	int nf = csv_row(&p, fields, 64);
	for (int i = 0; i < nf; i++) {
		if (!strcmp(fields[i], "title"))
			ti = i;
		else if (!strcmp(fields[i], "abstract"))
			ab = i;
		else if (!strcmp(fields[i], "keywords"))
			kw = i;
		else if (!strcmp(fields[i], "authors"))
			au = i;
	}
	if (ti < 0 || ab < 0)
		return 0;
	while ((nf = csv_row(&p, fields, 64)) > 0) {
		if (nf <= ti || nf <= ab)
			continue;
		if (gm_learn_record(m, fields[ti], fields[ab], kw >= 0 && kw < nf ? fields[kw] : NULL,
		                    au >= 0 && au < nf ? fields[au] : NULL, ";"))
			return -1;
		n++;
	}
	return n;
}

/* Appends the text of every <tag ...>...</tag> in [s, end) to out, tags
 * inside stripped and the common entities decoded, items joined by sep. */
static int xml_collect(const char *s, const char *end, const char *tag, const char *sep,
                       char **out, size_t *len, size_t *cap)
{
	char open[64], close[64];
	snprintf(open, sizeof open, "<%s", tag);
	snprintf(close, sizeof close, "</%s>", tag);
	size_t olen = strlen(open);
	*len = 0;
	if (grow((void **)out, cap, 1, 1))
		return -1;
	(*out)[0] = '\0';
	for (const char *p = s; p < end && (p = strstr(p, open)) && p < end;) {
		if (p[olen] != '>' && p[olen] != ' ') {
			p += olen;
			continue;
		}
		const char *gt = strchr(p, '>');
		const char *stop = gt ? strstr(gt, close) : NULL;
		if (!stop || stop > end)
			break;
		if (grow((void **)out, cap, *len + (size_t)(stop - gt) + strlen(sep) + 2, 1))
			return -1;
		if (*len)
			for (const char *c = sep; *c; c++)
				(*out)[(*len)++] = *c;
		int in_tag = 0;
		for (const char *c = gt + 1; c < stop; c++) {
			if (*c == '<')
				in_tag = 1;
			else if (*c == '>')
				in_tag = 0;
			else if (in_tag)
				continue;
			else if (*c == '&') {
				static const struct { const char *e; char ch; } ents[] = {
					{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
					{ "&quot;", '"' }, { "&apos;", '\'' },
				};
				char ch = ' ';
				for (size_t k = 0; k < sizeof ents / sizeof *ents; k++)
					if (!strncmp(c, ents[k].e, strlen(ents[k].e))) {
						ch = ents[k].ch;
						break;
					}
				const char *semi = memchr(c, ';', (size_t)(stop - c) < 10 ? (size_t)(stop - c) : 10);
				if (semi)
					c = semi;
				(*out)[(*len)++] = ch;
			} else {
				(*out)[(*len)++] = *c == '\n' || *c == '\t' ? ' ' : *c;
			}
		}
		(*out)[*len] = '\0';
		p = stop + strlen(close);
	}
	return 0;
}

static long learn_xml(gm_model *m, const char *buf)
{
	char *f[4] = { NULL, NULL, NULL, NULL };
	size_t len[4], cap[4] = { 0, 0, 0, 0 };
	long n = 0;
	for (const char *p = buf; (p = strstr(p, "<MedlineCitation"));) {
		const char *end = strstr(p, "</MedlineCitation>");
		if (!end)
			break;
		if (xml_collect(p, end, "ArticleTitle", " ", &f[0], &len[0], &cap[0]) ||
		    xml_collect(p, end, "AbstractText", " ", &f[1], &len[1], &cap[1]) ||
		    xml_collect(p, end, "DescriptorName", ";", &f[2], &len[2], &cap[2]) ||
		    xml_collect(p, end, "LastName", ";", &f[3], &len[3], &cap[3]) ||
		    gm_learn_record(m, f[0], f[1], f[2], f[3], ";")) {
			n = -1;
			break;
		}
		n++;
		p = end;
	}
	for (int i = 0; i < 4; i++)
		free(f[i]);
	return n;
}

static long learn_pubtator(gm_model *m, char *buf)
{
	char *title = NULL;
	long n = 0;
	for (char *line = buf; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *bar = strchr(line, '|');
		if (bar && (bar[1] == 't' || bar[1] == 'a') && bar[2] == '|') {
			if (bar[1] == 't') {
				title = bar + 3;
			} else {
				if (gm_learn_record(m, title, bar + 3, NULL, NULL, ";"))
					return -1;
				title = NULL;
				n++;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return n;
}

static long learn_plain(gm_model *m, char *buf)
{
	char *nl = strchr(buf, '\n');
	if (!nl)
		return 0;
	*nl = '\0';
	for (char *c = nl + 1; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	return gm_learn_record(m, buf, nl + 1, NULL, NULL, ";") ? -1 : 1;
}

static int wanted(const char *format, const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return 0;
	if (!strcmp(format, "csv"))
		return n > 4 && !strcmp(name + n - 4, ".csv");
	if (!strcmp(format, "xml"))
		return (n > 4 && !strcmp(name + n - 4, ".xml")) ||
		       (n > 7 && !strcmp(name + n - 7, ".xml.gz"));
	if (!strcmp(format, "pubtator"))
		return n > 4 && !strcmp(name + n - 4, ".txt");
	return 1;
}

long gm_learn_path(gm_model *m, const char *format, const char *path)
{
	struct stat sb;
	long total = 0;
	if (stat(path, &sb) != 0)
		return 0;
	if (S_ISDIR(sb.st_mode)) {
		struct dirent **ents = NULL;
		int n = scandir(path, &ents, NULL, alphasort);
		for (int i = 0; i < n; i++) {
			char sub[4096];
			const char *name = ents[i]->d_name;
			if (name[0] != '.' && total >= 0) {
				snprintf(sub, sizeof sub, "%s/%s", path, name);
				struct stat ss;
				if (stat(sub, &ss) == 0 && (S_ISDIR(ss.st_mode) || wanted(format, name))) {
					long k = gm_learn_path(m, format, sub);
					total = k < 0 ? -1 : total + k;
				}
			}
			free(ents[i]);
		}
		free(ents);
		return total;
	}
	size_t len = 0;
	char *buf = read_file(path, &len);
	if (!buf)
		return 0;
	m->files++;
	if (!strcmp(format, "csv"))
		total = learn_csv(m, buf);
	else if (!strcmp(format, "xml"))
		total = learn_xml(m, buf);
	else if (!strcmp(format, "pubtator"))
		total = learn_pubtator(m, buf);
	else
		total = learn_plain(m, buf);
	free(buf);
	return total;
}

/* ---- sampling tables ---------------------------------------------------- */

static const gm_model *sort_model;   /* qsort has no context argument */

static int by_count_desc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t cx = sort_model->count[x], cy = sort_model->count[y];
	if (cx != cy)
		return cx > cy ? -1 : 1;
	return strcmp(sort_model->word[x], sort_model->word[y]);
}

typedef struct bigram {
	uint32_t a, b, count;
} bigram;

static int by_first_then_count(const void *pa, const void *pb)
{
	const bigram *x = pa, *y = pb;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->b < y->b ? -1 : x->b > y->b;
}

static int build_cdf(gm_cdf *c, const uint64_t *counts, size_t n)
{
	c->n = n;
	if (!n)
		return 0;
	if (!(c->cum = malloc(n * sizeof *c->cum)))
		return -1;
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		c->cum[i] = sum += counts[i] ? counts[i] : 1;
	return 0;
}

int gm_model_finish(gm_model *m)
{
	uint32_t nw = m->nword - 1;   /* without GM_BOS */
	uint64_t *counts = NULL;
	bigram *bg = NULL;
	int rc = -1;

	if (nw == 0 || !m->nsent_len || !m->ntitle_len)
		return -1;
	if (!(m->by_rank = malloc(nw * sizeof *m->by_rank)) ||
	    !(m->rank_of = calloc(m->nword, sizeof *m->rank_of)) ||
	    !(counts = malloc(nw * sizeof *counts)))
		goto out;
	for (uint32_t i = 0; i < nw; i++)
		m->by_rank[i] = i + 1;
	sort_model = m;
	qsort(m->by_rank, nw, sizeof *m->by_rank, by_count_desc);
	for (uint32_t i = 0; i < nw; i++) {
		m->rank_of[m->by_rank[i]] = i;
		counts[i] = m->count[m->by_rank[i]];
	}
	if (build_cdf(&m->unigram, counts, nw))
		goto out;

	size_t nbg = 0;
	if (!(bg = malloc((m->bg_n + 1) * sizeof *bg)))
		goto out;
	for (size_t i = 0; i < m->bg_cap; i++)
		if (m->bg_key[i] && m->bg_count[i] >= 2)
			bg[nbg++] = (bigram){ (uint32_t)(m->bg_key[i] >> 32),
			                      (uint32_t)m->bg_key[i], m->bg_count[i] };
	qsort(bg, nbg, sizeof *bg, by_first_then_count);
	if (!(m->succ_start = calloc((size_t)m->nword + 1, sizeof *m->succ_start)) ||
	    !(m->succ_id = malloc((nbg + 1) * sizeof *m->succ_id)) ||
	    !(m->succ_cum = malloc((nbg + 1) * sizeof *m->succ_cum)))
		goto out;
	for (size_t i = 0; i < nbg; i++)
		m->succ_start[bg[i].a + 1]++;
	for (uint32_t w = 0; w < m->nword; w++)
		m->succ_start[w + 1] += m->succ_start[w];
	uint64_t sum = 0;
	for (size_t i = 0; i < nbg; i++) {
		if (i == 0 || bg[i].a != bg[i - 1].a)
			sum = 0;
		m->succ_id[i] = bg[i].b;
		m->succ_cum[i] = sum += bg[i].count;
	}
	free(m->bg_key);
	free(m->bg_count);
	m->bg_key = NULL;
	m->bg_count = NULL;
	m->bg_cap = 0;
	if (build_cdf(&m->mesh_cdf, m->mesh_count, m->nmesh) ||
	    build_cdf(&m->name_cdf, m->name_count, m->nname))
		goto out;
	rc = 0;
out:
	free(counts);
	free(bg);
	return rc;
}

uint32_t gm_sample_word(const gm_model *m, gm_rng *r)
{
	return m->by_rank[gm_cdf_sample(&m->unigram, r)];
}

uint32_t gm_sample_next(const gm_model *m, uint32_t prev, gm_rng *r)
{
	uint32_t lo = m->succ_start[prev], hi = m->succ_start[prev + 1];
	if (lo == hi)
		return 0;
	uint64_t x = gm_rng_next(r) % m->succ_cum[hi - 1];
	while (lo + 1 < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (m->succ_cum[mid - 1] > x)
			hi = mid;
		else
			lo = mid;
	}
	return m->succ_id[lo];
}

static int pick_int(const int *a, size_t n, gm_rng *r, int fallback)
{
	return n ? a[gm_rng_next(r) % n] : fallback;
}

int gm_sample_sentence_len(const gm_model *m, gm_rng *r)
{
	return pick_int(m->sent_len, m->nsent_len, r, 20);
}

int gm_sample_title_len(const gm_model *m, gm_rng *r)
{
	return pick_int(m->title_len, m->ntitle_len, r, 12);
}

int gm_sample_mesh_count(const gm_model *m, gm_rng *r)
{
	return pick_int(m->mesh_per_rec, m->nmesh_per_rec, r, 10);
}

const char *gm_sample_mesh(const gm_model *m, gm_rng *r)
{
	return m->nmesh ? m->mesh[gm_cdf_sample(&m->mesh_cdf, r)] : "Humans";
}

const char *gm_sample_name(const gm_model *m, gm_rng *r)
{
	return m->nname ? m->name[gm_cdf_sample(&m->name_cdf, r)] : "Smith";
}

int gm_is_content(const gm_model *m, uint32_t id, uint32_t min_rank)
{
	if (id == GM_BOS || m->rank_of[id] < min_rank)
		return 0;
	const char *w = m->word[id];
	size_t n = 0;
	for (; w[n]; n++)
		if (w[n] < 'a' || w[n] > 'z')
			return 0;
	return n >= 3;
}

uint32_t gm_sample_content(const gm_model *m, gm_rng *r, uint32_t min_rank)
{
	for (int tries = 0; tries < 200; tries++) {
		uint32_t id = gm_sample_word(m, r);
		if (gm_is_content(m, id, min_rank))
			return id;
	}
	for (uint32_t i = min_rank; i < m->nword - 1; i++)
		if (gm_is_content(m, m->by_rank[i], min_rank))
			return m->by_rank[i];
	return m->by_rank[0];
}

double gm_abs_log_sigma(const gm_model *m)
{
	if (m->abs_n < 10)
		return 0.5;
	double mean = m->abs_log_sum / (double)m->abs_n;
	double var = m->abs_log_sq / (double)m->abs_n - mean * mean;
	return var > 0 ? sqrt(var) : 0.5;
}
