/*
 * cli_output.c: the output options every command that prints papers
 * shares (search, show, similar, new): --format, --fields, --no-header,
 * --color and --db, parsed in one place so they behave alike; and
 * writing a search's hits through the chosen format.
 */
#include "cli.h"
#include "output/output.h"

int cli_output_option(const char *cmd, int opt, const char *arg, const out_format **fmt,
                      out_ctx *out, cli_globals *g)
{
	char msg[256];

	switch (opt) {
	case 'f':
		if (!(*fmt = out_find(arg))) {
			cli_msg("%s: unknown format '%s' (use %s)", cmd, arg, out_names());
			return -1;
		}
		return 1;
	case CLI_O_FIELDS:
		if (out_parse_fields(arg, out, msg, sizeof msg) != 0) {
			cli_msg("%s: %s", cmd, msg);
			return -1;
		}
		return 1;
	case CLI_O_NO_HEADER:
		out->header = 0;
		return 1;
	case CLI_O_COLOR:
		if (cli_parse_color(arg, &g->color) != 0) {
			cli_msg("%s: unknown --color value '%s' (use auto, always or never)", cmd, arg);
			return -1;
		}
		return 1;
	case CLI_O_DB:
		g->db_path = arg;
		return 1;
	}
	return 0;
}

long cli_output_hits(const out_format *fmt, out_ctx *out, ldx_search *s, const ldx_hit *first,
                     ldx_status *rc, ldx_error *err)
{
	const ldx_hit *hit = first;
	long hits = 0;

	*rc = hit ? LDX_OK : ldx_search_next(s, &hit, err);
	while (*rc == LDX_OK) {
		fmt->hit(out, hit);
		hits++;
		*rc = ldx_search_next(s, &hit, err);
	}
	return hits;
}
