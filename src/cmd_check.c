/*
 * cmd_check.c: `litdex check` (SQLite and FTS5 integrity checks) and
 * `litdex rebuild` (the full-text index rebuilt from the stored papers).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

/* Parses --db and --help only.  Returns 1 when the command is done (help
 * shown or a usage error) with *code set, 0 to go on. */
static int parse_no_args(const char *cmd, int argc, char **argv, cli_globals *g,
                         const char *help, int *code)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	while ((opt = cli_getopt(cmd, argc, argv, "h", options)) != -1) {
		switch (opt) {
		case 'd': g->db_path = optarg; break;
		case 'h': fputs(help, stdout); *code = CLI_EXIT_OK; return 1;
		default: *code = CLI_EXIT_ERROR; return 1;
		}
	}
	if (optind < argc) {
		cli_msg("%s: unexpected argument '%s'", cmd, argv[optind]);
		*code = CLI_EXIT_ERROR;
		return 1;
	}
	return 0;
}

int cmd_check(int argc, char **argv, cli_globals *g)
{
	ldx_db *db = NULL;
	char *report = NULL;
	ldx_error err;
	int code;
	if (parse_no_args("check", argc, argv, g,
	                  "usage: litdex check\n\n"
	                  "Runs SQLite's integrity check and FTS5's integrity check on the\n"
	                  "index, compares the ranking's copy of the column lengths with\n"
	                  "FTS5's, and says whether it is sound.  Changes nothing.\n\n"
	                  "  --db PATH   index file (see 'litdex --help')\n\n"
	                  "exit status: 0 sound, 2 problems found (listed) or an error\n",
	                  &code))
		return code;
	/* FTS5's check is an INSERT of a command row, so it needs a writable handle */
	if ((code = cli_open_db(g, 0, &db)) != CLI_EXIT_OK)
		return code;
	ldx_status rc = ldx_check(db, &report, &err);
	if (rc == LDX_OK) {
		printf("ok: sqlite integrity_check, fts5 integrity-check and the column lengths "
		       "passed\n");
	} else {
		if (report)
			fputs(report, stdout);
		cli_error(&err);
	}
	free(report);
	ldx_close(db);
	return rc == LDX_OK ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}

int cmd_rebuild(int argc, char **argv, cli_globals *g)
{
	ldx_db *db = NULL;
	ldx_error err;
	int code;
	if (parse_no_args("rebuild", argc, argv, g,
	                  "usage: litdex rebuild\n\n"
	                  "Rebuilds the full-text index from the stored papers, then merges\n"
	                  "it.  Use it when 'litdex check' reports an FTS5 problem.\n\n"
	                  "  --db PATH   index file (see 'litdex --help')\n",
	                  &code))
		return code;
	if ((code = cli_open_db(g, 0, &db)) != CLI_EXIT_OK)
		return code;
	ldx_status rc = ldx_rebuild(db, &err);
	if (rc != LDX_OK)
		cli_error(&err);
	else
		printf("rebuilt the full-text index of '%s'\n", g->db_path ? g->db_path : "the index");
	ldx_close(db);
	return cli_exit_for(rc);
}
