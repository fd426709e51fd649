/*
 * cmd_saved.c: saved searches: `litdex save NAME QUERY [filters]` stores a
 * search, and `litdex new NAME` lists the papers that match it and were
 * added since it was last run (an offline PubMed alert).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output/output.h"

int cmd_save(int argc, char **argv, cli_globals *g)
{
	enum { O_JOURNAL = 256, O_YEAR, O_AUTHOR, O_ANY, O_DB };
	static const struct option options[] = {
		{ "any", no_argument, NULL, O_ANY },
		{ "author", required_argument, NULL, O_AUTHOR },
		{ "db", required_argument, NULL, O_DB },
		{ "help", no_argument, NULL, 'h' },
		{ "journal", required_argument, NULL, O_JOURNAL },
		{ "year", required_argument, NULL, O_YEAR },
		{ NULL, 0, NULL, 0 },
	};
	ldx_search_opts so = { .query = NULL };
	ldx_db *db = NULL;
	ldx_error err;
	int opt, code;

	while ((opt = cli_getopt("save", argc, argv, "h", options)) != -1) {
		switch (opt) {
		case O_ANY: so.match = LDX_MATCH_ANY; break;
		case O_AUTHOR: so.author = optarg; break;
		case O_DB: g->db_path = optarg; break;
		case O_JOURNAL: so.journal = optarg; break;
		case O_YEAR:
			if (ldx_year_range_parse(optarg, &so.year_min, &so.year_max) != 0) {
				cli_msg("save: bad --year '%s' (use 2019, 2015-2024, 2015- or -2010)", optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		case 'h':
			printf("usage: litdex save NAME QUERY [--journal J] [--year Y] [--author A] [--any]\n"
			       "                                  [--db PATH]\n\n"
			       "Stores a search under NAME (replacing one of that name).  'litdex new NAME'\n"
			       "then lists the papers that match it and were added since it last ran.\n\n"
			       "example:\n"
			       "  litdex save rapid-antidepressants 'ketamine AND (BDNF OR TrkB)' --year 2015-\n");
			return CLI_EXIT_OK;
		default: return CLI_EXIT_ERROR;
		}
	}
	if (argc - optind != 2) {
		cli_msg("save: give a NAME and a QUERY: litdex save NAME 'QUERY'");
		return CLI_EXIT_ERROR;
	}
	so.query = argv[optind + 1];
	if ((code = cli_open_db(g, 0, &db)) != CLI_EXIT_OK)
		return code;
	char *fts = NULL;
	ldx_status rc = ldx_query_translate(db, &so, &fts, &err);
	free(fts);
	if (rc == LDX_OK)
		rc = ldx_saved_put(db, argv[optind], &so, &err);
	if (rc != LDX_OK)
		cli_error(&err);
	else
		printf("saved '%s'; 'litdex new %s' lists papers added from now on\n", argv[optind],
		       argv[optind]);
	ldx_close(db);
	return rc == LDX_OK ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

int cmd_new(int argc, char **argv, cli_globals *g)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "limit", required_argument, NULL, 'n' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const out_format *fmt = &out_text;
	out_ctx out = { .f = stdout, .header = 1 };
	ldx_search_opts so;
	ldx_search *s = NULL;
	double last_run = 0;
	ldx_db *db = NULL;
	ldx_error err;
	int opt, code, limit = 1000;
	long hits = 0;

	while ((opt = cli_getopt("new", argc, argv, "f:hn:", options)) != -1) {
		switch (opt) {
		case 'h':
			printf("usage: litdex new NAME [OPTIONS]\n\n"
			       "Lists the papers that match the saved search NAME and were added to the\n"
			       "index since it last ran (on its first run: since it was saved), then\n"
			       "records this run.\n\n"
			       "  -f, --format F   text (default), tsv, csv, jsonl, json, ids, bibtex, ris, trec\n"
			       "  -n, --limit N    at most N papers (default 1000)\n"
			       "  --fields LIST    tsv/csv columns\n"
			       "  --no-header      tsv/csv: no header line\n"
			       "  --color=WHEN     auto (default), always or never\n"
			       "  --db PATH        index file (see 'litdex --help')\n\n"
			       "exit status: 0 new papers listed, 1 none, 2 error\n");
			return CLI_EXIT_OK;
		case 'n': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 1000000) {
				cli_msg("new: --limit needs a whole number from 1 to 1000000, not '%s'", optarg);
				return CLI_EXIT_ERROR;
			}
			limit = (int)v;
			break;
		}
		default:
			if (cli_output_option("new", opt, optarg, &fmt, &out, g) <= 0)
				return CLI_EXIT_ERROR;
			break;
		}
	}
	if (argc - optind != 1) {
		cli_msg("new: give the NAME of a saved search (see 'litdex save --help')");
		return CLI_EXIT_ERROR;
	}
	if ((code = cli_open_db(g, 0, &db)) != CLI_EXIT_OK)
		return code;
	ldx_status rc = ldx_saved_get(db, argv[optind], &so, &last_run, &err);
	if (rc == LDX_DONE) {
		cli_msg("new: no saved search '%s'", argv[optind]);
		ldx_close(db);
		return CLI_EXIT_ERROR;
	}
	if (rc == LDX_OK) {
		so.limit = limit;
		so.sort = LDX_SORT_DATE;
		so.no_marks = !out_shows_marks(fmt, &out);
		out.color = fmt == &out_text && cli_use_color(g->color, stdout);
		rc = ldx_search_begin(db, &so, &s, &err);
	}
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
		if (!hits && fmt == &out_text)
			cli_msg("no new papers for '%s' since it last ran", argv[optind]);
	}
	ldx_search_end(s);
	ldx_saved_release(&so);
	ldx_close(db);
	return code;
}
