/*
 * cmd_stats.c: `litdex stats`: what the index holds, as text for people,
 * key/value rows (tsv) or one JSON object (jsonl) for scripts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

typedef enum stats_format { STATS_TEXT, STATS_TSV, STATS_JSONL } stats_format;

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: litdex stats [--format text|tsv|jsonl]\n"
	        "\n"
	        "Shows what the index holds: papers, distinct terms, files and records per\n"
	        "format, the file's size and how much of it is the full-text index, papers\n"
	        "per year and in the %d largest journals, the settings and the time of the\n"
	        "last indexing.  Nothing is written to the index.\n"
	        "\n"
	        "  -f, --format F   text (default), tsv (one \"name<TAB>value\" row per figure)\n"
	        "                   or jsonl (one JSON object)\n"
	        "  --db PATH        index file (see 'litdex --help')\n"
	        "\n"
	        "exit status: 0, or 2 on error\n"
	        "\n"
	        "examples:\n"
	        "  litdex stats\n"
	        "  litdex stats --format tsv | grep '^papers'\n",
	        LDX_STATS_TOP_JOURNALS);
}

/* "1.5 MiB" into buf. */
static const char *human_size(long long bytes, char *buf, size_t n)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	int u = 0;
	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, n, "%lld B", bytes);
	else
		snprintf(buf, n, "%.1f %s", v, units[u]);
	return buf;
}

/* Seconds since the epoch as local "2024-09-29 14:03:11 +0200", or "never". */
static const char *when(long long t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t <= 0 || !localtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%d %H:%M:%S %z", &tm))
		return "never";
	return buf;
}

static const char *setting(const ldx_stats *s, const char *key)
{
	for (size_t i = 0; i < s->nsettings; i++)
		if (strcmp(s->settings[i].key, key) == 0)
			return s->settings[i].value;
	return "";
}

static void print_text(FILE *f, const ldx_stats *s, const char *path)
{
	char a[32], b[32], c[32], d[32], t[64];

	fprintf(f, "Index:         %s\n", path);
	fprintf(f, "Papers:        %lld\n", s->papers);
	if (s->terms_counted_at)
		fprintf(f, "Terms:         %lld distinct (counted at %lld papers)\n", s->terms,
		        s->terms_counted_at);
	else
		fprintf(f, "Terms:         %lld distinct\n", s->terms);
	fprintf(f, "Files:         %lld (%lld records read from them)\n", s->files, s->records);
	fprintf(f, "Size:          %s: full-text index %s%s, records %s, free %s\n",
	        human_size(s->file_bytes, a, sizeof a), human_size(s->fts_bytes, b, sizeof b),
	        s->sizes_exact ? "" : " (estimated)", human_size(s->content_bytes, c, sizeof c),
	        human_size(s->free_bytes, d, sizeof d));
	if (s->wal_bytes)
		fprintf(f, "Write-ahead:   %s not yet in the file\n",
		        human_size(s->wal_bytes, a, sizeof a));
	fprintf(f, "Tokenizer:     %s, stemming %s\n", setting(s, "tokenizer"),
	        setting(s, "language"));
	fprintf(f, "Ranking:       %s\n", setting(s, "rank"));
	fprintf(f, "Schema:        version %d\n", s->schema_version);
	fprintf(f, "Last indexed:  %s\n", when(s->last_indexed, t, sizeof t));

	if (s->nformats) {
		fputs("\nFormats:\n", f);
		for (size_t i = 0; i < s->nformats; i++)
			fprintf(f, "  %-10s %8lld record%s from %lld file%s\n",
			        *s->formats[i].name ? s->formats[i].name : "(unknown)",
			        s->formats[i].records, s->formats[i].records == 1 ? "" : "s",
			        s->formats[i].files, s->formats[i].files == 1 ? "" : "s");
	}
	if (s->njournals) {
		fprintf(f, "\nJournals (the %d with most papers):\n", LDX_STATS_TOP_JOURNALS);
		for (size_t i = 0; i < s->njournals; i++) {
			const ldx_stats_journal *j = &s->journals[i];
			fprintf(f, "  %8lld  %s", j->papers, j->journal);
			if (*j->abbrev && strcmp(j->abbrev, j->journal) != 0)
				fprintf(f, " (%s)", j->abbrev);
			fputc('\n', f);
		}
	}
	if (s->nyears) {
		fputs("\nYears:\n", f);
		for (size_t i = 0; i < s->nyears; i++) {
			if (s->years[i].year)
				fprintf(f, "  %-7d %8lld\n", s->years[i].year, s->years[i].papers);
			else
				fprintf(f, "  %-7s %8lld\n", "unknown", s->years[i].papers);
		}
	}
}

/* Names and values never hold tabs or newlines (the indexer normalises
 * text), so a row is always one line of two fields. */
static void print_tsv(FILE *f, const ldx_stats *s)
{
	fprintf(f, "papers\t%lld\nterms\t%lld\nterms_counted_at\t%lld\nfiles\t%lld\n"
	        "records\t%lld\n", s->papers, s->terms, s->terms_counted_at, s->files, s->records);
	fprintf(f, "file_bytes\t%lld\nwal_bytes\t%lld\nfts_bytes\t%lld\ncontent_bytes\t%lld\n"
	        "free_bytes\t%lld\nsizes_exact\t%d\n", s->file_bytes, s->wal_bytes, s->fts_bytes,
	        s->content_bytes, s->free_bytes, s->sizes_exact);
	fprintf(f, "schema_version\t%d\nlast_indexed\t%lld\n", s->schema_version,
	        s->last_indexed);
	for (size_t i = 0; i < s->nsettings; i++)
		fprintf(f, "setting.%s\t%s\n", s->settings[i].key, s->settings[i].value);
	for (size_t i = 0; i < s->nformats; i++)
		fprintf(f, "format.%s.files\t%lld\nformat.%s.records\t%lld\n", s->formats[i].name,
		        s->formats[i].files, s->formats[i].name, s->formats[i].records);
	for (size_t i = 0; i < s->njournals; i++)
		fprintf(f, "journal.%s\t%lld\n", s->journals[i].journal, s->journals[i].papers);
	for (size_t i = 0; i < s->nyears; i++)
		fprintf(f, "year.%d\t%lld\n", s->years[i].year, s->years[i].papers);
}

static void print_jsonl(FILE *f, const ldx_stats *s)
{
	fprintf(f, "{\"papers\":%lld,\"terms\":%lld,\"terms_counted_at\":%lld,\"files\":%lld,"
	        "\"records\":%lld,", s->papers, s->terms, s->terms_counted_at, s->files, s->records);
	fprintf(f, "\"file_bytes\":%lld,\"wal_bytes\":%lld,\"fts_bytes\":%lld,"
	        "\"content_bytes\":%lld,\"free_bytes\":%lld,\"sizes_exact\":%s,",
	        s->file_bytes, s->wal_bytes, s->fts_bytes, s->content_bytes, s->free_bytes,
	        s->sizes_exact ? "true" : "false");
	fprintf(f, "\"schema_version\":%d,\"last_indexed\":%lld,\"settings\":{",
	        s->schema_version, s->last_indexed);
	for (size_t i = 0; i < s->nsettings; i++) {
		fputs(i ? "," : "", f);
		cli_json_string(f, s->settings[i].key, (size_t)-1);
		fputc(':', f);
		cli_json_string(f, s->settings[i].value, (size_t)-1);
	}
	fputs("},\"formats\":[", f);
	for (size_t i = 0; i < s->nformats; i++) {
		fputs(i ? ",{\"format\":" : "{\"format\":", f);
		cli_json_string(f, s->formats[i].name, (size_t)-1);
		fprintf(f, ",\"files\":%lld,\"records\":%lld}", s->formats[i].files,
		        s->formats[i].records);
	}
	fputs("],\"journals\":[", f);
	for (size_t i = 0; i < s->njournals; i++) {
		fputs(i ? ",{\"journal\":" : "{\"journal\":", f);
		cli_json_string(f, s->journals[i].journal, (size_t)-1);
		fputs(",\"abbrev\":", f);
		cli_json_string(f, s->journals[i].abbrev, (size_t)-1);
		fprintf(f, ",\"papers\":%lld}", s->journals[i].papers);
	}
	fputs("],\"years\":[", f);
	for (size_t i = 0; i < s->nyears; i++) {
		fputs(i ? "," : "", f);
		if (s->years[i].year)
			fprintf(f, "{\"year\":%d,\"papers\":%lld}", s->years[i].year, s->years[i].papers);
		else
			fprintf(f, "{\"year\":null,\"papers\":%lld}", s->years[i].papers);
	}
	fputs("]}\n", f);
}

int cmd_stats(int argc, char **argv, cli_globals *g)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	stats_format format = STATS_TEXT;
	ldx_stats *s = NULL;
	ldx_db *db = NULL;
	ldx_error err;
	ldx_status rc;
	int opt, code;

	while ((opt = cli_getopt("stats", argc, argv, "f:h", options)) != -1) {
		switch (opt) {
		case 'd': g->db_path = optarg; break;
		case 'f':
			if (!strcmp(optarg, "text"))
				format = STATS_TEXT;
			else if (!strcmp(optarg, "tsv"))
				format = STATS_TSV;
			else if (!strcmp(optarg, "jsonl") || !strcmp(optarg, "json"))
				format = STATS_JSONL;
			else {
				cli_msg("stats: unknown format '%s' (use text, tsv or jsonl)", optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		case 'h': usage(stdout); return CLI_EXIT_OK;
		default: return CLI_EXIT_ERROR;
		}
	}
	if (optind < argc) {
		cli_msg("stats: takes no arguments, not '%s'", argv[optind]);
		return CLI_EXIT_ERROR;
	}
	if ((code = cli_open_db(g, LDX_OPEN_READONLY, &db)) != CLI_EXIT_OK)
		return code;
	if ((rc = ldx_stats_get(db, &s, &err)) != LDX_OK) {
		cli_error(&err);
		ldx_close(db);
		return cli_exit_for(rc);
	}
	if (format == STATS_TSV) {
		print_tsv(stdout, s);
	} else if (format == STATS_JSONL) {
		print_jsonl(stdout, s);
	} else {
		char *path = g->db_path ? NULL : ldx_default_db_path();
		print_text(stdout, s, g->db_path ? g->db_path : path ? path : "");
		free(path);
	}
	ldx_stats_free(s);
	ldx_close(db);
	if (fflush(stdout) != 0) {
		cli_msg("stats: cannot write: %s", strerror(errno));
		return CLI_EXIT_ERROR;
	}
	return CLI_EXIT_OK;
}
