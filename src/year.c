/*
 * year.c: years out of free-form date strings (readers) and --year ranges
 * (the command line).  See year.h.
 */
#include <stddef.h>
#include <string.h>

#include "year.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int ldx_year_from_date(const char *s)
{
	size_t i = 0;

	if (!s)
		return 0;
	while (s[i]) {
		size_t start, n;
		int y = 0;

		if (!is_digit(s[i])) {
			i++;
			continue;
		}
		/* A whole run of digits: "12345" holds no year, "2019" does. */
		start = i;
		while (is_digit(s[i]))
			i++;
		n = i - start;
		if (n != 4)
			continue;
		for (size_t k = start; k < i; k++)
			y = y * 10 + (s[k] - '0');
		if (y >= 1000 && y <= 2999)
			return y;
	}
	return 0;
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads exactly four digits (1000-9999) at *p into *y; 0 on success. */
static int parse_year(const char **p, int *y)
{
	const char *s = *p;
	int v = 0;

	for (int i = 0; i < 4; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (is_digit(s[4]) || v < 1000)
		return -1;
	*y = v;
	*p = s + 4;
	return 0;
}

/* Text pasted from papers often has an en dash: "2015–2020". */
#define EN_DASH "\xE2\x80\x93"

/* Spaces around the years and the separator are accepted, so that
 * "--year '2015 - 2020'" means what it looks like. */
int ldx_year_range_parse(const char *s, int *min, int *max)
{
	int lo = 0, hi = 0, have_sep = 0;
	const char *p;

	if (!s)
		return -1;
	p = skip_spaces(s);
	if (is_digit(*p) && parse_year(&p, &lo) != 0)
		return -1;
	p = skip_spaces(p);
	if (*p == '-' || *p == ':' || strncmp(p, EN_DASH, 3) == 0) {
		have_sep = 1;
		p = skip_spaces(p + (*p == '-' || *p == ':' ? 1 : 3));
		if (is_digit(*p) && parse_year(&p, &hi) != 0)
			return -1;
		p = skip_spaces(p);
	} else {
		hi = lo;
	}
	if (*p != '\0' || (lo == 0 && hi == 0))
		return -1;
	if (!have_sep && lo == 0)
		return -1;
	if (lo && hi && lo > hi)
		return -1;
	if (min)
		*min = lo;
	if (max)
		*max = hi;
	return 0;
}
