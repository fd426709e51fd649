/*
 * bibtex.c: BibTeX entries, one per hit: @article, or @misc when the
 * paper has no journal.
 *
 * Citation keys are FirstAuthorYearTitleword ("Okafor2012Ketamine"),
 * folded to ASCII letters and digits: stable across runs, so a .bib made
 * today and one made next month cite the same paper the same way.  A key
 * already used in this output gets "a", "b", ... "z", "aa" ... appended.
 *
 * Fields: title (in double braces, so styles keep its capitals), author
 * ("Last, I. N." joined with " and "; a collective name in braces),
 * journal (the full title), shortjournal (biblatex's name for the ISO
 * abbreviation), year, doi, pmid, pmcid, abstract, keywords (", "),
 * language, mesh ("; ", since MeSH headings hold commas).  A list item
 * holding a comma or semicolon is braced so it is not split.
 *
 * Text is UTF-8 as stored, with the characters BibTeX or LaTeX treat
 * specially written as commands that litdex's own BibTeX reader (and
 * LaTeX) turn back into the same characters; see bib_text().
 * Identifiers are written as they are, since biblatex and the url/doi
 * packages read doi verbatim; a brace or backslash in a DOI (none exist
 * in practice) is percent-encoded, which keeps the entry's braces
 * balanced.
 */
#include <stdlib.h>
#include <string.h>

#include "output.h"

#define BIB_PART_MAX 32     /* bytes of the author or title part of a key */
#define BIB_BASE_MAX 80     /* author, year and title word */
#define BIB_KEY_MAX 128     /* room for a suffix or a number after the base */

/* ---- ASCII folding for keys --------------------------------------------- */

/* U+00C0 to U+017F (Latin-1 Supplement letters and Latin Extended-A) to
 * ASCII; generated from the Unicode decompositions, with the letters that
 * have none (Æ, ß, Ł, ...) spelled out by hand. */
static const char *const fold_latin[0x180 - 0xC0] = {
	"A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
	"D", "N", "O", "O", "O", "O", "O", "", "O", "U", "U", "U", "U", "Y", "Th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
	"A", "a", "A", "a", "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",
	"D", "d", "E", "e", "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",
	"G", "g", "G", "g", "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",
	"I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",
	"l", "L", "l", "N", "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o",
	"O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",
	"S", "s", "T", "t", "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",
	"U", "u", "U", "u", "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s",
};

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Writes into out (NUL-terminated) the ASCII spelling of the character at
 * s[*i] and advances *i past it: the character itself for an ASCII
 * letter or digit, the folded letters for a Latin letter in fold_latin,
 * else "" (a word boundary).  Returns the length written.
 */
static size_t fold_next(const char *s, size_t n, size_t *i, char out[3])
{
	unsigned char c = (unsigned char)s[(*i)++];
	const char *a = "";

	if (c < 0x80) {
		out[0] = is_alnum((char)c) ? (char)c : '\0';
		out[1] = '\0';
		return out[0] != '\0';
	}
	if (c >= 0xC3 && c <= 0xC5 && *i < n && ((unsigned char)s[*i] & 0xC0) == 0x80) {
		unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[(*i)++] & 0x3Fu);
		if (cp >= 0xC0 && cp < 0x180)
			a = fold_latin[cp - 0xC0];
	} else {
		/* Any other character: skip its continuation bytes. */
		while (*i < n && ((unsigned char)s[*i] & 0xC0) == 0x80)
			(*i)++;
	}
	strcpy(out, a);
	return strlen(a);
}

/* Appends the folded letters of s[0..n) to buf (cap bytes in all), all
 * words run together ("van der Berg" -> "vanderBerg"). */
static void fold_all(char *buf, size_t cap, const char *s, size_t n)
{
	size_t len = strlen(buf), i = 0;

	while (i < n) {
		char a[3];
		size_t k = fold_next(s, n, &i, a);
		for (size_t j = 0; j < k && len + 1 < cap; j++)
			buf[len++] = a[j];
	}
	buf[len] = '\0';
}

static int is_stop_word(const char *w)
{
	static const char *const stop[] = {
		"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with",
	};
	for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++) {
		const char *a = stop[i], *b = w;
		while (*a && (*b | 0x20) == *a)
			a++, b++;
		if (!*a && !*b)
			return 1;
	}
	return 0;
}

/* Appends the first word of the title that is not a stop word, folded,
 * with a capital first letter. */
static void title_word(char *buf, size_t cap, const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		char w[BIB_PART_MAX + 1], a[3];
		size_t wl = 0, k;

		/* A word is a run of characters that fold to something. */
		while (i < n && (k = fold_next(s, n, &i, a)) > 0)
			for (size_t j = 0; j < k; j++)
				if (wl < BIB_PART_MAX)
					w[wl++] = a[j];
		w[wl] = '\0';
		if (wl && !is_stop_word(w)) {
			size_t len = strlen(buf);
			if (w[0] >= 'a' && w[0] <= 'z')
				w[0] = (char)(w[0] - 'a' + 'A');
			snprintf(buf + len, cap - len, "%s", w);
			return;
		}
	}
}

/* ---- Keys used in this output ------------------------------------------- */

/* An open-addressing set of the keys written so far; for a base key,
 * next is the suffix number to try when it comes up again. */
typedef struct key_slot {
	char *key;
	unsigned next;
} key_slot;

typedef struct key_set {
	key_slot *slots;
	size_t cap, n;
} key_set;

static size_t key_hash(const char *s)
{
	size_t h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static key_slot *key_find(key_set *ks, const char *key)
{
	size_t i = key_hash(key) & (ks->cap - 1);

	while (ks->slots[i].key && strcmp(ks->slots[i].key, key) != 0)
		i = (i + 1) & (ks->cap - 1);
	return &ks->slots[i];
}

/* Adds key; returns 0, or -1 when out of memory. */
static int key_add(key_set *ks, const char *key)
{
	key_slot *slot;

	if ((ks->n + 1) * 2 > ks->cap) {
		key_set bigger = { NULL, ks->cap ? ks->cap * 2 : 64, ks->n };
		if (!(bigger.slots = calloc(bigger.cap, sizeof *bigger.slots)))
			return -1;
		for (size_t i = 0; i < ks->cap; i++)
			if (ks->slots[i].key)
				*key_find(&bigger, ks->slots[i].key) = ks->slots[i];
		free(ks->slots);
		*ks = bigger;
	}
	slot = key_find(ks, key);
	if (!(slot->key = strdup(key)))
		return -1;
	slot->next = 0;
	ks->n++;
	return 0;
}

static void key_set_free(key_set *ks)
{
	if (!ks)
		return;
	for (size_t i = 0; i < ks->cap; i++)
		free(ks->slots[i].key);
	free(ks->slots);
	free(ks);
}

/* Suffix k (0-based) as "a".."z", "aa".."az", ... */
static void suffix(char *out, unsigned k)
{
	char tmp[16];
	int n = 0;

	k++;
	while (k && n < 15) {
		k--;
		tmp[n++] = (char)('a' + k % 26);
		k /= 26;
	}
	while (n)
		*out++ = tmp[--n];
	*out = '\0';
}

/* The citation key of h, unique in this output, into key. */
static void make_key(out_ctx *o, const ldx_hit *h, char key[BIB_KEY_MAX])
{
	char base[BIB_BASE_MAX] = "";
	const char *first = h->authors, *sep = strstr(h->authors, "; ");
	size_t n = sep ? (size_t)(sep - first) : strlen(first), last, nini;
	const char *ini;
	key_set *ks = o->priv;

	if (out_author_split(first, n, &last, &ini, &nini))
		fold_all(base, BIB_PART_MAX, first, last);
	else
		/* A collective name: its first word, like a last name. */
		fold_all(base, BIB_PART_MAX, first, strcspn(first, " ;"));
	if (!*base)
		strcpy(base, "Anon");
	if (h->year)
		snprintf(base + strlen(base), BIB_BASE_MAX - strlen(base), "%d", h->year);
	title_word(base, BIB_BASE_MAX, h->title);

	snprintf(key, BIB_KEY_MAX, "%s", base);
	if (!ks) {
		/* No memory for the set: the running number keeps keys apart. */
		snprintf(key, BIB_KEY_MAX, "%s-%ld", base, o->n);
		return;
	}
	if (ks->cap) {
		key_slot *slot = key_find(ks, base);
		if (slot->key) {
			char suf[16];
			do {
				suffix(suf, slot->next++);
				snprintf(key, BIB_KEY_MAX, "%s%s", base, suf);
			} while (key_find(ks, key)->key);
		}
	}
	if (key_add(ks, key) != 0) {
		snprintf(key, BIB_KEY_MAX, "%s-%ld", base, o->n);
		key_set_free(ks);
		o->priv = NULL;
	}
}

/* ---- Values --------------------------------------------------------------- */

/*
 * Writes s[0..n) as BibTeX field text.  Braces and backslashes become
 * \textbraceleft{} and the like, so braces in the value stay balanced;
 * % & $ # _ get a backslash; ~ and ^ become \textasciitilde{} and
 * \textasciicircum{}; "--", "``" and "''" are split by {} so they are not
 * read as dashes and quotes.  Markers go, tabs and newlines become spaces.
 */
static void bib_text(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		switch (c) {
		case '\\': fputs("\\textbackslash{}", f); break;
		case '{': fputs("\\textbraceleft{}", f); break;
		case '}': fputs("\\textbraceright{}", f); break;
		case '~': fputs("\\textasciitilde{}", f); break;
		case '^': fputs("\\textasciicircum{}", f); break;
		case '%': case '&': case '$': case '#': case '_':
			fputc('\\', f);
			fputc(c, f);
			break;
		case '-': case '`': case '\'':
			fputc(c, f);
			if (i + 1 < n && s[i + 1] == c)
				fputs("{}", f);
			break;
		case '\t': case '\n': case '\r':
			fputc(' ', f);
			break;
		default:
			if (c != LDX_MARK_BEGIN[0] && c != LDX_MARK_END[0])
				fputc(c, f);
		}
	}
}

static void bib_field(FILE *f, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	fprintf(f, ",\n  %s = {", name);
	bib_text(f, value, strlen(value));
	fputc('}', f);
}

/* An identifier, as written; see the header comment. */
static void bib_ident(FILE *f, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	fprintf(f, ",\n  %s = {", name);
	for (; *value; value++) {
		unsigned char c = (unsigned char)*value;
		if (c == '{' || c == '}' || c == '\\' || c < 0x20)
			fprintf(f, "%%%02X", c);
		else if (c != LDX_MARK_BEGIN[0] && c != LDX_MARK_END[0])
			fputc(c, f);
	}
	fputc('}', f);
}

/* True when s[0..n) holds the word "and", which BibTeX would split on. */
static int has_and(const char *s, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if ((i == 0 || s[i - 1] == ' ') && (s[i] | 0x20) == 'a' && (s[i + 1] | 0x20) == 'n' &&
		    (s[i + 2] | 0x20) == 'd' && (i + 3 == n || s[i + 3] == ' '))
			return 1;
	return 0;
}

static void bib_author(const char *s, size_t n, size_t i, void *ctx)
{
	FILE *f = ctx;
	const char *ini;
	size_t last, nini;

	if (i)
		fputs(" and ", f);
	if (!out_author_split(s, n, &last, &ini, &nini)) {
		fputc('{', f);
		bib_text(f, s, n);
		fputc('}', f);
		return;
	}
	if (has_and(s, last)) {
		fputc('{', f);
		bib_text(f, s, last);
		fputc('}', f);
	} else {
		bib_text(f, s, last);
	}
	fputs(", ", f);
	out_initials(f, ini, nini, " ");
}

typedef struct bib_list {
	FILE *f;
	const char *sep;
} bib_list;

/* One item of keywords or mesh; an item holding a comma or semicolon is
 * braced so that readers (litdex's, JabRef's) do not split it. */
static void bib_item(const char *s, size_t n, size_t i, void *ctx)
{
	bib_list *l = ctx;
	int brace = memchr(s, ',', n) || memchr(s, ';', n);

	if (i)
		fputs(l->sep, l->f);
	if (brace)
		fputc('{', l->f);
	bib_text(l->f, s, n);
	if (brace)
		fputc('}', l->f);
}

static void bib_list_field(FILE *f, const char *name, const char *list, const char *sep)
{
	bib_list l = { f, sep };

	if (!*list)
		return;
	fprintf(f, ",\n  %s = {", name);
	out_each_item(list, bib_item, &l);
	fputc('}', f);
}

/* ---- The format ----------------------------------------------------------- */

static void bibtex_begin(out_ctx *o)
{
	/* NULL when out of memory: make_key() then numbers the keys. */
	o->priv = calloc(1, sizeof(key_set));
}

static void bibtex_hit(out_ctx *o, const ldx_hit *h)
{
	FILE *f = o->f;
	char key[BIB_KEY_MAX];
	const char *journal = *h->journal ? h->journal : h->journal_abbrev;

	make_key(o, h, key);
	if (o->n++)
		fputc('\n', f);
	fprintf(f, "@%s{%s", *journal ? "article" : "misc", key);
	if (*h->title) {
		fputs(",\n  title = {{", f);
		bib_text(f, h->title, strlen(h->title));
		fputs("}}", f);
	}
	if (*h->authors) {
		fputs(",\n  author = {", f);
		out_each_item(h->authors, bib_author, f);
		fputc('}', f);
	}
	bib_field(f, "journal", journal);
	bib_field(f, "shortjournal", h->journal_abbrev);
	if (h->year)
		fprintf(f, ",\n  year = {%d}", h->year);
	bib_ident(f, "doi", h->doi);
	bib_ident(f, "pmid", h->pmid);
	bib_ident(f, "pmcid", h->pmcid);
	bib_field(f, "abstract", h->abstract);
	bib_list_field(f, "keywords", h->keywords, ", ");
	bib_field(f, "language", h->language);
	bib_list_field(f, "mesh", h->mesh, "; ");
	fputs("\n}\n", f);
}

static void bibtex_end(out_ctx *o, long hits)
{
	key_set_free(o->priv);
	o->priv = NULL;
}

const out_format out_bibtex = { "bibtex", bibtex_begin, bibtex_hit, NULL, bibtex_end, 0 };
