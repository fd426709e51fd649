/*
 * tokenizer.c: the "litdex" FTS5 tokenizer and ldx_tokenize().
 *
 * This file owns every rule that turns text into index and query terms.
 * It wraps FTS5's unicode61 tokenizer (remove_diacritics 2), which does
 * the splitting, case folding and diacritic removal, and post-processes
 * each parent token; the same code runs at index and at query time:
 *
 *  1. Split at digit/letter boundaries ("5ht2a" -> 5 ht 2 a) and around
 *     Greek letters, each Greek letter a piece of its own ("tnfα" -> tnf α).
 *  2. A Greek letter becomes its name ("alpha").  In documents the letter
 *     is kept and the name follows it as a colocated token; queries get
 *     the name only, so "α-synuclein" and "alpha-synuclein" meet.
 *  3. A token "s" right after an apostrophe right after the previous token
 *     (Alzheimer's, Alzheimer’s) is dropped.
 *  4. Snowball stemming, except: digits, words of three characters or
 *     fewer, and acronyms (original text all upper case, "SARS").  An
 *     acronym in a document also gets its stem as a colocated token, so
 *     both "SARS" (exact) and "sars" (stemmed) find it.  "NSAIDs" and
 *     "SNPs" lose the plural s and are not stemmed.  The last token of a
 *     prefix query ("plast*") is not stemmed.
 *  5. No stop words.
 *
 * Every piece keeps byte offsets into the original text, so highlight()
 * marks exactly the characters that matched.  An all-ASCII token, most
 * of them, is split without the pairing walk.  For highlight() and
 * snippet() (FTS5_TOKENIZE_AUX) only the pieces' positions and offsets
 * count, never their text: words go out unstemmed.  The same pieces at
 * the same offsets cost a third less of a 10-hit page at 1,000,000
 * papers (690 to 510 us).
 *
 * It also owns replaying pre-tokenized text.  Each registration has a
 * module (tokenizer_module), owned by the connection, whose preload
 * pointer the index writer sets around one INSERT into papers_fts: a
 * document whose text is byte-identical to one of the preloaded streams'
 * gets that stream back instead of being tokenized again.  The streams
 * were made by this same code on the reader thread (ldx_doc_tokenizer),
 * so the index cannot tell the difference.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "error.h"
#include "tokenizer.h"
#include "tokstream.h"

/* Parent tokens longer than this (bytes) pass through untouched: they are
 * not words, and the limit keeps every buffer here fixed in size. */
#define LDX_TOKEN_MAX 256
#define LDX_LANGUAGE_MAX 32

/* Snowball is most of the tokenizer's cost, and text is Zipfian: a small
 * direct-mapped cache of word -> stem per instance avoids most calls.  It
 * is made at an instance's first document: a query's few words do not
 * need its 400 KB, and ldx_tokenize makes an instance per call (a
 * search's translation took 18 us with it, 9.5 without). */
#define STEM_CACHE_SLOTS 8192          /* a power of two */
#define STEM_CACHE_WORD 24             /* longer words are not cached */

typedef struct stem_slot {
	unsigned char nword, nstem;
	char word[STEM_CACHE_WORD];
	char stem[STEM_CACHE_WORD];
} stem_slot;

/* The user data of one registration, freed with the connection (FTS5
 * calls module_free).  preload is borrowed: set and cleared by the
 * writer, on the connection's own thread. */
struct ldx_tokenizer_module {
	fts5_api *api;
	const ldx_tokstreams *preload;
	long replayed;                /* document texts replayed from preload */
};

typedef struct ldx_tokenizer {
	ldx_tokenizer_module *module; /* borrowed; outlives the instance */
	char language[LDX_LANGUAGE_MAX];
	fts5_tokenizer parent;        /* unicode61's methods */
	Fts5Tokenizer *parent_inst;   /* owned; freed with parent.xDelete */
	struct sb_stemmer *stemmer;   /* owned; one per instance (not thread-safe) */
	stem_slot *cache;             /* owned; STEM_CACHE_SLOTS, or NULL */
	int cache_tried;              /* cache was allocated, or could not be */
} ldx_tokenizer;

typedef int (*token_cb)(void *, int, const char *, int, int, int);

/* State of one xTokenize call; lives on its stack. */
typedef struct tok_call {
	ldx_tokenizer *tok;
	void *ctx;
	token_cb emit;
	const char *text;
	int query;                    /* FTS5_TOKENIZE_QUERY was given */
	int aux;                      /* FTS5_TOKENIZE_AUX: offsets alone count */
	int prefix;                   /* ... with FTS5_TOKENIZE_PREFIX */
	int prev_end;                 /* end of the previous parent token, or -1 */
	/* In prefix mode each parent token waits here until the next one
	 * arrives, because only the last one must stay unstemmed. */
	int pending;
	char pend_tok[LDX_TOKEN_MAX];
	int pend_n, pend_start, pend_end;
} tok_call;

/* ---- UTF-8 and character classes -------------------------------------- */

/* Decodes one code point at s[*i] (n bytes in all) and advances *i.
 * Malformed bytes decode as U+FFFD, one byte at a time. */
static int utf8_next(const char *s, int n, int *i)
{
	const unsigned char *u = (const unsigned char *)s;
	int c = u[*i], more, k;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c >= 0xF0 && c < 0xF8) {
		more = 3;
		c &= 0x07;
	} else if (c >= 0xE0) {
		more = 2;
		c &= 0x0F;
	} else if (c >= 0xC0) {
		more = 1;
		c &= 0x1F;
	} else {
		(*i)++;
		return 0xFFFD;
	}
	for (k = 1; k <= more; k++) {
		if (*i + k >= n || (u[*i + k] & 0xC0) != 0x80) {
			(*i)++;
			return 0xFFFD;
		}
		c = (c << 6) | (u[*i + k] & 0x3F);
	}
	*i += more + 1;
	return c;
}

static int utf8_count(const char *s, int n)
{
	int i = 0, count = 0;

	while (i < n) {
		utf8_next(s, n, &i);
		count++;
	}
	return count;
}

/* Upper-case letters for the acronym rules: ASCII and Latin-1. */
static int is_upper(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

/* Names of the Greek letters unicode61 can emit (it folds case, so only
 * lower case, plus the accented and variant forms it leaves alone). */
static const char *const greek_names[] = {
	"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
	"iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho",
	"sigma", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"
};

static const char *greek_name(int c)
{
	if (c >= 0x3B1 && c <= 0x3C9)
		return greek_names[c - 0x3B1];
	switch (c) {
	case 0x3AC: return "alpha";
	case 0x3AD: case 0x3F5: return "epsilon";
	case 0x3AE: return "eta";
	case 0x390: case 0x3AF: case 0x3CA: return "iota";
	case 0x3CC: return "omicron";
	case 0x3B0: case 0x3CB: case 0x3CD: return "upsilon";
	case 0x3CE: return "omega";
	case 0x3D0: return "beta";
	case 0x3D1: return "theta";
	case 0x3D5: return "phi";
	case 0x3D6: return "pi";
	case 0x3F0: return "kappa";
	case 0x3F1: return "rho";
	}
	return NULL;
}

enum { CLS_WORD, CLS_DIGIT, CLS_GREEK };

static int char_class(int c)
{
	if (c >= '0' && c <= '9')
		return CLS_DIGIT;
	if (greek_name(c))
		return CLS_GREEK;
	return CLS_WORD;
}

/* unicode61 with remove_diacritics 2 drops some combining marks of this
 * block outright; they are the only characters that vanish. */
static int is_combining(int c)
{
	return c >= 0x300 && c <= 0x36F;
}

/* ---- Emitting ------------------------------------------------------------ */

/* Stems w[0..n) into *out and *nout (the stemmer's buffer, valid until its
 * next call).  Returns SQLITE_NOMEM when Snowball runs out of memory. */
static int stem(tok_call *call, const char *w, int n, const char **out, int *nout)
{
	stem_slot *slot = NULL;
	if (call->tok->cache && n <= STEM_CACHE_WORD) {
		uint32_t h = 2166136261u;
		for (int i = 0; i < n; i++)
			h = (h ^ (unsigned char)w[i]) * 16777619u;
		slot = &call->tok->cache[h & (STEM_CACHE_SLOTS - 1)];
		if (slot->nword == n && memcmp(slot->word, w, (size_t)n) == 0) {
			*out = slot->stem;
			*nout = slot->nstem;
			return SQLITE_OK;
		}
	}
	const sb_symbol *s = sb_stemmer_stem(call->tok->stemmer,
	                                     (const sb_symbol *)w, n);
	if (!s)
		return SQLITE_NOMEM;
	*nout = sb_stemmer_length(call->tok->stemmer);
	*out = (const char *)s;
	if (*nout <= 0) {
		*out = w;
		*nout = n;
	}
	if (slot && *nout <= STEM_CACHE_WORD) {
		slot->nword = (unsigned char)n;
		slot->nstem = (unsigned char)*nout;
		memcpy(slot->word, w, (size_t)n);
		memcpy(slot->stem, *out, (size_t)*nout);
	}
	return SQLITE_OK;
}

/* Emits a letters-only piece: w is the folded text, orig[0..norig) what it
 * came from in the original, [start, end) its offsets. */
static int emit_word(tok_call *call, int tflags, const char *w, int n,
                     const char *orig, int norig, int start, int end,
                     int may_stem)
{
	const char *s;
	int ns, i, c, nupper = 0, all_upper = 1, rc;

	if (call->aux)  /* stems and the acronym's colocated stem add no piece */
		return call->emit(call->ctx, tflags, w, n, start, end);
	for (i = 0; i < norig;) {
		c = utf8_next(orig, norig, &i);
		if (is_upper(c)) {
			nupper++;
		} else if (i == norig && c == 's' && nupper >= 2 && all_upper &&
		           n > 1 && w[n - 1] == 's') {
			/* NSAIDs, SNPs: the acronym without its plural s */
			return call->emit(call->ctx, tflags, w, n - 1, start, end);
		} else {
			all_upper = 0;
		}
	}
	if (!may_stem || utf8_count(w, n) <= 3)
		return call->emit(call->ctx, tflags, w, n, start, end);
	if (all_upper && nupper >= 2) {
		rc = call->emit(call->ctx, tflags, w, n, start, end);
		if (rc != SQLITE_OK || call->query)
			return rc;
		rc = stem(call, w, n, &s, &ns);
		if (rc == SQLITE_OK && (ns != n || memcmp(s, w, n) != 0))
			rc = call->emit(call->ctx, FTS5_TOKEN_COLOCATED, s, ns, start, end);
		return rc;
	}
	rc = stem(call, w, n, &s, &ns);
	if (rc == SQLITE_OK)
		rc = call->emit(call->ctx, tflags, s, ns, start, end);
	return rc;
}

/* Emits one Greek letter w[0..n): the letter and its name in documents,
 * the name alone in queries.  The name goes through the word rules so it
 * becomes exactly what the spelled-out word would. */
static int emit_greek(tok_call *call, int c, const char *w, int n, int start,
                      int end, int may_stem)
{
	const char *name = greek_name(c);
	int nname = (int)strlen(name), rc, tflags = 0;

	if (!call->query) {
		rc = call->emit(call->ctx, 0, w, n, start, end);
		if (rc != SQLITE_OK)
			return rc;
		tflags = FTS5_TOKEN_COLOCATED;
	}
	return emit_word(call, tflags, name, nname, name, nname, start, end, may_stem);
}

static int is_possessive_s(tok_call *call, const char *w, int n, int start)
{
	int gap = start - call->prev_end;

	if (n != 1 || w[0] != 's' || call->prev_end < 0)
		return 0;
	if (gap == 1 && call->text[call->prev_end] == '\'')
		return 1;
	return gap == 3 && memcmp(call->text + call->prev_end, "\xE2\x80\x99", 3) == 0;
}

/* A parent token that is ASCII on both sides (w[0..n) folded from
 * text[start, start + n)), each character its own pair: split into runs
 * of digits and of the rest, as process_token's walk would split it.  1
 * when it was, with its status in *rc; 0 when it is not all ASCII. */
static int emit_ascii_pieces(tok_call *call, const char *w, int n, int start, int may_stem,
                             int *rc)
{
	const char *orig = call->text + start;
	int j, e;

	for (j = 0; j < n; j++)
		if (((unsigned char)w[j] | (unsigned char)orig[j]) & 0x80)
			return 0;
	*rc = SQLITE_OK;
	for (j = 0; j < n && *rc == SQLITE_OK; j = e) {
		int digit = w[j] >= '0' && w[j] <= '9';
		for (e = j + 1; e < n && (w[e] >= '0' && w[e] <= '9') == digit; e++)
			;
		*rc = digit ? call->emit(call->ctx, 0, w + j, e - j, start + j, start + e)
		            : emit_word(call, 0, w + j, e - j, orig + j, e - j, start + j,
		                        start + e, may_stem);
	}
	return 1;
}

/*
 * Post-processes one parent token w[0..n) that covers text[start, end).
 * Each code point of w comes from one code point of the original, except
 * that unicode61 drops some combining marks; the walk below pairs them up
 * so that every piece gets its own offsets.  If the pairing ever fails
 * (a future unicode61 folding differently), every piece falls back to the
 * whole token's offsets, which is still correct, only less precise.
 */
static int process_token(tok_call *call, const char *w, int n, int start,
                         int end, int may_stem)
{
	/* per code point of w: its byte offset in w, and its span in orig */
	int wpos[LDX_TOKEN_MAX + 1], ostart[LDX_TOKEN_MAX], oend[LDX_TOKEN_MAX];
	int cps[LDX_TOKEN_MAX];
	const char *orig = call->text + start;
	int norig = end - start, ncp = 0, i = 0, k = 0, j, c, paired = 1;
	int rc = SQLITE_OK;

	if (is_possessive_s(call, w, n, start)) {
		call->prev_end = end;
		return SQLITE_OK;
	}
	call->prev_end = end;
	if (n <= 0)
		return SQLITE_OK;
	if (n > LDX_TOKEN_MAX)
		return call->emit(call->ctx, 0, w, n, start, end);
	/* most tokens: the walk below would pair each character with itself,
	 * at a twentieth of indexing */
	if (n == norig && emit_ascii_pieces(call, w, n, start, may_stem, &rc))
		return rc;

	while (i < n) {
		wpos[ncp] = i;
		cps[ncp++] = utf8_next(w, n, &i);
	}
	wpos[ncp] = n;

	for (j = 0; j < ncp && paired; j++) {
		ostart[j] = k;
		for (;;) {
			if (k >= norig) {
				paired = 0;
				break;
			}
			c = utf8_next(orig, norig, &k);
			if (c == cps[j] || !is_combining(c))
				break;
		}
		/* marks that vanished belong to the character before them */
		while (paired && k < norig) {
			int next = k;
			c = utf8_next(orig, norig, &next);
			if (!is_combining(c) || (j + 1 < ncp && c == cps[j + 1]))
				break;
			k = next;
		}
		oend[j] = k;
	}
	if (paired && ncp > 0)
		oend[ncp - 1] = norig;
	if (!paired) {
		for (j = 0; j < ncp; j++) {
			ostart[j] = 0;
			oend[j] = norig;
		}
	}

	for (j = 0; j < ncp && rc == SQLITE_OK;) {
		int cls = char_class(cps[j]), e = j + 1;

		if (cls == CLS_GREEK) {
			rc = emit_greek(call, cps[j], w + wpos[j], wpos[j + 1] - wpos[j],
			                start + ostart[j], start + oend[j], may_stem);
			j = e;
			continue;
		}
		while (e < ncp && char_class(cps[e]) == cls)
			e++;
		if (cls == CLS_DIGIT)
			rc = call->emit(call->ctx, 0, w + wpos[j], wpos[e] - wpos[j],
			                start + ostart[j], start + oend[e - 1]);
		else
			rc = emit_word(call, 0, w + wpos[j], wpos[e] - wpos[j],
			               orig + ostart[j], oend[e - 1] - ostart[j],
			               start + ostart[j], start + oend[e - 1], may_stem);
		j = e;
	}
	return rc;
}

static int flush_pending(tok_call *call, int may_stem)
{
	if (!call->pending)
		return SQLITE_OK;
	call->pending = 0;
	return process_token(call, call->pend_tok, call->pend_n, call->pend_start,
	                     call->pend_end, may_stem);
}

/* xToken callback handed to the parent tokenizer (unicode61 never sets
 * FTS5_TOKEN_COLOCATED, so tflags carries nothing here). */
static int on_parent_token(void *p, int tflags, const char *w, int n, int start,
                           int end)
{
	tok_call *call = p;
	int rc;

	if (!call->prefix)
		return process_token(call, w, n, start, end, 1);
	rc = flush_pending(call, 1);
	if (rc != SQLITE_OK)
		return rc;
	if (n > LDX_TOKEN_MAX)
		return process_token(call, w, n, start, end, 0);
	memcpy(call->pend_tok, w, (size_t)n);
	call->pend_n = n;
	call->pend_start = start;
	call->pend_end = end;
	call->pending = 1;
	return SQLITE_OK;
}

/* ---- fts5_tokenizer methods ---------------------------------------------- */

static void ldx_tok_delete(Fts5Tokenizer *p)
{
	ldx_tokenizer *tok = (ldx_tokenizer *)p;

	if (!tok)
		return;
	if (tok->parent_inst)
		tok->parent.xDelete(tok->parent_inst);
	sb_stemmer_delete(tok->stemmer);
	free(tok->cache);
	sqlite3_free(tok);
}

/* Arguments: an optional Snowball language name.  An unknown one is
 * SQLITE_ERROR (FTS5 reports "error in tokenizer constructor"). */
static int ldx_tok_create(void *user, const char **argv, int argc,
                          Fts5Tokenizer **out)
{
	ldx_tokenizer_module *module = user;
	fts5_api *api = module->api;
	const char *parent_args[] = { "remove_diacritics", "2" };
	char lang[LDX_LANGUAGE_MAX];
	const char *want = argc > 0 ? argv[0] : LDX_DEFAULT_LANGUAGE;
	ldx_tokenizer *tok = NULL;
	void *parent_user = NULL;
	size_t i, len = strlen(want);
	int rc;

	*out = NULL;
	if (argc > 1 || len == 0 || len >= sizeof lang)
		return SQLITE_ERROR;
	/* Snowball names are lower case; accept "English" too */
	for (i = 0; i <= len; i++)
		lang[i] = (want[i] >= 'A' && want[i] <= 'Z') ? want[i] - 'A' + 'a' : want[i];

	tok = sqlite3_malloc(sizeof *tok);
	if (!tok)
		return SQLITE_NOMEM;
	memset(tok, 0, sizeof *tok);
	tok->module = module;
	memcpy(tok->language, lang, len + 1);
	tok->stemmer = sb_stemmer_new(lang, "UTF_8");
	if (!tok->stemmer) {
		rc = SQLITE_ERROR;
		goto out;
	}
	rc = api->xFindTokenizer(api, "unicode61", &parent_user, &tok->parent);
	if (rc != SQLITE_OK)
		goto out;
	rc = tok->parent.xCreate(parent_user, parent_args, 2, &tok->parent_inst);
out:
	if (rc != SQLITE_OK) {
		ldx_tok_delete((Fts5Tokenizer *)tok);
		return rc;
	}
	*out = (Fts5Tokenizer *)tok;
	return SQLITE_OK;
}

static int ldx_tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags,
                            const char *text, int ntext, token_cb emit)
{
	ldx_tokenizer *tok = (ldx_tokenizer *)p;
	const ldx_tokstreams *pre = tok->module->preload;
	tok_call call;
	int rc, i;

	if (pre && flags == FTS5_TOKENIZE_DOCUMENT &&
	    (i = ldx_tokstreams_find(pre, tok->language, text, ntext)) >= 0) {
		tok->module->replayed++;
		return ldx_tokstreams_replay(pre, i, emit, ctx);
	}
	call.tok = tok;
	call.ctx = ctx;
	call.emit = emit;
	call.text = text;
	call.query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	call.prefix = call.query && (flags & FTS5_TOKENIZE_PREFIX) != 0;
	call.aux = (flags & FTS5_TOKENIZE_AUX) != 0;
	if (!call.query && !call.aux && !tok->cache_tried) {
		tok->cache_tried = 1;
		tok->cache = calloc(STEM_CACHE_SLOTS, sizeof *tok->cache);  /* NULL: no cache */
	}
	call.prev_end = -1;
	call.pending = 0;
	rc = tok->parent.xTokenize(tok->parent_inst, &call, flags, text, ntext,
	                           on_parent_token);
	if (rc == SQLITE_OK)
		rc = flush_pending(&call, 0);
	return rc;
}

/* ---- Registration and ldx_tokenize ---------------------------------------- */

ldx_status ldx_fts5_api(sqlite3 *db, fts5_api **api, ldx_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*api = NULL;
	rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ldx_fail(err, LDX_ERR_DB, NULL, 0,
		                "sqlite has no fts5: %s", sqlite3_errmsg(db));
	sqlite3_bind_pointer(st, 1, api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!*api)
		return ldx_fail(err, LDX_ERR_DB, NULL, 0, "cannot get the fts5 api");
	return LDX_OK;
}

static void module_free(void *p)
{
	sqlite3_free(p);
}

ldx_status ldx_tokenizer_register(sqlite3 *db, ldx_error *err)
{
	fts5_tokenizer methods = { ldx_tok_create, ldx_tok_delete, ldx_tok_tokenize };
	ldx_tokenizer_module *module;
	fts5_api *api;
	ldx_status st;
	int rc;

	if (!db)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "no database connection");
	st = ldx_fts5_api(db, &api, err);
	if (st != LDX_OK)
		return st;
	if (!(module = sqlite3_malloc(sizeof *module)))
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	memset(module, 0, sizeof *module);
	/* the api pointer lives as long as the connection, and ldx_tok_create
	 * needs it to find unicode61 */
	module->api = api;
	rc = api->xCreateTokenizer(api, "litdex", module, &methods, module_free);
	if (rc != SQLITE_OK) {
		sqlite3_free(module);  /* FTS5 calls module_free only once registered */
		return ldx_fail(err, rc == SQLITE_NOMEM ? LDX_ERR_NOMEM : LDX_ERR_DB,
		                NULL, 0, "cannot register tokenizer 'litdex': %s",
		                sqlite3_errstr(rc));
	}
	return LDX_OK;
}

/* Creates an instance of db's litdex tokenizer for language; *m gets its
 * methods.  The caller frees it with m->xDelete. */
static ldx_status instance_new(sqlite3 *db, const char *language, fts5_tokenizer *m,
                               Fts5Tokenizer **inst, ldx_error *err)
{
	fts5_api *api;
	void *user = NULL;
	ldx_status st;
	int rc;

	*inst = NULL;
	if ((st = ldx_fts5_api(db, &api, err)) != LDX_OK)
		return st;
	if (api->xFindTokenizer(api, "litdex", &user, m) != SQLITE_OK)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0,
		                "tokenizer 'litdex' is not registered on this connection");
	rc = m->xCreate(user, &language, 1, inst);
	if (rc == SQLITE_NOMEM)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory creating tokenizer");
	if (rc != SQLITE_OK)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0,
		                "unknown stemming language '%s'", language);
	return LDX_OK;
}

static ldx_status tokenize_status(int rc, ldx_error *err)
{
	if (rc == SQLITE_OK || rc == SQLITE_DONE)
		return LDX_OK;
	if (rc == SQLITE_NOMEM)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory while tokenizing");
	return ldx_fail(err, LDX_ERR_DB, NULL, 0, "tokenizing failed: %s",
	                sqlite3_errstr(rc));
}

ldx_status ldx_tokenizer_module_get(sqlite3 *db, ldx_tokenizer_module **out,
                                    ldx_error *err)
{
	fts5_api *api;
	fts5_tokenizer m;
	void *user = NULL;
	ldx_status st;

	*out = NULL;
	if ((st = ldx_fts5_api(db, &api, err)) != LDX_OK)
		return st;
	/* the user data of a "litdex" found here is always a module: nothing
	 * else registers that name */
	if (api->xFindTokenizer(api, "litdex", &user, &m) != SQLITE_OK ||
	    m.xTokenize != ldx_tok_tokenize)
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0,
		                "tokenizer 'litdex' is not registered on this connection");
	*out = user;
	return LDX_OK;
}

void ldx_tokenizer_preload(ldx_tokenizer_module *module, const ldx_tokstreams *streams)
{
	module->preload = streams;
}

long ldx_tokenizer_replayed(const ldx_tokenizer_module *module)
{
	return module->replayed;
}

/* ---- A tokenizer of its own (ldx_doc_tokenizer) ------------------------- */

struct ldx_doc_tokenizer {
	sqlite3 *db;                  /* owned: in memory, the tokenizer registered */
	fts5_tokenizer m;
	Fts5Tokenizer *inst;          /* owned */
	char language[LDX_LANGUAGE_MAX];
};

ldx_status ldx_doc_tokenizer_open(const char *language, ldx_doc_tokenizer **out,
                                  ldx_error *err)
{
	ldx_doc_tokenizer *t = calloc(1, sizeof *t);
	ldx_status st = LDX_OK;

	*out = NULL;
	if (!t)
		return ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "out of memory");
	if (sqlite3_open_v2(":memory:", &t->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		st = ldx_fail(err, LDX_ERR_NOMEM, NULL, 0, "cannot open a tokenizer connection");
		goto out;
	}
	if ((st = ldx_tokenizer_register(t->db, err)) ||
	    (st = instance_new(t->db, language, &t->m, &t->inst, err)))
		goto out;
	/* the instance's own spelling of it, as ldx_tokstreams_find compares */
	memcpy(t->language, ((ldx_tokenizer *)t->inst)->language, sizeof t->language);
out:
	if (st != LDX_OK) {
		ldx_doc_tokenizer_close(t);
		return st;
	}
	*out = t;
	return LDX_OK;
}

const char *ldx_doc_tokenizer_language(const ldx_doc_tokenizer *t)
{
	return t->language;
}

ldx_status ldx_doc_tokenizer_run(ldx_doc_tokenizer *t, const char *text, int n,
                                 ldx_token_fn fn, void *ctx, ldx_error *err)
{
	return tokenize_status(t->m.xTokenize(t->inst, ctx, FTS5_TOKENIZE_DOCUMENT, text, n, fn),
	                       err);
}

void ldx_doc_tokenizer_close(ldx_doc_tokenizer *t)
{
	if (!t)
		return;
	if (t->inst)
		t->m.xDelete(t->inst);
	sqlite3_close(t->db);
	free(t);
}

/*
 * fn may return SQLITE_DONE to stop early; that is still LDX_OK.  Any
 * other code but SQLITE_OK stops too and is reported as a failure.
 * n < 0 means text is NUL-terminated.
 */
ldx_status ldx_tokenize(sqlite3 *db, const char *language, int query_mode,
                        const char *text, int n, ldx_token_fn fn, void *ctx,
                        ldx_error *err)
{
	fts5_tokenizer m;
	Fts5Tokenizer *inst = NULL;
	ldx_status st;
	int rc;

	if (!db || !fn || (!text && n != 0))
		return ldx_fail(err, LDX_ERR_USAGE, NULL, 0, "ldx_tokenize: bad arguments");
	if (n < 0)
		n = (int)strlen(text);
	st = instance_new(db, language ? language : LDX_DEFAULT_LANGUAGE, &m, &inst, err);
	if (st != LDX_OK)
		return st;
	rc = m.xTokenize(inst, ctx,
	                 query_mode ? FTS5_TOKENIZE_QUERY : FTS5_TOKENIZE_DOCUMENT,
	                 text ? text : "", n, fn);
	m.xDelete(inst);
	return tokenize_status(rc, err);
}

static int count_token(void *ctx, int tflags, const char *t, int n, int s, int e)
{
	if (!(tflags & FTS5_TOKEN_COLOCATED))
		(*(int *)ctx)++;
	return SQLITE_OK;
}

ldx_status ldx_count_tokens(sqlite3 *db, const char *language, int query_mode,
                            const char *text, int n, int *count, ldx_error *err)
{
	*count = 0;
	return ldx_tokenize(db, language, query_mode, text, n, count_token, count, err);
}
