/*
 * ris.c: the RIS reader (ldx_reader_ris), which also reads Web of Science
 * "tagged" exports, a close cousin.  One ops table serves both: the
 * dialect is chosen once, from the first bytes, when the file is opened.
 *
 * RIS: "TY  - JOUR" ... "ER  - " records; tags are two characters, then
 * spaces (two by the book, one from some exporters), "-" and a space.
 * Untagged lines continue the field above (blank lines inside a record
 * are skipped).  Fields:
 *   title       TI or T1, else CT, BT, ST
 *   abstract    AB, else N2
 *   authors     AU and A1 in file order, "Last, First M." -> "Last FM"
 *               (A2-A4 are editors and translators, and are skipped)
 *   keywords    KW, one per line (continuation lines too), ';' splits
 *   journal     JF, else JO, else T2; abbreviation JA, else J2, else J1
 *   year        PY, else DA, else Y1 (Y1 is the deprecated date tag)
 *   DOI         DO, else a DOI link in UR, L3 or L1
 *   PMID        "123[pmid]" in any field, a PubMed link in UR, or an
 *               all-digit AN when DB or DP names PubMed, MEDLINE or NLM;
 *               PMC ids likewise ("PMC1[pmcid]", AN "PMC1", PMC links)
 *   language    LA (the first)
 *
 * Web of Science ("FN Clarivate Analytics Web of Science", "VR 1.0",
 * then "PT J" ... "ER" records and "EF"): two-letter tags and one space,
 * continuation lines indented by three spaces, each of them a new item
 * in the list fields (AU, AF, CA).  AU ("Parkes-Loach, PS") else AF
 * ("Last, First"), CA group names, TI, SO (journal), JI else J9
 * (abbreviation), LA, DT (publication types, ';'-separated), DE (author
 * keywords, ';'-separated), AB, PY, DI, PM.  ID (Keywords Plus) is skipped
 * on purpose: its terms are machine-made from the titles of cited papers,
 * not the authors' own, and the record's keywords are author keywords.
 * CR (cited references) is skipped, so its DOIs never reach the record.
 *
 * Errors (LDX_ERR_PARSE, one per problem, with file and line):
 *   - a record with no ER (the next TY / PT, or the end of the file,
 *     comes first): "record starting at line N has no ER" at line N; the
 *     record is then returned by the next call;
 *   - fields before any TY / PT: reported at that line, and read as a
 *     record anyway;
 *   - text outside any record: reported once per run of such lines.
 * Input errors (over-long lines, corrupt gzip) are passed on as they come.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/reader.h"
#include "ingest/tagged.h"
#include "year.h"

#define ID_MAX 256

/* Values kept until the record ends, where the preferred one is chosen. */
enum slot {
	S_TITLE, S_CT, S_BT, S_ST, S_AB, S_N2, S_JF, S_JO, S_T2, S_JA, S_J2, S_J1,
	S_AN, S_DB, S_LINK_DOI, S_PY, S_DA, S_Y1,
	NSLOTS
};

enum field {
	F_NONE,        /* no field open */
	F_SKIP,        /* a tag litdex does not use */
	F_SLOT,        /* first value kept in a slot */
	F_APPEND,      /* every value appended to a slot (AB, N2) */
	F_AUTHOR,      /* one name (RIS AU, A1) */
	F_AUTHORS,     /* one name a line (WoS AU) */
	F_AF,          /* WoS full names, used when there is no AU */
	F_GROUP,       /* WoS CA: collective names, whole */
	F_KEYWORDS,    /* a line, or ';', per keyword (RIS KW, WoS DE) */
	F_PUB_TYPES,   /* WoS DT */
	F_LANGUAGE,
	F_DOI,
	F_PMID,        /* WoS PM */
	F_LINK,        /* UR, L1, L3: DOI, PubMed and PMC links */
	F_NOTE         /* U1-U5, M2, N1...: "[pmid]" and "[pmcid]" labels */
};

struct tag {
	const char *tag;
	enum field field;
	enum slot slot;
};

static const struct tag ris_tags[] = {
	{ "TI", F_SLOT, S_TITLE }, { "T1", F_SLOT, S_TITLE }, { "CT", F_SLOT, S_CT },
	{ "BT", F_SLOT, S_BT }, { "ST", F_SLOT, S_ST },
	{ "AB", F_APPEND, S_AB }, { "N2", F_APPEND, S_N2 },
	{ "AU", F_AUTHOR, 0 }, { "A1", F_AUTHOR, 0 },
	{ "KW", F_KEYWORDS, 0 },
	{ "JF", F_SLOT, S_JF }, { "JO", F_SLOT, S_JO }, { "T2", F_SLOT, S_T2 },
	{ "JA", F_SLOT, S_JA }, { "J2", F_SLOT, S_J2 }, { "J1", F_SLOT, S_J1 },
	{ "PY", F_SLOT, S_PY }, { "DA", F_SLOT, S_DA }, { "Y1", F_SLOT, S_Y1 },
	{ "DO", F_DOI, 0 }, { "UR", F_LINK, 0 }, { "L1", F_LINK, 0 }, { "L3", F_LINK, 0 },
	{ "AN", F_SLOT, S_AN }, { "DB", F_SLOT, S_DB }, { "DP", F_SLOT, S_DB },
	{ "LA", F_LANGUAGE, 0 },
	{ "U1", F_NOTE, 0 }, { "U2", F_NOTE, 0 }, { "U3", F_NOTE, 0 }, { "U4", F_NOTE, 0 },
	{ "U5", F_NOTE, 0 }, { "M2", F_NOTE, 0 }, { "N1", F_NOTE, 0 }, { "C7", F_NOTE, 0 },
	{ NULL, F_SKIP, 0 }
};

static const struct tag wos_tags[] = {
	{ "TI", F_SLOT, S_TITLE }, { "AB", F_APPEND, S_AB },
	{ "AU", F_AUTHORS, 0 }, { "AF", F_AF, 0 }, { "CA", F_GROUP, 0 },
	{ "SO", F_SLOT, S_JF }, { "JI", F_SLOT, S_JA }, { "J9", F_SLOT, S_J2 },
	{ "PY", F_SLOT, S_PY }, { "LA", F_LANGUAGE, 0 }, { "DT", F_PUB_TYPES, 0 },
	{ "DE", F_KEYWORDS, 0 }, { "DI", F_DOI, 0 }, { "PM", F_PMID, 0 },
	{ NULL, F_SKIP, 0 }
};

typedef struct ris_state {
	ldx_taglines lines;       /* over the borrowed input */
	const char *name;         /* the input's display name */
	int wos;                  /* Web of Science dialect */
	const char *start_tag;    /* "TY" or "PT" */
	const struct tag *tags;
	ldx_record cur;           /* the record being read */
	int in_record;
	int ready;                /* cur is complete: the next call hands it out */
	int stray_reported;       /* text outside records: reported this run */
	enum field field;         /* the field being read */
	enum slot slot;
	ldx_tagbuf val;           /* its text, continuation lines joined by '\n' */
	char *slots[NSLOTS];
	ldx_strlist af;           /* WoS AF names */
	int saw_au;
} ris_state;

/* ---- Fields -------------------------------------------------------------- */

static const struct tag *tag_of(const ris_state *st, const char *tag)
{
	const struct tag *t;

	for (t = st->tags; t->tag; t++)
		if (strcmp(t->tag, tag) == 0)
			break;
	return t;
}

static int has_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++) {
		size_t j = 0;

		while (j < k && (s[i + j] | 0x20) == (needle[j] | 0x20))
			j++;
		if (j == k)
			return 1;
	}
	return 0;
}

/* Calls fn on each piece of v[0..n) split at any of seps. */
static ldx_status each_item(ldx_strlist *l, const char *v, size_t n, const char *seps,
                            ldx_status (*fn)(ldx_strlist *, const char *, size_t))
{
	ldx_status rc = LDX_OK;
	size_t i = 0;

	while (rc == LDX_OK && i < n) {
		size_t k = i;

		while (k < n && !strchr(seps, v[k]))
			k++;
		rc = fn(l, v + i, k - i);
		i = k + 1;
	}
	return rc;
}

/* "26957754[pmid]" and "PMC4756000[pmcid]", as PubMed's RIS puts them. */
static ldx_status labelled_ids(ldx_record *r, const char *v, size_t n)
{
	const char *open = memchr(v, '[', n);
	size_t k;

	if (!open)
		return LDX_OK;
	k = (size_t)(open - v);
	if (ldx_tagged_is(open, n - k, "[pmid]"))
		return ldx_tagged_set_pmid(r, v, k);
	if (ldx_tagged_is(open, n - k, "[pmcid]"))
		return ldx_tagged_set_pmcid(r, v, k);
	return LDX_OK;
}

/* The digits right after needle in v, if they end the link (a '/' may
 * follow). */
static ldx_status link_id(ldx_record *r, const char *v, size_t n, const char *needle,
                          int pmc)
{
	size_t k = strlen(needle), i, j;

	for (i = 0; i + k <= n; i++)
		if (memcmp(v + i, needle, k) == 0)
			break;
	if (i + k > n)
		return LDX_OK;
	i += k;
	for (j = i; j < n && v[j] >= '0' && v[j] <= '9'; j++)
		;
	if (j == i || (j < n && v[j] != '/' && v[j] != ' ' && v[j] != '\n'))
		return LDX_OK;
	return pmc ? ldx_tagged_set_pmcid(r, v + i, j - i) : ldx_tagged_set_pmid(r, v + i, j - i);
}

static ldx_status link(ris_state *st, const char *v, size_t n)
{
	ldx_record *r = &st->cur;
	const char *nl = memchr(v, '\n', n);
	ldx_status rc = LDX_OK;
	char *doi;
	char buf[1024];

	/* Only the first line: L1 lists several files one per line. */
	if (nl)
		n = (size_t)(nl - v);
	if (n < sizeof buf && !st->slots[S_LINK_DOI]) {
		memcpy(buf, v, n);
		buf[n] = '\0';
		doi = ldx_doi_normalize(buf);
		/* A bare "10.x/y" in a link field is a file name, not a DOI. */
		if (doi && (has_ci(v, n, "doi.org/") || has_ci(v, n, "doi:")))
			rc = ldx_record_set(&st->slots[S_LINK_DOI], doi, (size_t)-1, ID_MAX);
		free(doi);
	}
	if (rc == LDX_OK)
		rc = link_id(r, v, n, "pubmed.ncbi.nlm.nih.gov/", 0);
	if (rc == LDX_OK)
		rc = link_id(r, v, n, "ncbi.nlm.nih.gov/pubmed/", 0);
	if (rc == LDX_OK)
		rc = link_id(r, v, n, "/pmc/articles/PMC", 1);
	return rc;
}

static ldx_status push_plain(ldx_strlist *l, const char *s, size_t n)
{
	return ldx_strlist_push(l, s, n);
}

/* Applies the field just read to st->cur and closes it. */
static ldx_status apply_field(ris_state *st)
{
	ldx_record *r = &st->cur;
	const char *v = st->val.p ? st->val.p : "";
	size_t n = st->val.n;
	enum field f = st->field;
	ldx_status rc = LDX_OK;

	st->field = F_NONE;
	switch (f) {
	case F_NONE:
	case F_SKIP:
		break;
	case F_SLOT:
		if (!st->slots[st->slot])
			rc = ldx_record_set(&st->slots[st->slot], v, n, LDX_TITLE_MAX);
		break;
	case F_APPEND:
		rc = ldx_record_append(&st->slots[st->slot], " ", v, n, LDX_FIELD_MAX);
		break;
	case F_AUTHOR:
		st->saw_au = 1;
		rc = ldx_tagged_push_name(&r->authors, v, n);
		break;
	case F_AUTHORS:
		st->saw_au = 1;
		rc = each_item(&r->authors, v, n, "\n", ldx_tagged_push_name);
		break;
	case F_AF:
		rc = each_item(&st->af, v, n, "\n", ldx_tagged_push_name);
		break;
	case F_GROUP:
		rc = each_item(&r->authors, v, n, "\n", push_plain);
		if (rc == LDX_OK)
			rc = each_item(&st->af, v, n, "\n", push_plain);
		break;
	case F_KEYWORDS:
		/* WoS wraps one long list over lines: only ';' separates. */
		rc = each_item(&r->keywords, v, n, st->wos ? ";" : ";\n", push_plain);
		break;
	case F_PUB_TYPES:
		rc = each_item(&r->pub_types, v, n, ";", push_plain);
		break;
	case F_LANGUAGE:
		if (!r->language)
			rc = ldx_record_set(&r->language, v, n, ID_MAX);
		break;
	case F_DOI:
		rc = ldx_tagged_set_doi(r, v, n);
		break;
	case F_PMID:
		rc = ldx_tagged_set_pmid(r, v, n);
		break;
	case F_LINK:
		rc = link(st, v, n);
		break;
	case F_NOTE:
		rc = labelled_ids(r, v, n);
		break;
	}
	if (rc == LDX_OK && f != F_NONE && f != F_SKIP && f != F_NOTE && f != F_LINK)
		rc = labelled_ids(r, v, n);
	ldx_tagbuf_reset(&st->val);
	return rc;
}

/* ---- Records ------------------------------------------------------------- */

static void reset_record(ris_state *st)
{
	for (int i = 0; i < NSLOTS; i++) {
		free(st->slots[i]);
		st->slots[i] = NULL;
	}
	ldx_strlist_clear(&st->af);
	st->saw_au = 0;
	st->in_record = 0;
	st->field = F_NONE;
	ldx_tagbuf_reset(&st->val);
}

static ldx_status pick(char **field, char *const *slots, const enum slot *order, size_t n,
                       size_t max)
{
	for (size_t i = 0; i < n; i++)
		if (slots[order[i]])
			return ldx_record_set(field, slots[order[i]], (size_t)-1, max);
	return LDX_OK;
}

/* The first of PY, DA, Y1 that holds a year. */
static int pick_year(char *const *slots)
{
	static const enum slot order[] = { S_PY, S_DA, S_Y1 };

	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		int y = ldx_year_from_date(slots[order[i]]);
		if (y)
			return y;
	}
	return 0;
}

/* Closes the record, choosing among the kept values.  A record with
 * nothing in it (a bare TY) is dropped. */
static ldx_status end_record(ris_state *st)
{
	static const enum slot titles[] = { S_TITLE, S_CT, S_BT, S_ST };
	static const enum slot abstracts[] = { S_AB, S_N2 };
	static const enum slot journals[] = { S_JF, S_JO, S_T2 };
	static const enum slot abbrevs[] = { S_JA, S_J2, S_J1 };
	ldx_record *r = &st->cur;
	char **s = st->slots;
	ldx_status rc = apply_field(st);

#define PICK(field, order, max) \
	if (rc == LDX_OK) \
		rc = pick(&r->field, s, order, sizeof order / sizeof *order, max)
	PICK(title, titles, LDX_TITLE_MAX);
	PICK(abstract, abstracts, LDX_FIELD_MAX);
	PICK(journal, journals, LDX_TITLE_MAX);
	PICK(journal_abbrev, abbrevs, LDX_TITLE_MAX);
#undef PICK
	r->year = pick_year(s);
	if (rc == LDX_OK && s[S_LINK_DOI])
		rc = ldx_tagged_set_doi(r, s[S_LINK_DOI], strlen(s[S_LINK_DOI]));
	if (rc == LDX_OK && s[S_AN]) {
		size_t n = strlen(s[S_AN]);

		if (s[S_DB] && (has_ci(s[S_DB], strlen(s[S_DB]), "pubmed") ||
		                has_ci(s[S_DB], strlen(s[S_DB]), "medline") ||
		                has_ci(s[S_DB], strlen(s[S_DB]), "nlm")))
			rc = ldx_tagged_set_pmid(r, s[S_AN], n);
		if (rc == LDX_OK && n > 3 && has_ci(s[S_AN], 3, "pmc"))
			rc = ldx_tagged_set_pmcid(r, s[S_AN], n);
	}
	for (size_t i = 0; rc == LDX_OK && !st->saw_au && i < st->af.n; i++)
		rc = ldx_strlist_push(&r->authors, st->af.v[i], (size_t)-1);
	reset_record(st);
	if (rc != LDX_OK || ldx_tagged_record_empty(r))
		ldx_record_clear(r);
	else
		st->ready = 1;
	return rc;
}

static ldx_status begin_field(ris_state *st, const char *tag, const char *v, size_t n)
{
	const struct tag *t = tag_of(st, tag);
	ldx_status rc = apply_field(st);

	st->field = t->field;
	st->slot = t->slot;
	if (rc == LDX_OK && st->field != F_SKIP)
		rc = ldx_tagbuf_add(&st->val, v, n);
	return rc;
}

static ldx_status continue_field(ris_state *st, const char *line, size_t len)
{
	ldx_status rc;

	if (st->field == F_SKIP || st->field == F_NONE)
		return LDX_OK;
	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	/* '\n' joins lines; list fields split at it, and storing the text
	 * turns it into one space. */
	rc = ldx_tagbuf_add(&st->val, "\n", 1);
	if (rc == LDX_OK)
		rc = ldx_tagbuf_add(&st->val, line, len);
	return rc;
}

/* ---- Lines ----------------------------------------------------------------- */

/* A WoS tag line: two characters, then a space or the end ("ER", "EF"). */
static int wos_split(const char *line, size_t len, char tag[8], const char **v, size_t *vn)
{
	if (len < 2 || !(line[0] >= 'A' && line[0] <= 'Z') ||
	    !((line[1] >= 'A' && line[1] <= 'Z') || (line[1] >= '0' && line[1] <= '9')) ||
	    (len > 2 && line[2] != ' '))
		return 0;
	tag[0] = line[0];
	tag[1] = line[1];
	tag[2] = '\0';
	*v = len > 3 ? line + 3 : line + len;
	*vn = len > 3 ? len - 3 : 0;
	return 1;
}

static int split(const ris_state *st, const char *line, size_t len, char tag[8],
                 const char **v, size_t *vn)
{
	if (st->wos)
		return wos_split(line, len, tag, v, vn);
	/* "TY  - ", and "TY - " from a few exporters. */
	return ldx_tagged_split(line, len, 2, 4, 1, tag, v, vn);
}

/* ---- Detection --------------------------------------------------------------- */

static int starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* "PT J" (or B, S, P) alone on a line. */
static int wos_pt_line(const char *p, const char *eol)
{
	if (eol > p && eol[-1] == '\r')
		eol--;
	return eol - p == 4 && starts(p, eol, "PT ") && p[3] >= 'A' && p[3] <= 'Z';
}

/* 2 for RIS, 1 for Web of Science, 0 for neither; *first_tag is set when
 * the first non-blank line is an RIS tag line. */
static int detect(const char *data, size_t len, int *first_tag)
{
	const char *p = data, *end = data + len;
	int fn = 0, vr = 0, pt = 0, first = 1;
	char tag[8];
	const char *v;
	size_t vn;

	*first_tag = 0;
	if (starts(p, end, "\xEF\xBB\xBF"))
		p += 3;
	fn = starts(p, end, "FN ");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		if (starts(p, eol, "TY  - ") || starts(p, eol, "TY - "))
			return 2;
		vr |= starts(p, eol, "VR ");
		pt |= wos_pt_line(p, eol);
		if (first && !ldx_tagged_blank(p, (size_t)(eol - p))) {
			first = 0;
			*first_tag = ldx_tagged_split(p, (size_t)(eol - p), 2, 4, 1, tag, &v, &vn);
		}
		p = nl ? nl + 1 : end;
	}
	return (fn && vr) || pt ? 1 : 0;
}

/* 90 for "TY  - " or a WoS header / "PT J" line; 80 for a .ris file that
 * starts with an RIS tag line but has no TY (a damaged export). */
static int ris_sniff(const char *data, size_t len, const char *ext)
{
	int first_tag, kind = detect(data, len, &first_tag);

	if (kind)
		return 90;
	return first_tag && strcmp(ext, "ris") == 0 ? 80 : 0;
}

/* ---- The reader ---------------------------------------------------------- */

static ldx_status ris_open(ldx_input *in, void **state, ldx_error *err)
{
	const char *data;
	size_t len = ldx_input_peek(in, &data);
	int first_tag;
	ris_state *st;

	*state = NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(in), 0,
		                "out of memory opening '%s'", ldx_input_name(in));
	st->lines.in = in;
	st->name = ldx_input_name(in);
	st->wos = detect(data, len, &first_tag) == 1;
	st->start_tag = st->wos ? "PT" : "TY";
	st->tags = st->wos ? wos_tags : ris_tags;
	ldx_record_init(&st->cur);
	*state = st;
	return LDX_OK;
}

static ldx_status no_er(ris_state *st, ldx_error *err)
{
	long start = st->cur.line;
	ldx_status rc = end_record(st);

	if (rc != LDX_OK)
		return ldx_fail(err, rc, st->name, start, "out of memory reading '%s'", st->name);
	return ldx_fail(err, LDX_ERR_PARSE, st->name, start,
	                "record starting at line %ld has no ER", start);
}

static ldx_status ris_next(void *state, ldx_record *rec, ldx_error *err)
{
	ris_state *st = state;
	const char *line, *v;
	size_t len, vn;
	long lineno;
	char tag[8];
	ldx_status rc;

	ldx_record_clear(rec);
	for (;;) {
		if (st->ready) {
			*rec = st->cur;
			ldx_record_init(&st->cur);
			st->ready = 0;
			return LDX_OK;
		}
		rc = ldx_taglines_get(&st->lines, &line, &len, &lineno, err);
		if (rc == LDX_DONE)
			return st->in_record ? no_er(st, err) : LDX_DONE;
		if (rc != LDX_OK)
			return rc;
		if (ldx_tagged_blank(line, len))
			continue;
		if (!split(st, line, len, tag, &v, &vn)) {
			if (st->in_record) {
				rc = continue_field(st, line, len);
			} else if (!st->stray_reported) {
				st->stray_reported = 1;
				return ldx_fail(err, LDX_ERR_PARSE, st->name, lineno,
				                "line %ld is outside any record", lineno);
			}
		} else if (strcmp(tag, "ER") == 0) {
			if (st->in_record)
				rc = end_record(st);
		} else if (strcmp(tag, st->start_tag) == 0) {
			if (st->in_record) {
				ldx_taglines_unget(&st->lines);
				return no_er(st, err);
			}
			st->in_record = 1;
			st->stray_reported = 0;
			st->cur.line = lineno;
			rc = begin_field(st, tag, v, vn);
		} else if (st->in_record) {
			rc = begin_field(st, tag, v, vn);
		} else if (st->wos && (!strcmp(tag, "FN") || !strcmp(tag, "VR") ||
		                       !strcmp(tag, "EF"))) {
			/* The file header and end. */
		} else {
			/* A damaged export: fields with no TY before them. */
			st->in_record = 1;
			st->cur.line = lineno;
			rc = begin_field(st, tag, v, vn);
			if (rc == LDX_OK)
				return ldx_fail(err, LDX_ERR_PARSE, st->name, lineno,
				                "record at line %ld does not start with %s", lineno,
				                st->start_tag);
		}
		if (rc != LDX_OK)
			return ldx_fail(err, rc, st->name, lineno, "out of memory reading '%s'",
			                st->name);
	}
}

static void ris_close(void *state)
{
	ris_state *st = state;

	if (!st)
		return;
	reset_record(st);
	ldx_record_clear(&st->cur);
	ldx_tagbuf_free(&st->val);
	free(st);
}

const ldx_reader_ops ldx_reader_ris = {
	"ris", ris_sniff, ris_open, ris_next, ris_close
};
