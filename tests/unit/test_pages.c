/*
 * test_pages.c: the pages of a ranked search that score order alone does
 * not give (search_page.c): sorted by date and by year, with one paper
 * left out, and the column lengths litdex_rank reads from papers_doclen's
 * blocks, FTS5's docsize rows or FTS5 itself (doclen.c, docsize.c), on
 * the generated index of topk_corpus.h.
 */
#include <math.h>

#include "topk_corpus.h"

#include "docsize.h"
#include "rank.h"

/* matches_in_order by date, newest first. */
static sqlite3_stmt *matches_by_date(const char *fts, int offset, int limit, int first,
                                     int last, sqlite3_int64 exclude)
{
	return matches_in_order("p.added_at DESC, p.id DESC", fts, offset, limit, first, last,
	                        exclude);
}

/*
 * A search sorted by date takes its page's ids from papers first, so that
 * highlights and snippets are made for the page alone: the same papers, in
 * the same order, as sorting every match, with and without a filter.  The
 * matches are those of the search's own expression, which leaves out
 * papers that only their related words would match (related.h).
 */
static void test_date_sorted_page(void **state)
{
	static const int pages[][4] = { { 0, 10, 0, 0 }, { 5, 7, 0, 0 }, { 3, 9, 1960, 1990 } };
	ldx_search_opts words = { .query = vocab[0] };
	ldx_error err;
	char *fts = NULL;
	assert_int_equal(ldx_search_translate(db, &words, &fts, &err), LDX_OK);
	assert_non_null(strstr(fts, "{related}"));
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		ldx_search_opts so = { .query = vocab[0], .sort = LDX_SORT_DATE, .offset = pages[p][0],
		                       .limit = pages[p][1], .year_min = pages[p][2],
		                       .year_max = pages[p][3] };
		hit_list found;
		assert_int_equal(traced_search("json_each", &so, &found), 1);
		assert_int_equal(found.n, pages[p][1]);
		sqlite3_stmt *st = matches_by_date(fts, pages[p][0], pages[p][1], pages[p][2],
		                                   pages[p][3], 0);
		for (int i = 0; i < found.n; i++) {
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			assert_string_equal(found.pmid[i], (const char *)sqlite3_column_text(st, 0));
		}
		sqlite3_finalize(st);
	}
	free(fts);
}

/*
 * similar.c's searches sorted by date (the API's /api/similar?sort=date)
 * take their ids first too, without the paper left out: the newest
 * matching paper is left out here, and the pages equal sorting every
 * other match by date.
 */
static void test_date_sorted_page_leaves_one_out(void **state)
{
	static const int pages[][2] = { { 0, 10 }, { 4, 6 } };
	char fts[64];
	snprintf(fts, sizeof fts, "\"%s\"", vocab[0]);
	sqlite3_int64 newest = one_int("SELECT p.id FROM papers_fts JOIN papers p "
	                               "ON p.id = papers_fts.rowid WHERE papers_fts MATCH ?1 "
	                               "ORDER BY p.added_at DESC, p.id DESC LIMIT 1", fts);
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		ldx_search_opts so = { .sort = LDX_SORT_DATE, .offset = pages[p][0],
		                       .limit = pages[p][1] };
		ldx_search *s = NULL;
		const ldx_hit *h;
		ldx_error err;
		sqlite3_stmt *st;
		int n = 0;
		unit_traced_statements = 0;
		sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced, (void *)"json_each");
		assert_int_equal(ldx_search_begin_fts(db, fts, &so, newest, &s, &err), LDX_OK);
		st = matches_by_date(fts, pages[p][0], pages[p][1], 0, 0, newest);
		while (ldx_search_next(s, &h, &err) == LDX_OK) {
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			assert_string_equal(h->pmid, (const char *)sqlite3_column_text(st, 0));
			n++;
		}
		ldx_search_end(s);
		sqlite3_finalize(st);
		sqlite3_trace_v2(db->sql, 0, NULL, NULL);
		assert_int_equal(n, pages[p][1]);
		assert_int_equal(unit_traced_statements, 1);
	}
}

/* Every match of fts (of the years first..last when first is not 0)
 * sorted by year, newest first, then by rank and rowid; page at offset. */
static void matches_by_year(const char *fts, int offset, int limit, int first, int last,
                            hit_list *out)
{
	sqlite3_stmt *st = matches_in_order("p.year DESC, rank, papers_fts.rowid", fts, offset,
	                                    limit, first, last, 0);
	out->n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && out->n < 40) {
		snprintf(out->pmid[out->n], 16, "%s", (const char *)sqlite3_column_text(st, 0));
		out->score[out->n++] = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
}

/* so sorted by year equals matches_by_year; returns whether its page was
 * found year by year (a page statement reading ids). */
static int year_sorted_equals_every_match(ldx_search_opts so)
{
	hit_list found, all;
	ldx_error err;
	char *fts = NULL;
	so.sort = LDX_SORT_YEAR;
	assert_int_equal(ldx_search_translate(db, &so, &fts, &err), LDX_OK);
	int by_year = traced_search("json_each", &so, &found);
	matches_by_year(fts, so.offset, so.limit, so.year_min, so.year_max ? so.year_max : 9999,
	                &all);
	free(fts);
	assert_int_equal(found.n, all.n);
	for (int i = 0; i < found.n; i++) {
		assert_string_equal(found.pmid[i], all.pmid[i]);
		assert_true(fabs(found.score[i] - all.score[i]) <= 1e-9 * fabs(all.score[i]));
	}
	return by_year;
}

/*
 * --sort year finds its page year by year (search.c's page_by_year): the
 * same papers, scores and order as sorting every match by year, then rank
 * (equal scores by rowid), for AND, OR and any-word queries, pages within
 * and across years (80 papers a year here) and under a year range, and a
 * field query.  A page that reaches the papers without a year, which come
 * last, is sorted from every match.  Once the index has related words,
 * an all-words query leaves their column out (not plain words any more),
 * and still walks the years.
 */
static void test_year_sorted_page(void **state)
{
	static const int pages[][4] = { { 0, 10, 0, 0 }, { 7, 12, 0, 0 }, { 35, 20, 0, 0 },
		                        { 5, 9, 1960, 1990 }, { 0, 10, 1990, 0 } };
	char two[64], either[64], field[64], xml[4096];
	size_t len;
	ldx_index_stats st;
	ldx_error err;
	long count = 0;

	snprintf(two, sizeof two, "%s %s", vocab[0], vocab[1]);
	snprintf(either, sizeof either, "%s OR %s", vocab[0], vocab[3]);
	snprintf(field, sizeof field, "title:%s", vocab[0]);
	ldx_search_set_year_walk_hits(1);
	for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
		const char *queries[] = { vocab[0], two, either };
		for (size_t q = 0; q < 3; q++) {
			ldx_search_opts so = { .query = queries[q], .offset = pages[p][0],
			                       .limit = pages[p][1], .year_min = pages[p][2],
			                       .year_max = pages[p][3] };
			assert_int_equal(year_sorted_equals_every_match(so), 1);
		}
		ldx_search_opts any = { .query = two, .match = LDX_MATCH_ANY, .offset = pages[p][0],
		                        .limit = pages[p][1] };
		assert_int_equal(year_sorted_equals_every_match(any), 1);
	}
	/* not plain words: the phrases' frequencies are counted once */
	ldx_search_opts by_field = { .query = field, .limit = 10, .offset = 3 };
	assert_int_equal(year_sorted_equals_every_match(by_field), 1);

	/* papers without a year: the page at the very end reaches them */
	len = (size_t)snprintf(xml, sizeof xml, "<PubmedArticleSet>");
	for (int i = 0; i < 6; i++)
		len += (size_t)snprintf(xml + len, sizeof xml - len,
		                        "<PubmedArticle><MedlineCitation><PMID>%d</PMID><Article>"
		                        "<ArticleTitle>%s %s</ArticleTitle></Article>"
		                        "</MedlineCitation></PubmedArticle>",
		                        919000000 + i, vocab[0], i % 2 ? vocab[0] : vocab[1]);
	len += (size_t)snprintf(xml + len, sizeof xml - len, "</PubmedArticleSet>");
	assert_int_equal(ldx_index_buffer(db, "yearless.xml", xml, len, NULL, &st, &err), LDX_OK);
	assert_int_equal(st.records_added, 6);
	ldx_search_opts so = { .query = vocab[0] };
	assert_int_equal(ldx_search_count(db, &so, &count, &err), LDX_OK);
	so = (ldx_search_opts){ .query = vocab[0], .offset = (int)count - 8, .limit = 10 };
	assert_int_equal(year_sorted_equals_every_match(so), 0);
	so.offset = (int)count - 20;
	assert_int_equal(year_sorted_equals_every_match(so), 1);
	/* ... and a year range leaves them out, wherever the page is */
	so = (ldx_search_opts){ .query = vocab[0], .offset = (int)count - 8, .limit = 10,
	                        .year_min = 1950 };
	assert_int_equal(year_sorted_equals_every_match(so), 1);
	/* below the threshold, every match is sorted */
	ldx_search_set_year_walk_hits(LDX_YEAR_WALK_HITS);
	so = (ldx_search_opts){ .query = two, .limit = 10 };
	assert_int_equal(year_sorted_equals_every_match(so), 0);
}

/* Every row sql (rowid, score; ?1 the MATCH) gives for match, with
 * litdex_rank's column sizes read as reader says (rank.h): their number. */
static int scores_of(const char *sql, const char *match, int reader, sqlite3_int64 *rowid,
                     double *score, int cap)
{
	sqlite3_stmt *st;
	int n = 0;
	ldx_rank_set_size_reader(reader);
	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < cap) {
		rowid[n] = sqlite3_column_int64(st, 0);
		score[n++] = sqlite3_column_double(st, 1);
	}
	assert_int_equal(sqlite3_finalize(st), SQLITE_OK);
	ldx_rank_set_size_reader(LDX_RANK_SIZES_BLOCKS);
	return n;
}

/*
 * litdex_rank reads the columns' sizes with its own cursor over the
 * docsize table (docsize.h).  Read directly, in order, with gaps, back
 * again, past the end and for an id no paper has, the sizes are the
 * corpus's (8 title words, one year token, no abstract) or none.  Every score of AND, OR and field queries,
 * thousands of rows, is the same to the bit as with FTS5's own sizes.  On
 * another FTS5 table, whose rows the docsize table does not describe, the
 * check of the first rows drops the reader and the scores stay right.
 */
static void test_docsize_reader(void **state)
{
	enum { CAP = 8000 };
	static const sqlite3_int64 order[] = { 1, 2, 3, 9, 200, 201, 50, 7, 4000, 4001, 4017 };
	sqlite3_int64 *rowid_on = malloc(CAP * sizeof *rowid_on);
	sqlite3_int64 *rowid_off = malloc(CAP * sizeof *rowid_off);
	double *on = malloc(CAP * sizeof *on), *off = malloc(CAP * sizeof *off);
	char two[64], either[64], field[64], title[256];
	int len[LDX_FTS_NCOLUMNS];

	assert_non_null(rowid_on);
	assert_non_null(rowid_off);
	assert_non_null(on);
	assert_non_null(off);
	ldx_docsize *d = ldx_docsize_open(db->sql, LDX_FTS_NCOLUMNS);
	assert_non_null(d);
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		memset(len, -1, sizeof len);
		assert_int_equal(ldx_docsize_read(d, order[i], len), 1);
		assert_int_equal(len[0], TITLE_WORDS);
		assert_int_equal(len[1], 0);
		assert_int_equal(len[8], 1);
	}
	sqlite3_int64 last = one_int("SELECT max(id) FROM papers", NULL);
	assert_int_equal(ldx_docsize_read(d, last + 5, len), 0);
	assert_int_equal(ldx_docsize_read(d, 5, len), 1);
	/* no paper has id 0: not the sizes of the row after it */
	assert_int_equal(ldx_docsize_read(d, 0, len), 0);
	assert_int_equal(ldx_docsize_read(d, 1, len), 1);
	ldx_docsize_close(d);
	/* too few columns for the blob: refused */
	d = ldx_docsize_open(db->sql, 3);
	assert_int_equal(ldx_docsize_read(d, 5, len), 0);
	ldx_docsize_close(d);

	snprintf(two, sizeof two, "\"%s\" AND \"%s\"", vocab[0], vocab[2]);
	snprintf(either, sizeof either, "\"%s\" OR \"%s\"", vocab[1], vocab[5]);
	snprintf(field, sizeof field, "title : \"%s\"", vocab[0]);
	const char *matches[] = { two, either, field };
	for (size_t m = 0; m < 3; m++) {
		static const char sql[] = "SELECT rowid, rank FROM papers_fts WHERE papers_fts MATCH ?1";
		int n = scores_of(sql, matches[m], LDX_RANK_SIZES_ROWS, rowid_on, on, CAP);
		assert_int_equal(scores_of(sql, matches[m], LDX_RANK_SIZES_FTS5, rowid_off, off, CAP),
		                 n);
		assert_true(n > 100 && n < CAP);
		assert_memory_equal(rowid_on, rowid_off, (size_t)n * sizeof *rowid_on);
		assert_memory_equal(on, off, (size_t)n * sizeof *on);
		/* and from papers_doclen's blocks (doclen.h) */
		assert_int_equal(scores_of(sql, matches[m], LDX_RANK_SIZES_BLOCKS, rowid_on, on, CAP),
		                 n);
		assert_memory_equal(rowid_on, rowid_off, (size_t)n * sizeof *rowid_on);
		assert_memory_equal(on, off, (size_t)n * sizeof *on);
	}

	/* another table of twelve columns: the docsize table's rows 1..20
	 * say 8 title words, these titles hold 1 to 20 */
	assert_int_equal(sqlite3_exec(db->sql, "CREATE VIRTUAL TABLE temp.other USING fts5(title, "
	                                       "abstract, keywords, mesh, authors, venue, pub_types, "
	                                       "body, year, language, ids, related, "
	                                       "tokenize='litdex english')", NULL, NULL, NULL),
	                 SQLITE_OK);
	for (int r = 1; r <= 20; r++) {
		char sql[400];
		title[0] = '\0';
		for (int w = 0; w < r; w++)
			snprintf(title + strlen(title), sizeof title - strlen(title), "%s%s",
			         w ? " " : "", w % 3 ? vocab[7] : vocab[0]);
		snprintf(sql, sizeof sql, "INSERT INTO temp.other(rowid, title) VALUES (%d, '%s')", r,
		         title);
		assert_int_equal(sqlite3_exec(db->sql, sql, NULL, NULL, NULL), SQLITE_OK);
	}
	static const char other_sql[] =
		"SELECT rowid, litdex_rank(other) FROM temp.other WHERE other MATCH ?1";
	snprintf(field, sizeof field, "\"%s\"", vocab[0]);
	int n = scores_of(other_sql, field, LDX_RANK_SIZES_ROWS, rowid_on, on, CAP);
	assert_int_equal(n, 20);
	assert_int_equal(scores_of(other_sql, field, LDX_RANK_SIZES_FTS5, rowid_off, off, CAP), n);
	assert_memory_equal(on, off, (size_t)n * sizeof *on);
	assert_int_equal(scores_of(other_sql, field, LDX_RANK_SIZES_BLOCKS, rowid_on, on, CAP), n);
	assert_memory_equal(on, off, (size_t)n * sizeof *on);
	assert_int_equal(sqlite3_exec(db->sql, "DROP TABLE temp.other", NULL, NULL, NULL),
	                 SQLITE_OK);
	free(rowid_on);
	free(rowid_off);
	free(on);
	free(off);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_sorted_page),
		cmocka_unit_test(test_date_sorted_page_leaves_one_out),
		cmocka_unit_test(test_year_sorted_page),
		cmocka_unit_test(test_docsize_reader),
	};
	return cmocka_run_group_tests_name("pages", tests, setup, teardown);
}
