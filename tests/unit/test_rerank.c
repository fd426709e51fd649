/*
 * test_rerank.c: feedback's page from the first pass (rerank.c): the
 * first pass keeping more papers than the page, the pass that scores
 * known papers, ldx_rerank_known's bound and ties, and long "any"
 * searches whose pages must equal ranking every paper of the expanded
 * query, on the generated index of topk_corpus.h.
 */
#include <math.h>

#include "topk_corpus.h"

#include "feedback.h"
#include "rank_call.h"
#include "rerank.h"
#include "termstats.h"
#include "topk.h"

/* Counts the heap passes (SELECT papers_fts.rowid ...) that rank
 * feedback's whole expression: its bound text holds "(X)) OR (Q)"
 * (feedback.c). */
static int full_feedback_passes;

static int count_full_feedback(unsigned type, void *ctx, void *p, void *x)
{
	char *sql = type == SQLITE_TRACE_STMT ? sqlite3_expanded_sql(p) : NULL;
	(void)ctx;
	(void)x;
	if (sql && strncmp(sql, "SELECT papers_fts.rowid", 23) == 0 && strstr(sql, ")) OR ("))
		full_feedback_passes++;
	sqlite3_free(sql);
	return 0;
}

/* so's hits, and how many full feedback passes it ran, with the first
 * pass keeping keep papers (0: feedback ranks every paper). */
static int feedback_search(const ldx_search_opts *so, int keep, hit_list *out)
{
	ldx_search_set_feedback_keep(keep);
	full_feedback_passes = 0;
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, count_full_feedback, NULL);
	searched_opts(so, out);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	ldx_search_set_feedback_keep(LDX_FEEDBACK_KEEP);
	return full_feedback_passes;
}

/*
 * Long "any" queries, which feedback re-ranks: where the first pass's
 * best papers vouch for the page (rerank.h), it comes from them, and
 * equals, paper for paper and score for score, ranking all of the
 * expanded query's papers, whether the passes run in one piece or two.
 * With a first pass of too few papers to vouch, some searches rank them
 * all again, with the same result.
 */
static void test_feedback_page_from_first_pass(void **state)
{
	int expanded = 0, vouched = 0, small_vouched = 0, small_expanded = 0;
	seed = 4242;
	for (int t = 0; t < 30; t++) {
		char query[160] = "";
		/* every other query's passes, the added words' too, in two halves */
		ldx_topk_set_split_rows(t % 2 ? 1 : LDX_TOPK_SPLIT_ROWS);
		for (int w = 0; w < 7; w++) {
			int i = w < 2 ? (int)(next_random() % 12) : 12 + (int)(next_random() % 250);
			snprintf(query + strlen(query), sizeof query - strlen(query), "%s%s",
			         w ? " " : "", vocab[i]);
		}
		for (int offset = 0; offset <= 5; offset += 5) {
			ldx_search_opts so = { .query = query, .match = LDX_MATCH_ANY,
			                       .offset = offset, .limit = 10 };
			hit_list all, got;
			int full = feedback_search(&so, 0, &all);
			assert_int_equal(all.n, 10);
			if (!full)
				continue;  /* no word to add */
			expanded++;
			vouched += feedback_search(&so, LDX_FEEDBACK_KEEP, &got) == 0;
			assert_int_equal(got.n, all.n);
			for (int i = 0; i < all.n; i++) {
				assert_string_equal(got.pmid[i], all.pmid[i]);
				assert_true(got.score[i] == all.score[i]);
			}
			small_expanded++;
			small_vouched += feedback_search(&so, 1, &got) == 0;
			assert_int_equal(got.n, all.n);
			for (int i = 0; i < all.n; i++) {
				assert_string_equal(got.pmid[i], all.pmid[i]);
				assert_true(got.score[i] == all.score[i]);
			}
		}
	}
	ldx_topk_set_split_rows(LDX_TOPK_SPLIT_ROWS);
	assert_true(expanded >= 20);
	assert_true(vouched * 4 >= expanded * 3);
	/* the first pass's own 20 papers vouch for some pages, not all */
	assert_true(small_vouched < small_expanded);
}

/*
 * ldx_topk_score_known gives the known papers their scores (0 where the
 * expression does not match) and the best score of the others, in one
 * piece or in two halves of the ids: known papers from one half leave
 * the best of the others in the other half.
 */
static void test_score_known(void **state)
{
	char fts[64];
	sqlite3_stmt *st;
	static sqlite3_int64 id[PAPERS];
	static double score[PAPERS], got[PAPERS];
	int n = 0;
	snprintf(fts, sizeof fts, "\"%s\" OR \"%s\"", vocab[5], vocab[30]);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT rowid, -rank FROM papers_fts WHERE "
	                                    "papers_fts MATCH ?1 ORDER BY rowid", -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, fts, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < PAPERS) {
		id[n] = sqlite3_column_int64(st, 0);
		score[n++] = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	assert_true(n > 100);
	sqlite3_int64 mid = PAPERS / 2, unmatched = 1;
	double best = -HUGE_VAL;
	for (int i = 0; i < n; i++) {
		best = score[i] > best ? score[i] : best;
		unmatched += id[i] == unmatched;
	}
	for (int split = 0; split < 2; split++)
		for (int upper = 0; upper < 2; upper++) {
			/* the matches of one half */
			sqlite3_int64 known[PAPERS + 1];
			double want[PAPERS + 1], outside = -HUGE_VAL, best_other = -HUGE_VAL;
			int nknown = 0;
			for (int i = 0; i < n; i++)
				if ((id[i] > mid) == upper) {
					known[nknown] = id[i];
					want[nknown++] = score[i];
				} else if (score[i] > best_other) {
					best_other = score[i];
				}
			ldx_error err;
			ldx_topk_set_split_rows(split ? 1 : 1e12);
			assert_int_equal(ldx_topk_score_known(db, fts, NULL, known, nknown, n, got,
			                                      &outside, &err), LDX_OK);
			for (int i = 0; i < nknown; i++)
				assert_true(got[i] == want[i]);
			assert_true(outside == best_other);
			/* a paper the expression does not match scores 0, and every
			 * match is another */
			double zero = -1;
			assert_int_equal(ldx_topk_score_known(db, fts, NULL, &unmatched, 1, n, &zero,
			                                      &outside, &err), LDX_OK);
			assert_true(zero == 0.0);
			assert_true(outside == best);
		}
	ldx_topk_set_split_rows(LDX_TOPK_SPLIT_ROWS);
}

/*
 * ldx_rerank_known on made-up first passes: papers tied at the k-th all
 * go to the page, unless there are dozens; a paper outside the first pass
 * that the added words could lift above the k-th leaves the page empty;
 * a complete first pass needs no bound.
 */
static void test_rerank_known(void **state)
{
	char added[64];
	sqlite3_stmt *st;
	sqlite3_int64 ids[200];
	int n = 0;
	ldx_error err;
	/* the first 200 papers of the index; "added" matches some of them */
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT id FROM papers ORDER BY id LIMIT 200",
	                                    -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_int_equal(n, 200);
	snprintf(added, sizeof added, "\"%s\"", vocab[150]);
	double none = (double)one_int("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1",
	                              added);
	assert_true(none > 0 && none < 200);

	/* k = 10; scores 100 down to 90 for the first 10, then ties at 50 */
	for (int ties = 20; ties <= 120; ties += 100) {
		ldx_topk_best known = { 0 }, page = { 0 };
		known.n = 10 + ties;
		known.id = malloc((size_t)known.n * sizeof *known.id);
		known.score = malloc((size_t)known.n * sizeof *known.score);
		for (int i = 0; i < known.n; i++) {
			known.id[i] = ids[i];
			known.score[i] = i < 9 ? 100.0 - i : 50.0;
		}
		/* an expression that no paper matches adds nothing */
		assert_int_equal(ldx_rerank_known(db, &known, 1, "\"zzzqqqxxx\"", NULL, 0, 10,
		                                  &page, &err), LDX_OK);
		if (ties == 20) {
			/* the 10th is one of the tied: all of them may be it */
			assert_int_equal(page.n, 9 + ties + 1);
			for (int i = 0; i < 9; i++)
				assert_true(page.id[i] == ids[i]);
		} else {
			assert_int_equal(page.n, 0);
		}
		ldx_topk_best_free(&page);
		ldx_topk_best_free(&known);
	}

	/* incomplete: ten papers without the added word, all scoring 31,
	 * and papers outside that hold it, which it lifts above them */
	ldx_topk_best known = { 0 }, page = { 0 };
	known.n = 10;
	known.id = malloc(10 * sizeof *known.id);
	known.score = malloc(10 * sizeof *known.score);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT id FROM papers WHERE id NOT IN "
	                                    "(SELECT rowid FROM papers_fts WHERE papers_fts "
	                                    "MATCH ?1) ORDER BY id LIMIT 10", -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, added, -1, SQLITE_STATIC);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		known.id[i] = sqlite3_column_int64(st, 0);
		known.score[i] = 31.0;
	}
	sqlite3_finalize(st);
	assert_int_equal(ldx_rerank_known(db, &known, 0, added, NULL, none, 10, &page, &err),
	                 LDX_OK);
	assert_int_equal(page.n, 0);
	/* complete, the same ten vouch for themselves */
	assert_int_equal(ldx_rerank_known(db, &known, 1, added, NULL, none, 10, &page, &err),
	                 LDX_OK);
	assert_int_equal(page.n, 10);
	ldx_topk_best_free(&page);

	/* the best any paper gets from the added word alone */
	static const ldx_search_opts no_filters;
	ldx_topk_best lift = { 0 };
	assert_int_equal(ldx_topk_best_of(db, added, NULL, &no_filters, 1, -1, &lift, NULL, &err),
	                 LDX_OK);
	assert_int_equal(lift.n, 1);
	double best_lift = lift.score[0];
	ldx_topk_best_free(&lift);
	for (int i = 0; i < 10; i++)
		known.id[i] = ids[i];
	/* a wide gap: the 10 known vouch, and come back ordered by their sums */
	for (int i = 0; i < 10; i++)
		known.score[i] = 1000.0 + 2 * best_lift * (10 - i);
	assert_int_equal(ldx_rerank_known(db, &known, 0, added, NULL, none, 5, &page, &err),
	                 LDX_OK);
	assert_int_equal(page.n, 5);
	for (int i = 1; i < page.n; i++)
		assert_true(page.score[i - 1] >= page.score[i]);
	for (int i = 0; i < 5; i++)
		assert_true(page.id[i] == ids[i]);
	ldx_topk_best_free(&page);
	ldx_topk_best_free(&known);
}

/* The first pass keeps more papers than the page when asked: the page's
 * are the same, and the rest follow in order. */
static void test_prune_keeps_more(void **state)
{
	char query[96];
	snprintf(query, sizeof query, "%s %s %s %s", vocab[0], vocab[3], vocab[40], vocab[90]);
	ldx_search_opts so = { .query = query, .match = LDX_MATCH_ANY };
	ldx_termstats *ts;
	ldx_flat_query q;
	ldx_error err;
	char *fts = NULL, *base = NULL, *prefix[2] = { NULL, NULL };
	ldx_topk_best best[2] = { { 0 }, { 0 } };
	double k1;
	int nprefix[2];
	assert_int_equal(ldx_query_translate(db, &so, &fts, &err), LDX_OK);
	assert_int_equal(ldx_rank_call_base(db, &base, &k1, &err), LDX_OK);
	assert_int_equal(ldx_termstats_open(db, &ts, &err), LDX_OK);
	assert_int_equal(ldx_flat_query_read(ts, fts, 1, &q, &err), LDX_OK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(ldx_topk_prune(db, &q, fts, NULL, 0, &so, 10, i ? 300 : 10, base,
		                                k1, &prefix[i], &nprefix[i], &best[i], &err),
		                 LDX_OK);
	assert_non_null(prefix[0]);
	assert_string_equal(prefix[0], prefix[1]);
	assert_int_equal(best[0].n, 10);
	assert_int_equal(best[1].n, 300);
	for (int i = 0; i < 10; i++) {
		assert_true(best[0].id[i] == best[1].id[i]);
		assert_true(best[0].score[i] == best[1].score[i]);
	}
	for (int i = 1; i < best[1].n; i++)
		assert_true(best[1].score[i - 1] >= best[1].score[i]);
	for (int i = 0; i < 2; i++) {
		ldx_topk_best_free(&best[i]);
		free(prefix[i]);
	}
	ldx_flat_query_free(&q);
	ldx_termstats_close(ts);
	free(fts);
	free(base);
}

/* Heap passes (SELECT papers_fts.rowid ...) of a search of fts without
 * paper exclude, or with full set those that rank feedback's whole
 * expression, its hits into out, with the first pass keeping keep
 * papers. */
static int traced_leaving_out(const char *fts, sqlite3_int64 exclude, int keep, int full,
                              hit_list *out)
{
	ldx_search_opts so = { .match = LDX_MATCH_ANY, .limit = 10 };
	ldx_search *s = NULL;
	const ldx_hit *h;
	ldx_error err;
	ldx_search_set_feedback_keep(keep);
	unit_traced_statements = full_feedback_passes = 0;
	if (full)
		sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, count_full_feedback, NULL);
	else
		sqlite3_trace_v2(db->sql, SQLITE_TRACE_STMT, unit_count_traced,
		                 "SELECT papers_fts.rowid");
	assert_int_equal(ldx_search_begin_fts(db, fts, &so, exclude, &s, &err), LDX_OK);
	out->n = 0;
	while (ldx_search_next(s, &h, &err) == LDX_OK && out->n < 40) {
		snprintf(out->pmid[out->n], 16, "%s", h->pmid);
		out->score[out->n++] = h->score;
	}
	ldx_search_end(s);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	ldx_search_set_feedback_keep(LDX_FEEDBACK_KEEP);
	return full ? full_feedback_passes : unit_traced_statements;
}

static int passes_leaving_out(const char *fts, sqlite3_int64 exclude, int keep, hit_list *out)
{
	return traced_leaving_out(fts, exclude, keep, 0, out);
}

/* A search that leaves one paper out (similar.c's) takes feedback's page
 * from the first pass's papers too, which then hold one paper more: no
 * full ranking of feedback's expression, the same number of passes (the
 * added words' instead), and the papers and scores of ranking every
 * paper without that one. */
static void test_feedback_leaving_one_out(void **state)
{
	seed = 4242;
	for (int t = 0; t < 30; t++) {
		char query[160] = "", *fts = NULL;
		for (int w = 0; w < 7; w++) {
			int i = w < 2 ? (int)(next_random() % 12) : 12 + (int)(next_random() % 250);
			snprintf(query + strlen(query), sizeof query - strlen(query), "%s%s",
			         w ? " " : "", vocab[i]);
		}
		ldx_search_opts so = { .query = query, .match = LDX_MATCH_ANY, .limit = 11 };
		hit_list all, left, kept;
		ldx_error err;
		if (feedback_search(&so, 0, &all) == 0)
			continue;  /* no word to add */
		assert_int_equal(all.n, 11);
		assert_int_equal(ldx_search_translate(db, &so, &fts, &err), LDX_OK);
		sqlite3_int64 first = one_int("SELECT id FROM papers WHERE pmid = ?1", all.pmid[0]);
		int passes = passes_leaving_out(fts, first, 0, &left);
		assert_int_equal(passes_leaving_out(fts, first, LDX_FEEDBACK_KEEP, &kept), passes);
		assert_true(traced_leaving_out(fts, first, 0, 1, &left) >= 1);
		assert_int_equal(traced_leaving_out(fts, first, LDX_FEEDBACK_KEEP, 1, &kept), 0);
		assert_int_equal(left.n, 10);
		assert_int_equal(kept.n, 10);
		for (int i = 0; i < 10; i++) {
			assert_string_equal(left.pmid[i], all.pmid[i + 1]);
			assert_string_equal(kept.pmid[i], all.pmid[i + 1]);
			assert_true(kept.score[i] == all.score[i + 1]);
		}
		free(fts);
		return;
	}
	fail_msg("no query got feedback");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prune_keeps_more),
		cmocka_unit_test(test_score_known),
		cmocka_unit_test(test_rerank_known),
		cmocka_unit_test(test_feedback_page_from_first_pass),
		cmocka_unit_test(test_feedback_leaving_one_out),
	};
	return cmocka_run_group_tests_name("rerank", tests, setup, teardown);
}
