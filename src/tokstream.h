/*
 * tokstream.h: recorded token streams.  A tokenizer's document-mode output
 * for a few texts (one record's full-text columns), kept compactly so that
 * it can be made on the reader thread and replayed later, on the writer,
 * exactly as the tokenizer emitted it: the same token bytes, offsets and
 * colocated flags, in the same order.
 *
 *     ldx_tokstreams_init(&s);
 *     ldx_tokstreams_begin(&s, text, n, NULL);
 *     tokenize(text, n, ldx_tokstreams_token, &s);     (any tokenizer)
 *     ldx_tokstreams_end(&s, ok);
 *     ...
 *     i = ldx_tokstreams_find(&s, language, text, n);
 *     if (i >= 0) rc = ldx_tokstreams_replay(&s, i, emit, ctx);
 *     ldx_tokstreams_clear(&s);
 *
 * The streams know nothing of which tokenizer made them, except the
 * language the maker writes into .language; the replaying side checks it
 * (tokenizer.c).  A stream is found by its text, compared byte for byte.
 *
 * Ownership: the streams borrow each text given to ldx_tokstreams_begin,
 * which must outlive them, unless it comes as owned (malloc'ed): then the
 * streams free it.  Everything else is theirs, freed by
 * ldx_tokstreams_clear.
 */
#ifndef LDX_TOKSTREAM_H
#define LDX_TOKSTREAM_H

#include <stddef.h>

#define LDX_TOKSTREAMS_MAX 8            /* texts in one set */
/* Encoded tokens of one set, at most.  A stream that would pass it is
 * dropped, and its text is tokenized again where it is used: pathological
 * text ("a1a1a1...") makes several bytes of stream per byte of text. */
#define LDX_TOKSTREAMS_BYTES (4 * 1024 * 1024)

/* Same as FTS5's xToken and ldx_token_fn. */
typedef int (*ldx_tokstream_fn)(void *ctx, int tflags, const char *token, int ntoken,
                                int start, int end);

typedef struct ldx_tokstream {
	const char *text;               /* borrowed, or owned (below) */
	char *owned;                    /* text, when the streams free it */
	int ntext;
	size_t begin, end;              /* its tokens: buf[begin, end) */
} ldx_tokstream;

typedef struct ldx_tokstreams {
	char language[32];              /* of the tokenizer that made them, or "" */
	int n;                          /* finished streams */
	int open;                       /* a stream is being recorded: streams[n] */
	int failed;                     /* the open stream lost a token */
	int prev_start;                 /* the open stream's last token start */
	ldx_tokstream streams[LDX_TOKSTREAMS_MAX];
	unsigned char *buf;
	size_t len, cap;
} ldx_tokstreams;

void ldx_tokstreams_init(ldx_tokstreams *s);

/* Frees everything and leaves an empty set (the language too). */
void ldx_tokstreams_clear(ldx_tokstreams *s);

/* Starts recording the stream of text[0..n).  owned is text itself when
 * the streams are to free it, else NULL.  Returns 0, and frees owned,
 * when the set is full or a stream is already open. */
int ldx_tokstreams_begin(ldx_tokstreams *s, const char *text, int n, char *owned);

/* The ldx_tokstream_fn that records a token into the open stream (ctx is
 * the ldx_tokstreams).  Returns SQLITE_OK, or SQLITE_NOMEM (out of memory
 * or past LDX_TOKSTREAMS_BYTES): the stream is then lost. */
int ldx_tokstreams_token(void *ctx, int tflags, const char *token, int ntoken, int start,
                         int end);

/* Finishes the open stream; it is kept only if keep is true and no token
 * was lost.  A stream not kept gives its bytes back (and its owned text). */
void ldx_tokstreams_end(ldx_tokstreams *s, int keep);

/* The stream made from text[0..n) exactly, by a tokenizer for language,
 * or -1. */
int ldx_tokstreams_find(const ldx_tokstreams *s, const char *language, const char *text,
                        int n);

/* Calls fn for each token of stream i, as the tokenizer did; stops at the
 * first return other than SQLITE_OK and returns it. */
int ldx_tokstreams_replay(const ldx_tokstreams *s, int i, ldx_tokstream_fn fn, void *ctx);

/* Heap bytes the set holds (its buffer and owned texts), for memory
 * bounds. */
size_t ldx_tokstreams_bytes(const ldx_tokstreams *s);

#endif
