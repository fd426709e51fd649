/*
 * cmd_index.c: `litdex index PATH...`: options, progress on a terminal,
 * per-file error messages, the summary line and the exit status.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct index_ui {
	int progress;           /* stderr is a terminal */
	int line_dirty;         /* a progress line is on screen */
	double last;            /* seconds at the last progress line */
} index_ui;

/* The handler can only reach the index through a global. */
static ldx_db *interrupt_target;

static void on_sigint(int sig)
{
	ldx_interrupt(interrupt_target);
}

static void clear_progress(index_ui *ui)
{
	if (ui->line_dirty) {
		fputs("\r\033[K", stderr);
		ui->line_dirty = 0;
	}
}

static void on_error(const ldx_error *err, void *ctx)
{
	clear_progress(ctx);
	cli_error(err);
}

static void on_progress(const ldx_index_stats *st, void *ctx)
{
	index_ui *ui = ctx;
	long records = st->records_added + st->records_replaced + st->records_deleted;
	if (!ui->progress || st->seconds - ui->last < 0.2)
		return;
	ui->last = st->seconds;
	fprintf(stderr, "\r\033[Kindexing: %ld files, %ld records, %.0f records/s",
	        st->files_read, records, st->seconds > 0 ? records / st->seconds : 0.0);
	ui->line_dirty = 1;
}

/* One line, always the same shape, for people and for scripts. */
static void print_summary(const ldx_index_stats *st, ldx_status rc)
{
	fprintf(stderr,
	        "litdex: %s%ld files read (%ld unchanged, %ld failed, %ld gone): %ld records added, "
	        "%ld replaced, %ld deleted, %ld removed; formats:",
	        rc == LDX_ERR_INTERRUPTED ? "interrupted after " : "", st->files_read,
	        st->files_unchanged, st->files_failed, st->files_removed, st->records_added,
	        st->records_replaced, st->records_deleted, st->records_removed);
	for (int i = 0; i < st->nformats; i++)
		fprintf(stderr, "%s %s %ld", i ? "," : "", st->formats[i].name, st->formats[i].records);
	if (!st->nformats)
		fputs(" none", stderr);
	fprintf(stderr, "; %ld errors; %.2f s\n", st->errors, st->seconds);
}

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: litdex index [--format FMT] [--no-prune] [--quiet] PATH...\n"
	        "\n"
	        "Adds papers to the index.  PATH is a file, a folder (read recursively,\n"
	        "hidden entries skipped) or - for standard input.  Files may be gzip-compressed.\n"
	        "A second run reads only files that are new or changed, and removes the\n"
	        "papers of files that have gone from a folder.\n"
	        "\n"
	        "  --format FMT   read every input as FMT instead of detecting it:\n"
	        "                 pubmed, medline, ris, bibtex, html, jats, text\n"
	        "  --no-prune     keep the papers of files gone from the folders named\n"
	        "  -q, --quiet    no progress and no summary line\n"
	        "  --db PATH      index file (see 'litdex --help')\n"
	        "\n"
	        "examples:\n"
	        "  litdex index ~/papers/pubmed_result.xml ~/papers/baseline/\n"
	        "  zcat pubmed24n0001.xml.gz | litdex index -\n");
}

int cmd_index(int argc, char **argv, cli_globals *g)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "no-prune", no_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	index_ui ui = { .progress = isatty(STDERR_FILENO) };
	ldx_index_opts opts = { .on_error = on_error, .on_progress = on_progress, .ctx = &ui };
	ldx_index_stats st;
	ldx_db *db = NULL;
	ldx_error err;
	int opt, quiet = 0, code;

	while ((opt = cli_getopt("index", argc, argv, "hq", options)) != -1) {
		switch (opt) {
		case 'd': g->db_path = optarg; break;
		case 'f': opts.format = optarg; break;
		case 'h': usage(stdout); return CLI_EXIT_OK;
		case 'P': opts.no_prune = 1; break;
		case 'q': quiet = 1; break;
		default: return CLI_EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		cli_msg("index: no files or folders given");
		usage(stderr);
		return CLI_EXIT_ERROR;
	}
	if (quiet)
		ui.progress = 0;
	if ((code = cli_open_db(g, LDX_OPEN_CREATE, &db)) != CLI_EXIT_OK)
		return code;

	interrupt_target = db;
	struct sigaction sa = { .sa_handler = on_sigint, .sa_flags = SA_RESETHAND };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	ldx_status rc = ldx_index_paths(db, (const char *const *)argv + optind,
	                                (size_t)(argc - optind), &opts, &st, &err);
	clear_progress(&ui);
	if (rc != LDX_OK)
		cli_error(&err);
	if ((!quiet || rc != LDX_OK) && (rc == LDX_OK || st.files_seen > 0))
		print_summary(&st, rc);
	ldx_close(db);
	interrupt_target = NULL;
	if (rc != LDX_OK)
		return cli_exit_for(rc);
	return st.files_failed || st.errors ? CLI_EXIT_PARTIAL : CLI_EXIT_OK;
}
