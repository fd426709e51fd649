/*
 * test_record.c: text normalisation, string lists, DOI normalisation and
 * record keys (src/record.c).
 */
#include "unit.h"

#include "record.h"

/* Normalises s[0..n) with limit max and returns the malloc'ed result. */
static char *norm(const char *s, size_t n, size_t max)
{
	char *v = NULL;
	assert_int_equal(ldx_record_set(&v, s, n, max), LDX_OK);
	return v;
}

static void expect_norm(const char *in, const char *want)
{
	char *v = norm(in, (size_t)-1, LDX_TITLE_MAX);
	if (!want) {
		assert_null(v);
	} else {
		assert_non_null(v);
		assert_string_equal(v, want);
	}
	free(v);
}

static void test_whitespace(void **state)
{
	expect_norm("  Hello   world  ", "Hello world");
	expect_norm("a\tb\nc\r\nd", "a b c d");
	expect_norm("non\xC2\xA0" "breaking\xC2\xA0\xC2\xA0space", "non breaking space");
	expect_norm("em\xE2\x80\x83space and\xE2\x80\xA8line", "em space and line");
	expect_norm(" \t\n ", NULL);
	expect_norm("", NULL);
	expect_norm("x", "x");
}

static void test_controls(void **state)
{
	expect_norm("a\x01" "b\x02" "c\x03" "d\x7f" "e", "abcde");
	expect_norm("C1\xC2\x80" "gone\xC2\x9F", "C1gone");
	expect_norm("\x02\x03", NULL);
	/* NEL is a line break: it separates words. */
	expect_norm("one\xC2\x85two", "one two");
}

static void test_embedded_nul(void **state)
{
	char *v = norm("ab\0cd", 5, 100);
	assert_string_equal(v, "abcd");
	free(v);
	v = norm("abcdef", 3, 100);
	assert_string_equal(v, "abc");
	free(v);
}

static void test_invalid_utf8(void **state)
{
	/* Stray continuation byte, lone lead byte, overlong '/', surrogate,
	 * above U+10FFFF: each bad byte becomes one U+FFFD. */
	expect_norm("a\x80" "b", "a\xEF\xBF\xBD" "b");
	expect_norm("a\xC3", "a\xEF\xBF\xBD");
	expect_norm("\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD");
	expect_norm("\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	expect_norm("\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	expect_norm("\xFF", "\xEF\xBF\xBD");
	/* Valid multi-byte text passes unchanged. */
	expect_norm("caf\xC3\xA9 \xCE\xB1\xCE\xB2 \xE4\xB8\xAD \xF0\x9F\x98\x80",
	            "caf\xC3\xA9 \xCE\xB1\xCE\xB2 \xE4\xB8\xAD \xF0\x9F\x98\x80");
}

static void test_truncation(void **state)
{
	char *v;

	v = norm("abcdef", (size_t)-1, 4);
	assert_string_equal(v, "abcd");
	free(v);
	/* "é" is two bytes: a cut at 3 must not split it. */
	v = norm("ab\xC3\xA9z", (size_t)-1, 3);
	assert_string_equal(v, "ab");
	free(v);
	v = norm("ab\xC3\xA9z", (size_t)-1, 4);
	assert_string_equal(v, "ab\xC3\xA9");
	free(v);
	/* A cut right after a space leaves no trailing space. */
	v = norm("abc def", (size_t)-1, 4);
	assert_string_equal(v, "abc");
	free(v);
	/* Replacement characters count at their encoded size. */
	v = norm("\x80\x80\x80", (size_t)-1, 7);
	assert_string_equal(v, "\xEF\xBF\xBD\xEF\xBF\xBD");
	free(v);
}

static void test_truncation_large(void **state)
{
	size_t n = LDX_TITLE_MAX + 1000;
	char *big = malloc(n), *v;

	assert_non_null(big);
	for (size_t i = 0; i < n; i += 2) {
		big[i] = '\xC3';
		big[i + 1] = '\xA9';
	}
	/* Odd limit: the last "é" must be dropped whole. */
	v = norm(big, n, LDX_TITLE_MAX - 1);
	assert_int_equal(strlen(v), LDX_TITLE_MAX - 2);
	assert_int_equal((unsigned char)v[strlen(v) - 1], 0xA9);
	free(v);
	free(big);
}

/* Checks the promises of record.h on v[0..len) independently of
 * record.c: valid UTF-8, no control characters, no space at either end
 * or twice in a row, no other white space. */
static void check_clean(const unsigned char *v, size_t len)
{
	size_t i = 0;

	assert_true(len > 0);
	assert_true(v[0] != ' ' && v[len - 1] != ' ');
	while (i < len) {
		unsigned c = v[i];
		size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		uint32_t cp;

		assert_true(c < 0x80 || (c >= 0xC2 && c <= 0xF4));
		assert_true(i + k <= len);
		cp = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
		for (size_t j = 1; j < k; j++) {
			assert_int_equal(v[i + j] & 0xC0, 0x80);
			cp = (cp << 6) | (v[i + j] & 0x3F);
		}
		assert_true(k == 1 || cp >= (k == 2 ? 0x80u : k == 3 ? 0x800u : 0x10000u));
		assert_true(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
		assert_true(cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0xA0));
		if (cp == ' ')
			assert_true(v[i + 1] != ' ');
		i += k;
	}
}

/* Random bytes, biased towards the awkward ones, with random limits. */
static void test_normalize_random(void **state)
{
	static const unsigned char pool[] = {
		'a', 'Z', '0', ' ', ' ', '\t', '\n', '\r', 0x00, 0x02, 0x03, 0x7F,
		0x80, 0xA0, 0xBF, 0xC2, 0xC3, 0xA9, 0xE2, 0x80, 0x83, 0xED, 0xA0, 0xF0,
		0x9F, 0x98, 0xF4, 0x90, 0xFF, 0xC0,
	};
	uint32_t seed = 12345;
	unsigned char buf[300];

	for (int round = 0; round < 20000; round++) {
		size_t n, max, len;
		char *v;

		seed = seed * 1103515245u + 12345u;
		n = (seed >> 8) % sizeof buf;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (seed >> 16) % 4 ? pool[(seed >> 8) % sizeof pool]
			                          : (unsigned char)(seed >> 20);
		}
		seed = seed * 1103515245u + 12345u;
		max = 1 + (seed >> 8) % 400;
		v = norm((const char *)buf, n, max);
		if (v) {
			len = strlen(v);
			assert_true(len <= max);
			check_clean((const unsigned char *)v, len);
			/* Normalising clean text changes nothing. */
			char *again = norm(v, len, max);
			assert_string_equal(again, v);
			free(again);
		}
		free(v);
	}
}

static void test_set_replaces(void **state)
{
	char *f = NULL;

	assert_int_equal(ldx_record_set(&f, "first", (size_t)-1, 100), LDX_OK);
	assert_string_equal(f, "first");
	assert_int_equal(ldx_record_set(&f, "second", (size_t)-1, 100), LDX_OK);
	assert_string_equal(f, "second");
	assert_int_equal(ldx_record_set(&f, "   ", (size_t)-1, 100), LDX_OK);
	assert_null(f);
	assert_int_equal(ldx_record_set(&f, NULL, 0, 100), LDX_OK);
	assert_null(f);
}

static void test_append(void **state)
{
	char *f = NULL;

	assert_int_equal(ldx_record_append(&f, " ", "  BACKGROUND: a ", (size_t)-1, 100), LDX_OK);
	assert_string_equal(f, "BACKGROUND: a");
	assert_int_equal(ldx_record_append(&f, " ", "\n\n", (size_t)-1, 100), LDX_OK);
	assert_string_equal(f, "BACKGROUND: a");
	assert_int_equal(ldx_record_append(&f, " ", "METHODS:\tb", (size_t)-1, 100), LDX_OK);
	assert_string_equal(f, "BACKGROUND: a METHODS: b");
	assert_int_equal(ldx_record_append(&f, "; ", "c", 1, 100), LDX_OK);
	assert_string_equal(f, "BACKGROUND: a METHODS: b; c");
	free(f);

	/* The limit applies to the whole field, separator included. */
	f = NULL;
	assert_int_equal(ldx_record_append(&f, "; ", "abcd", (size_t)-1, 8), LDX_OK);
	assert_int_equal(ldx_record_append(&f, "; ", "efgh", (size_t)-1, 8), LDX_OK);
	assert_string_equal(f, "abcd; ef");
	assert_int_equal(ldx_record_append(&f, "; ", "more", (size_t)-1, 8), LDX_OK);
	assert_string_equal(f, "abcd; ef");
	free(f);

	f = NULL;
	assert_int_equal(ldx_record_append(&f, " ", "abcd", (size_t)-1, 6), LDX_OK);
	assert_int_equal(ldx_record_append(&f, " ", "\xC3\xA9\xC3\xA9", (size_t)-1, 6), LDX_OK);
	/* "abcd é" would be 7 bytes, and "é" cannot be split. */
	assert_string_equal(f, "abcd");
	free(f);

	/* When only the separator would fit, nothing is appended. */
	f = NULL;
	assert_int_equal(ldx_record_append(&f, "; ", "abcdefg", (size_t)-1, 8), LDX_OK);
	assert_int_equal(ldx_record_append(&f, "; ", "h", (size_t)-1, 8), LDX_OK);
	assert_string_equal(f, "abcdefg");
	/* No separator at all is allowed too. */
	assert_int_equal(ldx_record_append(&f, NULL, "h", (size_t)-1, 8), LDX_OK);
	assert_string_equal(f, "abcdefgh");
	free(f);
}

static void test_strlist(void **state)
{
	ldx_strlist l = { 0 };
	char *j;

	assert_null(ldx_strlist_join(&l, "; "));
	assert_int_equal(ldx_strlist_push(&l, " Smith  J ", (size_t)-1), LDX_OK);
	assert_int_equal(ldx_strlist_push(&l, "   ", (size_t)-1), LDX_OK);
	assert_int_equal(ldx_strlist_push(&l, "Doe\tA", (size_t)-1), LDX_OK);
	assert_int_equal(ldx_strlist_push(&l, "Roe B ignored", 5), LDX_OK);
	assert_int_equal(l.n, 3);
	j = ldx_strlist_join(&l, "; ");
	assert_string_equal(j, "Smith J; Doe A; Roe B");
	free(j);
	j = ldx_strlist_join(&l, "|");
	assert_string_equal(j, "Smith J|Doe A|Roe B");
	free(j);
	ldx_strlist_clear(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.v);
	/* The list stays usable after a clear. */
	assert_int_equal(ldx_strlist_push(&l, "x", 1), LDX_OK);
	j = ldx_strlist_join(&l, ", ");
	assert_string_equal(j, "x");
	free(j);
	ldx_strlist_clear(&l);
}

static void test_strlist_limit(void **state)
{
	ldx_strlist l = { 0 };

	for (int i = 0; i < LDX_LIST_MAX + 50; i++)
		assert_int_equal(ldx_strlist_push(&l, "k", 1), LDX_OK);
	assert_int_equal(l.n, LDX_LIST_MAX);
	ldx_strlist_clear(&l);
}

static void expect_doi(const char *in, const char *want)
{
	char *v = ldx_doi_normalize(in);

	if (!in)
		in = "(null)";
	if (!want) {
		if (v)
			fail_msg("'%s' normalised to '%s', expected NULL", in, v);
	} else {
		if (!v)
			fail_msg("'%s' normalised to NULL, expected '%s'", in, want);
		assert_string_equal(v, want);
	}
	free(v);
}

static void test_doi(void **state)
{
	expect_doi("10.1038/NATURE12373", "10.1038/nature12373");
	expect_doi("doi:10.1000/XYZ123", "10.1000/xyz123");
	expect_doi("DOI: 10.1000/abc", "10.1000/abc");
	expect_doi("https://doi.org/10.1016/J.Cell.2020.01.001", "10.1016/j.cell.2020.01.001");
	expect_doi("http://doi.org/10.1/a", "10.1/a");
	expect_doi("https://dx.doi.org/10.1371/journal.pone.0000001",
	           "10.1371/journal.pone.0000001");
	expect_doi("HTTP://DX.DOI.ORG/10.5555/X", "10.5555/x");
	expect_doi("doi.org/10.1234/abc-def", "10.1234/abc-def");
	expect_doi("  10.1234/with.trailing.dot.  ", "10.1234/with.trailing.dot");
	expect_doi("\t10.1002/(SICI)1097-4636\n", "10.1002/(sici)1097-4636");
	expect_doi("10.1000/caf\xC3\x89", "10.1000/caf\xC3\x89");
	expect_doi("11.1000/abc", NULL);
	expect_doi("10.1000", NULL);
	expect_doi("10./abc", NULL);
	expect_doi("10.1000/", NULL);
	expect_doi("10.1000/a b", NULL);
	expect_doi("https://example.org/10.1000/abc", NULL);
	expect_doi("", NULL);
	expect_doi(NULL, NULL);
}

static void test_key_pmid(void **state)
{
	ldx_record r;
	char *k;

	ldx_record_init(&r);
	r.pmid = strdup("31452104");
	r.doi = strdup("10.1000/abc");
	r.title = strdup("A title");
	k = ldx_record_key(&r);
	assert_string_equal(k, "31452104");
	free(k);

	/* A pmid that is not all digits is absent: the DOI decides. */
	free(r.pmid);
	r.pmid = strdup("PMC123");
	k = ldx_record_key(&r);
	assert_string_equal(k, "10.1000/abc");
	free(k);
	free(r.pmid);
	r.pmid = strdup("");
	k = ldx_record_key(&r);
	assert_string_equal(k, "10.1000/abc");
	free(k);
	ldx_record_clear(&r);
}

static void test_key_doi(void **state)
{
	ldx_record r;
	char *k;

	ldx_record_init(&r);
	r.doi = strdup("https://doi.org/10.1000/ABC");
	r.title = strdup("A title");
	k = ldx_record_key(&r);
	assert_string_equal(k, "10.1000/abc");
	free(k);
	/* An unusable DOI falls through to the title. */
	free(r.doi);
	r.doi = strdup("not a doi");
	k = ldx_record_key(&r);
	assert_non_null(k);
	assert_memory_equal(k, "t:", 2);
	free(k);
	ldx_record_clear(&r);
}

static char *title_key(const char *title, int year)
{
	ldx_record r;
	char *k;

	ldx_record_init(&r);
	if (title)
		r.title = strdup(title);
	r.year = year;
	k = ldx_record_key(&r);
	ldx_record_clear(&r);
	return k;
}

static void test_key_title(void **state)
{
	char *a = title_key("Homeostatic plasticity, revisited.", 2019);
	char *b = title_key("  HOMEOSTATIC   Plasticity -- Revisited ", 2019);
	char *c = title_key("homeostatic\xE2\x80\x94plasticity revisited\xE2\x80\x99", 2019);
	char *d = title_key("Homeostatic plasticity, revisited.", 2020);
	char *e = title_key("Homeostatic plasticity revised", 2019);
	char *f = title_key("Homeostatic plasticity, revisited.", 0);

	assert_non_null(a);
	assert_int_equal(strlen(a), 18);
	assert_memory_equal(a, "t:", 2);
	for (int i = 2; i < 18; i++)
		assert_true((a[i] >= '0' && a[i] <= '9') || (a[i] >= 'a' && a[i] <= 'f'));
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	assert_string_not_equal(a, d);
	assert_string_not_equal(a, e);
	assert_string_not_equal(a, f);
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	free(f);
}

/* The hash is the documented FNV-1a of "homeostaticplasticity:2019", so
 * keys stay stable across versions and index files. */
static void test_key_title_value(void **state)
{
	const char *s = "homeostaticplasticity:2019";
	uint64_t h = UINT64_C(14695981039346656037);
	char want[19], *k;

	for (const char *p = s; *p; p++) {
		h ^= (unsigned char)*p;
		h *= UINT64_C(1099511628211);
	}
	snprintf(want, sizeof want, "t:%016llx", (unsigned long long)h);
	k = title_key("Homeostatic Plasticity", 2019);
	assert_string_equal(k, want);
	free(k);
	/* Non-ASCII letters count; different scripts give different keys. */
	char *x = title_key("\xCE\xB1 \xCE\xB2", 2019);
	char *y = title_key("\xCE\xB3 \xCE\xB4", 2019);
	assert_string_not_equal(x, y);
	free(x);
	free(y);
}

static void test_key_none(void **state)
{
	ldx_record r;

	ldx_record_init(&r);
	assert_null(ldx_record_key(&r));
	r.pmid = strdup("abc");
	r.doi = strdup("bogus");
	r.year = 2020;
	assert_null(ldx_record_key(&r));
	ldx_record_clear(&r);
	assert_null(title_key("", 2020));
}

static void test_record_clear(void **state)
{
	ldx_record r;

	ldx_record_init(&r);
	assert_int_equal(ldx_record_set(&r.title, "T", 1, LDX_TITLE_MAX), LDX_OK);
	assert_int_equal(ldx_record_set(&r.abstract, "A", 1, LDX_FIELD_MAX), LDX_OK);
	assert_int_equal(ldx_strlist_push(&r.authors, "X Y", 3), LDX_OK);
	assert_int_equal(ldx_strlist_push(&r.mesh, "M", 1), LDX_OK);
	r.year = 2001;
	r.line = 7;
	r.is_delete = 1;
	ldx_record_clear(&r);
	assert_null(r.title);
	assert_null(r.abstract);
	assert_int_equal(r.authors.n, 0);
	assert_int_equal(r.mesh.n, 0);
	assert_int_equal(r.year, 0);
	assert_int_equal(r.line, 0);
	assert_int_equal(r.is_delete, 0);
	/* Clearing twice is harmless. */
	ldx_record_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_truncation_large),
		cmocka_unit_test(test_normalize_random),
		cmocka_unit_test(test_set_replaces),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_strlist),
		cmocka_unit_test(test_strlist_limit),
		cmocka_unit_test(test_doi),
		cmocka_unit_test(test_key_pmid),
		cmocka_unit_test(test_key_doi),
		cmocka_unit_test(test_key_title),
		cmocka_unit_test(test_key_title_value),
		cmocka_unit_test(test_key_none),
		cmocka_unit_test(test_record_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
