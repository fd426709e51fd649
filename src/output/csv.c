/*
 * csv.c: comma-separated results as RFC 4180 describes them: records end
 * in CRLF, a field is quoted when it holds a comma, a double quote, CR or
 * LF, and quotes inside are doubled.  CRLF because the RFC says so and
 * spreadsheets and CSV libraries expect it; pipes that want LF lines have
 * tsv.  UTF-8 without a byte order mark.  The columns and the header line
 * are tsv's (--fields, --no-header).
 */

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
	if (o->header)
		out_delimited_row(o, NULL, ',', "\r\n", csv_field);
}

static void csv_hit(out_ctx *o, const ldx_hit *h)
{
	o->n++;
	out_delimited_row(o, h, ',', "\r\n", csv_field);
}

static void csv_end(out_ctx *o, long hits) {}

const out_format out_csv = { "csv", csv_begin, csv_hit, NULL, csv_end, 0 };
