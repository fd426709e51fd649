/*
 * cli_json.c: JSON strings for every JSON the command line writes
 * (stats, facet counts, jsonl and json records), so there is one
 * escaping rule: '"' and '\\' escaped, \n \r \t by their short forms,
 * other control characters and DEL as \u00XX, everything else (UTF-8
 * included) as is.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_json_chars(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
}

void cli_json_string(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	cli_json_chars(f, s, n == (size_t)-1 ? strlen(s) : n);
	fputc('"', f);
}
