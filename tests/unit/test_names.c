/*
 * test_names.c: author names as "Last Initials" (src/ingest/names.c):
 * initials of given names, "Last, First" names, display names and group
 * names, each against the string the record must hold.
 */
#include "unit.h"

#include "ingest/names.h"
#include "record.h"

/* The initials of given, as a string. */
static const char *initials(const char *given)
{
	static char out[LDX_NAME_INITIALS_BYTES];
	size_t k = ldx_name_initials(given, strlen(given), out, sizeof out);

	assert_int_equal(k, strlen(out));
	return out;
}

static void test_initials(void **state)
{
	static const struct { const char *given, *want; } cases[] = {
		{ "Warren", "W" },
		{ "Jean-Paul", "JP" },
		{ "J. A. W.", "JAW" },
		{ "ege t", "ET" },
		{ "  Lisa\tM\n", "LM" },
		{ "Anne,Marie", "AM" },
		/* UTF-8 letters are kept whole, whatever their case */
		{ "\xc3\x89lise \xc3\xa9mile", "\xc3\x89\xc3\xa9" },
		/* U+00A0 (BibTeX's '~') separates like a space */
		{ "Donald\xc2\xa0" "Ervin", "DE" },
		/* runs of two or three capitals are initials already */
		{ "KC", "KC" },
		{ "Marcel KC", "MKC" },
		{ "JRR", "JRR" },
		{ "ABCD", "A" },
		/* words that do not start with a letter give nothing */
		{ "John (Jack)", "J" },
		{ "2nd Anne", "A" },
		{ "", "" },
		{ " - . ", "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_string_equal(initials(cases[i].given), cases[i].want);
}

static void test_initials_bounded(void **state)
{
	char big[200], out[LDX_NAME_INITIALS_BYTES], tiny[3];
	size_t k;

	(void)state;
	for (size_t i = 0; i < 50; i++) {
		big[2 * i] = (char)('a' + i % 26);
		big[2 * i + 1] = ' ';
	}
	big[100] = '\0';
	k = ldx_name_initials(big, strlen(big), out, sizeof out);
	assert_int_equal(k, LDX_NAME_INITIALS_MAX);
	assert_memory_equal(out, "ABCDEFGHIJKLMNOP", LDX_NAME_INITIALS_MAX);
	/* a small buffer is never overrun and stays NUL-terminated */
	k = ldx_name_initials("Anne Bob Carl Dora", 18, tiny, sizeof tiny);
	assert_int_equal(k, 2);
	assert_string_equal(tiny, "AB");
	/* n bounds the text read: no NUL needed */
	assert_int_equal(ldx_name_initials("Anne Bob", 4, out, sizeof out), 1);
	assert_string_equal(out, "A");
}

/* Pushes with push and returns the one resulting list item (or NULL). */
static char *pushed(ldx_status (*push)(ldx_strlist *, const char *, size_t), const char *s)
{
	static char buf[512];
	ldx_strlist l = { 0 };

	assert_int_equal(push(&l, s, strlen(s)), LDX_OK);
	assert_true(l.n <= 1);
	if (l.n == 0) {
		ldx_strlist_clear(&l);
		return NULL;
	}
	snprintf(buf, sizeof buf, "%s", l.v[0]);
	ldx_strlist_clear(&l);
	return buf;
}

static void test_inverted(void **state)
{
	(void)state;
	assert_string_equal(pushed(ldx_name_push_inverted, "Harrison, Warren"), "Harrison W");
	assert_string_equal(pushed(ldx_name_push_inverted, "Valle-Delgado,J. J."),
	                    "Valle-Delgado JJ");
	assert_string_equal(pushed(ldx_name_push_inverted, "de Hoon, M J L"), "de Hoon MJL");
	assert_string_equal(pushed(ldx_name_push_inverted, "Cao, WX"), "Cao WX");
	/* all-capital surname: a long capital given name is a name */
	assert_string_equal(pushed(ldx_name_push_inverted, "GU, WANJUN"), "GU W");
	assert_string_equal(pushed(ldx_name_push_inverted, "GU, LI"), "GU LI");
	/* a suffix after a second comma is not a given name */
	assert_string_equal(pushed(ldx_name_push_inverted, "Zarate, Carlos A, Jr"), "Zarate CA");
	/* without a comma the order is unknown: kept as written */
	assert_string_equal(pushed(ldx_name_push_inverted, " Kavalali ET "), "Kavalali ET");
	/* one side empty: the other as written */
	assert_string_equal(pushed(ldx_name_push_inverted, "Smith,"), "Smith");
	assert_string_equal(pushed(ldx_name_push_inverted, ", John"), "John");
	/* given names without letters: the surname alone */
	assert_string_equal(pushed(ldx_name_push_inverted, "Smith, (-)"), "Smith");
	assert_null(pushed(ldx_name_push_inverted, "  "));
}

static void test_display(void **state)
{
	(void)state;
	assert_string_equal(pushed(ldx_name_push_display, "Ege T Kavalali"), "Kavalali ET");
	assert_string_equal(pushed(ldx_name_push_display, "Rik van Rheenen"), "van Rheenen R");
	assert_string_equal(pushed(ldx_name_push_display, "Carlos A Zarate Jr"), "Zarate CA");
	assert_string_equal(pushed(ldx_name_push_display, "Martin Luther King III"), "King ML");
	/* already "Last FM" */
	assert_string_equal(pushed(ldx_name_push_display, "Kavalali ET"), "Kavalali ET");
	assert_string_equal(pushed(ldx_name_push_display, "van Rheenen RW"), "van Rheenen RW");
	/* a comma means "Last, First" */
	assert_string_equal(pushed(ldx_name_push_display, "Kavalali, Ege T."), "Kavalali ET");
	/* single words and group names are kept whole */
	assert_string_equal(pushed(ldx_name_push_display, "Madonna"), "Madonna");
	assert_string_equal(pushed(ldx_name_push_display, "Jr"), "Jr");
	assert_string_equal(pushed(ldx_name_push_display, "ENIGMA Consortium"), "ENIGMA Consortium");
	assert_string_equal(pushed(ldx_name_push_display, "Writing Committee, for the Trial"),
	                    "Writing Committee, for the Trial");
	assert_string_equal(pushed(ldx_name_push_display, "Jos\xc3\xa9 \xc3\x81ngel Garc\xc3\xad" "a"),
	                    "Garc\xc3\xad" "a J\xc3\x81");
	assert_null(pushed(ldx_name_push_display, ""));
}

static void test_parts(void **state)
{
	ldx_strlist l = { 0 };

	(void)state;
	assert_int_equal(ldx_name_push_parts(&l, " Monteggia ", 11, "Lisa M.", 7), LDX_OK);
	assert_int_equal(ldx_name_push_parts(&l, "Kavalali", 8, "ET", 2), LDX_OK);
	assert_int_equal(ldx_name_push_parts(&l, "", 0, "World Health Organization", 25), LDX_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0], "Monteggia LM");
	assert_string_equal(l.v[1], "Kavalali ET");
	assert_string_equal(l.v[2], "World Health Organization");
	ldx_strlist_clear(&l);
}

static void test_collective(void **state)
{
	(void)state;
	assert_true(ldx_name_is_collective("Alzheimer's Disease Neuroimaging Initiative Study",
	                                   49));
	assert_true(ldx_name_is_collective("PGC WORKING GROUP", 17));
	assert_true(ldx_name_is_collective("xx Investigators", 16));
	assert_false(ldx_name_is_collective("Kavalali ET", 11));
	/* n bounds the search */
	assert_false(ldx_name_is_collective("Smith group", 5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initials),
		cmocka_unit_test(test_initials_bounded),
		cmocka_unit_test(test_inverted),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_collective),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
