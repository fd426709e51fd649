/*
 * main.c: the litdex command: global options, the subcommand table, and
 * the exit status.  Each subcommand lives in src/cmd_<name>.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct cli_command {
	const char *name;
	cli_command_fn fn;
	const char *summary;
} cli_command;

static const cli_command commands[] = {
	{ "index", cmd_index, "add files and folders of papers to the index" },
	{ "search", cmd_search, "search the index" },
	{ "show", cmd_show, "print whole records by PMID, DOI, PMC id or key" },
	{ "similar", cmd_similar, "papers like a given one" },
	{ "stats", cmd_stats, "what the index holds: papers, terms, sizes, years, journals" },
	{ "save", cmd_save, "store a search under a name" },
	{ "new", cmd_new, "papers added since a saved search last ran" },
	{ "check", cmd_check, "run SQLite's and FTS5's integrity checks on the index" },
	{ "rebuild", cmd_rebuild, "rebuild the full-text index from the stored papers" },
	{ "serve", cmd_serve, "a local search page and JSON API on http://127.0.0.1:8080/" },
};

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: litdex [--db PATH] [--color=WHEN] COMMAND [ARGS]\n"
	        "\n"
	        "commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
	        "\n"
	        "global options:\n"
	        "  --db PATH        index file (default: $LITDEX_DB, else\n"
	        "                   $XDG_DATA_HOME/litdex/index.db or ~/.local/share/litdex/index.db)\n"
	        "  --color=WHEN     auto (default), always or never; NO_COLOR is honoured\n"
	        "  -h, --help       this help; 'litdex COMMAND --help' for a command\n"
	        "  --version        print the version\n"
	        "\n"
	        "exit status: 0 success or a match, 1 no match, 2 error,\n"
	        "             3 index finished but some inputs failed, 130 interrupted\n");
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "color", optional_argument, NULL, 'c' },
		{ "colour", optional_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	cli_globals g = { .db_path = NULL, .color = CLI_COLOR_AUTO };
	int opt;

	/* '+' stops at the first non-option: the subcommand parses the rest */
	while ((opt = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (cli_parse_color(optarg, &g.color) != 0) {
				cli_msg("unknown --color value '%s' (use auto, always or never)", optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		case 'd': g.db_path = optarg; break;
		case 'h': usage(stdout); return CLI_EXIT_OK;
		case 'V': printf("litdex %s\n", LITDEX_VERSION); return CLI_EXIT_OK;
		default: usage(stderr); return CLI_EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return CLI_EXIT_ERROR;
	}
	int sub = optind;
	const char *name = argv[sub];
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(name, commands[i].name) == 0) {
			optind = 0;  /* glibc: a full re-initialisation for the subcommand */
			return commands[i].fn(argc - sub, argv + sub, &g);
		}
	}
	cli_msg("'%s' is not a litdex command; see 'litdex --help'", name);
	return CLI_EXIT_ERROR;
}
