/*
 * test_query.c: the query translator (src/query.c).  Every expression the
 * translator produces is run through a real FTS5 table, so "FTS5 accepts
 * it" is checked, not assumed.  Cases are data: one table of inputs with
 * the expected expression or error.
 */
#include "unit.h"

#include <ctype.h>
#include <sqlite3.h>
#include <time.h>

#include "query.h"

#define FTS_COLUMNS "title, abstract, keywords, mesh, authors, venue, pub_types, body"

/* ---- Tokenizers handed to the translator ------------------------------ */

/* Counts runs of ASCII letters and digits; any byte >= 0x80 counts as a
 * letter.  So "^", "-" and "..." yield 0 tokens, like the real tokenizer. */
static int fake_count(void *ctx, const char *text, int n)
{
	int count = 0, in = 0;

	(void)ctx;
	for (int i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		int word = isalnum(c) || c >= 0x80;

		if (word && !in)
			count++;
		in = word;
	}
	return count;
}

static const ldx_query_tokenizer fake_tok = { fake_count, NULL };

/* Fails for the text "FAIL", to test how a tokenizer error is reported. */
static int failing_count(void *ctx, const char *text, int n)
{
	if (n == 4 && memcmp(text, "FAIL", 4) == 0)
		return -1;
	return fake_count(ctx, text, n);
}

/* FTS5's own unicode61 tokenizer in query mode, through fts5_api. */
struct u61 {
	fts5_tokenizer t;
	Fts5Tokenizer *tok;
};

static int u61_token(void *ctx, int tflags, const char *token, int ntoken, int start, int end)
{
	(void)tflags, (void)token, (void)ntoken, (void)start, (void)end;
	(*(int *)ctx)++;
	return SQLITE_OK;
}

static int u61_count(void *ctx, const char *text, int n)
{
	struct u61 *u = ctx;
	int count = 0;

	if (u->t.xTokenize(u->tok, &count, FTS5_TOKENIZE_QUERY, text, n, u61_token) != SQLITE_OK)
		return -1;
	return count;
}

/* ---- Fixture: an FTS5 table with litdex's columns --------------------- */

struct fixture {
	sqlite3 *db;
	sqlite3_stmt *match;       /* SELECT count(*) ... MATCH ?1 */
	struct u61 u61;
	ldx_query_tokenizer real_tok;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	void *ud = NULL;

	assert_non_null(fx);
	assert_int_equal(sqlite3_open(":memory:", &fx->db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(fx->db, "CREATE VIRTUAL TABLE t USING fts5(" FTS_COLUMNS ")",
	                              NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(fx->db, "SELECT count(*) FROM t WHERE t MATCH ?1",
	                                    -1, &fx->match, NULL), SQLITE_OK);

	assert_int_equal(sqlite3_prepare_v2(fx->db, "SELECT fts5(?1)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	assert_non_null(api);
	assert_int_equal(api->xFindTokenizer(api, "unicode61", &ud, &fx->u61.t), SQLITE_OK);
	assert_int_equal(fx->u61.t.xCreate(ud, NULL, 0, &fx->u61.tok), SQLITE_OK);
	fx->real_tok.count = u61_count;
	fx->real_tok.ctx = &fx->u61;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	fx->u61.t.xDelete(fx->u61.tok);
	sqlite3_finalize(fx->match);
	sqlite3_close(fx->db);
	free(fx);
	return 0;
}

/* Runs expr as a MATCH; returns the SQLite result code of the step
 * (SQLITE_ROW when FTS5 accepted it) and copies any error to msg. */
static int fts5_run(struct fixture *fx, const char *expr, char *msg, size_t msgsize)
{
	int rc;

	sqlite3_reset(fx->match);
	sqlite3_bind_text(fx->match, 1, expr, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(fx->match);
	snprintf(msg, msgsize, "%s", rc == SQLITE_ROW ? "" : sqlite3_errmsg(fx->db));
	sqlite3_reset(fx->match);
	return rc;
}

static int utf8_chars(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---- The table ---------------------------------------------------------- */

enum { TOK_NONE, TOK_FAKE };

struct qcase {
	const char *in;
	int tok;
	const char *want;      /* expected expression, or NULL for an error */
	int errpos;            /* expected error position */
	const char *errsub;    /* expected substring of the error message */
};

static const struct qcase cases[] = {
	/* plain words and operators */
	{ "ketamine", TOK_NONE, "\"ketamine\"", 0, NULL },
	{ "ketamine depression", TOK_NONE, "\"ketamine\" AND \"depression\"", 0, NULL },
	{ "ketamine AND depression", TOK_NONE, "\"ketamine\" AND \"depression\"", 0, NULL },
	{ "  ketamine\t\ndepression  ", TOK_NONE, "\"ketamine\" AND \"depression\"", 0, NULL },
	{ "ketamine OR esketamine", TOK_NONE, "\"ketamine\" OR \"esketamine\"", 0, NULL },
	{ "ketamine or esketamine", TOK_NONE, "\"ketamine\" AND \"or\" AND \"esketamine\"", 0, NULL },
	{ "Or And Not", TOK_NONE, "\"Or\" AND \"And\" AND \"Not\"", 0, NULL },
	{ "ketamine OR esketamine depression", TOK_NONE,
	  "\"ketamine\" OR (\"esketamine\" AND \"depression\")", 0, NULL },
	{ "(ketamine OR esketamine) depression", TOK_NONE,
	  "(\"ketamine\" OR \"esketamine\") AND \"depression\"", 0, NULL },
	{ "ketamine NOT review", TOK_NONE, "\"ketamine\" NOT \"review\"", 0, NULL },
	{ "ketamine AND NOT review", TOK_NONE, "\"ketamine\" NOT \"review\"", 0, NULL },
	{ "ketamine depression NOT review", TOK_NONE,
	  "(\"ketamine\" AND \"depression\") NOT \"review\"", 0, NULL },
	{ "a NOT b c", TOK_NONE, "(\"a\" AND \"c\") NOT \"b\"", 0, NULL },
	{ "a NOT b NOT c", TOK_NONE, "\"a\" NOT (\"b\" OR \"c\")", 0, NULL },
	{ "a NOT (b OR c)", TOK_NONE, "\"a\" NOT (\"b\" OR \"c\")", 0, NULL },
	{ "a NOT (b c)", TOK_NONE, "\"a\" NOT (\"b\" AND \"c\")", 0, NULL },
	{ "a NOT (b NOT c)", TOK_NONE, "\"a\" NOT (\"b\" NOT \"c\")", 0, NULL },
	{ "a OR b NOT c", TOK_NONE, "\"a\" OR (\"b\" NOT \"c\")", 0, NULL },
	{ "(a OR b) NOT c", TOK_NONE, "(\"a\" OR \"b\") NOT \"c\"", 0, NULL },
	{ "a NOT b NOT (c d)", TOK_NONE, "\"a\" NOT (\"b\" OR (\"c\" AND \"d\"))", 0, NULL },
	{ "((ketamine))", TOK_NONE, "\"ketamine\"", 0, NULL },
	{ "a (b (c OR d))", TOK_NONE, "\"a\" AND \"b\" AND (\"c\" OR \"d\")", 0, NULL },
	{ "(a OR b) OR c", TOK_NONE, "\"a\" OR \"b\" OR \"c\"", 0, NULL },
	{ "a OR (b OR (c d))", TOK_NONE, "\"a\" OR \"b\" OR (\"c\" AND \"d\")", 0, NULL },
	{ "(a NOT b) c", TOK_NONE, "(\"a\" AND \"c\") NOT \"b\"", 0, NULL },

	/* phrases and prefixes */
	{ "\"synaptic plasticity\"", TOK_NONE, "\"synaptic plasticity\"", 0, NULL },
	{ "\"synaptic plasticity\" ketamine", TOK_NONE,
	  "\"synaptic plasticity\" AND \"ketamine\"", 0, NULL },
	{ "\" spaced  out \"", TOK_NONE, "\" spaced  out \"", 0, NULL },
	{ "foo\"bar\"", TOK_NONE, "\"foo\" AND \"bar\"", 0, NULL },
	{ "\"a\"\"b\"", TOK_NONE, "\"a\" AND \"b\"", 0, NULL },
	{ "neuro*", TOK_NONE, "\"neuro\" *", 0, NULL },
	{ "neuro* plast*", TOK_NONE, "\"neuro\" * AND \"plast\" *", 0, NULL },
	{ "a*b", TOK_NONE, "\"a*b\"", 0, NULL },
	{ "AND*", TOK_NONE, "\"AND\" *", 0, NULL },

	/* fields */
	{ "title:ketamine", TOK_NONE, "title : \"ketamine\"", 0, NULL },
	{ "TITLE:ketamine", TOK_NONE, "title : \"ketamine\"", 0, NULL },
	{ "title: ketamine", TOK_NONE, "title : \"ketamine\"", 0, NULL },
	{ "title:neuro*", TOK_NONE, "title : \"neuro\" *", 0, NULL },
	{ "title:\"synaptic plasticity\"", TOK_NONE, "title : \"synaptic plasticity\"", 0, NULL },
	{ "title:(ketamine OR esketamine)", TOK_NONE,
	  "{title} : (\"ketamine\" OR \"esketamine\")", 0, NULL },
	{ "title:(ketamine)", TOK_NONE, "title : \"ketamine\"", 0, NULL },
	{ "title:(a title:b)", TOK_NONE, "{title} : (\"a\" AND \"b\")", 0, NULL },
	{ "abstract:ketamine title:rapid", TOK_NONE,
	  "abstract : \"ketamine\" AND title : \"rapid\"", 0, NULL },
	{ "author:kavalali", TOK_NONE, "authors : \"kavalali\"", 0, NULL },
	{ "Authors:kavalali", TOK_NONE, "authors : \"kavalali\"", 0, NULL },
	{ "keyword:ltp", TOK_NONE, "keywords : \"ltp\"", 0, NULL },
	{ "keywords:ltp", TOK_NONE, "keywords : \"ltp\"", 0, NULL },
	{ "mesh:Depression", TOK_NONE, "mesh : \"Depression\"", 0, NULL },
	{ "journal:neuron", TOK_NONE, "venue : \"neuron\"", 0, NULL },
	{ "ketamine NOT title:review", TOK_NONE, "\"ketamine\" NOT title : \"review\"", 0, NULL },
	{ "title:(a OR b) NOT c", TOK_NONE, "{title} : (\"a\" OR \"b\") NOT \"c\"", 0, NULL },
	{ "title:(a NOT b)", TOK_NONE, "{title} : (\"a\" NOT \"b\")", 0, NULL },
	{ "a NOT title:(b OR c)", TOK_NONE, "\"a\" NOT {title} : (\"b\" OR \"c\")", 0, NULL },
	{ "a NOT b NOT mesh:(c d)", TOK_NONE,
	  "\"a\" NOT (\"b\" OR {mesh} : (\"c\" AND \"d\"))", 0, NULL },
	{ "(a OR journal:(b c)) d", TOK_NONE,
	  "(\"a\" OR {venue} : (\"b\" AND \"c\")) AND \"d\"", 0, NULL },

	/* not fields, not operators: ordinary words */
	{ "5:1", TOK_NONE, "\"5:1\"", 0, NULL },
	{ "foo:bar", TOK_NONE, "\"foo:bar\"", 0, NULL },
	{ "pub_types:review", TOK_NONE, "\"pub_types:review\"", 0, NULL },
	{ ":title", TOK_NONE, "\":title\"", 0, NULL },
	{ ":", TOK_NONE, "\":\"", 0, NULL },
	{ "title:foo:bar", TOK_NONE, "title : \"foo:bar\"", 0, NULL },
	{ "NEAR(a b)", TOK_NONE, "\"NEAR\" AND \"a\" AND \"b\"", 0, NULL },
	{ "N-methyl-D-aspartate", TOK_NONE, "\"N-methyl-D-aspartate\"", 0, NULL },
	{ "COVID-19 vaccine", TOK_NONE, "\"COVID-19\" AND \"vaccine\"", 0, NULL },
	{ "don't", TOK_NONE, "\"don't\"", 0, NULL },
	{ "'; DROP TABLE papers; --", TOK_NONE,
	  "\"';\" AND \"DROP\" AND \"TABLE\" AND \"papers;\" AND \"--\"", 0, NULL },
	{ "título sináptico", TOK_NONE, "\"título\" AND \"sináptico\"", 0, NULL },
	{ "β-amyloid", TOK_NONE, "\"β-amyloid\"", 0, NULL },
	{ "a\x01" "b", TOK_NONE, "\"a\x01" "b\"", 0, NULL },
	{ "^", TOK_NONE, "\"^\"", 0, NULL },
	{ "ketamine ^", TOK_NONE, "\"ketamine\" AND \"^\"", 0, NULL },
	{ "{title}", TOK_NONE, "\"{title}\"", 0, NULL },

	/* words with no tokens are dropped when a tokenizer is given */
	{ "ketamine ^", TOK_FAKE, "\"ketamine\"", 0, NULL },
	{ "'; DROP TABLE papers; --", TOK_FAKE, "\"DROP\" AND \"TABLE\" AND \"papers;\"", 0, NULL },
	{ "ketamine OR -", TOK_FAKE, "\"ketamine\"", 0, NULL },
	{ "ketamine NOT ...", TOK_FAKE, "\"ketamine\"", 0, NULL },
	{ "ketamine NOT (^ OR -)", TOK_FAKE, "\"ketamine\"", 0, NULL },
	{ "title:^ ketamine", TOK_FAKE, "\"ketamine\"", 0, NULL },
	{ "title:(^ ketamine)", TOK_FAKE, "title : \"ketamine\"", 0, NULL },
	{ "\"^ ketamine\"", TOK_FAKE, "\"^ ketamine\"", 0, NULL },
	{ "(a OR ^) b", TOK_FAKE, "\"a\" AND \"b\"", 0, NULL },
	{ "a ^ NOT b", TOK_FAKE, "\"a\" NOT \"b\"", 0, NULL },
	{ "^ NOT ketamine", TOK_FAKE, NULL, 3, "nothing to search before 'NOT'" },
	{ "(^ -) NOT ketamine", TOK_FAKE, NULL, 7, "nothing to search before 'NOT'" },
	{ "^ - ...", TOK_FAKE, NULL, 1, "query has no searchable words" },
	{ "\"^ -\"", TOK_FAKE, NULL, 1, "query has no searchable words" },
	{ "\x01", TOK_FAKE, NULL, 1, "query has no searchable words" },

	/* malformed */
	{ "", TOK_NONE, NULL, 1, "empty query" },
	{ " \t ", TOK_NONE, NULL, 1, "empty query" },
	{ "(ketamine", TOK_NONE, NULL, 1, "unbalanced '(' at position 1" },
	{ "ketamine)", TOK_NONE, NULL, 9, "unbalanced ')' at position 9" },
	{ ")", TOK_NONE, NULL, 1, "unbalanced ')'" },
	{ "a (b (c)", TOK_NONE, NULL, 3, "unbalanced '(' at position 3" },
	{ "(a) b) c", TOK_NONE, NULL, 6, "unbalanced ')' at position 6" },
	{ "NEAR(", TOK_NONE, NULL, 5, "unbalanced '('" },
	{ "\"synaptic plasticity", TOK_NONE, NULL, 1, "unterminated quote at position 1" },
	{ "ketamine \"", TOK_NONE, NULL, 10, "unterminated quote at position 10" },
	{ "\"", TOK_NONE, NULL, 1, "unterminated quote" },
	{ "\"a\" \"b", TOK_NONE, NULL, 5, "unterminated quote" },
	{ "ketamine OR", TOK_NONE, NULL, 10, "'OR' at position 10 needs a term after it" },
	{ "AND ketamine", TOK_NONE, NULL, 1, "'AND' at position 1 needs a term before it" },
	{ "OR", TOK_NONE, NULL, 1, "'OR' at position 1 needs a term before it" },
	{ "a OR OR b", TOK_NONE, NULL, 3, "'OR' at position 3 needs a term after it" },
	{ "a AND OR b", TOK_NONE, NULL, 3, "'AND' at position 3 needs a term after it" },
	{ "a AND", TOK_NONE, NULL, 3, "'AND' at position 3 needs a term after it" },
	{ "a AND NOT", TOK_NONE, NULL, 7, "'NOT' at position 7 needs a term after it" },
	{ "ketamine NOT", TOK_NONE, NULL, 10, "'NOT' at position 10 needs a term after it" },
	{ "(OR a)", TOK_NONE, NULL, 2, "'OR' at position 2 needs a term before it" },
	{ "(a OR)", TOK_NONE, NULL, 4, "'OR' at position 4 needs a term after it" },
	{ "NOT review", TOK_NONE, NULL, 1, "a search cannot only exclude words" },
	{ "a OR NOT b", TOK_NONE, NULL, 6, "'NOT' at position 6 needs a term before it" },
	{ "(NOT a) b", TOK_NONE, NULL, 2, "cannot only exclude" },
	{ "()", TOK_NONE, NULL, 1, "empty parentheses at position 1" },
	{ "a ( ) b", TOK_NONE, NULL, 3, "empty parentheses" },
	{ "\"\"", TOK_NONE, NULL, 1, "empty phrase at position 1" },
	{ "a \"  \"", TOK_NONE, NULL, 3, "empty phrase" },
	{ "title:", TOK_NONE, NULL, 1, "'title:' at position 1 needs a term after it" },
	{ "Title: OR b", TOK_NONE, NULL, 1, "'Title:' at position 1 needs a term after it" },
	{ "(title:)", TOK_NONE, NULL, 2, "'title:' at position 2 needs a term after it" },
	{ "title:abstract:b", TOK_NONE, NULL, 7, "a term can have only one field" },
	{ "title:(a abstract:b)", TOK_NONE, NULL, 10, "a term can have only one field" },
	{ "*", TOK_NONE, NULL, 1, "'*' at position 1 must directly follow a word" },
	{ "neuro *", TOK_NONE, NULL, 7, "'*' at position 7" },
	{ "*neuro", TOK_NONE, NULL, 1, "'*' at position 1" },
	{ "neuro**", TOK_NONE, NULL, 7, "'*' at position 7" },
	{ "\"a b\"*", TOK_NONE, NULL, 6, "'*' at position 6" },
	{ "title:*", TOK_NONE, NULL, 7, "'*' at position 7" },
	{ "(*)", TOK_NONE, NULL, 2, "'*' at position 2" },

	/* positions count characters, not bytes */
	{ "αβγ)", TOK_NONE, NULL, 4, "unbalanced ')' at position 4" },
	{ "é \"x", TOK_NONE, NULL, 3, "unterminated quote at position 3" },
	{ "日本語 OR", TOK_NONE, NULL, 5, "'OR' at position 5" },
	{ "café\xff", TOK_NONE, NULL, 5, "invalid utf-8 at position 5" },
	{ "ab\xc3", TOK_NONE, NULL, 3, "invalid utf-8" },
	{ "\xc0\xaf", TOK_NONE, NULL, 1, "invalid utf-8" },        /* overlong '/' */
	{ "x\xed\xa0\x80", TOK_NONE, NULL, 2, "invalid utf-8" },   /* surrogate */
};

static const ldx_query_tokenizer *case_tok(int which)
{
	return which == TOK_FAKE ? &fake_tok : NULL;
}

static void test_table(void **state)
{
	struct fixture *fx = *state;
	size_t ncases = sizeof cases / sizeof cases[0];
	int bad = 0, valid = 0;

	assert_true(ncases >= 60);
	for (size_t i = 0; i < ncases; i++) {
		const struct qcase *c = &cases[i];
		char *out = (char *)"unset";
		ldx_error err;
		ldx_status rc;
		char msg[512];

		memset(&err, 0xAB, sizeof err);
		rc = ldx_query_to_fts(c->in, case_tok(c->tok), &out, &err);
		if (c->want) {
			if (rc != LDX_OK) {
				printf("# case %zu [%s]: want '%s', got error %d '%s'\n", i, c->in, c->want,
				       rc, err.message);
				bad++;
				continue;
			}
			valid++;
			if (strcmp(out, c->want) != 0) {
				printf("# case %zu [%s]: want '%s', got '%s'\n", i, c->in, c->want, out);
				bad++;
			}
			if (fts5_run(fx, out, msg, sizeof msg) != SQLITE_ROW) {
				printf("# case %zu [%s]: fts5 refused '%s': %s\n", i, c->in, out, msg);
				bad++;
			}
			free(out);
		} else if (rc != LDX_ERR_QUERY || out != NULL || err.code != LDX_ERR_QUERY ||
		           err.position != c->errpos || !strstr(err.message, c->errsub)) {
			printf("# case %zu [%s]: want error at %d containing '%s', got rc %d out %s "
			       "position %d '%s'\n", i, c->in, c->errpos, c->errsub, rc,
			       out ? "set" : "NULL", rc == LDX_OK ? 0 : err.position,
			       rc == LDX_OK ? out : err.message);
			if (rc == LDX_OK)
				free(out);
			bad++;
		}
	}
	printf("# %zu cases, %d valid\n", ncases, valid);
	assert_int_equal(bad, 0);
}

/* ---- What the expressions find ------------------------------------------ */

static const char *const docs[][8] = {
	/* title, abstract, keywords, mesh, authors, venue, pub_types, body */
	{ "Ketamine for depression", "An N-methyl-D-aspartate receptor antagonist", "",
	  "Depression", "Kavalali ET; Monteggia LM", "Neuron", "Journal Article", "" },
	{ "Synaptic plasticity in the hippocampus", "Ketamine and synaptic plasticity", "LTP",
	  "", "Nosyreva E", "Journal of Neuroscience", "Journal Article", "" },
	{ "COVID-19 vaccines", "An mRNA vaccine trial", "", "COVID-19 Vaccines", "Smith J",
	  "Lancet", "Clinical Trial", "" },
	{ "A review of neuroplasticity", "We review the field", "", "", "Doe A", "Neuron",
	  "Review", "" },
};

/* Rowids matched by the translation of query, as "1,2" ("" for none). */
static void matches(struct fixture *fx, const char *query, const ldx_query_tokenizer *tok,
                    char *buf, size_t size)
{
	sqlite3_stmt *st;
	char *expr = NULL;
	ldx_error err;
	size_t len = 0;

	assert_int_equal(ldx_query_to_fts(query, tok, &expr, &err), LDX_OK);
	assert_int_equal(sqlite3_prepare_v2(fx->db,
	                 "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
	buf[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW)
		len += (size_t)snprintf(buf + len, size - len, "%s%lld", len ? "," : "",
		                        sqlite3_column_int64(st, 0));
	assert_int_equal(sqlite3_errcode(fx->db), SQLITE_DONE);
	sqlite3_finalize(st);
	free(expr);
}

static void test_semantics(void **state)
{
	static const struct { const char *q; int tok; const char *rows; } want[] = {
		{ "ketamine", 0, "1,2" },
		{ "title:ketamine", 0, "1" },
		{ "abstract:ketamine", 0, "2" },
		{ "ketamine NOT depression", 0, "2" },
		{ "ketamine depression", 0, "1" },
		{ "ketamine OR vaccine", 0, "1,2,3" },
		{ "\"synaptic plasticity\"", 0, "2" },
		{ "\"plasticity synaptic\"", 0, "" },
		{ "plasticity synaptic", 0, "2" },
		{ "neuro*", 0, "1,2,4" },     /* Neuron, Neuroscience, neuroplasticity */
		{ "title:neuro*", 0, "4" },
		{ "title:(ketamine OR vaccines)", 0, "1,3" },
		{ "title:(ketamine OR vaccines) NOT mesh:depression", 0, "3" },
		{ "COVID-19", 0, "3" },
		{ "covid 19", 0, "3" },
		{ "19-COVID", 0, "" },
		{ "N-methyl-D-aspartate", 0, "1" },
		{ "author:kavalali", 0, "1" },
		{ "authors:(monteggia OR nosyreva)", 0, "1,2" },
		{ "journal:neuron", 0, "1,4" },
		{ "mesh:covid*", 0, "3" },
		{ "keyword:ltp", 0, "2" },
		{ "ketamine OR covid-19 NOT vaccine", 0, "1,2" },
		{ "review NOT title:review", 0, "" },
		{ "review NOT abstract:review", 0, "" },
		{ "review", 0, "4" },
		{ "pub_types:review", 0, "" },
		{ "(ketamine OR review) NOT (depression OR neuroplasticity)", 0, "2" },
		/* an unsearchable word only survives without a tokenizer */
		{ "ketamine ^", 0, "" },
		{ "ketamine ^", 1, "1,2" },
		{ "ketamine ^", 2, "1,2" },
		{ "ketamine NOT -", 2, "1,2" },
	};
	struct fixture *fx = *state;
	sqlite3_stmt *ins;
	char rows[256];
	int bad = 0;

	assert_int_equal(sqlite3_prepare_v2(fx->db,
	                 "INSERT INTO t(rowid, " FTS_COLUMNS ") VALUES (?,?,?,?,?,?,?,?,?)", -1,
	                 &ins, NULL), SQLITE_OK);
	for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)d + 1);
		for (int c = 0; c < 8; c++)
			sqlite3_bind_text(ins, c + 2, docs[d][c], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const ldx_query_tokenizer *tok = want[i].tok == 1 ? &fake_tok
		                               : want[i].tok == 2 ? &fx->real_tok : NULL;

		matches(fx, want[i].q, tok, rows, sizeof rows);
		if (strcmp(rows, want[i].rows) != 0) {
			printf("# [%s] (tokenizer %d): want rows '%s', got '%s'\n", want[i].q,
			       want[i].tok, want[i].rows, rows);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* ---- Random input -------------------------------------------------------- */

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64*: fixed seed, same sequence on every machine */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static const char *const nasty[] = {
	" ", " ", " ", "  ", "\t", "\"", "\"", "(", "(", ")", ")", "*", "^", ":", "-", "--",
	"OR", "AND", "NOT", "or", "and", "not", "a", "b", "ket", "amine", "x", "7", "19",
	"é", "β", "日本", "\xe2\x80\x8b" /* zero-width space */, "title:", "author:", "mesh:",
	"Journal:", "foo:", "pub_types:", "'", ";", "\x01", "\x7f", "{", "}", "+", ",", ".",
	"NEAR", "NEAR(", "\"\"", "\\", "%", "_", "@", "#", "~5", "[ti]", "\xff", "\xc3",
};

/* Checks one translation: an expression FTS5 accepts, or a query error
 * with a position inside the query.  Returns 1 when the query was valid. */
static int check_one(struct fixture *fx, const char *q, const ldx_query_tokenizer *tok,
                     int *bad)
{
	char *out = NULL;
	char msg[512];
	ldx_error err;
	ldx_status rc = ldx_query_to_fts(q, tok, &out, &err);

	if (rc == LDX_OK) {
		if (!out || fts5_run(fx, out, msg, sizeof msg) != SQLITE_ROW) {
			printf("# [%s] -> [%s]: fts5 refused: %s\n", q, out ? out : "(null)", msg);
			(*bad)++;
		}
		free(out);
		return 1;
	}
	if (rc != LDX_ERR_QUERY || out || err.position < 1 ||
	    err.position > utf8_chars(q) + 1 || !err.message[0]) {
		printf("# [%s]: rc %d position %d '%s'\n", q, rc, err.position, err.message);
		(*bad)++;
	}
	return 0;
}

static void test_random(void **state)
{
	struct fixture *fx = *state;
	const ldx_query_tokenizer *toks[] = { NULL, &fake_tok, &fx->real_tok };
	uint64_t seed = 0x9E3779B97F4A7C15ULL;
	size_t npieces = sizeof nasty / sizeof nasty[0];
	int bad = 0, valid[3] = { 0 }, n = 4000;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (cases[i].want)
			for (int k = 0; k < 3; k++)
				check_one(fx, cases[i].in, toks[k], &bad);

	for (int i = 0; i < n; i++) {
		char q[512] = "";
		int pieces = 1 + (int)(rng_next(&seed) % 14);

		for (int k = 0; k < pieces; k++)
			strcat(q, nasty[rng_next(&seed) % npieces]);
		for (int k = 0; k < 3; k++)
			valid[k] += check_one(fx, q, toks[k], &bad);
	}
	printf("# %d random queries: %d/%d/%d valid (no/fake/unicode61 tokenizer)\n", n,
	       valid[0], valid[1], valid[2]);
	assert_int_equal(bad, 0);
	/* the alphabet must exercise both outcomes, or the test proves little */
	for (int k = 0; k < 3; k++) {
		assert_true(valid[k] > n / 10);
		assert_true(valid[k] < n - n / 10);
	}
}

/* ---- Size and depth limits ---------------------------------------------- */

/* Nests level inside itself depth times; "%s" in shape is the inner part. */
static char *nest(const char *shape, const char *leaf, int depth)
{
	char *s = strdup(leaf);

	assert_non_null(s);
	for (int i = 0; i < depth; i++) {
		size_t size = strlen(shape) + strlen(s) + 16;
		char *t = malloc(size);

		assert_non_null(t);
		snprintf(t, size, shape, i, s);
		free(s);
		s = t;
	}
	return s;
}

static void test_nesting(void **state)
{
	/* shapes chosen so nothing flattens: every level is a new AST level */
	static const char *const shapes[] = {
		"a%d OR (b (%s))",
		"a%d (b OR (%s))",
		"a%d NOT (%s)",
		"a%d NOT (b OR (%s))",
		"title:(a%d OR (b (%s)))",
		"x%d OR (title:(b NOT (%s)))",
		"(a%d NOT b) OR ((%s) c)",
		"(%d%s)",
	};
	struct fixture *fx = *state;
	int bad = 0;

	for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
		int deepest = 0;

		for (int d = 1; d <= 110; d++) {
			char *q = nest(shapes[k], "z", d), *out = NULL;
			ldx_error err;
			char msg[512];

			if (ldx_query_to_fts(q, NULL, &out, &err) == LDX_OK) {
				deepest = d;
				if (fts5_run(fx, out, msg, sizeof msg) != SQLITE_ROW) {
					printf("# shape %zu depth %d: fts5 refused: %s\n", k, d, msg);
					bad++;
				}
				free(out);
			} else if (err.code != LDX_ERR_QUERY || err.position < 1 ||
			           !strstr(err.message, "nested too deeply")) {
				printf("# shape %zu depth %d: %s\n", k, d, err.message);
				bad++;
			}
			free(q);
		}
		printf("# shape '%s': nests %d deep\n", shapes[k], deepest);
		/* deep enough for any real query */
		assert_true(deepest >= 10);
	}
	assert_int_equal(bad, 0);
}

/* depth '(' around "z", with or without the closing ones */
static void parens(char *q, int depth, int close)
{
	memset(q, '(', (size_t)depth);
	q[depth] = 'z';
	memset(q + depth + 1, ')', close ? (size_t)depth : 0);
	q[depth + 1 + (close ? depth : 0)] = '\0';
}

static void test_paren_limit(void **state)
{
	struct fixture *fx = *state;
	char q[1024], *out = NULL, msg[256];
	ldx_error err;

	/* 100 levels of redundant parentheses are fine; 101 are not */
	parens(q, 100, 1);
	assert_int_equal(ldx_query_to_fts(q, NULL, &out, &err), LDX_OK);
	assert_string_equal(out, "\"z\"");
	assert_int_equal(fts5_run(fx, out, msg, sizeof msg), SQLITE_ROW);
	free(out);
	parens(q, 101, 1);
	assert_int_equal(ldx_query_to_fts(q, NULL, &out, &err), LDX_ERR_QUERY);
	assert_null(out);
	assert_int_equal(err.position, 101);
	assert_non_null(strstr(err.message, "nested too deeply"));
	parens(q, 300, 0);
	assert_int_equal(ldx_query_to_fts(q, NULL, &out, &err), LDX_ERR_QUERY);
	assert_int_equal(err.position, 101);
	assert_non_null(strstr(err.message, "nested too deeply"));

	/* unclosed: the error names the innermost '(' left open */
	parens(q, 50, 0);
	assert_int_equal(ldx_query_to_fts(q, NULL, &out, &err), LDX_ERR_QUERY);
	assert_int_equal(err.position, 50);
	assert_non_null(strstr(err.message, "unbalanced '('"));
}

/* piece repeated as often as fits in size bytes, then "end" */
static char *repeat(const char *piece, size_t size, int *count)
{
	size_t n = strlen(piece), len = 0;
	char *s = malloc(size + 1);

	assert_non_null(s);
	*count = 0;
	while (len + n + 3 <= size) {
		memcpy(s + len, piece, n);
		len += n;
		(*count)++;
	}
	memcpy(s + len, "end", 4);
	return s;
}

static void test_large(void **state)
{
	static const char *const pieces[] = {
		"a ", "a OR ", "title:a ", "a NOT b ", "(a OR b) NOT c ", "\"p q\" ", "^- ", "x*- ",
		"author:(a OR b) ", "a NOT (b c) ",
	};
	struct fixture *fx = *state;
	char *q, *out, msg[256];
	ldx_error err;
	int count;
	clock_t t0 = clock();

	for (size_t k = 0; k < sizeof pieces / sizeof pieces[0]; k++) {
		/* the largest query allowed: 64 KiB */
		q = repeat(pieces[k], 64 * 1024, &count);
		assert_int_equal(strlen(q), 64 * 1024 - (64 * 1024 - 3) % strlen(pieces[k]));
		if (k < 2)
			assert_true(count >= 10000);
		assert_int_equal(ldx_query_to_fts(q, &fake_tok, &out, &err), LDX_OK);
		assert_int_equal(fts5_run(fx, out, msg, sizeof msg), SQLITE_ROW);
		free(out);
		assert_int_equal(ldx_query_to_fts(q, NULL, &out, &err), LDX_OK);
		assert_int_equal(fts5_run(fx, out, msg, sizeof msg), SQLITE_ROW);
		free(out);
		free(q);
	}
	printf("# 64 KiB queries translated and run in %.2f s\n",
	       (double)(clock() - t0) / CLOCKS_PER_SEC);

	/* one byte more is refused */
	q = malloc(64 * 1024 + 2);
	assert_non_null(q);
	memset(q, 'a', 64 * 1024);
	q[64 * 1024] = '\0';
	assert_int_equal(ldx_query_to_fts(q, NULL, &out, &err), LDX_OK);
	free(out);
	strcat(q, "a");
	out = NULL;
	assert_int_equal(ldx_query_to_fts(q, NULL, &out, &err), LDX_ERR_QUERY);
	assert_null(out);
	assert_int_equal(err.position, 1);
	assert_non_null(strstr(err.message, "too long"));
	free(q);
}

static void test_tokenizer_failure(void **state)
{
	ldx_query_tokenizer failing = { failing_count, NULL };
	char *out = NULL;
	ldx_error err;

	(void)state;
	assert_int_equal(ldx_query_to_fts("ketamine FAIL", &failing, &out, &err), LDX_ERR_QUERY);
	assert_null(out);
	assert_int_equal(err.position, 10);
	assert_non_null(strstr(err.message, "cannot tokenize"));
	assert_int_equal(ldx_query_to_fts("ketamine FAILS", &failing, &out, &err), LDX_OK);
	assert_string_equal(out, "\"ketamine\" AND \"FAILS\"");
	free(out);
}

static void test_usage(void **state)
{
	char *out = (char *)"unset";
	ldx_error err;

	(void)state;
	assert_int_equal(ldx_query_to_fts(NULL, NULL, &out, &err), LDX_ERR_USAGE);
	assert_null(out);
	assert_int_equal(ldx_query_to_fts("x", NULL, NULL, &err), LDX_ERR_USAGE);
	/* err may be NULL */
	assert_int_equal(ldx_query_to_fts("(", NULL, &out, NULL), LDX_ERR_QUERY);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_semantics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nesting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paren_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large, setup, teardown),
		cmocka_unit_test(test_tokenizer_failure),
		cmocka_unit_test(test_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
