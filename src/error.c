/*
 * error.c: status names and the ldx_fail helpers declared in error.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

const char *ldx_status_name(ldx_status code)
{
	switch (code) {
	case LDX_OK: return "ok";
	case LDX_DONE: return "done";
	case LDX_ERR_USAGE: return "usage error";
	case LDX_ERR_NOMEM: return "out of memory";
	case LDX_ERR_IO: return "i/o error";
	case LDX_ERR_PARSE: return "parse error";
	case LDX_ERR_FORMAT: return "unknown format";
	case LDX_ERR_QUERY: return "query error";
	case LDX_ERR_NOINDEX: return "no index";
	case LDX_ERR_SCHEMA: return "schema error";
	case LDX_ERR_BUSY: return "index busy";
	case LDX_ERR_DB: return "database error";
	case LDX_ERR_INTERRUPTED: return "interrupted";
	}
	return "unknown status";
}

void ldx_error_clear(ldx_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

ldx_status ldx_fail(ldx_error *err, ldx_status code, const char *file, long line,
                    const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	ldx_error_clear(err);
	err->code = code;
	if (file)
		snprintf(err->file, sizeof err->file, "%s", file);
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return code;
}

ldx_status ldx_fail_at(ldx_error *err, int position, const char *fmt, ...)
{
	if (!err)
		return LDX_ERR_QUERY;
	va_list ap;
	ldx_error_clear(err);
	err->code = LDX_ERR_QUERY;
	err->position = position;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return LDX_ERR_QUERY;
}
