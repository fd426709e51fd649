/*
 * csv.c: comma-separated results as RFC 4180 describes them: records end
 * in CRLF, a field is quoted when it holds a comma, a double quote, CR or
 * LF, and quotes inside are doubled.  CRLF because the RFC says so and
 * spreadsheets and CSV libraries expect it; pipes that want LF lines have
 * tsv.  UTF-8 without a byte order mark.  The columns and the header line
 * are tsv's (--fields, --no-header).
 */
#include <string.h>

#include "output.h"

/* Writes s[0..n) as one CSV field, without highlight markers. */
static void csv_field(FILE *f, const char *s, size_t n)
{
	int quote = 0;

	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (quote)
		fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == LDX_MARK_BEGIN[0] || c == LDX_MARK_END[0])
			continue;
		if (c == '"')
			fputc('"', f);
		fputc(c, f);
	}
	if (quote)
		fputc('"', f);
}

static void csv_begin(out_ctx *o)
{
	int n;
	const out_field *cols = out_columns(o, &n);

	if (!o->header)
		return;
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', o->f);
		csv_field(o->f, out_field_name(cols[i]), strlen(out_field_name(cols[i])));
	}
	fputs("\r\n", o->f);
}

static void csv_hit(out_ctx *o, const ldx_hit *h)
{
	int n;
	const out_field *cols = out_columns(o, &n);

	o->n++;
	for (int i = 0; i < n; i++) {
		char num[32];
		const char *s;
		size_t len = out_field_text(h, cols[i], num, &s);

		if (i)
			fputc(',', o->f);
		csv_field(o->f, s, len);
	}
	fputs("\r\n", o->f);
}

static void csv_end(out_ctx *o, long hits) {}

const out_format out_csv = { "csv", csv_begin, csv_hit, NULL, csv_end };
