/*
 * cmd_search.c: `litdex search QUERY`: options and filters, running the
 * search through the library, and writing the hits in the chosen format.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output/output.h"

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: litdex search [OPTIONS] QUERY\n"
	        "\n"
	        "Searches the index.  Words are ANDed; \"quoted phrases\", OR, NOT, (groups),\n"
	        "prefix* and field:word (title abstract keywords mesh author journal) work.\n"
	        "\n"
	        "  --journal NAME   only this journal (full title or ISO abbreviation, any case)\n"
	        "  --year RANGE     2019, 2015-2024, 2015- or -2010\n"
	        "  --author NAME    only papers by this author (\"Kavalali\" or \"Kavalali ET\")\n"
	        "  -n, --limit N    at most N results (default 20)\n"
	        "  --offset N       skip the first N results\n"
	        "  -f, --format F   text (default), tsv, jsonl or ids\n"
	        "  --no-header      tsv: no header line\n"
	        "  --color=WHEN     auto (default), always or never\n"
	        "  --db PATH        index file (see 'litdex --help')\n"
	        "\n"
	        "exit status: 0 when something matched, 1 when nothing did, 2 on error\n"
	        "\n"
	        "examples:\n"
	        "  litdex search \"homeostatic plasticity\" --journal Neuron --year 2015-2024\n"
	        "  litdex search 'ketamine AND (BDNF OR TrkB)' --format tsv | cut -f4,8\n"
	        "  litdex search 'title:\"synaptic scaling\" NOT review' --format ids\n");
}

/* Parses a non-negative int option value; -1 on error. */
static int parse_count(const char *name, const char *s)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > INT_MAX) {
		cli_msg("search: %s needs a whole number >= 0, not '%s'", name, s);
		return -1;
	}
	return (int)v;
}

int cmd_search(int argc, char **argv, cli_globals *g)
{
	enum { O_JOURNAL = 256, O_YEAR, O_AUTHOR, O_OFFSET, O_NO_HEADER, O_COLOR, O_DB };
	static const struct option options[] = {
		{ "author", required_argument, NULL, O_AUTHOR },
		{ "color", optional_argument, NULL, O_COLOR },
		{ "colour", optional_argument, NULL, O_COLOR },
		{ "db", required_argument, NULL, O_DB },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "journal", required_argument, NULL, O_JOURNAL },
		{ "limit", required_argument, NULL, 'n' },
		{ "no-header", no_argument, NULL, O_NO_HEADER },
		{ "offset", required_argument, NULL, O_OFFSET },
		{ "year", required_argument, NULL, O_YEAR },
		{ NULL, 0, NULL, 0 },
	};
	ldx_search_opts so = { 0 };
	const out_format *fmt = &out_text;
	out_ctx out = { .f = stdout, .header = 1 };
	ldx_search *s = NULL;
	ldx_db *db = NULL;
	const ldx_hit *hit;
	ldx_error err;
	ldx_status rc;
	long hits = 0;
	int opt, code;

	while ((opt = getopt_long(argc, argv, "f:hn:", options, NULL)) != -1) {
		switch (opt) {
		case O_AUTHOR: so.author = optarg; break;
		case O_COLOR:
			if (cli_parse_color(optarg, &g->color) != 0) {
				cli_msg("search: unknown --color value '%s' (use auto, always or never)",
				        optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		case O_DB: g->db_path = optarg; break;
		case 'f':
			if (!(fmt = out_find(optarg))) {
				cli_msg("search: unknown format '%s' (use %s)", optarg, out_names());
				return CLI_EXIT_ERROR;
			}
			break;
		case 'h': usage(stdout); return CLI_EXIT_OK;
		case O_JOURNAL: so.journal = optarg; break;
		case 'n':
			if ((so.limit = parse_count("--limit", optarg)) < 0)
				return CLI_EXIT_ERROR;
			if (so.limit == 0)
				return CLI_EXIT_NO_MATCH;
			break;
		case O_NO_HEADER: out.header = 0; break;
		case O_OFFSET:
			if ((so.offset = parse_count("--offset", optarg)) < 0)
				return CLI_EXIT_ERROR;
			break;
		case O_YEAR:
			if (ldx_year_range_parse(optarg, &so.year_min, &so.year_max) != 0) {
				cli_msg("search: bad --year '%s' (use 2019, 2015-2024, 2015- or -2010)",
				        optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		default: usage(stderr); return CLI_EXIT_ERROR;
		}
	}
	if (argc - optind > 1) {
		cli_msg("search: give the query as one argument; quote it: litdex search '%s %s'",
		        argv[optind], argv[optind + 1]);
		return CLI_EXIT_ERROR;
	}
	so.query = optind < argc ? argv[optind] : NULL;
	if (!so.query && !so.journal && !so.author && !so.year_min && !so.year_max) {
		cli_msg("search: no query given");
		usage(stderr);
		return CLI_EXIT_ERROR;
	}
	out.color = fmt == &out_text && cli_use_color(g->color, stdout);

	if ((code = cli_open_db(g, LDX_OPEN_READONLY, &db)) != CLI_EXIT_OK)
		return code;
	rc = ldx_search_begin(db, &so, &s, &err);
	if (rc == LDX_OK) {
		fmt->begin(&out);
		while ((rc = ldx_search_next(s, &hit, &err)) == LDX_OK) {
			fmt->hit(&out, hit);
			hits++;
		}
		fmt->end(&out, hits);
	}
	if (rc != LDX_OK && rc != LDX_DONE) {
		if (err.position > 0)
			fprintf(stderr, "litdex: bad query: %s\n  %s\n  %*s^\n", err.message, so.query,
			        err.position - 1, "");
		else
			cli_error(&err);
		code = CLI_EXIT_ERROR;
	} else {
		code = hits ? CLI_EXIT_OK : CLI_EXIT_NO_MATCH;
	}
	ldx_search_end(s);
	ldx_close(db);
	if (fflush(stdout) != 0 && code != CLI_EXIT_ERROR) {
		cli_msg("search: cannot write results: %s", strerror(errno));
		code = CLI_EXIT_ERROR;
	}
	return code;
}
