/*
 * walk.h: finding the input files under the paths a user names.
 *
 * A named file is always visited.  A folder is walked recursively in
 * sorted order, skipping hidden entries (".git") and files whose extension
 * is not one litdex reads, following symbolic links but never entering a
 * folder twice, so link loops end.
 */
#ifndef LDX_WALK_H
#define LDX_WALK_H

#include "litdex.h"

/* Called per file; path is valid during the call.  Returning non-LDX_OK
 * stops the walk with that status. */
typedef ldx_status (*ldx_walk_fn)(void *ctx, const char *path);
/* Called per path that cannot be read (the walk goes on). */
typedef void (*ldx_walk_error_fn)(void *ctx, const ldx_error *err);

ldx_status ldx_walk(const char *path, ldx_walk_fn fn, ldx_walk_error_fn on_error,
                    void *ctx);

/* 1 if a file name has an extension litdex reads (.xml, .nbib, .ris, ...,
 * optionally followed by .gz). */
int ldx_walk_known_extension(const char *name);

#endif
