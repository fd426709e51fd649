/*
 * cli_env.c: the command line's dealings with its environment: messages
 * on stderr, the colour decision, and finding and opening the index.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

void cli_msg(const char *fmt, ...)
{
	va_list ap;
	fputs("litdex: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_error(const ldx_error *err)
{
	if (err->file[0] && err->line > 0)
		fprintf(stderr, "litdex: %s:%ld: %s\n", err->file, err->line, err->message);
	else if (err->position > 0)
		fprintf(stderr, "litdex: bad query: %s\n", err->message);
	else
		fprintf(stderr, "litdex: %s\n", err->message);
}

int cli_parse_color(const char *when, cli_color *c)
{
	if (!when || !strcmp(when, "always") || !strcmp(when, "yes") || !strcmp(when, "force"))
		*c = CLI_COLOR_ALWAYS;
	else if (!strcmp(when, "never") || !strcmp(when, "no") || !strcmp(when, "none"))
		*c = CLI_COLOR_NEVER;
	else if (!strcmp(when, "auto") || !strcmp(when, "tty") || !strcmp(when, "if-tty"))
		*c = CLI_COLOR_AUTO;
	else
		return -1;
	return 0;
}

int cli_use_color(cli_color c, FILE *f)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	if (c == CLI_COLOR_ALWAYS)
		return 1;
	if (c == CLI_COLOR_NEVER || (no_color && *no_color))
		return 0;
	if (term && !strcmp(term, "dumb"))
		return 0;
	return isatty(fileno(f));
}

int cli_exit_for(ldx_status rc)
{
	switch (rc) {
	case LDX_OK: return CLI_EXIT_OK;
	case LDX_DONE: return CLI_EXIT_NO_MATCH;
	case LDX_ERR_INTERRUPTED: return CLI_EXIT_INTERRUPTED;
	default: return CLI_EXIT_ERROR;
	}
}

int cli_open_db(cli_globals *g, int flags, ldx_db **db)
{
	char *path = g->db_path ? strdup(g->db_path) : ldx_default_db_path();
	ldx_error err;
	ldx_status rc;

	if (!path) {
		cli_msg("no index path: use --db PATH or set LITDEX_DB (HOME is not set)");
		return CLI_EXIT_ERROR;
	}
	if ((flags & LDX_OPEN_CREATE) && !g->db_path) {
		/* the default location's folders may not exist yet */
		for (char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			mkdir(path, 0755);
			*slash = '/';
		}
	}
	rc = ldx_open(path, flags, db, &err);
	if (rc == LDX_ERR_NOINDEX)
		cli_msg("no index at '%s'; create one with: litdex index FILE-OR-FOLDER...%s", path,
		        g->db_path ? "" : " (or choose one with --db PATH or LITDEX_DB)");
	else if (rc != LDX_OK)
		cli_error(&err);
	else if (ldx_upgraded_from(*db))
		cli_msg("upgraded index '%s' from schema version %d: its full-text index was "
		        "made again", path, ldx_upgraded_from(*db));
	free(path);
	return rc == LDX_OK ? CLI_EXIT_OK : CLI_EXIT_ERROR;
}
