/*
 * latex.c: LaTeX text to plain UTF-8 (see latex.h).
 *
 * Owns the tables of TeX accents, special letters, symbols and Greek
 * letters, and the one-pass converter that applies them.  The converter
 * works on bytes and keeps no state beyond math mode: a value is short
 * and self-contained, so an unbalanced brace or a stray '$' only affects
 * that value.
 *
 * Control words eat the spaces after them, as in TeX ("D\textquotesingle
 * aspremont" is "D'aspremont").  Accents that have no precomposed
 * character fall back to the base letter and a combining mark.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/latex.h"

/* Longest control word looked up; longer ones are unknown by definition. */
#define NAME_MAX_LEN 32

/* ---- Output ------------------------------------------------------------ */

typedef struct obuf {
	char *p;
	size_t n, cap;
	int oom;
} obuf;

static void put(obuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->n + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void put_str(obuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void put_char(obuf *b, char c)
{
	put(b, &c, 1);
}

static void put_cp(obuf *b, uint32_t c)
{
	char e[4];
	size_t k;

	if (c < 0x80) {
		e[0] = (char)c;
		k = 1;
	} else if (c < 0x800) {
		e[0] = (char)(0xC0 | (c >> 6));
		e[1] = (char)(0x80 | (c & 0x3F));
		k = 2;
	} else if (c < 0x10000) {
		e[0] = (char)(0xE0 | (c >> 12));
		e[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		e[2] = (char)(0x80 | (c & 0x3F));
		k = 3;
	} else {
		e[0] = (char)(0xF0 | (c >> 18));
		e[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		e[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		e[3] = (char)(0x80 | (c & 0x3F));
		k = 4;
	}
	put(b, e, k);
}

/* ---- Tables ------------------------------------------------------------ */

/* Accent command and base letter to the precomposed character, for every
 * pair Unicode composes (generated from the NFC composition data). */
static const struct composed {
	char accent, base;
	uint16_t cp;
} composed[] = {
	{'\"', 'a', 0x00E4}, {'\"', 'e', 0x00EB}, {'\"', 'h', 0x1E27}, {'\"', 'i', 0x00EF}, {'\"', 'o', 0x00F6},
	{'\"', 't', 0x1E97}, {'\"', 'u', 0x00FC}, {'\"', 'w', 0x1E85}, {'\"', 'x', 0x1E8D}, {'\"', 'y', 0x00FF},
	{'\"', 'A', 0x00C4}, {'\"', 'E', 0x00CB}, {'\"', 'H', 0x1E26}, {'\"', 'I', 0x00CF}, {'\"', 'O', 0x00D6},
	{'\"', 'U', 0x00DC}, {'\"', 'W', 0x1E84}, {'\"', 'X', 0x1E8C}, {'\"', 'Y', 0x0178}, {'\'', 'a', 0x00E1},
	{'\'', 'c', 0x0107}, {'\'', 'e', 0x00E9}, {'\'', 'g', 0x01F5}, {'\'', 'i', 0x00ED}, {'\'', 'k', 0x1E31},
	{'\'', 'l', 0x013A}, {'\'', 'm', 0x1E3F}, {'\'', 'n', 0x0144}, {'\'', 'o', 0x00F3}, {'\'', 'p', 0x1E55},
	{'\'', 'r', 0x0155}, {'\'', 's', 0x015B}, {'\'', 'u', 0x00FA}, {'\'', 'w', 0x1E83}, {'\'', 'y', 0x00FD},
	{'\'', 'z', 0x017A}, {'\'', 'A', 0x00C1}, {'\'', 'C', 0x0106}, {'\'', 'E', 0x00C9}, {'\'', 'G', 0x01F4},
	{'\'', 'I', 0x00CD}, {'\'', 'K', 0x1E30}, {'\'', 'L', 0x0139}, {'\'', 'M', 0x1E3E}, {'\'', 'N', 0x0143},
	{'\'', 'O', 0x00D3}, {'\'', 'P', 0x1E54}, {'\'', 'R', 0x0154}, {'\'', 'S', 0x015A}, {'\'', 'U', 0x00DA},
	{'\'', 'W', 0x1E82}, {'\'', 'Y', 0x00DD}, {'\'', 'Z', 0x0179}, {'`', 'a', 0x00E0}, {'`', 'e', 0x00E8},
	{'`', 'i', 0x00EC}, {'`', 'n', 0x01F9}, {'`', 'o', 0x00F2}, {'`', 'u', 0x00F9}, {'`', 'w', 0x1E81},
	{'`', 'y', 0x1EF3}, {'`', 'A', 0x00C0}, {'`', 'E', 0x00C8}, {'`', 'I', 0x00CC}, {'`', 'N', 0x01F8},
	{'`', 'O', 0x00D2}, {'`', 'U', 0x00D9}, {'`', 'W', 0x1E80}, {'`', 'Y', 0x1EF2}, {'^', 'a', 0x00E2},
	{'^', 'c', 0x0109}, {'^', 'e', 0x00EA}, {'^', 'g', 0x011D}, {'^', 'h', 0x0125}, {'^', 'i', 0x00EE},
	{'^', 'j', 0x0135}, {'^', 'o', 0x00F4}, {'^', 's', 0x015D}, {'^', 'u', 0x00FB}, {'^', 'w', 0x0175},
	{'^', 'y', 0x0177}, {'^', 'z', 0x1E91}, {'^', 'A', 0x00C2}, {'^', 'C', 0x0108}, {'^', 'E', 0x00CA},
	{'^', 'G', 0x011C}, {'^', 'H', 0x0124}, {'^', 'I', 0x00CE}, {'^', 'J', 0x0134}, {'^', 'O', 0x00D4},
	{'^', 'S', 0x015C}, {'^', 'U', 0x00DB}, {'^', 'W', 0x0174}, {'^', 'Y', 0x0176}, {'^', 'Z', 0x1E90},
	{'~', 'a', 0x00E3}, {'~', 'e', 0x1EBD}, {'~', 'i', 0x0129}, {'~', 'n', 0x00F1}, {'~', 'o', 0x00F5},
	{'~', 'u', 0x0169}, {'~', 'v', 0x1E7D}, {'~', 'y', 0x1EF9}, {'~', 'A', 0x00C3}, {'~', 'E', 0x1EBC},
	{'~', 'I', 0x0128}, {'~', 'N', 0x00D1}, {'~', 'O', 0x00D5}, {'~', 'U', 0x0168}, {'~', 'V', 0x1E7C},
	{'~', 'Y', 0x1EF8}, {'=', 'a', 0x0101}, {'=', 'e', 0x0113}, {'=', 'g', 0x1E21}, {'=', 'i', 0x012B},
	{'=', 'o', 0x014D}, {'=', 'u', 0x016B}, {'=', 'y', 0x0233}, {'=', 'A', 0x0100}, {'=', 'E', 0x0112},
	{'=', 'G', 0x1E20}, {'=', 'I', 0x012A}, {'=', 'O', 0x014C}, {'=', 'U', 0x016A}, {'=', 'Y', 0x0232},
	{'.', 'a', 0x0227}, {'.', 'b', 0x1E03}, {'.', 'c', 0x010B}, {'.', 'd', 0x1E0B}, {'.', 'e', 0x0117},
	{'.', 'f', 0x1E1F}, {'.', 'g', 0x0121}, {'.', 'h', 0x1E23}, {'.', 'm', 0x1E41}, {'.', 'n', 0x1E45},
	{'.', 'o', 0x022F}, {'.', 'p', 0x1E57}, {'.', 'r', 0x1E59}, {'.', 's', 0x1E61}, {'.', 't', 0x1E6B},
	{'.', 'w', 0x1E87}, {'.', 'x', 0x1E8B}, {'.', 'y', 0x1E8F}, {'.', 'z', 0x017C}, {'.', 'A', 0x0226},
	{'.', 'B', 0x1E02}, {'.', 'C', 0x010A}, {'.', 'D', 0x1E0A}, {'.', 'E', 0x0116}, {'.', 'F', 0x1E1E},
	{'.', 'G', 0x0120}, {'.', 'H', 0x1E22}, {'.', 'I', 0x0130}, {'.', 'M', 0x1E40}, {'.', 'N', 0x1E44},
	{'.', 'O', 0x022E}, {'.', 'P', 0x1E56}, {'.', 'R', 0x1E58}, {'.', 'S', 0x1E60}, {'.', 'T', 0x1E6A},
	{'.', 'W', 0x1E86}, {'.', 'X', 0x1E8A}, {'.', 'Y', 0x1E8E}, {'.', 'Z', 0x017B}, {'u', 'a', 0x0103},
	{'u', 'e', 0x0115}, {'u', 'g', 0x011F}, {'u', 'i', 0x012D}, {'u', 'o', 0x014F}, {'u', 'u', 0x016D},
	{'u', 'A', 0x0102}, {'u', 'E', 0x0114}, {'u', 'G', 0x011E}, {'u', 'I', 0x012C}, {'u', 'O', 0x014E},
	{'u', 'U', 0x016C}, {'v', 'a', 0x01CE}, {'v', 'c', 0x010D}, {'v', 'd', 0x010F}, {'v', 'e', 0x011B},
	{'v', 'g', 0x01E7}, {'v', 'h', 0x021F}, {'v', 'i', 0x01D0}, {'v', 'j', 0x01F0}, {'v', 'k', 0x01E9},
	{'v', 'l', 0x013E}, {'v', 'n', 0x0148}, {'v', 'o', 0x01D2}, {'v', 'r', 0x0159}, {'v', 's', 0x0161},
	{'v', 't', 0x0165}, {'v', 'u', 0x01D4}, {'v', 'z', 0x017E}, {'v', 'A', 0x01CD}, {'v', 'C', 0x010C},
	{'v', 'D', 0x010E}, {'v', 'E', 0x011A}, {'v', 'G', 0x01E6}, {'v', 'H', 0x021E}, {'v', 'I', 0x01CF},
	{'v', 'K', 0x01E8}, {'v', 'L', 0x013D}, {'v', 'N', 0x0147}, {'v', 'O', 0x01D1}, {'v', 'R', 0x0158},
	{'v', 'S', 0x0160}, {'v', 'T', 0x0164}, {'v', 'U', 0x01D3}, {'v', 'Z', 0x017D}, {'H', 'o', 0x0151},
	{'H', 'u', 0x0171}, {'H', 'O', 0x0150}, {'H', 'U', 0x0170}, {'c', 'c', 0x00E7}, {'c', 'd', 0x1E11},
	{'c', 'e', 0x0229}, {'c', 'g', 0x0123}, {'c', 'h', 0x1E29}, {'c', 'k', 0x0137}, {'c', 'l', 0x013C},
	{'c', 'n', 0x0146}, {'c', 'r', 0x0157}, {'c', 's', 0x015F}, {'c', 't', 0x0163}, {'c', 'C', 0x00C7},
	{'c', 'D', 0x1E10}, {'c', 'E', 0x0228}, {'c', 'G', 0x0122}, {'c', 'H', 0x1E28}, {'c', 'K', 0x0136},
	{'c', 'L', 0x013B}, {'c', 'N', 0x0145}, {'c', 'R', 0x0156}, {'c', 'S', 0x015E}, {'c', 'T', 0x0162},
	{'k', 'a', 0x0105}, {'k', 'e', 0x0119}, {'k', 'i', 0x012F}, {'k', 'o', 0x01EB}, {'k', 'u', 0x0173},
	{'k', 'A', 0x0104}, {'k', 'E', 0x0118}, {'k', 'I', 0x012E}, {'k', 'O', 0x01EA}, {'k', 'U', 0x0172},
	{'r', 'a', 0x00E5}, {'r', 'u', 0x016F}, {'r', 'w', 0x1E98}, {'r', 'y', 0x1E99}, {'r', 'A', 0x00C5},
	{'r', 'U', 0x016E}, {'d', 'a', 0x1EA1}, {'d', 'b', 0x1E05}, {'d', 'd', 0x1E0D}, {'d', 'e', 0x1EB9},
	{'d', 'h', 0x1E25}, {'d', 'i', 0x1ECB}, {'d', 'k', 0x1E33}, {'d', 'l', 0x1E37}, {'d', 'm', 0x1E43},
	{'d', 'n', 0x1E47}, {'d', 'o', 0x1ECD}, {'d', 'r', 0x1E5B}, {'d', 's', 0x1E63}, {'d', 't', 0x1E6D},
	{'d', 'u', 0x1EE5}, {'d', 'v', 0x1E7F}, {'d', 'w', 0x1E89}, {'d', 'y', 0x1EF5}, {'d', 'z', 0x1E93},
	{'d', 'A', 0x1EA0}, {'d', 'B', 0x1E04}, {'d', 'D', 0x1E0C}, {'d', 'E', 0x1EB8}, {'d', 'H', 0x1E24},
	{'d', 'I', 0x1ECA}, {'d', 'K', 0x1E32}, {'d', 'L', 0x1E36}, {'d', 'M', 0x1E42}, {'d', 'N', 0x1E46},
	{'d', 'O', 0x1ECC}, {'d', 'R', 0x1E5A}, {'d', 'S', 0x1E62}, {'d', 'T', 0x1E6C}, {'d', 'U', 0x1EE4},
	{'d', 'V', 0x1E7E}, {'d', 'W', 0x1E88}, {'d', 'Y', 0x1EF4}, {'d', 'Z', 0x1E92}, {'b', 'b', 0x1E07},
	{'b', 'd', 0x1E0F}, {'b', 'h', 0x1E96}, {'b', 'k', 0x1E35}, {'b', 'l', 0x1E3B}, {'b', 'n', 0x1E49},
	{'b', 'r', 0x1E5F}, {'b', 't', 0x1E6F}, {'b', 'z', 0x1E95}, {'b', 'B', 0x1E06}, {'b', 'D', 0x1E0E},
	{'b', 'K', 0x1E34}, {'b', 'L', 0x1E3A}, {'b', 'N', 0x1E48}, {'b', 'R', 0x1E5E}, {'b', 'T', 0x1E6E},
	{'b', 'Z', 0x1E94},
};

/* The combining mark of each accent command, for pairs with no
 * precomposed character. */
static const struct mark {
	char accent;
	uint16_t cp;
} marks[] = {
	{'"', 0x0308}, {'\'', 0x0301}, {'`', 0x0300}, {'^', 0x0302}, {'~', 0x0303},
	{'=', 0x0304}, {'.', 0x0307}, {'u', 0x0306}, {'v', 0x030C}, {'H', 0x030B},
	{'c', 0x0327}, {'k', 0x0328}, {'r', 0x030A}, {'d', 0x0323}, {'b', 0x0331},
};

/*
 * Control words that stand for text.  Greek letters map to the plain
 * letter whatever the variant (\phi and \varphi are both U+03C6), since
 * a search for "φ" should find either.
 */
static const struct symbol {
	const char *name, *text;
} symbols[] = {
	/* Special letters. */
	{"ss", "ß"}, {"SS", "SS"}, {"o", "ø"}, {"O", "Ø"}, {"ae", "æ"}, {"AE", "Æ"},
	{"aa", "å"}, {"AA", "Å"}, {"oe", "œ"}, {"OE", "Œ"}, {"l", "ł"}, {"L", "Ł"},
	{"i", "ı"}, {"j", "ȷ"}, {"dh", "ð"}, {"DH", "Ð"}, {"th", "þ"}, {"TH", "Þ"},
	{"dj", "đ"}, {"DJ", "Đ"}, {"ng", "ŋ"}, {"NG", "Ŋ"},
	/* Text symbols. */
	{"textendash", "–"}, {"textemdash", "—"}, {"textquoteleft", "‘"},
	{"textquoteright", "’"}, {"textquotedblleft", "“"}, {"textquotedblright", "”"},
	{"textquotesingle", "'"}, {"textquotedbl", "\""}, {"textasciitilde", "~"},
	{"textasciicircum", "^"}, {"textbackslash", "\\"}, {"textunderscore", "_"},
	{"textless", "<"}, {"textgreater", ">"}, {"textbar", "|"},
	{"textbraceleft", "{"}, {"textbraceright", "}"}, {"textellipsis", "…"},
	{"ldots", "…"}, {"dots", "…"}, {"textbullet", "•"}, {"dag", "†"},
	{"textdagger", "†"}, {"ddag", "‡"}, {"textdaggerdbl", "‡"}, {"S", "§"},
	{"textsection", "§"}, {"P", "¶"}, {"textparagraph", "¶"}, {"copyright", "©"},
	{"textcopyright", "©"}, {"textregistered", "®"}, {"texttrademark", "™"},
	{"textdegree", "°"}, {"degree", "°"}, {"textmu", "μ"}, {"textperthousand", "‰"},
	{"pounds", "£"}, {"textsterling", "£"}, {"euro", "€"}, {"texteuro", "€"},
	{"textyen", "¥"}, {"guillemotleft", "«"}, {"guillemotright", "»"},
	{"textexclamdown", "¡"}, {"textquestiondown", "¿"}, {"textpm", "±"},
	{"texttimes", "×"}, {"LaTeX", "LaTeX"}, {"TeX", "TeX"}, {"BibTeX", "BibTeX"},
	{"textasteriskcentered", "*"}, {"textperiodcentered", "·"},
	/* Spacing commands become a space, so words stay apart. */
	{"par", " "}, {"newline", " "}, {"linebreak", " "}, {"newblock", " "},
	{"quad", " "}, {"qquad", " "}, {"enspace", " "}, {"enskip", " "},
	{"hfill", " "}, {"space", " "}, {"thinspace", " "}, {"hspace", " "},
	/* Greek. */
	{"alpha", "α"}, {"beta", "β"}, {"gamma", "γ"}, {"delta", "δ"},
	{"epsilon", "ε"}, {"varepsilon", "ε"}, {"zeta", "ζ"}, {"eta", "η"},
	{"theta", "θ"}, {"vartheta", "θ"}, {"iota", "ι"}, {"kappa", "κ"},
	{"lambda", "λ"}, {"mu", "μ"}, {"nu", "ν"}, {"xi", "ξ"}, {"omicron", "ο"},
	{"pi", "π"}, {"varpi", "π"}, {"rho", "ρ"}, {"varrho", "ρ"}, {"sigma", "σ"},
	{"varsigma", "ς"}, {"tau", "τ"}, {"upsilon", "υ"}, {"phi", "φ"},
	{"varphi", "φ"}, {"chi", "χ"}, {"psi", "ψ"}, {"omega", "ω"},
	{"Gamma", "Γ"}, {"Delta", "Δ"}, {"Theta", "Θ"}, {"Lambda", "Λ"}, {"Xi", "Ξ"},
	{"Pi", "Π"}, {"Sigma", "Σ"}, {"Upsilon", "Υ"}, {"Phi", "Φ"}, {"Psi", "Ψ"},
	{"Omega", "Ω"},
	/* Math symbols common in titles and abstracts. */
	{"pm", "±"}, {"mp", "∓"}, {"times", "×"}, {"div", "÷"}, {"cdot", "·"},
	{"leq", "≤"}, {"le", "≤"}, {"geq", "≥"}, {"ge", "≥"}, {"neq", "≠"},
	{"ne", "≠"}, {"approx", "≈"}, {"sim", "∼"}, {"simeq", "≃"}, {"equiv", "≡"},
	{"propto", "∝"}, {"infty", "∞"}, {"partial", "∂"}, {"nabla", "∇"},
	{"sum", "∑"}, {"prod", "∏"}, {"int", "∫"}, {"sqrt", "√"},
	{"rightarrow", "→"}, {"to", "→"}, {"leftarrow", "←"}, {"gets", "←"},
	{"leftrightarrow", "↔"}, {"Rightarrow", "⇒"}, {"Leftrightarrow", "⇔"},
	{"uparrow", "↑"}, {"downarrow", "↓"}, {"in", "∈"}, {"notin", "∉"},
	{"subset", "⊂"}, {"cup", "∪"}, {"cap", "∩"}, {"forall", "∀"},
	{"exists", "∃"}, {"emptyset", "∅"}, {"prime", "′"}, {"ll", "≪"},
	{"gg", "≫"}, {"ell", "ℓ"}, {"hbar", "ℏ"}, {"angstrom", "Å"},
	/* In bibliographies ^\circ is a degree sign, not composition. */
	{"circ", "°"},
};

static const char *symbol_text(const char *name)
{
	for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++)
		if (strcmp(symbols[i].name, name) == 0)
			return symbols[i].text;
	/* upgreek's \upalpha and friends are the same letters. */
	if (name[0] == 'u' && name[1] == 'p' && name[2] >= 'a' && name[2] <= 'z') {
		for (size_t i = 0; i < sizeof symbols / sizeof *symbols; i++)
			if (strcmp(symbols[i].name, name + 2) == 0 &&
			    (unsigned char)symbols[i].text[0] >= 0xC0)
				return symbols[i].text;
	}
	return NULL;
}

/* Commands whose (first) braced argument is markup, not text. */
static int drops_argument(const char *name)
{
	static const char *const names[] = {
		"begin", "end", "label", "ref", "href", "cite", "vspace", "hspace",
	};

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

/* ---- The converter ----------------------------------------------------- */

typedef struct conv {
	const char *s;
	size_t n, i;
	int math;
	obuf out;
} conv;

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_blanks(conv *c)
{
	while (c->i < c->n && is_blank(c->s[c->i]))
		c->i++;
}

/* Skips one braced group at c->i (after blanks), if there is one. */
static void skip_group(conv *c)
{
	int depth = 0;

	skip_blanks(c);
	if (c->i >= c->n || c->s[c->i] != '{')
		return;
	for (; c->i < c->n; c->i++) {
		if (c->s[c->i] == '{')
			depth++;
		else if (c->s[c->i] == '}' && --depth == 0) {
			c->i++;
			return;
		}
	}
}

static void compose(obuf *b, char accent, char base)
{
	for (size_t i = 0; i < sizeof composed / sizeof *composed; i++)
		if (composed[i].accent == accent && composed[i].base == base) {
			put_cp(b, composed[i].cp);
			return;
		}
	put_char(b, base);
	if (accent == 't')   /* tie accent: the letters alone read best */
		return;
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
		if (marks[i].accent == accent) {
			put_cp(b, marks[i].cp);
			return;
		}
}

/* Is s[i..) "\i" or "\j" as a whole control word? */
static int dotless_at(const conv *c, size_t i)
{
	return i + 1 < c->n && c->s[i] == '\\' && (c->s[i + 1] == 'i' || c->s[i + 1] == 'j') &&
	       (i + 2 >= c->n || !is_alpha(c->s[i + 2]));
}

/*
 * The accent command "accent" was read; c->i is just after it.  Reads its
 * argument: a letter ("\"o"), a braced letter ("\"{o}"), a dotless i or j
 * ("\'\i", "\'{\i}") or an empty group ("\~{}").  Anything more complex
 * is left to the main loop, which keeps the text and loses the accent.
 */
static void accent(conv *c, char accent, int letter_cmd)
{
	size_t j;

	skip_blanks(c);
	if (c->i < c->n && c->s[c->i] == '{') {
		j = c->i + 1;
		while (j < c->n && is_blank(c->s[j]))
			j++;
		if (j < c->n && c->s[j] == '}') {
			/* "\~{}" is the accent character itself. */
			if (!letter_cmd)
				put_char(&c->out, accent);
			c->i = j + 1;
			return;
		}
		if (j < c->n && is_alpha(c->s[j])) {
			size_t k = j + 1;

			while (k < c->n && is_blank(c->s[k]))
				k++;
			if (k < c->n && c->s[k] == '}') {
				compose(&c->out, accent, c->s[j]);
				c->i = k + 1;
				return;
			}
		}
		if (dotless_at(c, j)) {
			char base = c->s[j + 1];

			j += 2;
			while (j < c->n && is_blank(c->s[j]))
				j++;
			if (j + 1 < c->n && c->s[j] == '{' && c->s[j + 1] == '}')
				j += 2;
			if (j < c->n && c->s[j] == '}') {
				compose(&c->out, accent, base);
				c->i = j + 1;
				return;
			}
		}
		return;
	}
	if (dotless_at(c, c->i)) {
		compose(&c->out, accent, c->s[c->i + 1]);
		c->i += 2;
		skip_blanks(c);
		return;
	}
	if (c->i < c->n && is_alpha(c->s[c->i])) {
		compose(&c->out, accent, c->s[c->i]);
		c->i++;
		return;
	}
	/* No argument: "tilde operator: \~". */
	if (!letter_cmd)
		put_char(&c->out, accent);
}

/* A control word; c->i is on its first letter. */
static void control_word(conv *c)
{
	char name[NAME_MAX_LEN + 1];
	size_t start = c->i, len;
	const char *text;

	while (c->i < c->n && is_alpha(c->s[c->i]))
		c->i++;
	len = c->i - start;
	if (len > NAME_MAX_LEN) {
		skip_blanks(c);
		return;
	}
	memcpy(name, c->s + start, len);
	name[len] = '\0';
	if (len == 1 && strchr("uvHckrdbt", name[0])) {
		accent(c, name[0], 1);
		return;
	}
	skip_blanks(c);
	text = symbol_text(name);
	if (text) {
		put_str(&c->out, text);
		return;
	}
	if (drops_argument(name))
		skip_group(c);
	/* Anything else (\textit, \emph, \bf, unknown ones) just goes; its
	 * argument stays as text. */
}

/* A backslash at c->i. */
static void command(conv *c)
{
	char d;

	c->i++;
	if (c->i >= c->n)
		return;
	d = c->s[c->i];
	if (is_alpha(d)) {
		control_word(c);
		return;
	}
	c->i++;
	switch (d) {
	case '"': case '\'': case '`': case '^': case '~': case '=': case '.':
		accent(c, d, 0);
		break;
	case '\\': case ' ': case '\t': case '\n': case '\r':
		put_char(&c->out, ' ');
		break;
	case ',': case ';': case ':': case '>':
		put_cp(&c->out, 0x2009);   /* thin space */
		break;
	case '!': case '-': case '/': case '@':
		break;                     /* negative space, hyphenation hints */
	default:
		put_char(&c->out, d);      /* \& \% \$ \# \_ \{ \} and the like */
		break;
	}
}

static void convert(conv *c)
{
	while (c->i < c->n && !c->out.oom) {
		char ch = c->s[c->i];

		switch (ch) {
		case '\\':
			command(c);
			break;
		case '{': case '}':
			c->i++;
			break;
		case '$':
			c->math = !c->math;
			c->i++;
			break;
		case '~':
			put_cp(&c->out, 0x00A0);
			c->i++;
			break;
		case '^': case '_':
			if (!c->math)
				put_char(&c->out, ch);
			c->i++;
			break;
		case '-': {
			size_t run = 0;

			while (c->i < c->n && c->s[c->i] == '-') {
				c->i++;
				run++;
			}
			if (c->math || run == 1) {
				while (run--)
					put_char(&c->out, '-');
				break;
			}
			for (; run >= 3; run -= 3)
				put_str(&c->out, "—");
			if (run == 2)
				put_str(&c->out, "–");
			else if (run == 1)
				put_char(&c->out, '-');
			break;
		}
		case '`': case '\'':
			if (c->i + 1 < c->n && c->s[c->i + 1] == ch) {
				put_str(&c->out, ch == '`' ? "“" : "”");
				c->i += 2;
			} else {
				put_char(&c->out, ch);
				c->i++;
			}
			break;
		default:
			put_char(&c->out, ch);
			c->i++;
			break;
		}
	}
}

/* Identifiers: braces go, escaped specials are unescaped, nothing else. */
static void convert_literal(conv *c)
{
	while (c->i < c->n && !c->out.oom) {
		char ch = c->s[c->i++];

		if (ch == '{' || ch == '}')
			continue;
		if (ch == '\\' && c->i < c->n && strchr("_%&#${}", c->s[c->i])) {
			put_char(&c->out, c->s[c->i++]);
			continue;
		}
		put_char(&c->out, ch);
	}
}

ldx_status ldx_latex_to_utf8(const char *s, size_t n, int flags, char **out,
                             size_t *outlen)
{
	conv c;

	memset(&c, 0, sizeof c);
	c.s = s;
	c.n = n;
	*out = NULL;
	if (outlen)
		*outlen = 0;
	put(&c.out, "", 0);
	if (flags & LDX_LATEX_LITERAL)
		convert_literal(&c);
	else
		convert(&c);
	if (c.out.oom) {
		free(c.out.p);
		return LDX_ERR_NOMEM;
	}
	*out = c.out.p;
	if (outlen)
		*outlen = c.out.n;
	return LDX_OK;
}
