/*
 * medline.c: the MEDLINE tagged-text reader (ldx_reader_medline), for
 * PubMed's "PubMed format" exports (.nbib, .txt, .medline) and the ERIC
 * and NLM Catalog files written in the same shape.
 *
 * Format: "TAG - value" lines, the tag left-justified in four columns
 * ("PMID- ", "TI  - ", "AB  - "); lines indented by white space continue
 * the field above; records are separated by blank lines.  A "PMID-" line
 * inside a record that already has a PMID also starts a new record, for
 * files pasted together without a blank line.
 *
 * Fields: PMID, TI (repeated TI lines are appended; BTI is the title of
 * a whole book, and the "journal" of a chapter), AB, AU ("Last Initials"; "Last, First" forms are converted)
 * else FAU converted, CN (collective authors, kept in order), JT and TA,
 * DP (year), OT (keywords), MH (the descriptor only: no '*' mark and no
 * "/subheading"), PT, LA (the first), LID and AID ("... [doi]", a "doi:"
 * or doi.org value; "[pii]" and others are ignored), PMC.  Every other
 * tag is skipped with its continuation lines.
 *
 * Errors: a line that is neither a tag line, a continuation nor blank is
 * reported once per record (LDX_ERR_PARSE at that line); the next call
 * carries on with the same record, skipping further bad lines until the
 * blank line that ends it, so the record is still returned.  A file that
 * ends mid-record returns what was read.  Input errors (a line over
 * LDX_LINE_MAX, a corrupt gzip stream) are passed on as the input reports
 * them.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ingest/reader.h"
#include "ingest/tagged.h"
#include "year.h"

#define ID_MAX 256

enum field {
	F_NONE,        /* no field open: a continuation line is out of place */
	F_SKIP,        /* a tag litdex does not use */
	F_PMID, F_TITLE, F_BOOK_TITLE, F_ABSTRACT, F_AU, F_FAU, F_CN, F_TA, F_JT,
	F_DP, F_OT, F_MH, F_PT, F_LA, F_ID, F_PMC
};

static const struct {
	const char *tag;
	enum field field;
} tags[] = {
	{ "PMID", F_PMID }, { "TI", F_TITLE }, { "BTI", F_BOOK_TITLE },
	{ "AB", F_ABSTRACT }, { "AU", F_AU }, { "FAU", F_FAU }, { "CN", F_CN },
	{ "TA", F_TA }, { "JT", F_JT }, { "DP", F_DP }, { "OT", F_OT },
	{ "MH", F_MH }, { "PT", F_PT }, { "LA", F_LA }, { "LID", F_ID },
	{ "AID", F_ID }, { "PMC", F_PMC },
};

typedef struct medline_state {
	ldx_taglines lines;       /* over the borrowed input */
	const char *name;         /* the input's display name */
	ldx_record cur;           /* the record being read */
	int in_record;
	int ready;                /* cur is complete: the next call hands it out */
	int reported;             /* a bad line of this record was reported */
	enum field field;         /* the field being read */
	ldx_tagbuf val;           /* its text, continuation lines joined by '\n' */
	ldx_strlist au, fau;      /* AU and FAU names, each with the CN names */
	int saw_au;
	char *book_title;
} medline_state;

static enum field field_of(const char *tag)
{
	for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
		if (strcmp(tags[i].tag, tag) == 0)
			return tags[i].field;
	return F_SKIP;
}

/* ---- Fields -------------------------------------------------------------- */

/* "Brain/ *enzymology" (without the space) -> "Brain"; "*Software" -> "Software". */
static ldx_status push_mesh(ldx_strlist *mesh, const char *v, size_t n)
{
	const char *slash;

	while (n > 0 && (*v == '*' || *v == ' ')) {
		v++;
		n--;
	}
	slash = memchr(v, '/', n);
	if (slash)
		n = (size_t)(slash - v);
	return ldx_strlist_push(mesh, v, n);
}

/* "10.1186/x [doi]" is a DOI, "x [pii]" is not; with no "[...]" label the
 * value counts if it reads as a DOI ("doi:10...", a doi.org link). */
static ldx_status set_id(ldx_record *r, const char *v, size_t n)
{
	const char *open = NULL;

	for (size_t i = 0; i < n; i++)
		if (v[i] == '[')
			open = v + i;
	if (!open)
		return ldx_tagged_set_doi(r, v, n);
	if (ldx_tagged_is(open, n - (size_t)(open - v), "[doi]"))
		return ldx_tagged_set_doi(r, v, (size_t)(open - v));
	return LDX_OK;
}

static ldx_status push_author(medline_state *st, const char *v, size_t n)
{
	/* Old records end long lists with "et al.", which is nobody. */
	if (ldx_tagged_is(v, n, "et al.") || ldx_tagged_is(v, n, "et al"))
		return LDX_OK;
	st->saw_au = 1;
	return ldx_tagged_push_name(&st->au, v, n);
}

/* Applies the field just read to st->cur and closes it. */
static ldx_status apply_field(medline_state *st)
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
	case F_PMID:
		rc = ldx_tagged_set_pmid(r, v, n);
		break;
	case F_TITLE:
		rc = ldx_record_append(&r->title, " ", v, n, LDX_TITLE_MAX);
		break;
	case F_BOOK_TITLE:
		if (!st->book_title)
			rc = ldx_record_set(&st->book_title, v, n, LDX_TITLE_MAX);
		break;
	case F_ABSTRACT:
		rc = ldx_record_append(&r->abstract, " ", v, n, LDX_FIELD_MAX);
		break;
	case F_AU:
		rc = push_author(st, v, n);
		break;
	case F_FAU:
		rc = ldx_tagged_push_name(&st->fau, v, n);
		break;
	case F_CN:
		rc = ldx_strlist_push(&st->au, v, n);
		if (rc == LDX_OK)
			rc = ldx_strlist_push(&st->fau, v, n);
		break;
	case F_TA:
		if (!r->journal_abbrev)
			rc = ldx_record_set(&r->journal_abbrev, v, n, LDX_TITLE_MAX);
		break;
	case F_JT:
		if (!r->journal)
			rc = ldx_record_set(&r->journal, v, n, LDX_TITLE_MAX);
		break;
	case F_DP:
		if (!r->year)
			r->year = ldx_year_from_date(v);
		break;
	case F_OT:
		rc = ldx_strlist_push(&r->keywords, v, n);
		break;
	case F_MH:
		rc = push_mesh(&r->mesh, v, n);
		break;
	case F_PT:
		rc = ldx_strlist_push(&r->pub_types, v, n);
		break;
	case F_LA:
		if (!r->language)
			rc = ldx_record_set(&r->language, v, n, ID_MAX);
		break;
	case F_ID:
		rc = set_id(r, v, n);
		break;
	case F_PMC:
		rc = ldx_tagged_set_pmcid(r, v, n);
		break;
	}
	ldx_tagbuf_reset(&st->val);
	return rc;
}

/* ---- Records ------------------------------------------------------------- */

static void reset_record(medline_state *st)
{
	ldx_strlist_clear(&st->au);
	ldx_strlist_clear(&st->fau);
	free(st->book_title);
	st->book_title = NULL;
	st->saw_au = 0;
	st->in_record = 0;
	st->reported = 0;
	st->field = F_NONE;
	ldx_tagbuf_reset(&st->val);
}

/* Closes the record: authors from AU, else from FAU; BTI as the title or
 * the journal.  A record with nothing in it (bad lines only) is dropped. */
static ldx_status end_record(medline_state *st)
{
	const ldx_strlist *names;
	ldx_status rc = apply_field(st);

	names = st->saw_au ? &st->au : &st->fau;
	for (size_t i = 0; rc == LDX_OK && i < names->n; i++)
		rc = ldx_strlist_push(&st->cur.authors, names->v[i], (size_t)-1);
	/* A chapter (it has a TI) sits in its book where a journal would,
	 * as in the PubMed XML reader; a whole book takes BTI as its title. */
	if (rc == LDX_OK && st->book_title) {
		if (!st->cur.title)
			rc = ldx_record_set(&st->cur.title, st->book_title, (size_t)-1,
			                    LDX_TITLE_MAX);
		else if (!st->cur.journal)
			rc = ldx_record_set(&st->cur.journal, st->book_title, (size_t)-1,
			                    LDX_TITLE_MAX);
	}
	reset_record(st);
	if (rc != LDX_OK || ldx_tagged_record_empty(&st->cur))
		ldx_record_clear(&st->cur);
	else
		st->ready = 1;
	return rc;
}

static ldx_status begin_field(medline_state *st, const char *tag, const char *v,
                              size_t n, long lineno)
{
	ldx_status rc = apply_field(st);

	if (!st->in_record) {
		st->in_record = 1;
		st->cur.line = 0;
	}
	if (!st->cur.line)
		st->cur.line = lineno;
	st->field = field_of(tag);
	if (rc == LDX_OK && st->field != F_SKIP)
		rc = ldx_tagbuf_add(&st->val, v, n);
	return rc;
}

static ldx_status continue_field(medline_state *st, const char *line, size_t len)
{
	ldx_status rc;

	if (st->field == F_SKIP)
		return LDX_OK;
	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	/* '\n' joins lines; storing the text turns it into one space. */
	rc = ldx_tagbuf_add(&st->val, "\n", 1);
	if (rc == LDX_OK)
		rc = ldx_tagbuf_add(&st->val, line, len);
	return rc;
}

/* ---- The reader ---------------------------------------------------------- */

/* The line at p in [data, end) starts with s. */
static int starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/*
 * 90 when a line starts with "PMID-".  Without one (ERIC and catalogue
 * records), 80 when the first line is a MEDLINE tag line, no line is an
 * RIS "TY  - ", and either the extension is .nbib / .medline or an "OWN - "
 * line (a tag RIS does not have) is present.
 */
static int medline_sniff(const char *data, size_t len, const char *ext)
{
	const char *p = data, *end = data + len, *first = NULL;
	int own = 0, ris = 0;
	char tag[8];
	const char *v;
	size_t vn;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		if (p == data && starts(p, end, "\xEF\xBB\xBF"))
			p += 3;
		if (starts(p, eol, "PMID-"))
			return 90;
		if (!first && !ldx_tagged_blank(p, (size_t)(eol - p)))
			first = p;
		own |= starts(p, eol, "OWN - ");
		ris |= starts(p, eol, "TY  - ") || starts(p, eol, "TY - ");
		p = nl ? nl + 1 : end;
	}
	if (!first || ris)
		return 0;
	{
		const char *nl = memchr(first, '\n', (size_t)(end - first));
		size_t n = (size_t)((nl ? nl : end) - first);

		if (!ldx_tagged_split(first, n, 4, 5, 0, tag, &v, &vn))
			return 0;
	}
	if (own || strcmp(ext, "nbib") == 0 || strcmp(ext, "medline") == 0)
		return 80;
	return 0;
}

static ldx_status medline_open(ldx_input *in, void **state, ldx_error *err)
{
	medline_state *st;

	*state = NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return ldx_fail(err, LDX_ERR_NOMEM, ldx_input_name(in), 0,
		                "out of memory opening '%s'", ldx_input_name(in));
	st->lines.in = in;
	st->name = ldx_input_name(in);
	ldx_record_init(&st->cur);
	*state = st;
	return LDX_OK;
}

static ldx_status medline_next(void *state, ldx_record *rec, ldx_error *err)
{
	medline_state *st = state;
	const char *line, *v;
	size_t len, vn;
	long lineno;
	char tag[8];
	ldx_status rc;

	ldx_record_clear(rec);
	for (;;) {
		int bad = 0;

		if (st->ready) {
			*rec = st->cur;
			ldx_record_init(&st->cur);
			st->ready = 0;
			return LDX_OK;
		}
		rc = ldx_taglines_get(&st->lines, &line, &len, &lineno, err);
		if (rc == LDX_DONE) {
			if (!st->in_record)
				return LDX_DONE;
			lineno = st->lines.lineno;
			rc = end_record(st);
		} else if (rc != LDX_OK) {
			return rc;
		} else if (ldx_tagged_blank(line, len)) {
			if (st->in_record)
				rc = end_record(st);
		} else if (line[0] == ' ' || line[0] == '\t') {
			if (st->field == F_NONE)
				bad = 1;
			else
				rc = continue_field(st, line, len);
		} else if (ldx_tagged_split(line, len, 4, 5, 0, tag, &v, &vn)) {
			if (st->in_record && strcmp(tag, "PMID") == 0 &&
			    (st->cur.pmid || st->field == F_PMID)) {
				ldx_taglines_unget(&st->lines);
				rc = end_record(st);
			} else {
				rc = begin_field(st, tag, v, vn, lineno);
			}
		} else {
			bad = 1;
		}
		if (bad) {
			/* The lines after a bad one belong to no field; the
			 * record goes on until its blank line. */
			rc = apply_field(st);
			st->in_record = 1;
			if (rc == LDX_OK && !st->reported) {
				st->reported = 1;
				return ldx_fail(err, LDX_ERR_PARSE, st->name, lineno,
				                "line %ld is neither a medline tag line nor a "
				                "continuation", lineno);
			}
		}
		if (rc != LDX_OK)
			return ldx_fail(err, rc, st->name, lineno, "out of memory reading '%s'",
			                st->name);
	}
}

static void medline_close(void *state)
{
	medline_state *st = state;

	if (!st)
		return;
	reset_record(st);
	ldx_record_clear(&st->cur);
	ldx_tagbuf_free(&st->val);
	free(st);
}

const ldx_reader_ops ldx_reader_medline = {
	"medline", medline_sniff, medline_open, medline_next, medline_close
};
