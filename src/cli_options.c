/*
 * cli_options.c: option parsing help shared by the subcommands: running
 * getopt_long quietly and turning its failures into one-line messages with
 * a suggestion ("unknown option '--jornal'; did you mean '--journal'?").
 */
#include <string.h>

#include "cli.h"

/* Edit distance between a and b, capped at 9 (cheap enough for option names). */
static int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[64];
	if (la > 60 || lb > 60)
		return 9;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb] > 9 ? 9 : row[lb];
}

const char *cli_closest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	int best_d = 3;
	for (size_t i = 0; i < n; i++) {
		int d = edit_distance(word, candidates[i]);
		if (d < best_d || (d == best_d && best && strlen(candidates[i]) < strlen(best))) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best;
}

int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
               const struct option *longopts)
{
	const char *names[64];
	size_t n = 0;

	opterr = 0;
	int opt = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (opt != '?' && opt != ':')
		return opt;
	/* getopt has stepped past the offending element */
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	if (strncmp(arg, "--", 2) != 0) {
		if (optopt && strchr(shortopts, optopt) && optopt != '?') {
			cli_msg("%s: option '-%c' needs a value", cmd, optopt);
			return '?';
		}
		cli_msg("%s: unknown option '%s'; see 'litdex %s --help'", cmd, arg, cmd);
		return '?';
	}
	char name[64];
	snprintf(name, sizeof name, "%s", arg + 2);
	char *eq = strchr(name, '=');
	if (eq)
		*eq = '\0';
	for (const struct option *o = longopts; o->name && n < 64; o++) {
		if (strcmp(o->name, name) == 0) {
			cli_msg("%s: option '--%s' needs a value", cmd, name);
			return '?';
		}
		names[n++] = o->name;
	}
	const char *guess = cli_closest(name, names, n);
	if (guess)
		cli_msg("%s: unknown option '--%s'; did you mean '--%s'?", cmd, name, guess);
	else
		cli_msg("%s: unknown option '--%s'; see 'litdex %s --help'", cmd, name, cmd);
	return '?';
}
