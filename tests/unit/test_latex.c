/*
 * test_latex.c: LaTeX to UTF-8 (src/ingest/latex.c): accents in every
 * spelling, special letters, escapes, dashes, quotes, math and Greek,
 * formatting commands, unknown commands, literal mode, and malformed
 * input that must not crash or read past the end.
 */
#include "unit.h"

#include "ingest/latex.h"

typedef struct ltx_case {
	const char *in, *out;
} ltx_case;

static void check_cases(const ltx_case *c, size_t n, int flags)
{
	for (size_t i = 0; i < n; i++) {
		char *out = NULL;
		size_t len = 0;

		assert_int_equal(ldx_latex_to_utf8(c[i].in, strlen(c[i].in), flags, &out, &len),
		                 LDX_OK);
		assert_non_null(out);
		if (strcmp(out, c[i].out) != 0)
			print_error("input '%s': got '%s', want '%s'\n", c[i].in, out, c[i].out);
		assert_string_equal(out, c[i].out);
		assert_int_equal(len, strlen(out));
		free(out);
	}
}

static void test_accents(void **state)
{
	static const ltx_case cases[] = {
		{"{\\\"o}", "ö"}, {"\\\"{o}", "ö"}, {"\\\"o", "ö"}, {"\\\"{ o }", "ö"},
		{"\\'e", "é"}, {"\\`a", "à"}, {"\\^o", "ô"}, {"\\~n", "ñ"}, {"\\=a", "ā"},
		{"\\.z", "ż"}, {"\\u{g}", "ğ"}, {"\\v{c}", "č"}, {"\\v c", "č"},
		{"\\H{o}", "ő"}, {"{\\H o}", "ő"}, {"\\c{c}", "ç"}, {"\\k{a}", "ą"},
		{"\\r{a}", "å"}, {"\\d{s}", "ṣ"}, {"\\'{\\i}", "í"}, {"{\\'\\i}", "í"},
		{"\\\"\\i{}", "ï"}, {"\\'{\\i}x", "íx"}, {"\\v{\\j}", "ǰ"},
		{"P\\\"{a}ckert", "Päckert"}, {"Eli{\\'a}{\\v{s}}", "Eliáš"},
		{"Ji{\\v{r}}{\\'{\\i}}", "Jiří"}, {"{\\\"O}nnud{\\'o}ttir", "Önnudóttir"},
		{"Universit{\\\"{a}}t", "Universität"}, {"\\'E", "É"}, {"\\c C", "Ç"},
		/* No precomposed form: base letter and a combining mark. */
		{"\\\"q", "q\xcc\x88"},
		/* Spacing accents with nothing to sit on. */
		{"\\~{}", "~"}, {"\\^{}", "^"}, {"a \\~", "a ~"},
	};

	check_cases(cases, sizeof cases / sizeof *cases, 0);
}

static void test_letters_and_escapes(void **state)
{
	static const ltx_case cases[] = {
		{"He{\\ss}", "Heß"}, {"Stra\\ss e", "Straße"}, {"{\\o}", "ø"}, {"{\\O}", "Ø"},
		{"{\\ae}", "æ"}, {"{\\AE}", "Æ"}, {"{\\aa}", "å"}, {"{\\AA}", "Å"},
		{"{\\l}", "ł"}, {"{\\L}", "Ł"}, {"{\\i}", "ı"}, {"{\\oe}", "œ"},
		{"{\\dh}{\\th}", "ðþ"}, {"dzia{\\l}ania", "działania"},
		{"\\& \\% \\$ \\# \\_ \\{ \\}", "& % $ # _ { }"},
		{"Oil \\& Gas", "Oil & Gas"}, {"a~b", "a\xc2\xa0" "b"},
		{"1--2", "1–2"}, {"TEL---book", "TEL—book"}, {"a-b", "a-b"},
		{"a\\textendash b", "a–b"}, {"a\\textemdash{}b", "a—b"},
		{"D\\textquotesingle aspremont", "D'aspremont"},
		{"``quoted''", "“quoted”"}, {"it's", "it's"},
		{"a\\\\b", "a b"}, {"a\\,b", "a\xe2\x80\x89" "b"},
		{"\\textbackslash", "\\"},
	};

	check_cases(cases, sizeof cases / sizeof *cases, 0);
}

static void test_math_and_markup(void **state)
{
	static const ltx_case cases[] = {
		{"$\\alpha$-synuclein", "α-synuclein"}, {"$\\beta$", "β"},
		{"$\\gamma\\delta\\epsilon\\kappa\\lambda\\mu$", "γδεκλμ"},
		{"$\\Sigma^{0}$", "Σ0"}, {"Ca$^{2+}$", "Ca2+"}, {"H$_2$O", "H2O"},
		{"DNA$_{\\textrm{2}}$", "DNA2"}, {"$4^{\\textrm{ème}}$", "4ème"},
		{"$\\upalpha$", "α"}, {"37$^\\circ$C", "37°C"}, {"p $\\leq$ 0.05", "p ≤ 0.05"},
		{"\\textit{Natrix cetti}", "Natrix cetti"}, {"\\emph{in vivo}", "in vivo"},
		{"\\textbf{do not}", "do not"}, {"{\\it x} y", "x y"}, {"{\\bf bold}", "bold"},
		{"\\textsc{species}", "species"}, {"{{The}} {DNA}", "The DNA"},
		/* Unknown commands lose their name and keep their argument. */
		{"\\foo{bar} baz", "bar baz"}, {"\\NoCaseChange{GABA}", "GABA"},
		{"\\href{http://x.org}{text}", "text"},
		/* Outside math, ^ and _ are text. */
		{"a_b^c", "a_b^c"},
	};

	check_cases(cases, sizeof cases / sizeof *cases, 0);
}

static void test_literal(void **state)
{
	static const ltx_case cases[] = {
		{"10.1000/a\\_b--c", "10.1000/a_b--c"}, {"{10.1000/XYZ}", "10.1000/XYZ"},
		{"http://x.org/a\\%20b~c", "http://x.org/a%20b~c"}, {"\\\"o", "\\\"o"},
	};

	check_cases(cases, sizeof cases / sizeof *cases, LDX_LATEX_LITERAL);
}

/* Truncated and malformed input converts without reading past n: each
 * case is passed without its NUL, from a heap copy ASan can watch. */
static void test_malformed(void **state)
{
	static const char *const inputs[] = {
		"\\", "\\\"", "\\\"{", "\\\"{o", "\\'{\\i", "\\v", "\\v{", "$\\alpha",
		"{{{", "}}}", "\\textit{", "---", "``", "\\href{", "\\begin{x",
		"\\aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
		"\xff\xfe\\\"\xc3", "\\c",
	};

	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		size_t n = strlen(inputs[i]);
		char *copy = malloc(n ? n : 1), *out = NULL;

		assert_non_null(copy);
		memcpy(copy, inputs[i], n);
		assert_int_equal(ldx_latex_to_utf8(copy, n, 0, &out, NULL), LDX_OK);
		assert_non_null(out);
		free(out);
		assert_int_equal(ldx_latex_to_utf8(copy, n, LDX_LATEX_LITERAL, &out, NULL), LDX_OK);
		free(out);
		free(copy);
	}
}

static void test_empty(void **state)
{
	char *out = NULL;
	size_t len = 99;

	assert_int_equal(ldx_latex_to_utf8("", 0, 0, &out, &len), LDX_OK);
	assert_non_null(out);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accents),
		cmocka_unit_test(test_letters_and_escapes),
		cmocka_unit_test(test_math_and_markup),
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
