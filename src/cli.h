/*
 * cli.h: what the litdex command-line files share: exit codes, the
 * subcommand signature, global options and message printing.  Only the
 * CLI (main.c, cmd_*.c, output/) includes this; it uses the library only
 * through include/litdex.h.
 */
#ifndef LDX_CLI_H
#define LDX_CLI_H

#include <stdio.h>

#include "litdex.h"

/* Exit statuses, like grep's: documented in README.md and `litdex --help`. */
typedef enum cli_exit {
	CLI_EXIT_OK = 0,          /* search matched; index read every input */
	CLI_EXIT_NO_MATCH = 1,    /* search matched nothing */
	CLI_EXIT_ERROR = 2,       /* usage, bad query, no index, fatal error */
	CLI_EXIT_PARTIAL = 3,     /* index: some inputs failed, the others are indexed */
	CLI_EXIT_INTERRUPTED = 130
} cli_exit;

typedef enum cli_color { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER } cli_color;

typedef struct cli_globals {
	const char *db_path;      /* --db, or NULL for the default */
	cli_color color;
} cli_globals;

/* A subcommand: argv[0] is its name.  Returns a cli_exit. */
typedef int (*cli_command_fn)(int argc, char **argv, cli_globals *g);

int cmd_index(int argc, char **argv, cli_globals *g);
int cmd_search(int argc, char **argv, cli_globals *g);

/* "litdex: error: <msg>" on stderr, with file:line: or the query position. */
void cli_error(const ldx_error *err);
/* printf-style "litdex: <msg>" on stderr. */
void cli_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses --color=WHEN into *c; returns 0, or -1 for an unknown WHEN. */
int cli_parse_color(const char *when, cli_color *c);
/* Whether to colour output written to f (NO_COLOR, isatty). */
int cli_use_color(cli_color c, FILE *f);

/* Resolves the index path (--db, $LITDEX_DB, default) and opens it; on
 * failure prints a message saying how to create an index. */
int cli_open_db(cli_globals *g, int flags, ldx_db **db);

/* Maps a library status to an exit code. */
int cli_exit_for(ldx_status rc);

#endif
