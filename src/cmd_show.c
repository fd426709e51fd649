/*
 * cmd_show.c: `litdex show KEY...`: looks each paper up by PMID, DOI,
 * PMC id or key and prints the whole record in the chosen format.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output/output.h"

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: litdex show [OPTIONS] KEY...\n"
	        "\n"
	        "Prints whole records: abstract, keywords, MeSH, authors, publication types,\n"
	        "language, identifiers and the files each paper came from.  KEY is a PMID\n"
	        "(12345678, PMID:12345678), a DOI (10.1/x, doi:10.1/x, https://doi.org/10.1/x),\n"
	        "a PMC id (PMC1234567) or a key as search prints it (t:0123456789abcdef).\n"
	        "\n"
	        "  -f, --format F     text (default), tsv, csv, jsonl, json, ids, bibtex, ris, trec\n"
	        "  --fields LIST      tsv/csv columns, e.g. pmid,year,title,abstract\n"
	        "  --no-header        tsv/csv: no header line\n"
	        "  --color=WHEN       auto (default), always or never\n"
	        "  --no-pager         do not page long text output on a terminal\n"
	        "  --db PATH          index file (see 'litdex --help')\n"
	        "\n"
	        "exit status: 0 when every KEY was found, 1 when one or more were not, 2 on error\n"
	        "\n"
	        "examples:\n"
	        "  litdex show PMID:12345678 PMC1234567\n"
	        "  litdex show doi:10.1007/s00406-024-01898-6 --format bibtex >> refs.bib\n"
	        "  litdex search ketamine --format ids | xargs litdex show --format jsonl\n");
}

int cmd_show(int argc, char **argv, cli_globals *g)
{
	enum { O_NO_PAGER = 256 };
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "no-pager", no_argument, NULL, O_NO_PAGER },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const out_format *fmt = &out_text;
	out_ctx out = { .header = 1 };
	ldx_db *db = NULL;
	ldx_error err;
	long found = 0, missing = 0;
	int opt, code, pager = 1;

	while ((opt = cli_getopt("show", argc, argv, "f:h", options)) != -1) {
		switch (opt) {
		case 'h': usage(stdout); return CLI_EXIT_OK;
		case O_NO_PAGER: pager = 0; break;
		default:
			if (cli_output_option("show", opt, optarg, &fmt, &out, g) <= 0)
				return CLI_EXIT_ERROR;
			break;
		}
	}
	if (optind >= argc) {
		cli_msg("show: no paper given (see 'litdex show --help')");
		return CLI_EXIT_ERROR;
	}
	if ((code = cli_open_db(g, LDX_OPEN_READONLY, &db)) != CLI_EXIT_OK)
		return code;

	out.f = cli_pager_begin(pager && fmt == &out_text);
	out.color = fmt == &out_text && cli_use_color(g->color, stdout);
	fmt->begin(&out);
	for (int i = optind; i < argc && code == CLI_EXIT_OK; i++) {
		ldx_paper *p = NULL;
		ldx_status rc = ldx_paper_get(db, argv[i], &p, &err);
		if (rc == LDX_OK) {
			p->hit.rank = (int)++found;
			out_record(fmt, &out, &p->hit, p->sources, p->nsources);
			ldx_paper_free(p);
		} else if (rc == LDX_DONE) {
			/* the records already found still print, in the format's frame */
			cli_msg("no paper '%s' in the index", argv[i]);
			missing++;
		} else {
			cli_error(&err);
			code = CLI_EXIT_ERROR;
		}
	}
	fmt->end(&out, found);
	if (cli_pager_end(out.f) != 0 && code != CLI_EXIT_ERROR) {
		cli_msg("show: cannot write records: %s", strerror(errno));
		code = CLI_EXIT_ERROR;
	}
	ldx_close(db);
	if (code != CLI_EXIT_OK)
		return code;
	return missing ? CLI_EXIT_NO_MATCH : CLI_EXIT_OK;
}
