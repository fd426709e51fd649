/*
 * cli_facet.c: `search --facet FIELD`: hit counts per year, journal,
 * author or MeSH term, as bars on a terminal (year as a histogram over
 * every year in the range, the others as the top 20) or as plain counts
 * for tsv and jsonl.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define FACET_TOP 20
#define FACET_BAR 40
#define FACET_MAX_VALUES 100000

typedef struct facet_row {
	char *value;
	long count;
} facet_row;

int cli_facet_parse(const char *name, ldx_facet_field *field)
{
	static const struct { const char *name; ldx_facet_field field; } names[] = {
		{ "year", LDX_FACET_YEAR }, { "journal", LDX_FACET_JOURNAL },
		{ "author", LDX_FACET_AUTHOR }, { "mesh", LDX_FACET_MESH },
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(name, names[i].name) == 0) {
			*field = names[i].field;
			return 0;
		}
	return -1;
}

static void draw_bar(FILE *f, const char *label, int width, long count, long max, int color)
{
	int n = max ? (int)((count * FACET_BAR + max - 1) / max) : 0;
	fprintf(f, "%*s %s", width, label, color ? "\033[36m" : "");
	for (int i = 0; i < n; i++)
		fputs("█", f);
	fprintf(f, "%s %ld\n", color ? "\033[0m" : "", count);
}

/* Years as a histogram: every year between the first and the last, so
 * gaps show. */
static void draw_years(FILE *f, const facet_row *rows, size_t n, long max, int color)
{
	size_t i = 0;
	long unknown = 0;
	if (n && !*rows[0].value) {
		unknown = rows[0].count;
		i = 1;
	}
	if (i < n) {
		int first = atoi(rows[i].value), last = atoi(rows[n - 1].value);
		for (int y = first; y <= last && last - first < 1000; y++) {
			long count = 0;
			char label[16];
			for (size_t k = i; k < n; k++)
				if (atoi(rows[k].value) == y)
					count = rows[k].count;
			snprintf(label, sizeof label, "%d", y);
			draw_bar(f, label, 7, count, max, color);
		}
	}
	if (unknown)
		draw_bar(f, "no year", 7, unknown, max, color);
}

int cli_facet_print(ldx_db *db, const ldx_search_opts *so, ldx_facet_field field,
                    const char *format, int color, FILE *f)
{
	facet_row *rows = NULL;
	size_t n = 0, cap = 0;
	ldx_facet *fa = NULL;
	const char *value;
	long count, max = 0, total = 0;
	ldx_error err;
	ldx_status rc;
	int code = CLI_EXIT_OK;

	if ((rc = ldx_facet_begin(db, so, field, &fa, &err)) != LDX_OK) {
		cli_error(&err);
		return CLI_EXIT_ERROR;
	}
	while ((rc = ldx_facet_next(fa, &value, &count, &err)) == LDX_OK && n < FACET_MAX_VALUES) {
		if (n == cap) {
			facet_row *grown = realloc(rows, (cap = cap ? cap * 2 : 64) * sizeof *rows);
			if (!grown)
				break;
			rows = grown;
		}
		if (!(rows[n].value = strdup(value)))
			break;
		rows[n++].count = count;
		total += count;
		if (count > max && (field == LDX_FACET_YEAR || n <= FACET_TOP))
			max = count;
	}
	if (rc != LDX_OK && rc != LDX_DONE) {
		cli_error(&err);
		code = CLI_EXIT_ERROR;
	} else if (n == 0) {
		code = CLI_EXIT_NO_MATCH;
	} else if (!strcmp(format, "tsv")) {
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%s\t%ld\n", rows[i].value, rows[i].count);
	} else if (!strcmp(format, "jsonl")) {
		for (size_t i = 0; i < n; i++) {
			fputs("{\"value\":", f);
			cli_json_string(f, rows[i].value, (size_t)-1);
			fprintf(f, ",\"count\":%ld}\n", rows[i].count);
		}
	} else if (field == LDX_FACET_YEAR) {
		draw_years(f, rows, n, max, color);
	} else {
		int width = 0;
		for (size_t i = 0; i < n && i < FACET_TOP; i++)
			if ((int)strlen(rows[i].value) > width)
				width = (int)strlen(rows[i].value);
		if (width > 40)
			width = 40;
		for (size_t i = 0; i < n && i < FACET_TOP; i++) {
			char label[44];
			snprintf(label, sizeof label, "%.40s", *rows[i].value ? rows[i].value : "(none)");
			draw_bar(f, label, -width, rows[i].count, max, color);
		}
		if (n > FACET_TOP)
			fprintf(f, "(%zu more)\n", n - FACET_TOP);
	}
	for (size_t i = 0; i < n; i++)
		free(rows[i].value);
	free(rows);
	ldx_facet_end(fa);
	(void)total;
	return code;
}
