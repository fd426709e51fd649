/*
 * output.c: the table of result formats, the columns of tsv and csv
 * (--fields), and the helpers the formats share.
 */
#include <stdio.h>
#include <string.h>

#include "output.h"

static const out_format *const formats[] = {
	&out_text, &out_tsv, &out_csv, &out_jsonl, &out_json,
	&out_bibtex, &out_ris, &out_trec, &out_ids,
};

/* Indexed by out_field. */
static const char *const field_names[OUT_F_COUNT] = {
	[OUT_F_RANK] = "rank",
	[OUT_F_SCORE] = "score",
	[OUT_F_KEY] = "key",
	[OUT_F_PMID] = "pmid",
	[OUT_F_DOI] = "doi",
	[OUT_F_PMCID] = "pmcid",
	[OUT_F_YEAR] = "year",
	[OUT_F_JOURNAL] = "journal",
	[OUT_F_JOURNAL_FULL] = "journal_full",
	[OUT_F_JOURNAL_ABBREV] = "journal_abbrev",
	[OUT_F_TITLE] = "title",
	[OUT_F_AUTHORS] = "authors",
	[OUT_F_FIRST_AUTHOR] = "first_author",
	[OUT_F_ABSTRACT] = "abstract",
	[OUT_F_KEYWORDS] = "keywords",
	[OUT_F_MESH] = "mesh",
	[OUT_F_PUB_TYPES] = "pub_types",
	[OUT_F_LANGUAGE] = "language",
	[OUT_F_SNIPPET] = "snippet",
};

/* The tsv columns from before --fields existed; scripts rely on them. */
static const out_field default_fields[] = {
	OUT_F_RANK, OUT_F_SCORE, OUT_F_KEY, OUT_F_PMID,
	OUT_F_DOI, OUT_F_YEAR, OUT_F_JOURNAL, OUT_F_TITLE,
};

const out_format *out_find(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

const char *out_names(void)
{
	return "text, tsv, csv, jsonl, json, bibtex, ris, trec, ids";
}

int out_shows_marks(const out_format *fmt, const out_ctx *o)
{
	if (fmt->marks)
		return 1;
	for (int i = 0; i < o->nfields; i++)
		if (o->fields[i] == OUT_F_SNIPPET)
			return 1;
	return 0;
}

void out_record(const out_format *fmt, out_ctx *o, const ldx_hit *h,
                const char *const *sources, size_t nsources)
{
	if (fmt->record)
		fmt->record(o, h, sources, nsources);
	else
		fmt->hit(o, h);
}

/* ---- Columns ------------------------------------------------------------ */

const char *out_field_name(out_field fld)
{
	return (unsigned)fld < OUT_F_COUNT ? field_names[fld] : "";
}

static int field_lookup(const char *s, size_t n)
{
	for (int i = 0; i < OUT_F_COUNT; i++)
		if (strlen(field_names[i]) == n && strncmp(field_names[i], s, n) == 0)
			return i;
	return -1;
}

/* Appends "rank, score, ..." to msg (already holding a NUL-terminated prefix). */
static void list_names(char *msg, size_t msgsz)
{
	size_t len = strlen(msg);

	for (int i = 0; i < OUT_F_COUNT && len < msgsz; i++) {
		int k = snprintf(msg + len, msgsz - len, "%s%s", i ? ", " : "", field_names[i]);
		if (k < 0)
			return;
		len += (size_t)k;
	}
}

int out_parse_fields(const char *spec, out_ctx *o, char *msg, size_t msgsz)
{
	out_field fields[OUT_MAX_FIELDS];
	int n = 0;
	const char *p = spec;

	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *s = p;
		int f;

		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (len == 0) {
			snprintf(msg, msgsz, "empty field name in --fields '%s' (use ", spec);
			list_names(msg, msgsz);
			if (strlen(msg) + 1 < msgsz)
				strcat(msg, ")");
			return -1;
		}
		if ((f = field_lookup(s, len)) < 0) {
			snprintf(msg, msgsz, "unknown field '%.*s' (use ", (int)len, s);
			list_names(msg, msgsz);
			if (strlen(msg) + 1 < msgsz)
				strcat(msg, ")");
			return -1;
		}
		if (n == OUT_MAX_FIELDS) {
			snprintf(msg, msgsz, "too many fields in --fields (at most %d)", OUT_MAX_FIELDS);
			return -1;
		}
		fields[n++] = (out_field)f;
		if (!end)
			break;
		p = end + 1;
	}
	memcpy(o->fields, fields, (size_t)n * sizeof fields[0]);
	o->nfields = n;
	return 0;
}

const out_field *out_columns(const out_ctx *o, int *n)
{
	if (o->nfields > 0) {
		*n = o->nfields;
		return o->fields;
	}
	*n = (int)(sizeof default_fields / sizeof default_fields[0]);
	return default_fields;
}

size_t out_field_text(const ldx_hit *h, out_field fld, char num[32], const char **s)
{
	const char *t = "";

	switch (fld) {
	case OUT_F_RANK:
		snprintf(num, 32, "%d", h->rank);
		t = num;
		break;
	case OUT_F_SCORE:
		snprintf(num, 32, "%.4f", h->score);
		t = num;
		break;
	case OUT_F_YEAR:
		num[0] = '\0';
		if (h->year)
			snprintf(num, 32, "%d", h->year);
		t = num;
		break;
	case OUT_F_KEY: t = h->key; break;
	case OUT_F_PMID: t = h->pmid; break;
	case OUT_F_DOI: t = h->doi; break;
	case OUT_F_PMCID: t = h->pmcid; break;
	case OUT_F_JOURNAL: t = *h->journal_abbrev ? h->journal_abbrev : h->journal; break;
	case OUT_F_JOURNAL_FULL: t = h->journal; break;
	case OUT_F_JOURNAL_ABBREV: t = h->journal_abbrev; break;
	case OUT_F_TITLE: t = h->title; break;
	case OUT_F_AUTHORS: t = h->authors; break;
	case OUT_F_FIRST_AUTHOR: {
		const char *sep = strstr(h->authors, "; ");
		*s = h->authors;
		return sep ? (size_t)(sep - h->authors) : strlen(h->authors);
	}
	case OUT_F_ABSTRACT: t = h->abstract; break;
	case OUT_F_KEYWORDS: t = h->keywords; break;
	case OUT_F_MESH: t = h->mesh; break;
	case OUT_F_PUB_TYPES: t = h->pub_types; break;
	case OUT_F_LANGUAGE: t = h->language; break;
	case OUT_F_SNIPPET: t = h->snippet; break;
	case OUT_F_COUNT: break;
	}
	if (!t)
		t = "";
	*s = t;
	return strlen(t);
}

/* ---- Text helpers ------------------------------------------------------- */

void out_marked(FILE *f, const char *s, const char *on, const char *off)
{
	for (; *s; s++) {
		if (*s == LDX_MARK_BEGIN[0])
			fputs(on, f);
		else if (*s == LDX_MARK_END[0])
			fputs(off, f);
		else if (*s == '\t' || *s == '\n' || *s == '\r')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

void out_delimited_row(out_ctx *o, const ldx_hit *h, char sep, const char *eol,
                       void (*field)(FILE *f, const char *s, size_t n))
{
	int n;
	const out_field *cols = out_columns(o, &n);

	for (int i = 0; i < n; i++) {
		char num[32];
		const char *s = out_field_name(cols[i]);
		size_t len = h ? out_field_text(h, cols[i], num, &s) : strlen(s);

		if (i)
			fputc(sep, o->f);
		field(o->f, s, len);
	}
	fputs(eol, o->f);
}

void out_plain(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == LDX_MARK_BEGIN[0] || c == LDX_MARK_END[0])
			continue;
		fputc(c == '\t' || c == '\n' || c == '\r' ? ' ' : c, f);
	}
}

const char *out_hit_id(const ldx_hit *h)
{
	if (*h->pmid)
		return h->pmid;
	if (*h->doi)
		return h->doi;
	return h->key;
}

void out_each_item(const char *list, void (*fn)(const char *s, size_t n, size_t i, void *ctx),
                   void *ctx)
{
	size_t i = 0;

	if (!list)
		return;
	while (*list) {
		const char *sep = strstr(list, "; ");
		size_t n = sep ? (size_t)(sep - list) : strlen(list);
		if (n)
			fn(list, n, i++, ctx);
		list += n + (sep ? 2 : 0);
	}
}

/* Bytes of the character at s[0..n) if it is a capital letter (A-Z or a
 * Latin-1 / Latin Extended-A capital, as in "Ødegård Å"), else 0. */
static size_t capital_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	unsigned cp;

	if (c >= 'A' && c <= 'Z')
		return 1;
	if (n < 2 || c < 0xC3 || c > 0xC5 || ((unsigned char)s[1] & 0xC0) != 0x80)
		return 0;
	cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[1] & 0x3Fu);
	if (cp >= 0xC0 && cp <= 0xDE)
		return cp != 0xD7 ? 2 : 0;   /* not the multiplication sign */
	/* Latin Extended-A pairs capitals and small letters, even first,
	 * except where the run is shifted by one (Ĺ..Ň, Ź..Ž). */
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
		return cp % 2 == 0 ? 2 : 0;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return cp % 2 == 1 ? 2 : 0;
	return cp == 0x178 ? 2 : 0;
}

int out_author_split(const char *s, size_t n, size_t *last_len, const char **ini,
                     size_t *ini_len)
{
	size_t sp = n, chars = 0;

	while (sp > 0 && s[sp - 1] != ' ')
		sp--;
	/* One word, or nothing before the last space: no initials. */
	if (sp < 2 || sp == n)
		return 0;
	for (size_t i = sp, k; i < n; i += k, chars++)
		if ((k = capital_at(s + i, n - i)) == 0 || chars == OUT_INITIALS_MAX)
			return 0;
	*last_len = sp - 1;
	*ini = s + sp;
	*ini_len = n - sp;
	return 1;
}

void out_initials(FILE *f, const char *ini, size_t n, const char *sep)
{
	for (size_t i = 0, k; i < n; i += k) {
		k = capital_at(ini + i, n - i);
		if (k == 0)
			k = 1;
		if (i)
			fputs(sep, f);
		fwrite(ini + i, 1, k, f);
		fputc('.', f);
	}
}
