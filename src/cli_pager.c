/*
 * cli_pager.c: long text output through $PAGER on a terminal, like git:
 * "less -FRX" by default, so short output prints and returns at once and
 * colours survive.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

FILE *cli_pager_begin(int enabled)
{
	const char *pager = getenv("PAGER");
	if (!enabled || !isatty(STDOUT_FILENO))
		return stdout;
	if (!pager)
		pager = "less";
	if (!*pager || strcmp(pager, "cat") == 0)
		return stdout;
	setenv("LESS", getenv("LESS") ? getenv("LESS") : "FRX", 0);
	signal(SIGPIPE, SIG_IGN);  /* quitting the pager early is not an error */
	fflush(stdout);
	FILE *f = popen(pager, "w");
	return f ? f : stdout;
}

int cli_pager_end(FILE *f)
{
	if (f == stdout)
		return fflush(stdout) == 0 ? 0 : -1;
	pclose(f);
	return 0;
}
