/*
 * cli_numbers.c: numbers given as option values (--limit 20, --offset
 * 40), checked the same way by every subcommand: a whole decimal number,
 * nothing after it, within int.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "cli.h"

int cli_parse_count(const char *cmd, const char *name, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > INT_MAX) {
		cli_msg("%s: %s needs a whole number >= 0, not '%s'", cmd, name, s);
		return -1;
	}
	return (int)v;
}
