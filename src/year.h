/*
 * year.h: publication years from date strings, and year ranges from the
 * command line.
 */
#ifndef LDX_YEAR_H
#define LDX_YEAR_H

/* The first plausible year (1000-2999, four digits standing alone) in a
 * date string: "2019 Jan-Feb" -> 2019, "1998 Dec-1999 Jan" -> 1998,
 * "Spring 2001" -> 2001.  0 when there is none. */
int ldx_year_from_date(const char *s);

/*
 * Parses a --year argument: "2019", "2015-2024", "2015-", "-2010"
 * (also with ':' instead of '-').  Sets *min and *max (0 = open end).
 * Returns 0 on success, -1 when the text is not a year range or
 * min > max.
 */
int ldx_year_range_parse(const char *s, int *min, int *max);

#endif
