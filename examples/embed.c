/*
 * embed.c: embedding litdex through its public header only.
 *
 *     build/examples/embed INDEX.db FILE QUERY
 *
 * Opens (or creates) INDEX.db, indexes FILE (any format litdex reads), then
 * prints the top five hits for QUERY as "rank<TAB>score<TAB>id<TAB>title".
 * Exit status: 0 hits found, 1 none, 2 error.
 */
#include <stdio.h>

#include "litdex.h"

static void report(const ldx_error *err, void *ctx)
{
	(void)ctx;
	if (err->line)
		fprintf(stderr, "embed: %s:%ld: %s\n", err->file, err->line, err->message);
	else
		fprintf(stderr, "embed: %s\n", err->message);
}

int main(int argc, char **argv)
{
	ldx_db *db = NULL;
	ldx_search *search = NULL;
	const ldx_hit *hit;
	ldx_index_stats stats;
	ldx_error err;
	ldx_status rc;
	int hits = 0, code = 2;

	if (argc != 4) {
		fprintf(stderr, "usage: embed INDEX.db FILE QUERY\n");
		return 2;
	}
	/* ldx_open: on success db owns the connection until ldx_close */
	if ((rc = ldx_open(argv[1], LDX_OPEN_CREATE, &db, &err)) != LDX_OK) {
		report(&err, NULL);
		return 2;
	}
	/* per-file problems go to on_error; only fatal ones are returned */
	ldx_index_opts opts = { .on_error = report };
	const char *paths[] = { argv[2] };
	if ((rc = ldx_index_paths(db, paths, 1, &opts, &stats, &err)) != LDX_OK) {
		report(&err, NULL);
		goto out;
	}
	printf("indexed %ld records from %ld file(s)\n", stats.records_added + stats.records_replaced,
	       stats.files_read);

	ldx_search_opts so = { .query = argv[3], .limit = 5 };
	if ((rc = ldx_search_begin(db, &so, &search, &err)) != LDX_OK) {
		report(&err, NULL);  /* a bad query: err.position says where */
		goto out;
	}
	/* each hit's strings belong to the search and live until the next call */
	while ((rc = ldx_search_next(search, &hit, &err)) == LDX_OK) {
		printf("%d\t%.3f\t%s\t%s\n", hit->rank, hit->score, *hit->pmid ? hit->pmid : hit->key,
		       hit->title);
		hits++;
	}
	if (rc != LDX_DONE) {
		report(&err, NULL);
		goto out;
	}
	code = hits ? 0 : 1;
out:
	ldx_search_end(search);
	ldx_close(db);
	return code;
}
