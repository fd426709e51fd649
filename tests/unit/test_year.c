/*
 * test_year.c: years from date strings and --year ranges (src/year.c).
 */
#include "unit.h"

#include "year.h"

static void test_from_date(void **state)
{
	assert_int_equal(ldx_year_from_date("2019"), 2019);
	assert_int_equal(ldx_year_from_date("2019 Jan-Feb"), 2019);
	assert_int_equal(ldx_year_from_date("1998 Dec-1999 Jan"), 1998);
	assert_int_equal(ldx_year_from_date("Spring 2001"), 2001);
	assert_int_equal(ldx_year_from_date("2024 Sep 29"), 2024);
	assert_int_equal(ldx_year_from_date("2024/09/29"), 2024);
	assert_int_equal(ldx_year_from_date("29.09.2024"), 2024);
	assert_int_equal(ldx_year_from_date("Winter1999"), 1999);
	assert_int_equal(ldx_year_from_date("12345"), 0);
	assert_int_equal(ldx_year_from_date("12345 2003"), 2003);
	assert_int_equal(ldx_year_from_date("0999 3000"), 0);
	assert_int_equal(ldx_year_from_date("vol 12 no 345"), 0);
	assert_int_equal(ldx_year_from_date(""), 0);
	assert_int_equal(ldx_year_from_date(NULL), 0);
}

static void expect_range(const char *s, int want_min, int want_max)
{
	int lo = -7, hi = -7;

	if (ldx_year_range_parse(s, &lo, &hi) != 0)
		fail_msg("'%s' was rejected", s);
	assert_int_equal(lo, want_min);
	assert_int_equal(hi, want_max);
}

static void expect_bad(const char *s)
{
	int lo = -7, hi = -7;

	if (ldx_year_range_parse(s, &lo, &hi) != -1)
		fail_msg("'%s' was accepted as %d..%d", s ? s : "(null)", lo, hi);
}

static void test_range(void **state)
{
	expect_range("2019", 2019, 2019);
	expect_range("2015-2024", 2015, 2024);
	expect_range("2015-", 2015, 0);
	expect_range("-2010", 0, 2010);
	expect_range("2015:2020", 2015, 2020);
	expect_range(":2020", 0, 2020);
	expect_range("2015:", 2015, 0);
	expect_range(" 2015 - 2020 ", 2015, 2020);
	expect_range("2020-2020", 2020, 2020);
	expect_range("2015\xE2\x80\x93" "2020", 2015, 2020);
	expect_range("\xE2\x80\x93" "2020", 0, 2020);
}

static void test_range_bad(void **state)
{
	expect_bad("abc");
	expect_bad("2020-2015");
	expect_bad("20150");
	expect_bad("2015-20x");
	expect_bad("201");
	expect_bad("0999");
	expect_bad("-");
	expect_bad(":");
	expect_bad("");
	expect_bad("   ");
	expect_bad("2015--2020");
	expect_bad("2015-2020-2025");
	expect_bad("2015 2020");
	expect_bad("2015\xE2\x80\x94" "2020");
	expect_bad(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_date),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_range_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
