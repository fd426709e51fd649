/*
 * cli.h: what the litdex command-line files share: exit codes, the
 * subcommand signature, global options and message printing.  Only the
 * CLI (main.c, cmd_*.c, output/) includes this; it uses the library only
 * through include/litdex.h.
 */
#ifndef LDX_CLI_H
#define LDX_CLI_H

#include <getopt.h>
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
int cmd_show(int argc, char **argv, cli_globals *g);
int cmd_similar(int argc, char **argv, cli_globals *g);
int cmd_stats(int argc, char **argv, cli_globals *g);
int cmd_save(int argc, char **argv, cli_globals *g);
int cmd_new(int argc, char **argv, cli_globals *g);
int cmd_check(int argc, char **argv, cli_globals *g);
int cmd_rebuild(int argc, char **argv, cli_globals *g);
int cmd_serve(int argc, char **argv, cli_globals *g);

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

/* getopt_long without getopt's own messages: an unknown or incomplete
 * option is reported as "litdex: CMD: unknown option '--jornal'; did you
 * mean '--journal'?" and '?' is returned. */
int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
               const struct option *longopts);
/* The candidate closest to word (edit distance <= 2), or NULL. */
const char *cli_closest(const char *word, const char *const *candidates, size_t n);

/* Output through $PAGER (default "less -FRX") when enabled and stdout is
 * a terminal; otherwise stdout.  Finish with cli_pager_end(). */
FILE *cli_pager_begin(int enabled);
/* Closes the pager and waits for it; returns 0, or -1 if writing failed
 * for a reason other than the reader quitting early. */
int cli_pager_end(FILE *f);

/* Parses a --facet name (year, journal, author, mesh); 0 or -1. */
int cli_facet_parse(const char *name, ldx_facet_field *field);
/* Prints facet counts for so in format "text" (bars), "tsv" or "jsonl";
 * returns a cli_exit. */
int cli_facet_print(ldx_db *db, const ldx_search_opts *so, ldx_facet_field field,
                    const char *format, int color, FILE *f);

/* Codes of the output options shared by search, show, similar and new
 * (cli_output.c); put CLI_OUTPUT_OPTIONS in a command's option table. */
enum { CLI_O_COLOR = 0x1000, CLI_O_DB, CLI_O_FIELDS, CLI_O_NO_HEADER };
#define CLI_OUTPUT_OPTIONS \
	{ "color", optional_argument, NULL, CLI_O_COLOR }, \
	{ "colour", optional_argument, NULL, CLI_O_COLOR }, \
	{ "db", required_argument, NULL, CLI_O_DB }, \
	{ "fields", required_argument, NULL, CLI_O_FIELDS }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "no-header", no_argument, NULL, CLI_O_NO_HEADER }

/* Maps a library status to an exit code. */
int cli_exit_for(ldx_status rc);

/* Parses a non-negative int option value for option name of subcommand
 * cmd; on error prints "CMD: NAME needs a whole number >= 0, not 'S'"
 * and returns -1. */
int cli_parse_count(const char *cmd, const char *name, const char *s);

/* Writes s[0..n) as a JSON string, quotes included; n may be (size_t)-1
 * for a NUL-terminated s. */
void cli_json_string(FILE *f, const char *s, size_t n);
/* The same without the quotes, for a string written in pieces. */
void cli_json_chars(FILE *f, const char *s, size_t n);

#endif
