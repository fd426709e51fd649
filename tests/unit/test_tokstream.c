/*
 * test_tokstream.c: recorded token streams (src/tokstream.c) and their
 * replay by the litdex tokenizer (ldx_tokenizer_preload, tokenizer.c).
 *
 * A recorded stream must replay exactly what the tokenizer emits (token
 * bytes, offsets, colocated flags); a preloaded stream must be used for a
 * document text byte-identical to its own, and for nothing else.
 */
#include "unit.h"

#include <sqlite3.h>

#include "tokenizer.h"
#include "tokstream.h"

/* A token stream as text: "tok@start-end", colocated ones joined by '|'. */
typedef struct out {
	char buf[1 << 20];
	size_t len;
} out;

static int collect(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	out *o = ctx;
	int w = snprintf(o->buf + o->len, sizeof o->buf - o->len, "%s%.*s@%d-%d",
	                 o->len == 0 && !(tflags & FTS5_TOKEN_COLOCATED) ? ""
	                 : (tflags & FTS5_TOKEN_COLOCATED) ? "|" : " ",
	                 n, tok, start, end);
	assert_true(w >= 0 && (size_t)w < sizeof o->buf - o->len);
	o->len += (size_t)w;
	return SQLITE_OK;
}

static ldx_doc_tokenizer *doc_tokenizer(void)
{
	ldx_doc_tokenizer *t = NULL;
	ldx_error err;

	assert_int_equal(ldx_doc_tokenizer_open("english", &t, &err), LDX_OK);
	assert_string_equal(ldx_doc_tokenizer_language(t), "english");
	return t;
}

/* Records text as one more stream of s; asserts it was kept. */
static void record(ldx_doc_tokenizer *t, ldx_tokstreams *s, const char *text)
{
	ldx_error err;
	int n = (int)strlen(text);

	snprintf(s->language, sizeof s->language, "%s", ldx_doc_tokenizer_language(t));
	assert_true(ldx_tokstreams_begin(s, text, n, NULL));
	assert_int_equal(ldx_doc_tokenizer_run(t, text, n, ldx_tokstreams_token, s, &err), LDX_OK);
	ldx_tokstreams_end(s, 1);
	assert_true(ldx_tokstreams_find(s, "english", text, n) >= 0);
}

/* Texts with every kind of token: colocated Greek names and acronym
 * stems, pieces split at digits, folded diacritics (offsets that differ
 * from the folded bytes), a dropped possessive, a long pass-through token
 * and offsets far into the text (multi-byte varints). */
static const char *const texts[] = {
	"α-synuclein and TNFα in SARS-CoV-2, 5-HT2A, IL-6; NSAIDs and SNPs",
	"Müller glia, naïve T cells, Mu\xcc\x88ller, ÅSTRÖM; Alzheimer\xe2\x80\x99s disease",
	"homeostatic plasticity of synapses",
	"x",
};

static void test_replay_is_what_the_tokenizer_emits(void **state)
{
	ldx_doc_tokenizer *t = doc_tokenizer();
	sqlite3 *db = NULL;
	ldx_tokstreams s;
	ldx_error err;
	char *long_text = malloc(70000);
	size_t i;

	/* a 300-byte token, then words past offset 65536 */
	memset(long_text, 'q', 300);
	for (i = 300; i + 12 < 70000; i += 12)
		memcpy(long_text + i, " βeta-Cells2", 12);
	long_text[i] = '\0';

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(ldx_tokenizer_register(db, &err), LDX_OK);
	ldx_tokstreams_init(&s);
	for (i = 0; i < sizeof texts / sizeof *texts; i++)
		record(t, &s, texts[i]);
	record(t, &s, long_text);
	assert_int_equal(s.n, (int)(sizeof texts / sizeof *texts) + 1);
	for (i = 0; i <= sizeof texts / sizeof *texts; i++) {
		const char *text = i < sizeof texts / sizeof *texts ? texts[i] : long_text;
		out *want = calloc(1, sizeof *want), *got = calloc(1, sizeof *got);
		int k = ldx_tokstreams_find(&s, "english", text, (int)strlen(text));

		assert_int_equal(k, (int)i);
		assert_int_equal(ldx_tokenize(db, "english", 0, text, -1, collect, want, &err),
		                 LDX_OK);
		assert_int_equal(ldx_tokstreams_replay(&s, k, collect, got), SQLITE_OK);
		assert_true(want->len > 0);
		assert_string_equal(got->buf, want->buf);
		free(want);
		free(got);
	}
	assert_true(ldx_tokstreams_bytes(&s) > 0);
	ldx_tokstreams_clear(&s);
	assert_int_equal(s.n, 0);
	assert_int_equal(ldx_tokstreams_bytes(&s), 0);
	free(long_text);
	sqlite3_close(db);
	ldx_doc_tokenizer_close(t);
}

static int stop_at_second(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	return ++*(int *)ctx == 2 ? SQLITE_ABORT : SQLITE_OK;
}

static void test_find_and_limits(void **state)
{
	ldx_doc_tokenizer *t = doc_tokenizer();
	ldx_tokstreams s;
	char same_length[] = "homeostatic plasticity of synapsez";
	char *owned = strdup("owned text, freed by the streams");
	char *pathological;
	size_t i, n = 3 * 1024 * 1024;
	int calls = 0;

	ldx_tokstreams_init(&s);
	record(t, &s, texts[2]);
	/* byte-identical only: not a prefix, not a same-length neighbour, not
	 * another language */
	assert_int_equal(ldx_tokstreams_find(&s, "english", texts[2], 11), -1);
	assert_int_equal(ldx_tokstreams_find(&s, "english", same_length,
	                                     (int)strlen(same_length) - 1), -1);
	same_length[strlen(same_length) - 1] = 's';
	assert_int_equal(ldx_tokstreams_find(&s, "english", same_length,
	                                     (int)strlen(same_length)), 0);
	assert_int_equal(ldx_tokstreams_find(&s, "french", texts[2], (int)strlen(texts[2])), -1);

	/* the emitter's code stops a replay */
	assert_int_equal(ldx_tokstreams_replay(&s, 0, stop_at_second, &calls), SQLITE_ABORT);
	assert_int_equal(calls, 2);

	/* a stream not kept leaves nothing behind; owned text is freed (ASan) */
	size_t len = s.len;
	assert_true(ldx_tokstreams_begin(&s, owned, (int)strlen(owned), owned));
	ldx_tokstreams_token(&s, 0, "x", 1, 0, 1);
	ldx_tokstreams_end(&s, 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.len, len);

	/* "a1 a1 ..." makes eight bytes of stream per three of text: past
	 * LDX_TOKSTREAMS_BYTES the stream is lost, the others stay */
	pathological = malloc(n + 1);
	for (i = 0; i < n; i += 3)
		memcpy(pathological + i, "a1 ", 3);
	pathological[n] = '\0';
	assert_true(ldx_tokstreams_begin(&s, pathological, (int)n, NULL));
	assert_int_equal(ldx_doc_tokenizer_run(t, pathological, (int)n, ldx_tokstreams_token, &s,
	                                       NULL), LDX_ERR_NOMEM);
	ldx_tokstreams_end(&s, 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(ldx_tokstreams_find(&s, "english", pathological, (int)n), -1);
	assert_int_equal(ldx_tokstreams_find(&s, "english", texts[2], (int)strlen(texts[2])), 0);
	assert_true(ldx_tokstreams_bytes(&s) <= LDX_TOKSTREAMS_BYTES);

	/* a full set refuses more, and frees what it was to own */
	while (s.n < LDX_TOKSTREAMS_MAX)
		record(t, &s, texts[3]);
	owned = strdup("one too many");
	assert_false(ldx_tokstreams_begin(&s, owned, (int)strlen(owned), owned));
	free(pathological);
	ldx_tokstreams_clear(&s);
	ldx_doc_tokenizer_close(t);
}

/* ---- replay through FTS5 ------------------------------------------------- */

/* rowids matching q, as "1 2" */
static void match(sqlite3 *db, const char *q, char *buf, size_t cap)
{
	sqlite3_stmt *st = NULL;
	size_t len = 0;

	buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1 "
	                                    "ORDER BY rowid", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		len += (size_t)snprintf(buf + len, cap - len, "%s%d", len ? " " : "",
		                        sqlite3_column_int(st, 0));
	sqlite3_finalize(st);
}

static void insert(sqlite3 *db, int rowid, const char *a, const char *b)
{
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, a, b) VALUES(?1, ?2, ?3)",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 1, rowid);
	sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* A stream that is not what the tokenizer would make ("decoy") shows
 * exactly where FTS5 took the preloaded tokens and where it did not. */
static void test_fts5_uses_only_identical_text(void **state)
{
	sqlite3 *db = NULL;
	ldx_tokenizer_module *mod = NULL;
	ldx_tokstreams s;
	ldx_error err;
	const char *text = "cortical neurons";
	char got[64];

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(ldx_tokenizer_register(db, &err), LDX_OK);
	assert_int_equal(ldx_tokenizer_module_get(db, &mod, &err), LDX_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(a, b, "
	                              "tokenize='litdex english')", NULL, NULL, NULL), SQLITE_OK);
	ldx_tokstreams_init(&s);
	snprintf(s.language, sizeof s.language, "english");
	assert_true(ldx_tokstreams_begin(&s, text, (int)strlen(text), NULL));
	assert_int_equal(ldx_tokstreams_token(&s, 0, "decoy", 5, 0, 8), SQLITE_OK);
	ldx_tokstreams_end(&s, 1);

	ldx_tokenizer_preload(mod, &s);
	/* 1: column a is the text (in another buffer), b differs by a byte */
	insert(db, 1, text, "cortical neuronz");
	/* 2: only column b is the text */
	insert(db, 2, "other words", text);
	ldx_tokenizer_preload(mod, NULL);
	/* 3: no preload */
	insert(db, 3, text, "");
	assert_int_equal(ldx_tokenizer_replayed(mod), 2);

	match(db, "decoy", got, sizeof got);
	assert_string_equal(got, "1 2");
	match(db, "a:decoy", got, sizeof got);
	assert_string_equal(got, "1");
	match(db, "neuronz", got, sizeof got);
	assert_string_equal(got, "1");
	match(db, "cortical", got, sizeof got);
	assert_string_equal(got, "1 3");

	/* queries are never replayed, even for the very text */
	ldx_tokenizer_preload(mod, &s);
	match(db, "\"cortical neurons\"", got, sizeof got);
	ldx_tokenizer_preload(mod, NULL);
	assert_string_equal(got, "3");
	assert_int_equal(ldx_tokenizer_replayed(mod), 2);

	/* a stream of another language is not used */
	snprintf(s.language, sizeof s.language, "french");
	ldx_tokenizer_preload(mod, &s);
	insert(db, 4, text, "");
	ldx_tokenizer_preload(mod, NULL);
	assert_int_equal(ldx_tokenizer_replayed(mod), 2);
	match(db, "cortical", got, sizeof got);
	assert_string_equal(got, "1 3 4");
	ldx_tokstreams_clear(&s);
	sqlite3_close(db);
}

static void test_module_needs_registration(void **state)
{
	sqlite3 *db = NULL;
	ldx_tokenizer_module *mod = NULL;
	ldx_doc_tokenizer *t = NULL;
	ldx_error err;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(ldx_tokenizer_module_get(db, &mod, &err), LDX_ERR_USAGE);
	assert_null(mod);
	assert_int_equal(ldx_doc_tokenizer_open("klingon", &t, &err), LDX_ERR_USAGE);
	assert_null(t);
	assert_non_null(strstr(err.message, "'klingon'"));
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay_is_what_the_tokenizer_emits),
		cmocka_unit_test(test_find_and_limits),
		cmocka_unit_test(test_fts5_uses_only_identical_text),
		cmocka_unit_test(test_module_needs_registration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
