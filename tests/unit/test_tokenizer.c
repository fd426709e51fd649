/*
 * test_tokenizer.c: the "litdex" FTS5 tokenizer (src/tokenizer.c).
 *
 * Token streams are written as strings: tokens separated by spaces, a
 * colocated token joined to the one before it with '|' ("α|alpha").
 * The table cases run through ldx_tokenize(); prefix cases call the
 * tokenizer through the fts5_api with FTS5_TOKENIZE_PREFIX, as FTS5 does
 * for "plast*".  The end-to-end tests build a real FTS5 table.
 */
#include "unit.h"

#include <sqlite3.h>

#include "tokenizer.h"

enum { DOC, QRY, PFX };

typedef struct stream {
	char buf[4096];
	size_t len;
	int count;
	int with_offsets;   /* append "@start-end" to every token */
	int stop_after;     /* > 0: return stop_rc after this many tokens */
	int stop_rc;
} stream;

static int collect(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	stream *s = ctx;
	int w;

	if (s->len > 0 || (tflags & FTS5_TOKEN_COLOCATED)) {
		assert_true(s->len < sizeof s->buf - 1);
		s->buf[s->len++] = (tflags & FTS5_TOKEN_COLOCATED) ? '|' : ' ';
	}
	if (s->with_offsets)
		w = snprintf(s->buf + s->len, sizeof s->buf - s->len, "%.*s@%d-%d",
		             n, tok, start, end);
	else
		w = snprintf(s->buf + s->len, sizeof s->buf - s->len, "%.*s", n, tok);
	assert_true(w >= 0 && (size_t)w < sizeof s->buf - s->len);
	s->len += (size_t)w;
	s->buf[s->len] = '\0';
	s->count++;
	if (s->stop_after > 0 && s->count >= s->stop_after)
		return s->stop_rc;
	return SQLITE_OK;
}

static sqlite3 *open_db(void)
{
	sqlite3 *db = NULL;
	ldx_error err;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(ldx_tokenizer_register(db, &err), LDX_OK);
	return db;
}

static fts5_api *get_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	assert_non_null(api);
	return api;
}

/* Runs the registered tokenizer directly with the given FTS5 flags. */
static int run_flags(sqlite3 *db, const char *text, int flags, stream *s)
{
	fts5_api *api = get_api(db);
	fts5_tokenizer m;
	Fts5Tokenizer *inst = NULL;
	void *user = NULL;
	int rc;

	assert_int_equal(api->xFindTokenizer(api, "litdex", &user, &m), SQLITE_OK);
	assert_int_equal(m.xCreate(user, NULL, 0, &inst), SQLITE_OK);
	rc = m.xTokenize(inst, s, flags, text, (int)strlen(text), collect);
	m.xDelete(inst);
	return rc;
}

static void tokens(sqlite3 *db, const char *text, int mode, stream *s)
{
	ldx_error err;

	memset(s, 0, sizeof *s);
	if (mode == PFX) {
		assert_int_equal(run_flags(db, text, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, s),
		                 SQLITE_OK);
		return;
	}
	assert_int_equal(ldx_tokenize(db, "english", mode == QRY, text, -1, collect, s, &err),
	                 LDX_OK);
}

/* ---- token streams -------------------------------------------------------- */

typedef struct tcase {
	const char *text;
	int mode;
	const char *want;
} tcase;

static const tcase cases[] = {
	/* plain words and stems */
	{ "plasticity", DOC, "plastic" },
	{ "plasticity", QRY, "plastic" },
	{ "plastic", QRY, "plastic" },
	{ "synapses", DOC, "synaps" },
	{ "synapse", DOC, "synaps" },
	{ "Synapses", QRY, "synaps" },
	{ "homeostatic plasticity", QRY, "homeostat plastic" },
	/* Greek letters */
	{ "α-synuclein", DOC, "α|alpha synuclein" },
	{ "α-synuclein", QRY, "alpha synuclein" },
	{ "alpha-synuclein", DOC, "alpha synuclein" },
	{ "alpha-synuclein", QRY, "alpha synuclein" },
	{ "Α-synuclein", QRY, "alpha synuclein" },         /* capital alpha */
	{ "TNFα", DOC, "tnf α|alpha" },
	{ "TNFα", QRY, "tnf alpha" },
	{ "TNF-alpha", QRY, "tnf alpha" },
	{ "β-amyloid", DOC, "β|beta amyloid" },
	{ "β-amyloid", QRY, "beta amyloid" },
	{ "beta amyloid", QRY, "beta amyloid" },
	{ "αβγ", DOC, "α|alpha β|beta γ|gamma" },
	{ "GABAβ2", QRY, "gaba beta 2" },
	{ "κB", QRY, "kappa b" },
	{ "NF-κB", DOC, "nf κ|kappa b" },
	{ "ς", QRY, "sigma" },
	/* diacritics */
	{ "Schwann", DOC, "schwann" },
	{ "Müller", DOC, "muller" },
	{ "Muller", QRY, "muller" },
	{ "naïve", DOC, "naiv" },
	{ "naive", QRY, "naiv" },
	{ "Mu\xcc\x88ller", DOC, "muller" },              /* decomposed ü */
	/* hyphens and Unicode dashes */
	{ "N-methyl-D-aspartate", DOC, "n methyl d aspart" },
	{ "a\xe2\x80\x93" "b", DOC, "a b" },               /* en dash */
	{ "c\xe2\x80\x94" "d", DOC, "c d" },               /* em dash */
	{ "e\xe2\x80\x90" "f", DOC, "e f" },               /* U+2010 hyphen */
	{ "IL\xe2\x80\x93" "6", QRY, "il 6" },
	/* apostrophes */
	{ "Alzheimer's disease", DOC, "alzheim diseas" },
	{ "Alzheimer\xe2\x80\x99s disease", DOC, "alzheim diseas" },
	{ "Alzheimer's", QRY, "alzheim" },
	{ "Alzheimer 's", DOC, "alzheim s" },              /* not attached */
	{ "Alzheimer s", DOC, "alzheim s" },
	{ "Alzheimer'st", DOC, "alzheim st" },             /* not a lone s */
	/* numbers */
	{ "5-HT2A", DOC, "5 ht 2 a" },
	{ "5HT2A", DOC, "5 ht 2 a" },
	{ "5 HT2A", DOC, "5 ht 2 a" },
	{ "5-HT2A", QRY, "5 ht 2 a" },
	{ "5ht2a", QRY, "5 ht 2 a" },
	{ "COVID-19", DOC, "covid 19" },
	{ "covid19", DOC, "covid 19" },
	{ "COVID-19", QRY, "covid 19" },
	{ "covid19", QRY, "covid 19" },
	{ "IL-6", DOC, "il 6" },
	{ "il6", DOC, "il 6" },
	{ "1990s", DOC, "1990 s" },
	/* acronyms */
	{ "SARS", DOC, "sars|sar" },
	{ "SARS", QRY, "sars" },
	{ "sars", QRY, "sar" },
	{ "BDNF", DOC, "bdnf" },
	{ "BDNF", QRY, "bdnf" },
	{ "AIDS", DOC, "aids|aid" },
	{ "AIDS", QRY, "aids" },
	{ "aids", DOC, "aid" },
	{ "aids", QRY, "aid" },
	{ "NSAIDs", DOC, "nsaid" },
	{ "NSAIDs", QRY, "nsaid" },
	{ "SNPs", DOC, "snp" },
	{ "SNPs", QRY, "snp" },
	{ "PLASTICITY", DOC, "plasticity|plastic" },
	{ "PLASTICITY", QRY, "plasticity" },
	{ "SARS-CoV-2", DOC, "sars|sar cov 2" },
	/* short tokens, no stop words */
	{ "T", DOC, "t" },
	{ "A", QRY, "a" },
	{ "vitamin A", DOC, "vitamin a" },
	{ "vitamin A", QRY, "vitamin a" },
	{ "T cells", DOC, "t cell" },
	{ "T cells", QRY, "t cell" },
	{ "the and of", QRY, "the and of" },
	{ "was", DOC, "was" },
	/* prefix queries: the last token is not stemmed */
	{ "plasticity", PFX, "plasticity" },
	{ "plast", PFX, "plast" },
	{ "homeostatic plasticity", PFX, "homeostat plasticity" },
	{ "α", PFX, "alpha" },
	{ "NSAIDs", PFX, "nsaid" },
	/* nothing in, nothing out */
	{ "", DOC, "" },
	{ " -- ,.; ", QRY, "" },
};

static void test_token_streams(void **state)
{
	static const char *const mode_name[] = { "doc", "query", "prefix" };
	sqlite3 *db = open_db();
	stream s;
	size_t i;
	int failures = 0;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tokens(db, cases[i].text, cases[i].mode, &s);
		if (strcmp(s.buf, cases[i].want) != 0) {
			print_error("case %zu '%s' (%s): got '%s', want '%s'\n", i,
			            cases[i].text, mode_name[cases[i].mode], s.buf, cases[i].want);
			failures++;
		}
	}
	sqlite3_close(db);
	assert_int_equal(failures, 0);
}

/* Inputs in one group must give the same stream in both modes, whatever
 * that stream is: this is what lets one spelling find another. */
static void test_equivalent_spellings(void **state)
{
	static const char *const groups[][4] = {
		{ "5-HT2A", "5HT2A", "5 HT2A", "5-ht-2a" },
		{ "COVID-19", "covid19", "Covid 19", "COVID\xe2\x80\x93" "19" },
		{ "IL-6", "il6", "IL 6", "Il\xe2\x80\x90" "6" },
		{ "synapse", "synapses", "Synapses", "Synapse" },
		{ "Alzheimer's", "Alzheimer\xe2\x80\x99s", "alzheimer", "Alzheimers" },
	};
	sqlite3 *db = open_db();
	stream first, s;
	size_t g, k;
	int mode;

	for (g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		for (mode = DOC; mode <= QRY; mode++) {
			tokens(db, groups[g][0], mode, &first);
			assert_true(first.count > 0);
			for (k = 1; k < 4; k++) {
				tokens(db, groups[g][k], mode, &s);
				if (strcmp(first.buf, s.buf) != 0)
					print_error("'%s' vs '%s': '%s' != '%s'\n", groups[g][0],
					            groups[g][k], first.buf, s.buf);
				assert_string_equal(first.buf, s.buf);
			}
		}
	}
	sqlite3_close(db);
}

/* Byte offsets of every piece point at the original text, even where
 * folding changed byte lengths (ü -> u) or dropped a combining mark. */
static void test_offsets(void **state)
{
	static const struct { const char *text; int mode; const char *want; } oc[] = {
		{ "Müller 5-HT2A TNFα", DOC,
		  "muller@0-7 5@8-9 ht@10-12 2@12-13 a@13-14 tnf@15-18 α@18-20|alpha@18-20" },
		{ "e\xcc\x81x5", QRY, "ex@0-4 5@4-5" },
		{ "Alzheimer's AIDS", DOC, "alzheim@0-9 aids@12-16|aid@12-16" },
		{ "NSAIDs αβ", QRY, "nsaid@0-6 alpha@7-9 beta@9-11" },
		{ "ÅSTRÖM", DOC, "astrom@0-8" },     /* Latin-1 acronym, stem unchanged */
	};
	sqlite3 *db = open_db();
	stream s;
	size_t i;
	ldx_error err;

	for (i = 0; i < sizeof oc / sizeof oc[0]; i++) {
		memset(&s, 0, sizeof s);
		s.with_offsets = 1;
		assert_int_equal(ldx_tokenize(db, NULL, oc[i].mode == QRY, oc[i].text, -1,
		                              collect, &s, &err), LDX_OK);
		if (strcmp(s.buf, oc[i].want) != 0)
			print_error("'%s': got '%s'\n", oc[i].text, s.buf);
		assert_string_equal(s.buf, oc[i].want);
	}
	sqlite3_close(db);
}

/* A parent token longer than the tokenizer's buffers passes through whole. */
static void test_long_token_passes_through(void **state)
{
	char text[400], want[400];
	sqlite3 *db = open_db();
	stream s;

	memset(text, 'a', 300);
	memcpy(text + 300, "12", 3);
	memcpy(want, text, sizeof want);
	tokens(db, text, DOC, &s);
	assert_int_equal(s.count, 1);
	assert_string_equal(s.buf, want);

	/* the same in prefix mode, after a normal word that is stemmed */
	memcpy(text, "synapses ", 9);
	tokens(db, text, PFX, &s);
	assert_int_equal(s.count, 2);
	assert_memory_equal(s.buf, "synaps ", 7);
	sqlite3_close(db);
}

static void test_callback_stops(void **state)
{
	sqlite3 *db = open_db();
	stream s;
	ldx_error err;

	memset(&s, 0, sizeof s);
	s.stop_after = 1;
	s.stop_rc = SQLITE_DONE;
	assert_int_equal(ldx_tokenize(db, NULL, 0, "one two three", -1, collect, &s, &err),
	                 LDX_OK);
	assert_int_equal(s.count, 1);

	memset(&s, 0, sizeof s);
	s.stop_after = 2;
	s.stop_rc = SQLITE_ERROR;
	assert_int_equal(ldx_tokenize(db, NULL, 0, "one two three", -1, collect, &s, &err),
	                 LDX_ERR_DB);
	assert_int_equal(s.count, 2);

	/* n limits the text even without a NUL */
	memset(&s, 0, sizeof s);
	assert_int_equal(ldx_tokenize(db, NULL, 1, "one two", 3, collect, &s, &err), LDX_OK);
	assert_string_equal(s.buf, "one");
	sqlite3_close(db);
}

/* Random strings of awkward pieces (Greek, combining marks, apostrophes,
 * dashes, broken UTF-8): every token must be non-empty with offsets
 * inside the text, in every mode, and FTS5 must find the index it built
 * consistent with its content. */
static int check_bounds(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	int ntext = *(int *)ctx;

	assert_non_null(tok);
	assert_true(n > 0);
	assert_true(0 <= start && start <= end && end <= ntext);
	return SQLITE_OK;
}

/* Up to 23 pieces of tricky text (Greek, marks, malformed UTF-8,
 * apostrophes, acronyms) into text (at least 200 bytes): its length. */
static int random_text(unsigned long *seed, char *text)
{
	static const char *const parts[] = {
		"a", "Z", "s", "7", "'", "\xe2\x80\x99", "-", "\xe2\x80\x93", " ", "\xce\xb1",
		"\xce\x91", "\xcf\x82", "\xcc\x81", "\xcc\x85", "\xc3\xbc", "\xc3\x9c", "\xc3",
		"\x80", "\xff", "\xf0\x9f\x98\x80", "NSAID", "syn", "\xc2\xb5", "\xe1\xbd\xb0",
	};
	int len = 0, nparts;

	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	nparts = (int)((*seed >> 33) % 24);
	for (int k = 0; k < nparts; k++) {
		const char *p;
		*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
		p = parts[(*seed >> 33) % (sizeof parts / sizeof parts[0])];
		memcpy(text + len, p, strlen(p));
		len += (int)strlen(p);
	}
	text[len] = '\0';
	return len;
}

static void test_random_text(void **state)
{
	sqlite3 *db = open_db();
	sqlite3_stmt *st = NULL;
	unsigned long seed = 12345;
	char text[200];
	int i, k, len, modes[] = { 0, FTS5_TOKENIZE_QUERY,
		FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX, FTS5_TOKENIZE_AUX };
	fts5_api *api = get_api(db);
	fts5_tokenizer m;
	Fts5Tokenizer *inst = NULL;
	void *user = NULL;

	assert_int_equal(api->xFindTokenizer(api, "litdex", &user, &m), SQLITE_OK);
	assert_int_equal(m.xCreate(user, NULL, 0, &inst), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE r USING fts5(x, tokenize='litdex')", NULL, NULL, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO r(x) VALUES(?1)", -1, &st, NULL),
	                 SQLITE_OK);
	for (i = 0; i < 3000; i++) {
		len = random_text(&seed, text);
		for (k = 0; k < 4; k++)
			assert_int_equal(m.xTokenize(inst, &len, modes[k], text, len, check_bounds),
			                 SQLITE_OK);
		sqlite3_bind_blob(st, 1, text, len, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	m.xDelete(inst);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO r(r) VALUES('integrity-check')",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* The offsets of the tokens that take a position (not colocated), as
 * "start-end start-end ..." */
static int positions(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	stream *s = ctx;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	int w = snprintf(s->buf + s->len, sizeof s->buf - s->len, "%d-%d ", start, end);
	assert_true(w > 0 && (size_t)w < sizeof s->buf - s->len);
	s->len += (size_t)w;
	s->count++;
	return SQLITE_OK;
}

/* highlight() and snippet() tokenize with FTS5_TOKENIZE_AUX and mark by
 * position: each must be a document token's, at its offsets, or marks
 * land on the wrong words. */
static void test_aux_positions_match_documents(void **state)
{
	static const char *const fixed[] = {
		"Synaptic plasticity in CA1 after 5-HT2A blockade",
		"TNF\xce\xb1 and \xce\xb1-synuclein in Alzheimer's and Alzheimer\xe2\x80\x99s disease",
		"NSAIDs, SNPs and SARS-CoV-2 in M\xc3\xbcller glia; caf\xc3\xa9 na\xc3\xafve "
		"e\xcc\x81tude",
		"IL26 il-26 p53 H2O2 10mg/kg 3'UTR x'y '' 's",
		"\xce\x91\xce\xb2\xce\xb3 \xcf\x82 \xc2\xb5g \xe1\xbd\xb0 \xf0\x9f\x98\x80 \xff\x80",
	};
	sqlite3 *db = open_db();
	fts5_api *api = get_api(db);
	fts5_tokenizer m;
	Fts5Tokenizer *inst = NULL;
	void *user = NULL;
	unsigned long seed = 777;
	char text[300];
	stream doc, aux;

	assert_int_equal(api->xFindTokenizer(api, "litdex", &user, &m), SQLITE_OK);
	assert_int_equal(m.xCreate(user, NULL, 0, &inst), SQLITE_OK);
	memset(text, 'x', 260);  /* a token too long to be post-processed */
	text[260] = '\0';
	for (int i = 0; i < 3000 + 6; i++) {
		const char *t = i < 5 ? fixed[i] : text;
		if (i > 5)
			random_text(&seed, text);
		memset(&doc, 0, sizeof doc);
		memset(&aux, 0, sizeof aux);
		assert_int_equal(m.xTokenize(inst, &doc, FTS5_TOKENIZE_DOCUMENT, t, (int)strlen(t),
		                             positions), SQLITE_OK);
		assert_int_equal(m.xTokenize(inst, &aux, FTS5_TOKENIZE_AUX, t, (int)strlen(t),
		                             positions), SQLITE_OK);
		assert_string_equal(aux.buf, doc.buf);
		if (i < 6)
			assert_true(doc.count > 0);
	}
	m.xDelete(inst);
	sqlite3_close(db);
}

/* ---- languages and failures ----------------------------------------------- */

static void test_unknown_language(void **state)
{
	sqlite3 *db = open_db();
	stream s;
	ldx_error err;

	assert_int_not_equal(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE k USING fts5(x, tokenize='litdex klingon')",
		NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE k USING fts5(x, tokenize='litdex english french')",
		NULL, NULL, NULL), SQLITE_OK);
	/* the connection is still usable afterwards */
	assert_int_equal(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE k USING fts5(x, tokenize='litdex German')",
		NULL, NULL, NULL), SQLITE_OK);

	memset(&s, 0, sizeof s);
	assert_int_equal(ldx_tokenize(db, "klingon", 0, "words", -1, collect, &s, &err),
	                 LDX_ERR_USAGE);
	assert_non_null(strstr(err.message, "'klingon'"));
	assert_int_equal(s.count, 0);

	/* another Snowball language really stems differently */
	memset(&s, 0, sizeof s);
	assert_int_equal(ldx_tokenize(db, "french", 1, "continuellement", -1, collect, &s,
	                              &err), LDX_OK);
	assert_string_not_equal(s.buf, "continuellement");
	sqlite3_close(db);
}

static void test_not_registered(void **state)
{
	sqlite3 *db = NULL;
	stream s;
	ldx_error err;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	memset(&s, 0, sizeof s);
	assert_int_equal(ldx_tokenize(db, NULL, 0, "words", -1, collect, &s, &err),
	                 LDX_ERR_USAGE);
	assert_non_null(strstr(err.message, "litdex"));
	assert_int_not_equal(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE k USING fts5(x, tokenize='litdex')",
		NULL, NULL, NULL), SQLITE_OK);
	/* registering twice on one connection is harmless */
	assert_int_equal(ldx_tokenizer_register(db, &err), LDX_OK);
	assert_int_equal(ldx_tokenizer_register(db, &err), LDX_OK);
	assert_int_equal(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE k USING fts5(x, tokenize='litdex')",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* ---- end to end through FTS5 ---------------------------------------------- */

static const char *const rows[] = {
	"synaptic plastic changes in cortex",          /* 1 */
	"α-synuclein aggregates in neurons",           /* 2 */
	"5-HT2A receptor binding",                     /* 3 */
	"COVID-19 and the brain",                      /* 4 */
	"TNFα signalling in glia",                     /* 5 */
	"Alzheimer\xe2\x80\x99s disease progression",  /* 6 */
	"AIDS dementia complex",                       /* 7 */
	"hearing aids for the elderly",                /* 8 */
	"T cells need vitamin A",                      /* 9 */
	"IL-6 and NSAIDs",                             /* 10 */
	"Müller glia",                                 /* 11 */
	"homeostatic plasticity of synapses",          /* 12 */
};

static sqlite3 *fts_db(void)
{
	sqlite3 *db = open_db();
	sqlite3_stmt *st = NULL;
	size_t i;

	assert_int_equal(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='litdex english')",
		NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, x) VALUES(?1, ?2)",
	                                    -1, &st, NULL), SQLITE_OK);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		sqlite3_bind_int(st, 1, (int)i + 1);
		sqlite3_bind_text(st, 2, rows[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return db;
}

/* Rowids matching q, as "1 5" in rowid order. */
static void match(sqlite3 *db, const char *q, char *out, size_t cap)
{
	sqlite3_stmt *st = NULL;
	size_t len = 0;
	int rc;

	out[0] = '\0';
	rc = sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid",
	                        -1, &st, NULL);
	assert_int_equal(rc, SQLITE_OK);
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		len += (size_t)snprintf(out + len, cap - len, "%s%d", len ? " " : "",
		                        sqlite3_column_int(st, 0));
	if (rc != SQLITE_DONE)
		print_error("query '%s': %s\n", q, sqlite3_errmsg(db));
	assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(st);
}

static void test_fts5_match(void **state)
{
	static const struct { const char *q, *want; } mc[] = {
		{ "\"plasticity\"", "1 12" },
		{ "\"plastic\"", "1 12" },
		{ "\"alpha-synuclein\"", "2" },
		{ "\"α-synuclein\"", "2" },
		{ "\"5HT2A\"", "3" },
		{ "\"5 HT2A\"", "3" },
		{ "\"5-ht2a\"", "3" },
		{ "\"covid19\"", "4" },
		{ "\"COVID-19\"", "4" },
		{ "\"tnf alpha\"", "5" },
		{ "\"TNF-α\"", "5" },
		{ "alpha", "2 5" },
		{ "\"alzheimer's disease\"", "6" },
		{ "\"Alzheimer disease\"", "6" },
		{ "\"AIDS\"", "7" },
		{ "\"aids\"", "7 8" },
		{ "\"T cells\"", "9" },
		{ "\"vitamin A\"", "9" },
		{ "\"il6\"", "10" },
		{ "\"NSAIDs\"", "10" },
		{ "\"nsaid\"", "10" },
		{ "\"muller\"", "11" },
		{ "\"Mueller\"", "" },
		{ "plast*", "1 12" },
		/* only the last token of a prefix phrase stays unstemmed */
		{ "\"homeostatic plast\" *", "12" },
		{ "\"homeostatic plast\"", "" },
		{ "synapt*", "1" },
		{ "synaps*", "12" },
		{ "\"brain\" AND \"covid19\"", "4" },
	};
	sqlite3 *db = fts_db();
	char got[256];
	size_t i;

	for (i = 0; i < sizeof mc / sizeof mc[0]; i++) {
		match(db, mc[i].q, got, sizeof got);
		if (strcmp(got, mc[i].want) != 0)
			print_error("MATCH '%s': got '%s', want '%s'\n", mc[i].q, got, mc[i].want);
		assert_string_equal(got, mc[i].want);
	}
	sqlite3_close(db);
}

static void test_fts5_highlight(void **state)
{
	static const struct { const char *q, *want; } hc[] = {
		{ "\"plasticity\"", "synaptic [plastic] changes in cortex" },
		{ "\"alpha-synuclein\"", "[α-synuclein] aggregates in neurons" },
		{ "\"tnf alpha\"", "[TNFα] signalling in glia" },
		{ "\"5HT2A\"", "[5-HT2A] receptor binding" },
		{ "\"muller\"", "[Müller] glia" },
		{ "\"alzheimer\"", "[Alzheimer]\xe2\x80\x99s disease progression" },
	};
	sqlite3 *db = fts_db();
	sqlite3_stmt *st = NULL;
	size_t i;

	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1"
		" ORDER BY rowid LIMIT 1", -1, &st, NULL),
		SQLITE_OK);
	for (i = 0; i < sizeof hc / sizeof hc[0]; i++) {
		sqlite3_bind_text(st, 1, hc[i].q, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), hc[i].want);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_fts5_integrity_check(void **state)
{
	sqlite3 *db = fts_db();

	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO t(t) VALUES('integrity-check')", NULL, NULL, NULL), SQLITE_OK);
	/* also after deleting and updating rows */
	assert_int_equal(sqlite3_exec(db,
		"DELETE FROM t WHERE rowid = 2;"
		"UPDATE t SET x = 'β-amyloid and SARS' WHERE rowid = 3;"
		"INSERT INTO t(t) VALUES('integrity-check')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_streams),
		cmocka_unit_test(test_equivalent_spellings),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_long_token_passes_through),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_random_text),
		cmocka_unit_test(test_aux_positions_match_documents),
		cmocka_unit_test(test_unknown_language),
		cmocka_unit_test(test_not_registered),
		cmocka_unit_test(test_fts5_match),
		cmocka_unit_test(test_fts5_highlight),
		cmocka_unit_test(test_fts5_integrity_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
