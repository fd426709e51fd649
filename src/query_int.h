/*
 * query_int.h: the inside of the query translator, shared by its files
 * and by nothing else (the public interface is query.h).  One section per
 * file says what that file exports:
 *
 *   query.c          the vocabulary (columns, field prefixes, tags,
 *                    languages), error helpers and the entry points
 *   query_lex.c      the lexer and its lookahead queue
 *   query_parse.c    the parser: text to AST
 *   query_emit.c     simplifier, relaxer, FTS5 stack check, emitter, and
 *                    the bounded output buffer the emitter and explainer
 *                    write to
 *   query_explain.c  the explanation lines and the term list
 *
 * Every node belongs to the parser (struct parser.nodes) and is freed by
 * query_parser_release(); nothing else frees a node.
 */
#ifndef LDX_QUERY_INT_H
#define LDX_QUERY_INT_H

#include <stddef.h>

#include "litdex.h"
#include "query.h"

/* ---- Limits ---------------------------------------------------------- */

/* Input limit: keeps output and work bounded for hostile input. */
#define QUERY_MAX_BYTES (64 * 1024)
/* Output limits; a buffer that grows from user input always gets a hard
 * maximum.  Year ranges can reach the FTS5 one from 64 KB of input, and
 * are refused with a message when they do. */
#define FTS_MAX_BYTES (1024 * 1024)
#define EXPLAIN_MAX_BYTES (4 * 1024 * 1024)
/* Parentheses and field prefixes, counted together: bounds recursion. */
#define QUERY_MAX_DEPTH 100
/* Entries of FTS5's parser stack (YYSTACKDEPTH is 100) that an emitted
 * expression may use, with room for the entries the model leaves out. */
#define FTS5_STACK_BUDGET 90
/* NEAR distances: FTS5's default, and the largest we accept. */
#define NEAR_DEFAULT 10
#define NEAR_MAX 1000
/* A [dp] range becomes one string per year, so its length is bounded. */
#define YEARS_MAX 300
/* Characters a wildcard needs before it, as PubMed asks: FTS5 reads the
 * list of every term a prefix covers, and "c*" covers a tenth of them
 * (27 s at 1,000,000 papers; "comp*" 1.6 s). */
#define PREFIX_MIN_CHARS 4
/* "did you mean" needs a handful; the cap keeps deduplication cheap. */
#define TERMS_MAX 256

/* ---- Interface to code in query.c: the vocabulary ---------------------- */

/* What a field prefix or tag limits a term to.  Options are data: a new
 * field is one line here and one in query_fields[] or query_tags[]. */
enum {
	TG_NONE = -1,  /* no column limit */
	TG_TITLE, TG_ABSTRACT, TG_TIAB, TG_KEYWORDS, TG_MESH, TG_AUTHORS, TG_VENUE,
	TG_PUBTYPES, TG_YEAR, TG_LANGUAGE, TG_IDS
};

struct query_target {
	const char *columns;   /* FTS5 columns, space-separated */
	const char *label;     /* how explain names it */
	int filter;            /* stays required in the any variant */
};
/* Indexed by TG_*. */
extern const struct query_target query_targets[];

/* Field prefixes ("title:") the user may write. */
struct query_field {
	const char *name;
	int target;
};
extern const struct query_field query_fields[];
extern const int query_nfields;

#define TAG_LAST_WORD 1   /* values never have spaces: the tag takes one word */
#define TAG_DATE 2        /* the term is a date or a range of dates */
#define TAG_NOEXP 4       /* accepts PubMed's ":noexp" (we never explode MeSH) */

/* PubMed field tags ("[ti]"); names are lower case, one space between words. */
struct query_tag {
	const char *name;
	int target;
	unsigned flags;
};
extern const struct query_tag query_tags[];
extern const int query_ntags;

/* Ways a language is written, up to 5, the rest NULL: a [la] term naming
 * one finds them all. */
#define LANGUAGE_NAMES 5
extern const char *const query_languages[][LANGUAGE_NAMES];
extern const int query_nlanguages;

/* ---- The token, the AST and the parser state --------------------------- */

enum tok_kind {
	T_END, T_WORD, T_PHRASE, T_FIELD, T_TAG, T_NEAR, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT
};

struct token {
	enum tok_kind kind;
	size_t off;        /* where the token starts (a phrase's quote, a tag's '[') */
	size_t text, len;  /* T_WORD, T_PHRASE: the text; T_FIELD: "name:"; T_TAG:
	                    * inside the brackets, trimmed; T_NEAR: inside NEAR( ) */
	int prefix;        /* T_WORD ended in '*' (not part of text) */
	int index;         /* T_FIELD: into query_fields[]; T_TAG: into query_tags[] */
	int dist;          /* T_PHRASE "~N", T_TAG ":~N": the distance, else -1 */
	int plain;         /* T_WORD: known to be a term of its own, not part of
	                    * a tagged run (set by parse_run) */
};

/*
 * The AST.  N_NOT appears only as a child of N_AND ("a NOT b" is AND(a,
 * NOT b)), which keeps "a NOT b NOT c ..." flat instead of left-deep.
 * N_NEAR has N_TERM kids only.  A language tag makes an N_FIELD over an
 * N_OR of the language's spellings (N_TERMs with lit set).
 */
enum node_kind { N_TERM, N_AND, N_OR, N_NOT, N_FIELD, N_NEAR, N_YEARS };

struct node {
	enum node_kind kind;
	size_t off;        /* first byte in the query; N_NOT: its operator */
	size_t text, len;  /* N_TERM: the word or phrase text in the query;
	                    * N_FIELD of a language: the language as typed */
	const char *lit;   /* N_TERM: static text to search instead, or NULL */
	int prefix;        /* N_TERM: prefix search */
	int field;         /* N_TERM, N_FIELD, N_NEAR: a target, or TG_NONE */
	int dist;          /* N_NEAR: the distance */
	int y1, y2;        /* N_YEARS: first and last year */
	int dated;         /* N_YEARS: months or days were given */
	int lang;          /* N_FIELD: index into query_languages[], or -1 */
	struct node **kids;
	size_t nkids, cap;
};

struct parser {
	const char *q;
	size_t len;
	size_t pos;                /* lexer position */
	struct token *queue;       /* lookahead: queue[head..count) */
	size_t head, count, qcap;
	int field;                 /* enclosing field prefix (a target), or -1 */
	size_t field_off;
	int after_prefix;          /* the next term is the one a prefix names */
	const ldx_query_tokenizer *tok;
	int drop_stop;             /* the any variant: tok->stop words go */
	int keep_stop;             /* inside a field, NEAR or NOT: they stay */
	ldx_error *err;
	struct node **nodes;       /* every node made, freed together */
	size_t nnodes, capnodes;
	struct node **dropped;     /* terms the simplifier dropped, for explain */
	size_t ndropped, capdropped;
};


/* ---- Characters and positions (every file) ------------------------------ */

static inline int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* 1-based character position of byte offset off; q is valid UTF-8. */
static inline int char_pos(const char *q, size_t off)
{
	int n = 1;

	for (size_t i = 0; i < off; i++)
		if (((unsigned char)q[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Fails with "<what> at position N" (LDX_ERR_QUERY). */
ldx_status query_fail_at(struct parser *p, size_t off, const char *what);
/* Fails with LDX_ERR_NOMEM. */
ldx_status query_nomem(struct parser *p);

/* ---- Interface to code in query_lex.c ------------------------------------ */

/* The index into query_fields[] of the prefix name s[0..n) (any case), or -1. */
int query_field_lookup(const char *s, size_t n);
/* "AND", "OR" or "NOT" (upper case only). */
int query_is_operator(const char *s, size_t n);
/* Reads the digits at q[*k..end); returns their value, capped at
 * NEAR_MAX + 1, or -1 when there are none.  *k moves past them. */
int query_read_number(const char *q, size_t end, size_t *k);
/* Errors about '*', '~' and a too large distance at byte off. */
ldx_status query_star_error(struct parser *p, size_t off);
ldx_status query_tilde_error(struct parser *p, size_t off);
ldx_status query_distance_error(struct parser *p, size_t off);

/* The k-th token of lookahead (0 is the next); lexes as far as needed.
 * The pointer is valid until the next peek. */
ldx_status query_peek_at(struct parser *p, size_t k, struct token **t);
ldx_status query_peek(struct parser *p, const struct token **t);
/* Drops the next token; only after a peek. */
void query_consume(struct parser *p);

/* ---- Interface to code in query_parse.c ---------------------------------- */

/* A new node owned by p, or NULL when out of memory. */
struct node *query_node_new(struct parser *p, enum node_kind kind, size_t off);
/* Appends kid to n's kids; -1 when out of memory. */
int query_node_add(struct node *n, struct node *kid);
/* Frees every node, the token queue and the dropped list. */
void query_parser_release(struct parser *p);
/* or_expr at depth (parentheses and prefixes around it). */
ldx_status query_parse_or(struct parser *p, int depth, struct node **out);

/* ---- Interface to code in query_emit.c ----------------------------------- */

/* A growing string with a hard maximum; appends do nothing once rc is set
 * (LDX_ERR_QUERY: the maximum was reached; LDX_ERR_NOMEM). */
struct out {
	char *s;
	size_t len, cap, max;
	ldx_status rc;
};

void query_out_add(struct out *o, const char *s, size_t n);
void query_out_str(struct out *o, const char *s);
/* Only for numbers and short labels: the result is cut at 63 bytes. */
void query_out_fmt(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Drops words without index tokens, flattens nested AND/OR and folds
 * fields; *out is NULL when nothing searchable is left. */
ldx_status query_simplify(struct parser *p, struct node *n, struct node **out);
/* The any variant: top-level ANDed terms become one OR group. */
ldx_status query_relax(struct parser *p, struct node *root);
/* Refuses a tree FTS5's parser stack could not hold. */
ldx_status query_stack_check(struct parser *p, const struct node *n, int base);
/* Writes n as an FTS5 expression to o. */
void query_emit(struct parser *p, struct out *o, const struct node *n);

/* ---- Interface to code in query_explain.c -------------------------------- */

/* The words collected for suggestions. */
struct terms {
	char **v;
	size_t n, cap;
};

/* User text on an explain line, control characters as spaces. */
void query_out_text(struct out *o, const char *s, size_t n);
/* The explanation lines of n (see ldx_query_explain), indented by depth;
 * neg: n is excluded; field: the field of an enclosing group. */
ldx_status query_explain(struct parser *p, struct out *o, const struct node *n, int depth,
                         int neg, int field);
/* Adds the suggestion words of n to t (see ldx_query_terms). */
ldx_status query_collect_terms(struct parser *p, const struct node *n, struct terms *t);

#endif
