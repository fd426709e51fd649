/*
 * cmd_similar.c: `litdex similar KEY`: papers like a given one, with the
 * filters and formats of search.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output/output.h"

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: litdex similar [OPTIONS] KEY\n"
	        "\n"
	        "Lists papers like the one KEY names (a PMID, DOI, PMC id or key, as for\n"
	        "'litdex show'), best first.  The paper's most distinctive words in title,\n"
	        "abstract, keywords and MeSH are searched for together; the paper itself is\n"
	        "never listed.\n"
	        "\n"
	        "filters:\n"
	        "  --journal NAME     only this journal (full title or ISO abbreviation, any case)\n"
	        "  --year RANGE       2019, 2015-2024, 2015- or -2010\n"
	        "  --author NAME      only papers by this author (\"Kavalali\" or \"Kavalali ET\")\n"
	        "  -n, --limit N      at most N results (default 20)\n"
	        "  --offset N         skip the first N results\n"
	        "output:\n"
	        "  -f, --format F     text (default), tsv, csv, jsonl, json, ids, bibtex, ris, trec\n"
	        "  --fields LIST      tsv/csv columns, e.g. pmid,year,title\n"
	        "  --no-header        tsv/csv: no header line\n"
	        "  --color=WHEN       auto (default), always or never\n"
	        "  --no-pager         do not page long text output on a terminal\n"
	        "  --db PATH          index file (see 'litdex --help')\n"
	        "\n"
	        "exit status: 0 when similar papers were found, 1 when none were,\n"
	        "             2 on error or when KEY is not in the index\n"
	        "\n"
	        "examples:\n"
	        "  litdex similar doi:10.1007/s00406-024-01898-6 --limit 5\n"
	        "  litdex similar PMID:12345678 --year 2015- --format ids\n");
}

int cmd_similar(int argc, char **argv, cli_globals *g)
{
	enum { O_JOURNAL = 256, O_YEAR, O_AUTHOR, O_OFFSET, O_NO_PAGER };
	static const struct option options[] = {
		{ "author", required_argument, NULL, O_AUTHOR },
		{ "help", no_argument, NULL, 'h' },
		{ "journal", required_argument, NULL, O_JOURNAL },
		{ "limit", required_argument, NULL, 'n' },
		{ "no-pager", no_argument, NULL, O_NO_PAGER },
		{ "offset", required_argument, NULL, O_OFFSET },
		{ "year", required_argument, NULL, O_YEAR },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	ldx_search_opts so = { 0 };
	const out_format *fmt = &out_text;
	out_ctx out = { .header = 1 };
	ldx_search *s = NULL;
	ldx_db *db = NULL;
	ldx_error err;
	ldx_status rc;
	long hits = 0;
	int opt, code, pager = 1;

	while ((opt = cli_getopt("similar", argc, argv, "f:hn:", options)) != -1) {
		switch (opt) {
		case O_AUTHOR: so.author = optarg; break;
		case 'h': usage(stdout); return CLI_EXIT_OK;
		case O_JOURNAL: so.journal = optarg; break;
		case 'n':
			if ((so.limit = cli_parse_count("similar", "--limit", optarg)) < 0)
				return CLI_EXIT_ERROR;
			if (so.limit == 0)
				return CLI_EXIT_NO_MATCH;
			break;
		case O_NO_PAGER: pager = 0; break;
		case O_OFFSET:
			if ((so.offset = cli_parse_count("similar", "--offset", optarg)) < 0)
				return CLI_EXIT_ERROR;
			break;
		case O_YEAR:
			if (ldx_year_range_parse(optarg, &so.year_min, &so.year_max) != 0) {
				cli_msg("similar: bad --year '%s' (use 2019, 2015-2024, 2015- or -2010)",
				        optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		default:
			if (cli_output_option("similar", opt, optarg, &fmt, &out, g) <= 0)
				return CLI_EXIT_ERROR;
			break;
		}
	}
	if (optind >= argc) {
		cli_msg("similar: no paper given (see 'litdex similar --help')");
		return CLI_EXIT_ERROR;
	}
	if (argc - optind > 1) {
		cli_msg("similar: give one paper, not %d", argc - optind);
		return CLI_EXIT_ERROR;
	}
	const char *key = argv[optind];

	if ((code = cli_open_db(g, LDX_OPEN_READONLY, &db)) != CLI_EXIT_OK)
		return code;
	so.no_marks = !out_shows_marks(fmt, &out);
	rc = ldx_similar_begin(db, key, &so, &s, &err);
	if (rc == LDX_DONE) {
		cli_msg("no paper '%s' in the index", key);
		ldx_close(db);
		return CLI_EXIT_ERROR;
	}
	out.f = cli_pager_begin(pager && fmt == &out_text);
	out.color = fmt == &out_text && cli_use_color(g->color, stdout);
	if (rc == LDX_OK) {
		fmt->begin(&out);
		hits = cli_output_hits(fmt, &out, s, NULL, &rc, &err);
		fmt->end(&out, hits);
	}
	if (rc != LDX_OK && rc != LDX_DONE) {
		cli_error(&err);
		code = CLI_EXIT_ERROR;
	} else {
		code = hits ? CLI_EXIT_OK : CLI_EXIT_NO_MATCH;
	}
	ldx_search_end(s);
	if (cli_pager_end(out.f) != 0 && code != CLI_EXIT_ERROR) {
		cli_msg("similar: cannot write results: %s", strerror(errno));
		code = CLI_EXIT_ERROR;
	}
	ldx_close(db);
	return code;
}
