/*
 * jsonl.c: one JSON object per line.  "snippet" is plain text; "matches"
 * lists the distinct words highlighted in the title and snippet, so
 * consumers need no marker syntax.
 */
#include <string.h>
#include <strings.h>

#include "output.h"

#define JSONL_MAX_MATCHES 32
#define JSONL_MATCH_LEN 128

/* Writes s[0..n) as a JSON string, dropping highlight markers. */
static void json_string(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == LDX_MARK_BEGIN[0] || c == LDX_MARK_END[0])
			continue;
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

static void json_field(FILE *f, const char *name, const char *value)
{
	fprintf(f, ",\"%s\":", name);
	if (*value)
		json_string(f, value, strlen(value));
	else
		fputs("null", f);
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

static void jsonl_begin(out_ctx *o) {}

static void jsonl_hit(out_ctx *o, const ldx_hit *h)
{
	FILE *f = o->f;
	match_set m = { .n = 0 };

	fprintf(f, "{\"rank\":%d,\"score\":%.4f", h->rank, h->score);
	json_field(f, "key", h->key);
	json_field(f, "pmid", h->pmid);
	json_field(f, "doi", h->doi);
	if (h->year)
		fprintf(f, ",\"year\":%d", h->year);
	else
		fputs(",\"year\":null", f);
	json_field(f, "journal", h->journal);
	json_field(f, "journal_abbrev", h->journal_abbrev);
	json_field(f, "title", h->title);
	fputs(",\"authors\":[", f);
	for (const char *a = h->authors; *a;) {
		const char *sep = strstr(a, "; ");
		size_t n = sep ? (size_t)(sep - a) : strlen(a);
		if (a != h->authors)
			fputc(',', f);
		json_string(f, a, n);
		a += n + (sep ? 2 : 0);
	}
	fputc(']', f);
	json_field(f, "snippet", h->snippet);
	collect_matches(&m, h->title_hl);
	collect_matches(&m, h->snippet);
	fputs(",\"matches\":[", f);
	for (int i = 0; i < m.n; i++) {
		if (i)
			fputc(',', f);
		json_string(f, m.words[i], strlen(m.words[i]));
	}
	fputs("]}\n", f);
}

static void jsonl_end(out_ctx *o, long hits) {}

const out_format out_jsonl = { "jsonl", jsonl_begin, jsonl_hit, jsonl_end };
