/*
 * test_query.c: the query translator (src/query.c).  Every expression the
 * translator produces is run through a real FTS5 table, so "FTS5 accepts
 * it" is checked, not assumed.  Cases are data: one table of inputs with
 * the expected expression or error.
 */
#include "unit.h"

#include <ctype.h>
#include <sqlite3.h>
#include <strings.h>
#include <time.h>

#include "query.h"

#define FTS_COLUMNS \
	"title, abstract, keywords, mesh, authors, venue, pub_types, body, year, language, ids"
#define NCOLUMNS 11

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

/* Lower-cases each run of fake_count's letters and strips a final "ity"
 * or "s" from runs longer than three bytes, so "Plasticity" gives
 * "plastic" and "COVID-19" gives "covid 19". */
static int fake_stems(void *ctx, const char *text, int n, char *out, size_t outsz)
{
	size_t len = 0;
	int count = 0, i = 0;

	(void)ctx;
	out[0] = '\0';
	while (i < n) {
		int start, end;

		while (i < n && !(isalnum((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80))
			i++;
		start = i;
		while (i < n && (isalnum((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80))
			i++;
		end = i;
		if (start == end)
			break;
		if (end - start > 3 && strncasecmp(text + end - 3, "ity", 3) == 0)
			end -= 3;
		else if (end - start > 3 && (text[end - 1] == 's' || text[end - 1] == 'S'))
			end--;
		if (len + (size_t)(end - start) + 2 > outsz)
			break;
		if (count++)
			out[len++] = ' ';
		for (int k = start; k < end; k++)
			out[len++] = (char)tolower((unsigned char)text[k]);
		out[len] = '\0';
	}
	return count;
}

static const ldx_query_tokenizer fake_tok = { .count = fake_count, .stems = fake_stems };

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

struct u61_buf {
	char *out;
	size_t size, len;
	int count;
};

static int u61_collect(void *ctx, int tflags, const char *token, int ntoken, int start, int end)
{
	struct u61_buf *b = ctx;

	(void)tflags, (void)start, (void)end;
	if (b->len + (size_t)ntoken + 2 > b->size)
		return SQLITE_OK; /* cut, as the contract allows */
	if (b->count++)
		b->out[b->len++] = ' ';
	memcpy(b->out + b->len, token, (size_t)ntoken);
	b->len += (size_t)ntoken;
	b->out[b->len] = '\0';
	return SQLITE_OK;
}

static int u61_stems(void *ctx, const char *text, int n, char *out, size_t outsz)
{
	struct u61 *u = ctx;
	struct u61_buf b = { out, outsz, 0, 0 };

	out[0] = '\0';
	if (u->t.xTokenize(u->tok, &b, FTS5_TOKENIZE_QUERY, text, n, u61_collect) != SQLITE_OK)
		return -1;
	return b.count;
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
	fx->real_tok.stems = u61_stems;
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
	{ "NEAR*", TOK_NONE, "\"NEAR\" *", 0, NULL },
	{ "αβγδ*", TOK_NONE, "\"αβγδ\" *", 0, NULL },
	/* PubMed's rule: at least 4 characters before a wildcard */
	{ "c*", TOK_NONE, NULL, 1,
	  "'c*' at position 1: a wildcard needs at least 4 characters before it" },
	{ "AND*", TOK_NONE, NULL, 1, "'AND*' at position 1: a wildcard needs at least 4" },
	{ "ketamine neu*", TOK_NONE, NULL, 10, "'neu*' at position 10: a wildcard needs" },
	{ "αβγ*", TOK_NONE, NULL, 1, "'αβγ*' at position 1: a wildcard needs" },
	{ "e*[au]", TOK_NONE, NULL, 1, "'e*' at position 1: a wildcard needs" },
	{ "title:neu*", TOK_NONE, NULL, 7, "'neu*' at position 7: a wildcard needs" },
	{ "NEAR(ab cd*)", TOK_NONE, NULL, 9, "'cd*' at position 9: a wildcard needs" },

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

	/* PubMed field tags: every tag, any case, spaces inside the brackets */
	{ "plasticity[ti]", TOK_NONE, "title : \"plasticity\"", 0, NULL },
	{ "plasticity[TI]", TOK_NONE, "title : \"plasticity\"", 0, NULL },
	{ "plasticity[ ti ]", TOK_NONE, "title : \"plasticity\"", 0, NULL },
	{ "plasticity [ti]", TOK_NONE, "title : \"plasticity\"", 0, NULL },
	{ "plasticity[Title]", TOK_NONE, "title : \"plasticity\"", 0, NULL },
	{ "plasticity[ab]", TOK_NONE, "abstract : \"plasticity\"", 0, NULL },
	{ "plasticity[abstract]", TOK_NONE, "abstract : \"plasticity\"", 0, NULL },
	{ "\"homeostatic plasticity\"[tiab]", TOK_NONE,
	  "{title abstract} : \"homeostatic plasticity\"", 0, NULL },
	{ "plasticity[Title/Abstract]", TOK_NONE, "{title abstract} : \"plasticity\"", 0, NULL },
	{ "kavalali[au]", TOK_NONE, "authors : \"kavalali\"", 0, NULL },
	{ "kavalali[auth]", TOK_NONE, "authors : \"kavalali\"", 0, NULL },
	{ "kavalali[Author]", TOK_NONE, "authors : \"kavalali\"", 0, NULL },
	{ "neuron[ta]", TOK_NONE, "venue : \"neuron\"", 0, NULL },
	{ "neuron[journal]", TOK_NONE, "venue : \"neuron\"", 0, NULL },
	{ "neuron[jour]", TOK_NONE, "venue : \"neuron\"", 0, NULL },
	{ "ketamine[mh]", TOK_NONE, "mesh : \"ketamine\"", 0, NULL },
	{ "ketamine[mesh]", TOK_NONE, "mesh : \"ketamine\"", 0, NULL },
	{ "ketamine[MAJR]", TOK_NONE, "mesh : \"ketamine\"", 0, NULL },
	{ "ketamine[mh:noexp]", TOK_NONE, "mesh : \"ketamine\"", 0, NULL },
	{ "ketamine[MeSH  Terms]", TOK_NONE, "mesh : \"ketamine\"", 0, NULL },
	{ "ltp[ot]", TOK_NONE, "keywords : \"ltp\"", 0, NULL },
	{ "ltp[kw]", TOK_NONE, "keywords : \"ltp\"", 0, NULL },
	{ "review[pt]", TOK_NONE, "pub_types : \"review\"", 0, NULL },
	{ "klingon[la]", TOK_NONE, "language : \"klingon\"", 0, NULL },
	{ "english[la]", TOK_NONE, "{language} : (\"english\" OR \"eng\" OR \"en\")", 0, NULL },
	{ "ENG[language]", TOK_NONE, "{language} : (\"english\" OR \"eng\" OR \"en\")", 0, NULL },
	{ "fr[la]", TOK_NONE, "{language} : (\"french\" OR \"fre\" OR \"fra\" OR \"fr\")", 0, NULL },
	{ "31000001[pmid]", TOK_NONE, "ids : \"31000001\"", 0, NULL },
	{ "31000001[uid]", TOK_NONE, "ids : \"31000001\"", 0, NULL },
	{ "10.1038/nature12373[doi]", TOK_NONE, "ids : \"10.1038/nature12373\"", 0, NULL },
	{ "10.1038/nature12373[aid]", TOK_NONE, "ids : \"10.1038/nature12373\"", 0, NULL },
	{ "plasticity[all]", TOK_NONE, "\"plasticity\"", 0, NULL },
	{ "plasticity[tw]", TOK_NONE, "\"plasticity\"", 0, NULL },
	{ "kaval*[au]", TOK_NONE, "authors : \"kaval\" *", 0, NULL },

	/* multi-word tagged terms: back to an operator, parenthesis, phrase,
	 * field-prefixed or tagged term, or a starred word */
	{ "kavalali et[au]", TOK_NONE, "authors : \"kavalali et\"", 0, NULL },
	{ "kavalali  e*[au]", TOK_NONE, "authors : \"kavalali  e\" *", 0, NULL },
	{ "j neurosci[ta]", TOK_NONE, "venue : \"j neurosci\"", 0, NULL },
	{ "depressive disorder, major[mh]", TOK_NONE, "mesh : \"depressive disorder, major\"", 0,
	  NULL },
	{ "randomized controlled trial[pt]", TOK_NONE, "pub_types : \"randomized controlled trial\"",
	  0, NULL },
	{ "ketamine kavalali et[au]", TOK_NONE, "authors : \"ketamine kavalali et\"", 0, NULL },
	{ "ketamine AND kavalali et[au]", TOK_NONE, "\"ketamine\" AND authors : \"kavalali et\"", 0,
	  NULL },
	{ "a OR b c[ti] NOT d e[ab]", TOK_NONE,
	  "\"a\" OR (title : \"b c\" NOT abstract : \"d e\")", 0, NULL },
	{ "(kavalali et[au] OR monteggia[au]) ketamine[ti]", TOK_NONE,
	  "(authors : \"kavalali et\" OR authors : \"monteggia\") AND title : \"ketamine\"", 0, NULL },
	{ "a b[ti] c d[ab]", TOK_NONE, "title : \"a b\" AND abstract : \"c d\"", 0, NULL },
	{ "a[ti]b", TOK_NONE, "title : \"a\" AND \"b\"", 0, NULL },
	{ "\"a b\" c d[ti]", TOK_NONE, "\"a b\" AND title : \"c d\"", 0, NULL },
	{ "neuro* plasticity[ti]", TOK_NONE, "\"neuro\" * AND title : \"plasticity\"", 0, NULL },
	{ "a bcde* c[au]", TOK_NONE, "\"a\" AND \"bcde\" * AND authors : \"c\"", 0, NULL },
	{ "ketamine 2019[dp]", TOK_NONE, "\"ketamine\" AND year : \"2019\"", 0, NULL },
	{ "a b english[la]", TOK_NONE,
	  "\"a\" AND \"b\" AND {language} : (\"english\" OR \"eng\" OR \"en\")", 0, NULL },
	{ "see 31000001[pmid]", TOK_NONE, "\"see\" AND ids : \"31000001\"", 0, NULL },
	{ "title:ketamine depression[ti]", TOK_NONE, "title : \"ketamine\" AND title : \"depression\"",
	  0, NULL },
	{ "title:ketamine[ti]", TOK_NONE, "title : \"ketamine\"", 0, NULL },
	{ "title:(a b[ti])", TOK_NONE, "title : \"a b\"", 0, NULL },
	{ "title:(x y[all])", TOK_NONE, "title : \"x y\"", 0, NULL },
	{ "title:(a OR b c[ti])", TOK_NONE, "{title} : (\"a\" OR title : \"b c\")", 0, NULL },
	{ "ketamine NOT review[pt]", TOK_NONE, "\"ketamine\" NOT pub_types : \"review\"", 0, NULL },
	{ "a]", TOK_NONE, "\"a]\"", 0, NULL },
	{ "ketamine ^[ti]", TOK_FAKE, "title : \"ketamine ^\"", 0, NULL },
	{ "ketamine AND ^[ti]", TOK_FAKE, "\"ketamine\"", 0, NULL },

	/* both styles in one query */
	{ "title:ketamine kavalali[au] 2019[dp]", TOK_NONE,
	  "title : \"ketamine\" AND authors : \"kavalali\" AND year : \"2019\"", 0, NULL },
	{ "(journal:neuron OR j neurosci[ta]) NOT review[pt]", TOK_NONE,
	  "(venue : \"neuron\" OR venue : \"j neurosci\") NOT pub_types : \"review\"", 0, NULL },
	{ "mesh:(depression OR anxiety) \"synaptic plasticity\"[tiab] english[la]", TOK_NONE,
	  "{mesh} : (\"depression\" OR \"anxiety\") AND {title abstract} : \"synaptic plasticity\" "
	  "AND {language} : (\"english\" OR \"eng\" OR \"en\")", 0, NULL },

	/* dates */
	{ "2019[dp]", TOK_NONE, "year : \"2019\"", 0, NULL },
	{ "2015:2020[dp]", TOK_NONE,
	  "year : (\"2015\" OR \"2016\" OR \"2017\" OR \"2018\" OR \"2019\" OR \"2020\")", 0, NULL },
	{ "2015/01/01:2020/12/31[dp]", TOK_NONE,
	  "year : (\"2015\" OR \"2016\" OR \"2017\" OR \"2018\" OR \"2019\" OR \"2020\")", 0, NULL },
	{ "2018/06[pdat]", TOK_NONE, "year : \"2018\"", 0, NULL },
	{ "2019:2019[year]", TOK_NONE, "year : \"2019\"", 0, NULL },
	{ "2015/06:2015[dp]", TOK_NONE, "year : \"2015\"", 0, NULL },
	{ "\"2015/1/1\"[dp]", TOK_NONE, "year : \"2015\"", 0, NULL },
	{ "2020:2021 [ DP ]", TOK_NONE, "year : (\"2020\" OR \"2021\")", 0, NULL },
	{ "ketamine 2015:2016[dp] NOT review", TOK_NONE,
	  "(\"ketamine\" AND year : (\"2015\" OR \"2016\")) NOT \"review\"", 0, NULL },
	{ "a NOT 2015:2016[dp] NOT b", TOK_NONE,
	  "\"a\" NOT (year : (\"2015\" OR \"2016\") OR \"b\")", 0, NULL },
	{ "2020:2015[dp]", TOK_NONE, NULL, 1, "reversed date range at position 1" },
	{ "x 2015/12:2015/01[dp]", TOK_NONE, NULL, 3, "reversed date range at position 3" },
	{ "1700:2000[dp]", TOK_NONE, NULL, 1, "spans 301 years: the limit is 300" },
	{ "19[dp]", TOK_NONE, NULL, 1, "'19' at position 1 is not a date" },
	{ "2019/13[dp]", TOK_NONE, NULL, 1, "is not a date" },
	{ "2019/1/32[dp]", TOK_NONE, NULL, 1, "is not a date" },
	{ "ketamine 20a9[dp]", TOK_NONE, NULL, 10, "'20a9' at position 10 is not a date: [dp]" },
	{ "2019*[dp]", TOK_NONE, NULL, 1, "'2019*' at position 1 is not a date" },
	{ "2015:[dp]", TOK_NONE, NULL, 1, "is not a date" },
	{ "title:2019[dp]", TOK_NONE, NULL, 11,
	  "field tag [dp] at position 11 is inside the field prefix at position 1" },

	/* proximity: "..."~N and [tag:~N] */
	{ "\"ketamine depression\"~5", TOK_NONE, "NEAR(\"ketamine\" \"depression\", 5)", 0, NULL },
	{ "\"a  b\tc\"~0", TOK_NONE, "NEAR(\"a\" \"b\" \"c\", 0)", 0, NULL },
	{ "\"ketamine depression\"~1000", TOK_NONE, "NEAR(\"ketamine\" \"depression\", 1000)", 0,
	  NULL },
	{ "\"ketamine depression\"[tiab:~3]", TOK_NONE,
	  "{title abstract} : NEAR(\"ketamine\" \"depression\", 3)", 0, NULL },
	{ "\"ketamine depression\"~5[ti]", TOK_NONE, "title : NEAR(\"ketamine\" \"depression\", 5)",
	  0, NULL },
	{ "title:\"a b\"~2 c", TOK_NONE, "title : NEAR(\"a\" \"b\", 2) AND \"c\"", 0, NULL },
	{ "\"COVID-19 vaccine\"~3", TOK_NONE, "NEAR(\"COVID-19\" \"vaccine\", 3)", 0, NULL },
	{ "\"a ^ b\"~3", TOK_FAKE, "NEAR(\"a\" \"b\", 3)", 0, NULL },
	{ "\"a ^\"~3", TOK_FAKE, "\"a\"", 0, NULL },
	{ "ketamine~5", TOK_NONE, "\"ketamine~5\"", 0, NULL },

	/* proximity: NEAR( ) typed by the user, parsed and re-emitted */
	{ "NEAR(ketamine depression, 5)", TOK_NONE, "NEAR(\"ketamine\" \"depression\", 5)", 0, NULL },
	{ "NEAR(a b)", TOK_NONE, "NEAR(\"a\" \"b\", 10)", 0, NULL },
	{ "NEAR(a b c)", TOK_NONE, "NEAR(\"a\" \"b\" \"c\", 10)", 0, NULL },
	{ "NEAR(a \"b c\", 3)", TOK_NONE, "NEAR(\"a\" \"b c\", 3)", 0, NULL },
	{ "NEAR( a  b ,3 )", TOK_NONE, "NEAR(\"a\" \"b\", 3)", 0, NULL },
	{ "NEAR(a\"b\")", TOK_NONE, "NEAR(\"a\" \"b\", 10)", 0, NULL },
	{ "NEAR(keta* depression)", TOK_NONE, "NEAR(\"keta\" * \"depression\", 10)", 0, NULL },
	{ "NEAR(don't \"say\")", TOK_NONE, "NEAR(\"don't\" \"say\", 10)", 0, NULL },
	{ "title:NEAR(a b)", TOK_NONE, "title : NEAR(\"a\" \"b\", 10)", 0, NULL },
	{ "NEAR(a b)[tiab]", TOK_NONE, "{title abstract} : NEAR(\"a\" \"b\", 10)", 0, NULL },
	{ "title:(NEAR(a b) c)", TOK_NONE, "{title} : (NEAR(\"a\" \"b\", 10) AND \"c\")", 0, NULL },
	{ "x NOT NEAR(a b, 2)", TOK_NONE, "\"x\" NOT NEAR(\"a\" \"b\", 2)", 0, NULL },
	{ "NEAR(a b) OR c", TOK_NONE, "NEAR(\"a\" \"b\", 10) OR \"c\"", 0, NULL },
	{ "near(a b)", TOK_NONE, "\"near\" AND \"a\" AND \"b\"", 0, NULL },
	{ "NEAR (a b)", TOK_NONE, "\"NEAR\" AND \"a\" AND \"b\"", 0, NULL },
	{ "NEAR", TOK_NONE, "\"NEAR\"", 0, NULL },
	{ "NEAR(a ^ b)", TOK_FAKE, "NEAR(\"a\" \"b\", 10)", 0, NULL },
	{ "title:NEAR(a ^)", TOK_FAKE, "title : \"a\"", 0, NULL },
	{ "x NEAR(^ -)", TOK_FAKE, "\"x\"", 0, NULL },

	/* malformed tags */
	{ "plasticity[xy]", TOK_NONE, NULL, 11,
	  "unknown field tag [xy] at position 11; known tags: ti, title, ab, abstract, tiab" },
	{ "plasticity[ti", TOK_NONE, NULL, 11, "unterminated '[' at position 11" },
	{ "(a[ti)", TOK_NONE, NULL, 3, "unterminated '[' at position 3" },
	{ "a [ti \"b\"]", TOK_NONE, NULL, 3, "unterminated '['" },
	{ "a[ti b] c", TOK_NONE, NULL, 2, "unknown field tag [ti b]" },
	{ "a[ ]", TOK_NONE, NULL, 2, "empty field tag at position 2" },
	{ "[ti]", TOK_NONE, NULL, 1, "field tag [ti] at position 1 must directly follow a word" },
	{ "(a b)[ti]", TOK_NONE, NULL, 6, "field tag [ti] at position 6 must directly follow" },
	{ "a[ti][ab]", TOK_NONE, NULL, 6, "field tag [ab] at position 6 must directly follow" },
	{ "a OR [ti]", TOK_NONE, NULL, 3, "'OR' at position 3 needs a term after it" },
	{ "title:[ti]", TOK_NONE, NULL, 1, "'title:' at position 1 needs a term after it" },
	{ "title:a[au]", TOK_NONE, NULL, 8,
	  "field tag [au] at position 8 is inside the field prefix at position 1: a term can have "
	  "only one field" },
	{ "title:(a b[au])", TOK_NONE, NULL, 11, "a term can have only one field" },
	{ "abstract:\"a b\"[tiab]", TOK_NONE, NULL, 15, "a term can have only one field" },
	{ "a[mh:foo]", TOK_NONE, NULL, 2, "unknown modifier ':foo' in the field tag at position 2" },
	{ "a[ti:noexp]", TOK_NONE, NULL, 2, "unknown modifier ':noexp'" },
	{ "\u00e9t\u00e9[zz]", TOK_NONE, NULL, 4, "unknown field tag [zz] at position 4" },

	/* malformed proximity */
	{ "\"a b\"~", TOK_NONE, NULL, 6, "'~' at position 6 needs a number" },
	{ "\"a b\"~x", TOK_NONE, NULL, 6, "'~' at position 6 needs a number" },
	{ "\"a b\"~1001", TOK_NONE, NULL, 7, "proximity distance at position 7 is too large" },
	{ "\"ketamine\"~5", TOK_NONE, NULL, 1, "proximity search at position 1 needs at least two" },
	{ "~5", TOK_NONE, NULL, 1, "'~' at position 1 needs a number and must directly follow" },
	{ "a ~", TOK_NONE, NULL, 3, "'~' at position 3" },
	{ "\"a b\"[tiab:~]", TOK_NONE, NULL, 6, "'~' in the field tag at position 6 needs a number" },
	{ "\"a b\"[tiab:~5x]", TOK_NONE, NULL, 6, "needs a number" },
	{ "\"a b\"~5[tiab:~3]", TOK_NONE, NULL, 8, "gives a second proximity distance" },
	{ "\"a b\"[dp:~3]", TOK_NONE, NULL, 6, "a date cannot have a proximity distance" },
	{ "NEAR(a)", TOK_NONE, NULL, 1, "NEAR at position 1 needs at least two terms" },
	{ "x NEAR()", TOK_NONE, NULL, 3, "NEAR at position 3 needs at least two terms" },
	{ "NEAR(a, 5)", TOK_NONE, NULL, 1, "needs at least two terms" },
	{ "NEAR(a b, x)", TOK_NONE, NULL, 11, "NEAR distance at position 11 must be a number" },
	{ "NEAR(a b,)", TOK_NONE, NULL, 10, "NEAR distance at position 10 must be a number" },
	{ "NEAR(a b, -1)", TOK_NONE, NULL, 11, "must be a number" },
	{ "NEAR(a b, 5x)", TOK_NONE, NULL, 11, "must be a number" },
	{ "NEAR(a b, 1001)", TOK_NONE, NULL, 11, "proximity distance at position 11 is too large" },
	{ "NEAR(a b, 5 6)", TOK_NONE, NULL, 13, "unexpected text at position 13 after the NEAR" },
	{ "NEAR(a, b, 5)", TOK_NONE, NULL, 9, "NEAR distance at position 9 must be a number" },
	{ "NEAR(", TOK_NONE, NULL, 1, "unbalanced 'NEAR(' at position 1" },
	{ "a NEAR(b c", TOK_NONE, NULL, 3, "unbalanced 'NEAR(' at position 3" },
	{ "NEAR(a \"b c)", TOK_NONE, NULL, 8, "unterminated quote at position 8" },
	{ "NEAR(a (b c))", TOK_NONE, NULL, 8, "'(' at position 8 is inside NEAR(...)" },
	{ "NEAR(NEAR(a b) c)", TOK_NONE, NULL, 10, "'(' at position 10 is inside NEAR(...)" },
	{ "NEAR(a OR b)", TOK_NONE, NULL, 8, "'OR' at position 8 cannot be used inside NEAR" },
	{ "NEAR(title:a b)", TOK_NONE, NULL, 6, "put the field before it: title:NEAR(...)" },
	{ "NEAR(a[ti] b)", TOK_NONE, NULL, 7, "field tag at position 7 is inside NEAR(...)" },
	{ "NEAR(*a b)", TOK_NONE, NULL, 6, "'*' at position 6" },
	{ "NEAR(a \"b\"* c)", TOK_NONE, NULL, 11, "'*' at position 11" },
	{ "NEAR(a \"\")", TOK_NONE, NULL, 8, "empty phrase at position 8" },
	{ "NEAR(a b)[dp]", TOK_NONE, NULL, 10, "field tag [dp] at position 10 cannot apply to NEAR" },
	{ "NEAR(a b)[ti:~2]", TOK_NONE, NULL, 10, "cannot apply to NEAR" },
	{ "title:NEAR(a b)[au]", TOK_NONE, NULL, 16, "a term can have only one field" },
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

static const char *const docs[][NCOLUMNS] = {
	/* title, abstract, keywords, mesh, authors, venue, pub_types, body, year, language, ids */
	{ "Ketamine for depression", "An N-methyl-D-aspartate receptor antagonist", "",
	  "Depression", "Kavalali ET; Monteggia LM", "Neuron ; Neuron", "Journal Article", "",
	  "2019", "eng", "31000001 10.1000/ket.1" },
	{ "Synaptic plasticity in the hippocampus", "Ketamine and synaptic plasticity", "LTP",
	  "", "Nosyreva E", "Journal of Neuroscience ; J Neurosci", "Journal Article", "",
	  "2016", "english", "31000002" },
	{ "COVID-19 vaccines", "An mRNA vaccine trial", "", "COVID-19 Vaccines", "Smith J",
	  "Lancet", "Clinical Trial", "", "2021", "fre", "33000003 10.1000/cov.3 PMC123" },
	{ "A review of neuroplasticity", "We review the field", "", "", "Doe A", "Neuron",
	  "Review", "", "2015", "", "" },
};

/* Rowids matched by the translation of query, as "1,2" ("" for none). */
static void matches(struct fixture *fx, const char *query, const ldx_query_tokenizer *tok,
                    int any, char *buf, size_t size)
{
	sqlite3_stmt *st;
	char *expr = NULL;
	ldx_error err;
	size_t len = 0;

	assert_int_equal(ldx_query_to_fts_mode(query, tok, any, &expr, &err), LDX_OK);
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
		/* tags */
		{ "ketamine[ti]", 0, "1" },
		{ "ketamine[tiab]", 0, "1,2" },
		{ "ketamine[ab]", 0, "2" },
		{ "kavalali et[au]", 0, "1" },
		{ "kavalali lm[au]", 0, "" },          /* not adjacent */
		{ "monteggia[au] OR nosyreva[au]", 0, "1,2" },
		{ "j neurosci[ta]", 0, "2" },
		{ "neuroscience[journal]", 0, "2" },
		{ "covid-19 vaccines[mh]", 0, "3" },
		{ "ltp[ot]", 0, "2" },
		{ "review[pt]", 0, "4" },
		{ "review NOT review[pt]", 0, "" },
		{ "journal article[pt]", 0, "1,2" },
		{ "english[la]", 0, "1,2" },
		{ "eng[la]", 0, "1,2" },
		{ "french[la]", 0, "3" },
		{ "31000002[pmid]", 0, "2" },
		{ "10.1000/cov.3[doi]", 0, "3" },
		{ "pmc123[aid]", 0, "3" },
		{ "10.1000/ket.1[doi] OR 31000002[uid]", 0, "1,2" },
		{ "neuron[all]", 0, "1,4" },
		{ "journal:neuron 2019[dp]", 0, "1" },
		{ "2015:2016[dp]", 0, "2,4" },
		{ "2016/03/01:2021/01/31[dp]", 0, "1,2,3" },
		{ "2017:2018[dp]", 0, "" },
		{ "plasticity 2016[dp]", 0, "2" },
		{ "plasticity 2019[dp]", 0, "" },
		/* proximity: "ketamine for depression" has one token between */
		{ "\"ketamine depression\"~1", 0, "1" },
		{ "\"ketamine depression\"~0", 0, "" },
		{ "NEAR(ketamine depression, 1)", 0, "1" },
		{ "NEAR(depression ketamine, 1)", 0, "1" },
		{ "NEAR(ketamine plasticity, 2)", 0, "2" },
		{ "NEAR(ketamine plasticity, 1)", 0, "" },
		{ "NEAR(ketamine \"synaptic plasticity\", 1)", 0, "2" },
		{ "NEAR(ketamine depress*, 3)", 0, "1" },
		{ "abstract:NEAR(ketamine plasticity)", 0, "2" },
		{ "title:NEAR(ketamine plasticity)", 0, "" },
		{ "\"ketamine plasticity\"[tiab:~2]", 0, "2" },
		{ "\"ketamine plasticity\"[ti:~2]", 0, "" },
		{ "\"ketamine plasticity\"~1", 2, "" },
	};
	static const struct { const char *q; const char *all, *any; } relaxed[] = {
		{ "ketamine vaccine", "", "1,2,3" },
		{ "ketamine vaccine 2019:2021[dp]", "", "1,3" },
		{ "ketamine vaccine neuroplasticity NOT review", "", "1,2,3" },
		{ "ketamine plasticity NOT depression[mh]", "2", "2" },
		{ "ketamine plasticity french[la]", "", "" },
		{ "ketamine OR lancet[ta]", "1,2,3", "1,2,3" },
		{ "title:(ketamine vaccines)", "", "1,3" },
		{ "\"synaptic plasticity\" review[pt] neuroplasticity", "", "4" },
	};
	struct fixture *fx = *state;
	sqlite3_stmt *ins;
	char rows[256];
	int bad = 0;

	assert_int_equal(sqlite3_prepare_v2(fx->db,
	                 "INSERT INTO t(rowid, " FTS_COLUMNS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
	                 -1, &ins, NULL), SQLITE_OK);
	for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)d + 1);
		for (int c = 0; c < NCOLUMNS; c++)
			sqlite3_bind_text(ins, c + 2, docs[d][c], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const ldx_query_tokenizer *tok = want[i].tok == 1 ? &fake_tok
		                               : want[i].tok == 2 ? &fx->real_tok : NULL;

		matches(fx, want[i].q, tok, 0, rows, sizeof rows);
		if (strcmp(rows, want[i].rows) != 0) {
			printf("# [%s] (tokenizer %d): want rows '%s', got '%s'\n", want[i].q,
			       want[i].tok, want[i].rows, rows);
			bad++;
		}
	}
	for (size_t i = 0; i < sizeof relaxed / sizeof relaxed[0]; i++) {
		for (int any = 0; any < 2; any++) {
			const char *rows_want = any ? relaxed[i].any : relaxed[i].all;

			matches(fx, relaxed[i].q, &fx->real_tok, any, rows, sizeof rows);
			if (strcmp(rows, rows_want) != 0) {
				printf("# [%s] (any %d): want rows '%s', got '%s'\n", relaxed[i].q, any,
				       rows_want, rows);
				bad++;
			}
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
	/* PubMed syntax */
	"[", "]", "~", "NEAR(", "NEAR(", ",", ", 3", "2015:2020", "2019", "1999:", ":2001",
	"2015/01/01", "[dp]", "[tiab]", "[au]", "[ ta ]", "[la]", "[xy]", "[tiab:~2]",
	"[mh:noexp]", "[pmid]", "\"a b\"~3", "\"x y\"", "english", "et", "~1001", "[]",
	" 2016:2018[dp]", " 2019[dp]", " 2015/06:2016/01/31[pdat]", " 2020:2010[dp]",
};

/* An explanation is lines, each ending in '\n', with no other control
 * characters. */
static int explain_well_formed(const char *e)
{
	size_t n = strlen(e);

	if (n == 0 || e[n - 1] != '\n')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)e[i] < 0x20 && e[i] != '\n') || e[i] == 0x7f ||
		    (e[i] == '\n' && i + 1 < n && e[i + 1] == '\n'))
			return 0;
	return 1;
}

/* Checks one translation: an expression FTS5 accepts, or a query error
 * with a position inside the query.  The any variant, explain and the
 * term list must agree with it: the same error, or success (and for the
 * any variant, an expression FTS5 accepts).  Returns 1 when the query was
 * valid. */
enum { FEAT_NEAR, FEAT_YEAR, FEAT_TAG, NFEAT };

static int check_one(struct fixture *fx, const char *q, const ldx_query_tokenizer *tok,
                     int *bad, int *feat)
{
	char *out = NULL, *any = NULL, *fts = NULL, *expl = NULL, **terms = NULL;
	char msg[512];
	size_t nterms = 0;
	ldx_error err, err2;
	ldx_status rc = ldx_query_to_fts(q, tok, &out, &err), rc2;

	if (rc == LDX_OK) {
		if (!out || fts5_run(fx, out, msg, sizeof msg) != SQLITE_ROW) {
			printf("# [%s] -> [%s]: fts5 refused: %s\n", q, out ? out : "(null)", msg);
			(*bad)++;
		}
		if (feat && out) {
			feat[FEAT_NEAR] += strstr(out, "NEAR(") != NULL;
			feat[FEAT_YEAR] += strstr(out, "year : ") != NULL;
			feat[FEAT_TAG] += strstr(out, "authors : ") || strstr(out, "venue : ") ||
			                  strstr(out, "{title abstract} : ");
		}
	} else if (rc != LDX_ERR_QUERY || out || err.position < 1 ||
	           err.position > utf8_chars(q) + 1 || !err.message[0]) {
		printf("# [%s]: rc %d position %d '%s'\n", q, rc, err.position, err.message);
		(*bad)++;
	}

	rc2 = ldx_query_to_fts_mode(q, tok, 1, &any, &err2);
	if (rc2 != rc || (rc != LDX_OK && err2.position != err.position)) {
		printf("# [%s]: any variant rc %d, all %d\n", q, rc2, rc);
		(*bad)++;
	} else if (rc2 == LDX_OK && fts5_run(fx, any, msg, sizeof msg) != SQLITE_ROW) {
		printf("# [%s] -> any [%s]: fts5 refused: %s\n", q, any, msg);
		(*bad)++;
	}
	rc2 = ldx_query_explain(q, tok, &fts, &expl, &err2);
	if (rc2 != rc || (rc != LDX_OK && (err2.position != err.position || fts || expl)) ||
	    (rc == LDX_OK && (strcmp(fts, out) != 0 || !explain_well_formed(expl)))) {
		printf("# [%s]: explain rc %d, to_fts %d: [%s]\n", q, rc2, rc, expl ? expl : "");
		(*bad)++;
	}
	/* the term list has no tokenizer, so only the grammar must agree */
	if (!tok) {
		rc2 = ldx_query_terms(q, &terms, &nterms, &err2);
		if (rc2 != rc || (rc != LDX_OK && (terms || nterms))) {
			printf("# [%s]: terms rc %d, to_fts %d\n", q, rc2, rc);
			(*bad)++;
		}
		for (size_t i = 0; i < nterms; i++) {
			if (!terms[i][0] || strpbrk(terms[i], " \t\n")) {
				printf("# [%s]: bad term '%s'\n", q, terms[i]);
				(*bad)++;
			}
		}
		ldx_query_terms_free(terms, nterms);
	}
	free(out);
	free(any);
	free(fts);
	free(expl);
	return rc == LDX_OK;
}

static void test_random(void **state)
{
	struct fixture *fx = *state;
	const ldx_query_tokenizer *toks[] = { NULL, &fake_tok, &fx->real_tok };
	uint64_t seed = 0x9E3779B97F4A7C15ULL;
	size_t npieces = sizeof nasty / sizeof nasty[0];
	int bad = 0, valid[3] = { 0 }, n = 4000, feat[NFEAT] = { 0 };

	/* every case, valid or not, through every entry point */
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (int k = 0; k < 3; k++)
			check_one(fx, cases[i].in, toks[k], &bad, NULL);

	for (int i = 0; i < n; i++) {
		char q[512] = "";
		int pieces = 1 + (int)(rng_next(&seed) % 14);

		for (int k = 0; k < pieces; k++)
			strcat(q, nasty[rng_next(&seed) % npieces]);
		for (int k = 0; k < 3; k++)
			valid[k] += check_one(fx, q, toks[k], &bad, feat);
	}
	printf("# %d random queries: %d/%d/%d valid (no/fake/unicode61 tokenizer); "
	       "%d with NEAR, %d with years, %d with a tag column\n", n, valid[0], valid[1],
	       valid[2], feat[FEAT_NEAR], feat[FEAT_YEAR], feat[FEAT_TAG]);
	assert_int_equal(bad, 0);
	/* the new syntax must be reached, not only rejected */
	for (int f = 0; f < NFEAT; f++)
		assert_true(feat[f] >= 20);
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
		"a%d b[ti] OR (c (%s))",
		"NEAR(a%d b) OR (c (%s))",
		"2015:2016[dp] OR (b%d (%s))",
		"title:(\"a%d b\"~2 OR (c (%s)))",
		"english[la] OR (b%d NOT (%s))",
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
		"author:(a OR b) ", "a NOT (b c) ", "kavalali et[au] ", "2015:2020[dp] ",
		"\"a b\"~3 ", "NEAR(a b, 2) OR ", "english[la] ",
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

	/* 300-year ranges fill the output limit long before the input one */
	q = repeat("1800:2099[dp] ", 64 * 1024, &count);
	out = NULL;
	assert_int_equal(ldx_query_to_fts(q, NULL, &out, &err), LDX_ERR_QUERY);
	assert_null(out);
	assert_non_null(strstr(err.message, "too long once translated"));
	free(q);
	q = repeat("1800:2099[dp] ", 2000, &count);
	assert_int_equal(ldx_query_to_fts(q, NULL, &out, &err), LDX_OK);
	assert_int_equal(fts5_run(fx, out, msg, sizeof msg), SQLITE_ROW);
	free(out);
	free(q);
}

/* ---- Stop words ------------------------------------------------------- */

/* "the", "of" and "in" are stop words here. */
static int fake_stop(void *ctx, const char *text, int n)
{
	static const char *const words[] = { "the", "of", "in" };

	(void)ctx;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if ((int)strlen(words[i]) == n && strncmp(words[i], text, (size_t)n) == 0)
			return 1;
	return 0;
}

static void test_stop_words(void **state)
{
	static const ldx_query_tokenizer tok = { .count = fake_count, .stop = fake_stop };
	static const struct { const char *q; int any; const char *want; } cases_s[] = {
		{ "the role of zinc", 1, "\"role\" OR \"zinc\"" },
		/* the all variant keeps every word */
		{ "the role of zinc", 0, "\"the\" AND \"role\" AND \"of\" AND \"zinc\"" },
		/* quoted, fielded, in NEAR or after NOT: the user meant them */
		{ "\"the\" role of zinc", 1, "\"the\" OR \"role\" OR \"zinc\"" },
		{ "zinc in iron \"zinc in iron\"", 1, "\"zinc\" OR \"iron\" OR \"zinc in iron\"" },
		{ "the[ti] role of zinc", 1, "title : \"the\" OR \"role\" OR \"zinc\"" },
		{ "NEAR(zinc of iron) the role", 1,
		  "NEAR(\"zinc\" \"of\" \"iron\", 10) OR \"role\"" },
		{ "zinc role NOT the", 1, "(\"zinc\" OR \"role\") NOT \"the\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases_s / sizeof *cases_s; i++) {
		char *fts = NULL;
		ldx_error err;

		assert_int_equal(ldx_query_to_fts_mode(cases_s[i].q, &tok, cases_s[i].any, &fts, &err),
		                 LDX_OK);
		if (strcmp(fts, cases_s[i].want) != 0)
			printf("# [%s] (any %d): want '%s', got '%s'\n", cases_s[i].q, cases_s[i].any,
			       cases_s[i].want, fts);
		assert_string_equal(fts, cases_s[i].want);
		free(fts);
	}
	/* nothing but stop words: the translator says so, search.c retries */
	char *fts = NULL;
	ldx_error err;
	assert_int_equal(ldx_query_to_fts_mode("the of in", &tok, 1, &fts, &err), LDX_ERR_QUERY);
	assert_null(fts);
}

/* ---- Explain, the any variant, the term list -------------------------- */

static void test_explain(void **state)
{
	static const struct { const char *q; int tok, any; const char *want; } cases_e[] = {
		{ "plasticity", TOK_NONE, 0, "term \"plasticity\" in any field\n" },
		{ "plasticity", TOK_FAKE, 0, "term \"plasticity\" in any field (plasticity -> plastic)\n" },
		{ "ketamine", TOK_FAKE, 0, "term \"ketamine\" in any field\n" },
		{ "\"homeostatic plasticity\"[tiab] 2015:2020[dp] NOT review[pt] ^", TOK_FAKE, 0,
		  "all of:\n"
		  "  phrase \"homeostatic plasticity\" in title, abstract "
		  "(homeostatic plasticity -> homeostatic plastic)\n"
		  "  years 2015-2020\n"
		  "  not: term \"review\" in publication type\n"
		  "dropped \"^\" (nothing to search: punctuation, or a stop word in any-mode)\n" },
		{ "\"ketamine depression\"~5", TOK_NONE, 0, "NEAR/5: ketamine depression\n" },
		{ "title:NEAR(neuro* \"Synaptic Vaccines\", 3)", TOK_FAKE, 0,
		  "NEAR/3 in title: neuro* \"Synaptic Vaccines\" "
		  "(Synaptic Vaccines -> synaptic vaccine)\n" },
		{ "NEAR(Vaccines Plasticity)", TOK_FAKE, 0,
		  "NEAR/10: Vaccines Plasticity (Vaccines -> vaccine, Plasticity -> plastic)\n" },
		{ "neuro*[ti] kavalali et[au]", TOK_NONE, 0,
		  "all of:\n  prefix \"neuro*\" in title\n  phrase \"kavalali et\" in authors\n" },
		{ "english[la]", TOK_NONE, 0, "language \"english\" (matches english, eng or en)\n" },
		{ "DE[la]", TOK_NONE, 0, "language \"DE\" (matches german, ger, deu or de)\n" },
		{ "2018/06[dp]", TOK_NONE, 0, "year 2018 (months and days are not searched)\n" },
		{ "journal:neuron", TOK_NONE, 0, "term \"neuron\" in journal\n" },
		{ "title:(a OR b) NOT c", TOK_NONE, 0,
		  "all of:\n  any of:\n    term \"a\" in title\n    term \"b\" in title\n"
		  "  not: term \"c\" in any field\n" },
		{ "a NOT (b c) NOT mesh:d", TOK_NONE, 0,
		  "all of:\n  term \"a\" in any field\n  not: all of:\n    term \"b\" in any field\n"
		  "    term \"c\" in any field\n  not: term \"d\" in MeSH\n" },
		{ "\"a\tb\"", TOK_NONE, 0, "phrase \"a b\" in any field\n" },
		{ "ketamine depression", TOK_NONE, 1,
		  "any of:\n  term \"ketamine\" in any field\n  term \"depression\" in any field\n" },
		{ "a b 2019[dp]", TOK_NONE, 1,
		  "all of:\n  any of:\n    term \"a\" in any field\n    term \"b\" in any field\n"
		  "  year 2019\n" },
		{ "^ - ketamine", TOK_FAKE, 0,
		  "term \"ketamine\" in any field\n"
		  "dropped \"^\" (nothing to search: punctuation, or a stop word in any-mode)\n"
		  "dropped \"-\" (nothing to search: punctuation, or a stop word in any-mode)\n" },
	};
	struct fixture *fx = *state;
	int bad = 0;

	for (size_t i = 0; i < sizeof cases_e / sizeof cases_e[0]; i++) {
		char *fts = NULL, *expl = NULL, *plain = NULL;
		ldx_error err;
		ldx_status rc = ldx_query_explain_mode(cases_e[i].q, case_tok(cases_e[i].tok),
		                                       cases_e[i].any, &fts, &expl, &err);

		if (rc != LDX_OK) {
			printf("# explain [%s]: error '%s'\n", cases_e[i].q, err.message);
			bad++;
			continue;
		}
		if (strcmp(expl, cases_e[i].want) != 0) {
			printf("# explain [%s]: want\n%s# got\n%s", cases_e[i].q, cases_e[i].want, expl);
			bad++;
		}
		/* the expression is the one the plain call gives */
		assert_int_equal(ldx_query_to_fts_mode(cases_e[i].q, case_tok(cases_e[i].tok),
		                                       cases_e[i].any, &plain, &err), LDX_OK);
		assert_string_equal(fts, plain);
		free(plain);
		free(fts);
		free(expl);
	}
	assert_int_equal(bad, 0);

	/* the real tokenizer's tokens: case folding and splitting shown */
	{
		char *expl = NULL;
		ldx_error err;

		assert_int_equal(ldx_query_explain("COVID-19 ltp", &fx->real_tok, NULL, &expl, &err),
		                 LDX_OK);
		assert_string_equal(expl, "all of:\n  term \"COVID-19\" in any field "
		                    "(COVID-19 -> covid 19)\n  term \"ltp\" in any field\n");
		free(expl);
	}
}

/* A stems callback that fails, and one that fills its buffer exactly. */
static int failing_stems(void *ctx, const char *text, int n, char *out, size_t outsz)
{
	(void)ctx, (void)text, (void)n, (void)outsz;
	out[0] = '\0';
	return -1;
}

static int long_stems(void *ctx, const char *text, int n, char *out, size_t outsz)
{
	(void)ctx, (void)text, (void)n;
	memset(out, 'x', outsz - 1);
	out[outsz - 1] = '\0';
	return 1;
}

static void test_explain_errors(void **state)
{
	ldx_query_tokenizer failing = { .count = fake_count, .stems = failing_stems };
	ldx_query_tokenizer longer = { .count = fake_count, .stems = long_stems };
	char *fts = (char *)"unset", *expl = (char *)"unset";
	ldx_error err;

	(void)state;
	/* a stems failure is a tokenizer failure, with the term's position */
	assert_int_equal(ldx_query_explain("a \"b c\"", &failing, &fts, &expl, &err),
	                 LDX_ERR_QUERY);
	assert_null(fts);
	assert_null(expl);
	assert_int_equal(err.position, 1);
	assert_non_null(strstr(err.message, "cannot tokenize"));
	/* a query error leaves both outputs NULL and says where */
	fts = expl = (char *)"unset";
	assert_int_equal(ldx_query_explain("a[zz]", NULL, &fts, &expl, &err), LDX_ERR_QUERY);
	assert_null(fts);
	assert_null(expl);
	assert_int_equal(err.position, 2);
	/* stems that fill the buffer are shown, cut, on one line */
	assert_int_equal(ldx_query_explain("a", &longer, NULL, &expl, &err), LDX_OK);
	assert_true(strlen(expl) > 500);
	assert_non_null(strstr(expl, "term \"a\" in any field (a -> xxx"));
	assert_int_equal(strchr(expl, '\n') - expl, (long)strlen(expl) - 1);
	free(expl);
	/* explain_out is required; fts_out is not */
	assert_int_equal(ldx_query_explain("a", NULL, &fts, NULL, &err), LDX_ERR_USAGE);
	assert_null(fts);
	assert_int_equal(ldx_query_explain(NULL, NULL, NULL, &expl, &err), LDX_ERR_USAGE);
	assert_null(expl);
}

static void test_any(void **state)
{
	static const struct { const char *q; const char *want; } cases_a[] = {
		{ "ketamine depression", "\"ketamine\" OR \"depression\"" },
		{ "ketamine AND depression", "\"ketamine\" OR \"depression\"" },
		{ "ketamine", "\"ketamine\"" },
		{ "ketamine OR depression", "\"ketamine\" OR \"depression\"" },
		{ "a OR b c", "\"a\" OR (\"b\" AND \"c\")" },
		{ "\"synaptic plasticity\" ketamine", "\"synaptic plasticity\" OR \"ketamine\"" },
		{ "a (b OR c) d", "\"a\" OR \"b\" OR \"c\" OR \"d\"" },
		{ "a (b c)", "\"a\" OR \"b\" OR \"c\"" },
		{ "title:(a b)", "{title} : (\"a\" OR \"b\")" },
		{ "title:a abstract:b", "title : \"a\" OR abstract : \"b\"" },
		{ "a title:(b OR c)", "\"a\" OR {title} : (\"b\" OR \"c\")" },
		{ "a NOT b", "\"a\" NOT \"b\"" },
		{ "a b NOT c", "(\"a\" OR \"b\") NOT \"c\"" },
		{ "a b NOT c NOT d", "(\"a\" OR \"b\") NOT (\"c\" OR \"d\")" },
		{ "ketamine depression 2019[dp] NOT review",
		  "((\"ketamine\" OR \"depression\") AND year : \"2019\") NOT \"review\"" },
		{ "english[la] a AND review[pt] b 2015:2016[dp]",
		  "(\"a\" OR \"b\") AND {language} : (\"english\" OR \"eng\" OR \"en\") AND "
		  "pub_types : \"review\" AND year : (\"2015\" OR \"2016\")" },
		{ "a 2019[dp]", "\"a\" AND year : \"2019\"" },
		{ "english[la] a review[pt]", "{language} : (\"english\" OR \"eng\" OR \"en\") AND "
		  "pub_types : \"a review\"" },
		{ "klingon[la] a b", "(\"a\" OR \"b\") AND language : \"klingon\"" },
		{ "kavalali[au] ketamine", "authors : \"kavalali\" OR \"ketamine\"" },
		{ "NEAR(a b) c", "NEAR(\"a\" \"b\", 10) OR \"c\"" },
		{ "\"a b\"~2 c[tiab]", "NEAR(\"a\" \"b\", 2) OR {title abstract} : \"c\"" },
		{ "(a b) OR (c d)", "(\"a\" AND \"b\") OR (\"c\" AND \"d\")" },
	};
	struct fixture *fx = *state;
	int bad = 0;

	for (size_t i = 0; i < sizeof cases_a / sizeof cases_a[0]; i++) {
		char *out = NULL, msg[512];
		ldx_error err;

		if (ldx_query_to_fts_mode(cases_a[i].q, NULL, 1, &out, &err) != LDX_OK) {
			printf("# any [%s]: error '%s'\n", cases_a[i].q, err.message);
			bad++;
			continue;
		}
		if (strcmp(out, cases_a[i].want) != 0) {
			printf("# any [%s]: want '%s', got '%s'\n", cases_a[i].q, cases_a[i].want, out);
			bad++;
		}
		if (fts5_run(fx, out, msg, sizeof msg) != SQLITE_ROW) {
			printf("# any [%s]: fts5 refused '%s': %s\n", cases_a[i].q, out, msg);
			bad++;
		}
		free(out);
	}
	assert_int_equal(bad, 0);
}

static void test_terms(void **state)
{
	static const struct { const char *q; const char *want; } cases_t[] = {
		{ "ketamine", "ketamine" },
		{ "ketamine \"synaptic  plasticity\" NOT review", "ketamine|synaptic|plasticity" },
		{ "neuro* plasticity[ti] 2019[dp] english[la] 123[pmid] NEAR(ab cdef* \"e f\")",
		  "plasticity|ab|e|f" },
		{ "a a A", "a|A" },
		{ "kavalali et[au] OR (x NOT (y z))", "kavalali|et|x" },
		{ "title:(a OR b) NOT c", "a|b" },
		{ "COVID-19 10.1/x[doi] klingon[la] review[pt]", "COVID-19|review" },
		{ "^", "^" },
		{ "2015:2020[dp]", "" },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < sizeof cases_t / sizeof cases_t[0]; i++) {
		char **terms = (char **)"unset", got[256] = "";
		size_t n = 99, len = 0;
		ldx_error err;

		assert_int_equal(ldx_query_terms(cases_t[i].q, &terms, &n, &err), LDX_OK);
		for (size_t k = 0; k < n; k++)
			len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", k ? "|" : "",
			                        terms[k]);
		if (strcmp(got, cases_t[i].want) != 0) {
			printf("# terms [%s]: want '%s', got '%s'\n", cases_t[i].q, cases_t[i].want, got);
			bad++;
		}
		if (n == 0 && terms != NULL) {
			printf("# terms [%s]: none, but the array is set\n", cases_t[i].q);
			bad++;
		}
		ldx_query_terms_free(terms, n);
	}
	assert_int_equal(bad, 0);

	/* errors leave nothing behind */
	{
		char **terms = (char **)"unset";
		size_t n = 99;
		ldx_error err;

		assert_int_equal(ldx_query_terms("NOT a", &terms, &n, &err), LDX_ERR_QUERY);
		assert_null(terms);
		assert_int_equal(n, 0);
		assert_int_equal(err.position, 1);
		assert_int_equal(ldx_query_terms(NULL, &terms, &n, &err), LDX_ERR_USAGE);
		assert_int_equal(ldx_query_terms("a", NULL, &n, &err), LDX_ERR_USAGE);
		ldx_query_terms_free(NULL, 0);
	}

	/* the list is capped: 300 different words give the first 256 */
	{
		char q[2048] = "", **terms = NULL;
		size_t n = 0;
		ldx_error err;

		for (int k = 0; k < 300; k++)
			snprintf(q + strlen(q), sizeof q - strlen(q), "w%d ", k);
		assert_int_equal(ldx_query_terms(q, &terms, &n, &err), LDX_OK);
		assert_int_equal(n, 256);
		assert_string_equal(terms[0], "w0");
		assert_string_equal(terms[255], "w255");
		ldx_query_terms_free(terms, n);
	}
}

static void test_tokenizer_failure(void **state)
{
	ldx_query_tokenizer failing = { .count = failing_count };
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
		cmocka_unit_test_setup_teardown(test_explain, setup, teardown),
		cmocka_unit_test(test_explain_errors),
		cmocka_unit_test(test_stop_words),
		cmocka_unit_test_setup_teardown(test_any, setup, teardown),
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_tokenizer_failure),
		cmocka_unit_test(test_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
