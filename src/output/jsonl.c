/*
 * jsonl.c: one JSON object per line, and the object itself
 * (out_json_object), which json.c wraps in an array.
 *
 * Every field of the paper is there; unknown strings are null and empty
 * lists [].  Lists (authors, keywords, mesh, pub_types) are arrays.
 * "snippet" is plain text; "matches" lists the distinct words highlighted
 * in the title and snippet, so consumers need no marker syntax.
 */
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "output.h"

#define JSONL_MAX_MATCHES 32
#define JSONL_MATCH_LEN 128

/* Writes s[0..n) as a JSON string (cli_json.c), dropping highlight
 * markers. */
static void json_string(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	while (n > 0) {
		size_t k = 0;

		while (k < n && s[k] != LDX_MARK_BEGIN[0] && s[k] != LDX_MARK_END[0])
			k++;
		cli_json_chars(f, s, k);
		if (k < n)
			k++;    /* the marker */
		s += k;
		n -= k;
	}
	fputc('"', f);
}

static void json_field(FILE *f, const char *name, const char *value)
{
	fprintf(f, ",\"%s\":", name);
	if (value && *value)
		json_string(f, value, strlen(value));
	else
		fputs("null", f);
}

static void array_item(const char *s, size_t n, size_t i, void *ctx)
{
	FILE *f = ctx;

	if (i)
		fputc(',', f);
	json_string(f, s, n);
}

/* A "; "-joined list as a JSON array. */
static void json_list(FILE *f, const char *name, const char *list)
{
	fprintf(f, ",\"%s\":[", name);
	out_each_item(list, array_item, f);
	fputc(']', f);
}

typedef struct match_set {
	char words[JSONL_MAX_MATCHES][JSONL_MATCH_LEN];
	int n;
} match_set;

static void collect_matches(match_set *m, const char *s)
{
	const char *b;
	while ((b = strchr(s, LDX_MARK_BEGIN[0])) != NULL) {
		const char *e = strchr(b + 1, LDX_MARK_END[0]);
		if (!e)
			return;
		size_t n = (size_t)(e - b - 1);
		int seen = n == 0 || n >= JSONL_MATCH_LEN;
		for (int i = 0; i < m->n && !seen; i++)
			seen = strlen(m->words[i]) == n && strncasecmp(m->words[i], b + 1, n) == 0;
		if (!seen && m->n < JSONL_MAX_MATCHES) {
			memcpy(m->words[m->n], b + 1, n);
			m->words[m->n++][n] = '\0';
		}
		s = e + 1;
	}
}

void out_json_object(FILE *f, const ldx_hit *h, int with_sources, const char *const *sources,
                     size_t nsources)
{
	match_set m = { .n = 0 };

	fprintf(f, "{\"rank\":%d,\"score\":%.4f", h->rank, h->score);
	json_field(f, "key", h->key);
	json_field(f, "pmid", h->pmid);
	json_field(f, "doi", h->doi);
	json_field(f, "pmcid", h->pmcid);
	if (h->year)
		fprintf(f, ",\"year\":%d", h->year);
	else
		fputs(",\"year\":null", f);
	json_field(f, "journal", h->journal);
	json_field(f, "journal_abbrev", h->journal_abbrev);
	json_field(f, "title", h->title);
	json_list(f, "authors", h->authors);
	json_field(f, "abstract", h->abstract);
	json_list(f, "keywords", h->keywords);
	json_list(f, "mesh", h->mesh);
	json_list(f, "pub_types", h->pub_types);
	json_field(f, "language", h->language);
	json_field(f, "snippet", h->snippet);
	if (h->why && *h->why)
		json_field(f, "why", h->why);
	if (h->title_hl)
		collect_matches(&m, h->title_hl);
	if (h->snippet)
		collect_matches(&m, h->snippet);
	fputs(",\"matches\":[", f);
	for (int i = 0; i < m.n; i++) {
		if (i)
			fputc(',', f);
		json_string(f, m.words[i], strlen(m.words[i]));
	}
	fputc(']', f);
	if (with_sources) {
		fputs(",\"sources\":[", f);
		for (size_t i = 0; i < nsources; i++) {
			if (i)
				fputc(',', f);
			json_string(f, sources[i], strlen(sources[i]));
		}
		fputc(']', f);
	}
	fputc('}', f);
}

static void jsonl_begin(out_ctx *o) {}

static void jsonl_hit(out_ctx *o, const ldx_hit *h)
{
	o->n++;
	out_json_object(o->f, h, 0, NULL, 0);
	fputc('\n', o->f);
}

static void jsonl_record(out_ctx *o, const ldx_hit *h, const char *const *sources,
                         size_t nsources)
{
	o->n++;
	out_json_object(o->f, h, 1, sources, nsources);
	fputc('\n', o->f);
}

static void jsonl_end(out_ctx *o, long hits) {}

const out_format out_jsonl = { "jsonl", jsonl_begin, jsonl_hit, jsonl_record, jsonl_end, 1 };
