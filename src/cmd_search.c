/*
 * cmd_search.c: `litdex search QUERY`: options and filters, single and
 * batch (--queries) searches, relaxed matching when no paper has every
 * word, suggestions, --explain, --facet, --log, and writing the hits in
 * the chosen format.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "output/output.h"

#define QUERY_LINE_MAX 65536

typedef struct search_cli {
	ldx_search_opts so;
	const out_format *fmt;
	out_ctx out;
	const char *format_name;
	const char *queries_file;
	const char *log_file;
	int explain, all, any, pager, facet_on;
	ldx_facet_field facet;
	ldx_db *db;
} search_cli;

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: litdex search [OPTIONS] QUERY\n"
	        "       litdex search [OPTIONS] --queries FILE\n"
	        "\n"
	        "Searches the index.  Words are ANDed; \"quoted phrases\", OR, NOT, (groups),\n"
	        "prefix*, field:word (title abstract keywords mesh author journal), PubMed\n"
	        "tags (word[ti], \"a phrase\"[tiab], kavalali et[au], 2015:2020[dp], ...) and\n"
	        "proximity (\"ketamine depression\"~5, NEAR(a b, 5)) work.  When no paper has\n"
	        "every word, the papers that match some of them are shown (see --all).\n"
	        "\n"
	        "filters:\n"
	        "  --journal NAME     only this journal (full title or ISO abbreviation, any case)\n"
	        "  --year RANGE       2019, 2015-2024, 2015- or -2010\n"
	        "  --author NAME      only papers by this author (\"Kavalali\" or \"Kavalali ET\")\n"
	        "matching and order:\n"
	        "  --all              only papers with every word; never relax the query\n"
	        "  --any              papers with any of the words, best first\n"
	        "  --sort ORDER       relevance (default), date (newest in the index first)\n"
	        "                     or year (publication year, newest first)\n"
	        "  -n, --limit N      at most N results (default 20)\n"
	        "  --offset N         skip the first N results\n"
	        "output:\n"
	        "  -f, --format F     text (default), tsv, csv, jsonl, json, ids, bibtex, ris, trec\n"
	        "  --fields LIST      tsv/csv columns, e.g. pmid,year,title (see the README)\n"
	        "  --no-header        tsv/csv: no header line\n"
	        "  --why              show which words matched in which fields, and each\n"
	        "                     field's share of the score\n"
	        "  --facet FIELD      hit counts per year, journal, author or mesh instead of hits\n"
	        "  --explain          print how the query was understood, and search nothing\n"
	        "  --queries FILE     one query per line (\"qid<TAB>query\" or \"query\"); - is stdin\n"
	        "  --log FILE         append the date, query, translation, filters, index size\n"
	        "                     and hit count of every search (for systematic reviews)\n"
	        "  --color=WHEN       auto (default), always or never\n"
	        "  --no-pager         do not page long text output on a terminal\n"
	        "  --db PATH          index file (see 'litdex --help')\n"
	        "\n"
	        "exit status: 0 when something matched, 1 when nothing did, 2 on error\n"
	        "\n"
	        "examples:\n"
	        "  litdex search \"homeostatic plasticity\" --journal Neuron --year 2015-2024\n"
	        "  litdex search 'ketamine AND (BDNF OR TrkB)' --format tsv | cut -f4,8\n"
	        "  litdex search '\"synaptic scaling\"[tiab] NOT review[pt]' --format ids\n"
	        "  litdex search ketamine --facet year\n"
	        "  litdex search --queries topics.tsv --any --format trec --limit 1000\n");
}

static int parse_sort(const char *s, ldx_sort *sort)
{
	if (!strcmp(s, "relevance"))
		*sort = LDX_SORT_RELEVANCE;
	else if (!strcmp(s, "date"))
		*sort = LDX_SORT_DATE;
	else if (!strcmp(s, "year"))
		*sort = LDX_SORT_YEAR;
	else
		return -1;
	return 0;
}

static void report_query_error(const ldx_error *err, const char *query)
{
	if (err->position > 0 && query && !strchr(query, '\n') && strlen(query) < 200) {
		/* the caret counts characters; the query is printed as typed */
		int col = 0;
		for (const unsigned char *c = (const unsigned char *)query;
		     *c && col < err->position - 1; c++)
			if ((*c & 0xC0) != 0x80)
				col++;
		fprintf(stderr, "litdex: bad query: %s\n  %s\n  %*s^\n", err->message, query, col, "");
	} else if (err->position > 0) {
		fprintf(stderr, "litdex: bad query: %s\n", err->message);
	} else {
		cli_error(err);
	}
}

/* Appends one line to the --log file (a TSV with a header when new). */
static void log_search(search_cli *c, const ldx_search_opts *so, const char *relaxed)
{
	ldx_search_opts everything = { .query = NULL };
	long records = 0, hits = 0;
	char *fts = NULL;
	char stamp[32];
	ldx_error err;
	time_t now = time(NULL);
	FILE *f = fopen(c->log_file, "a");

	if (!f) {
		cli_msg("search: cannot write log '%s': %s", c->log_file, strerror(errno));
		return;
	}
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	ldx_query_translate(c->db, so, &fts, &err);
	ldx_search_count(c->db, &everything, &records, &err);
	ldx_search_count(c->db, so, &hits, &err);
	if (ftell(f) == 0)
		fputs("date\tquery\ttranslation\tfilters\tmatch\trecords_in_index\thits\n", f);
	fprintf(f, "%s\t%s\t%s\t", stamp, so->query ? so->query : "", fts ? fts : "");
	int any = 0;
	if (so->journal)
		any += fprintf(f, "journal=%s", so->journal) > 0;
	if (so->year_min || so->year_max)
		any += fprintf(f, "%syear=%d-%d", any ? "; " : "", so->year_min, so->year_max) > 0;
	if (so->author)
		any += fprintf(f, "%sauthor=%s", any ? "; " : "", so->author) > 0;
	fprintf(f, "\t%s\t%ld\t%ld\n",
	        relaxed ? relaxed : so->match == LDX_MATCH_ANY ? "any" : "all", records, hits);
	fclose(f);
	free(fts);
}

static void suggest(search_cli *c, const char *query)
{
	char *words = NULL;
	ldx_error err;
	if (query && ldx_suggest(c->db, query, &words, &err) == LDX_OK && words)
		cli_msg("did you mean: %s?", words);
	free(words);
}

/*
 * Runs one query and writes its hits.  Without --all or --any, a query
 * no paper fully matches is relaxed to any of its words, said on stderr.
 */
static int run_query(search_cli *c, const char *qid, const char *query)
{
	ldx_search_opts so = c->so;
	ldx_search *s = NULL;
	const ldx_hit *first = NULL;
	const char *relaxed = NULL;
	ldx_error err;
	ldx_status rc;
	long hits = 0;

	so.query = query;
	so.match = c->any ? LDX_MATCH_ANY : LDX_MATCH_ALL;
	c->out.qid = qid;
	if ((rc = ldx_search_begin(c->db, &so, &s, &err)) != LDX_OK) {
		report_query_error(&err, query);
		return CLI_EXIT_ERROR;
	}
	rc = ldx_search_next(s, &first, &err);
	if (rc == LDX_DONE && !c->any && !c->all && query) {
		ldx_search_end(s);
		s = NULL;
		so.match = LDX_MATCH_ANY;
		if ((rc = ldx_search_begin(c->db, &so, &s, &err)) == LDX_OK)
			rc = ldx_search_next(s, &first, &err);
		if (rc == LDX_OK) {
			relaxed = "relaxed to any";
			cli_msg("no paper matches every word of '%s'; showing papers that match "
			        "some of them (--all to turn this off)",
			        query);
		}
	}
	if (rc == LDX_OK)
		hits = cli_output_hits(c->fmt, &c->out, s, first, &rc, &err);
	ldx_search_end(s);
	if (rc != LDX_OK && rc != LDX_DONE) {
		cli_error(&err);
		return CLI_EXIT_ERROR;
	}
	if (c->log_file)
		log_search(c, &so, relaxed);
	if ((!hits || relaxed) && !c->queries_file)
		suggest(c, query);
	return hits ? CLI_EXIT_OK : CLI_EXIT_NO_MATCH;
}

/* --queries: "qid<TAB>query" or "query" (the qid is then the line number). */
static int run_batch(search_cli *c)
{
	FILE *f = strcmp(c->queries_file, "-") ? fopen(c->queries_file, "r") : stdin;
	char *line = malloc(QUERY_LINE_MAX);
	long lineno = 0;
	int code = CLI_EXIT_NO_MATCH, any_error = 0;

	if (!f || !line) {
		cli_msg("search: cannot open '%s': %s", c->queries_file, strerror(errno));
		free(line);
		return CLI_EXIT_ERROR;
	}
	while (fgets(line, QUERY_LINE_MAX, f)) {
		char qid_buf[32], *query = line, *qid = qid_buf, *tab;
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		if ((tab = strchr(line, '\t'))) {
			*tab = '\0';
			qid = line;
			query = tab + 1;
		} else {
			snprintf(qid_buf, sizeof qid_buf, "%ld", lineno);
		}
		if (c->fmt == &out_text)
			fprintf(c->out.f, "# %s: %s\n", qid, query);
		int rc = run_query(c, qid, query);
		if (rc == CLI_EXIT_ERROR) {
			fprintf(stderr, "litdex: %s:%ld: query '%s' skipped\n", c->queries_file, lineno,
			        qid);
			any_error = 1;
		} else if (rc == CLI_EXIT_OK) {
			code = CLI_EXIT_OK;
		}
	}
	if (ferror(f)) {
		cli_msg("search: cannot read '%s': %s", c->queries_file, strerror(errno));
		any_error = 1;
	}
	if (f != stdin)
		fclose(f);
	free(line);
	return any_error ? CLI_EXIT_ERROR : code;
}

static int explain(search_cli *c, const char *query)
{
	ldx_search_opts so = c->so;
	char *text = NULL;
	ldx_error err;
	so.query = query;
	so.match = c->any ? LDX_MATCH_ANY : LDX_MATCH_ALL;
	if (ldx_search_explain(c->db, &so, &text, &err) != LDX_OK) {
		report_query_error(&err, query);
		return CLI_EXIT_ERROR;
	}
	fputs(text, c->out.f);
	free(text);
	return CLI_EXIT_OK;
}

int cmd_search(int argc, char **argv, cli_globals *g)
{
	enum {
		O_JOURNAL = 256, O_YEAR, O_AUTHOR, O_OFFSET, O_ALL, O_ANY, O_SORT, O_WHY, O_FACET,
		O_EXPLAIN, O_QUERIES, O_LOG, O_NO_PAGER
	};
	static const struct option options[] = {
		{ "all", no_argument, NULL, O_ALL },
		{ "any", no_argument, NULL, O_ANY },
		{ "author", required_argument, NULL, O_AUTHOR },
		{ "explain", no_argument, NULL, O_EXPLAIN },
		{ "facet", required_argument, NULL, O_FACET },
		{ "help", no_argument, NULL, 'h' },
		{ "journal", required_argument, NULL, O_JOURNAL },
		{ "limit", required_argument, NULL, 'n' },
		{ "log", required_argument, NULL, O_LOG },
		{ "no-pager", no_argument, NULL, O_NO_PAGER },
		{ "offset", required_argument, NULL, O_OFFSET },
		{ "queries", required_argument, NULL, O_QUERIES },
		{ "sort", required_argument, NULL, O_SORT },
		{ "why", no_argument, NULL, O_WHY },
		{ "year", required_argument, NULL, O_YEAR },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	search_cli c = { .fmt = &out_text, .pager = 1 };
	int opt, code, limit_zero = 0;

	c.out.header = 1;
	while ((opt = cli_getopt("search", argc, argv, "f:hn:", options)) != -1) {
		switch (opt) {
		case O_ALL: c.all = 1; break;
		case O_ANY: c.any = 1; break;
		case O_AUTHOR: c.so.author = optarg; break;
		case O_EXPLAIN: c.explain = 1; break;
		case O_FACET:
			if (cli_facet_parse(optarg, &c.facet) != 0) {
				cli_msg("search: unknown facet '%s' (use year, journal, author or mesh)",
				        optarg);
				return CLI_EXIT_ERROR;
			}
			c.facet_on = 1;
			break;
		case 'h': usage(stdout); return CLI_EXIT_OK;
		case O_JOURNAL: c.so.journal = optarg; break;
		case O_LOG: c.log_file = optarg; break;
		case 'n':
			if ((c.so.limit = cli_parse_count("search", "--limit", optarg)) < 0)
				return CLI_EXIT_ERROR;
			limit_zero = c.so.limit == 0;
			break;
		case O_NO_PAGER: c.pager = 0; break;
		case O_OFFSET:
			if ((c.so.offset = cli_parse_count("search", "--offset", optarg)) < 0)
				return CLI_EXIT_ERROR;
			break;
		case O_QUERIES: c.queries_file = optarg; break;
		case O_SORT:
			if (parse_sort(optarg, &c.so.sort) != 0) {
				cli_msg("search: unknown --sort '%s' (use relevance, date or year)", optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		case O_WHY: c.so.why = 1; break;
		case O_YEAR:
			if (ldx_year_range_parse(optarg, &c.so.year_min, &c.so.year_max) != 0) {
				cli_msg("search: bad --year '%s' (use 2019, 2015-2024, 2015- or -2010)",
				        optarg);
				return CLI_EXIT_ERROR;
			}
			break;
		default:
			if (cli_output_option("search", opt, optarg, &c.fmt, &c.out, g) <= 0)
				return CLI_EXIT_ERROR;
			break;
		}
	}
	c.format_name = c.fmt->name;
	if (c.all && c.any) {
		cli_msg("search: --all and --any contradict each other");
		return CLI_EXIT_ERROR;
	}
	if ((c.explain || c.facet_on) && c.queries_file) {
		cli_msg("search: --%s works on one QUERY, not with --queries",
		        c.explain ? "explain" : "facet");
		return CLI_EXIT_ERROR;
	}
	if (c.facet_on && strcmp(c.format_name, "text") && strcmp(c.format_name, "tsv") &&
	    strcmp(c.format_name, "jsonl")) {
		cli_msg("search: --facet prints as text, tsv or jsonl, not %s", c.format_name);
		return CLI_EXIT_ERROR;
	}
	if (c.out.nfields && c.fmt != &out_tsv && c.fmt != &out_csv) {
		cli_msg("search: --fields chooses tsv and csv columns; add --format tsv or csv");
		return CLI_EXIT_ERROR;
	}
	/* ids, tsv, trec...: FTS5 need not read each hit's text again */
	c.so.no_marks = !out_shows_marks(c.fmt, &c.out);
	if (argc - optind > 1) {
		cli_msg("search: give the query as one argument; quote it: litdex search '%s %s'",
		        argv[optind], argv[optind + 1]);
		return CLI_EXIT_ERROR;
	}
	const char *query = optind < argc ? argv[optind] : NULL;
	if (query && c.queries_file) {
		cli_msg("search: give either a QUERY or --queries FILE, not both");
		return CLI_EXIT_ERROR;
	}
	if (!query && !c.queries_file && !c.so.journal && !c.so.author && !c.so.year_min &&
	    !c.so.year_max) {
		cli_msg("search: no query given (see 'litdex search --help')");
		return CLI_EXIT_ERROR;
	}

	if (limit_zero)
		return CLI_EXIT_NO_MATCH;  /* like grep -m 0: nothing asked, nothing matched */
	if ((code = cli_open_db(g, LDX_OPEN_READONLY, &c.db)) != CLI_EXIT_OK)
		return code;
	int text = c.fmt == &out_text && !c.facet_on && !c.explain;
	c.out.f = cli_pager_begin(c.pager && (text || (c.facet_on && !strcmp(c.format_name,
	                                                                       "text"))));
	c.out.color = cli_use_color(g->color, stdout) &&
	              (c.fmt == &out_text || c.facet_on || c.explain);
	if (c.explain) {
		code = explain(&c, query);
	} else if (c.facet_on) {
		ldx_search_opts so = c.so;
		so.query = query;
		so.match = c.any ? LDX_MATCH_ANY : LDX_MATCH_ALL;
		code = cli_facet_print(c.db, &so, c.facet, c.format_name, c.out.color, c.out.f);
	} else {
		c.fmt->begin(&c.out);
		code = c.queries_file ? run_batch(&c) : run_query(&c, NULL, query);
		c.fmt->end(&c.out, c.out.n);
	}
	if (cli_pager_end(c.out.f) != 0 && code != CLI_EXIT_ERROR) {
		cli_msg("search: cannot write results: %s", strerror(errno));
		code = CLI_EXIT_ERROR;
	}
	ldx_close(c.db);
	return code;
}
