/*
 * error.h: filling an ldx_error.  Every library function reports failure
 * through these, so messages share one shape: lowercase, no trailing
 * period, the subject quoted ('file.xml').
 */
#ifndef LDX_ERROR_H
#define LDX_ERROR_H

#include "litdex.h"

/* Sets err (if not NULL) and returns code, so "return ldx_fail(...)" reports
 * and fails in one line.  file may be NULL; line and position may be 0. */
ldx_status ldx_fail(ldx_error *err, ldx_status code, const char *file, long line,
                    const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Same, with a query position (1-based character offset). */
ldx_status ldx_fail_at(ldx_error *err, int position, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
