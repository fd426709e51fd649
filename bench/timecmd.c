/*
 * timecmd.c: bench-time, runs a command and writes its wall time, peak
 * resident set size and CPU times to a file, so the benchmark needs no
 * /usr/bin/time.  Standard input, output and error pass through.
 *
 * usage: bench-time OUTFILE COMMAND [ARG...]
 * OUTFILE gets one line: wall_s maxrss_kb user_s sys_s exit_status
 * The exit status is the command's (128 + signal when killed).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: bench-time OUTFILE COMMAND [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "bench-time: cannot fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "bench-time: cannot run '%s': %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		fprintf(stderr, "bench-time: wait failed: %s\n", strerror(errno));
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	FILE *f = fopen(argv[1], "w");
	if (!f) {
		fprintf(stderr, "bench-time: cannot write '%s': %s\n", argv[1], strerror(errno));
		return 2;
	}
	fprintf(f, "%.3f %ld %.3f %.3f %d\n",
	        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	        ru.ru_maxrss, seconds(ru.ru_utime), seconds(ru.ru_stime), code);
	fclose(f);
	return code;
}
