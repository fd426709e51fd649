/*
 * walk.c: ldx_walk, recursive discovery of input files (see walk.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "error.h"
#include "walk.h"

#define WALK_MAX_DEPTH 64

static const char *const known_extensions[] = {
	"xml", "nxml", "nbib", "medline", "txt", "ris", "bib", "html", "htm", NULL
};

int ldx_walk_known_extension(const char *name)
{
	size_t n = strlen(name);
	if (n > 3 && strcasecmp(name + n - 3, ".gz") == 0)
		n -= 3;
	for (const char *const *ext = known_extensions; *ext; ext++) {
		size_t e = strlen(*ext);
		if (n > e + 1 && name[n - e - 1] == '.' && strncasecmp(name + n - e, *ext, e) == 0)
			return 1;
	}
	return 0;
}

typedef struct walk_dir_id {
	dev_t dev;
	ino_t ino;
} walk_dir_id;

typedef struct walk {
	ldx_walk_fn fn;
	ldx_walk_error_fn on_error;
	void *ctx;
	walk_dir_id stack[WALK_MAX_DEPTH];   /* folders on the current path */
	int depth;
} walk;

static void walk_report(walk *w, const char *path, const char *what)
{
	ldx_error e;
	ldx_fail(&e, LDX_ERR_IO, path, 0, "%s '%s': %s", what, path, strerror(errno));
	if (w->on_error)
		w->on_error(w->ctx, &e);
}

static ldx_status walk_path(walk *w, const char *path, int named);

static ldx_status walk_dir(walk *w, const char *path, const struct stat *sb)
{
	struct dirent **names = NULL;
	ldx_status rc = LDX_OK;
	int n;

	for (int i = 0; i < w->depth; i++)
		if (w->stack[i].dev == sb->st_dev && w->stack[i].ino == sb->st_ino) {
			ldx_error e;
			ldx_fail(&e, LDX_ERR_IO, path, 0,
			         "skipping '%s': symbolic link loop back to a parent folder", path);
			if (w->on_error)
				w->on_error(w->ctx, &e);
			return LDX_OK;
		}
	if (w->depth == WALK_MAX_DEPTH) {
		ldx_error e;
		ldx_fail(&e, LDX_ERR_IO, path, 0, "skipping '%s': folders nested too deep", path);
		if (w->on_error)
			w->on_error(w->ctx, &e);
		return LDX_OK;
	}
	if ((n = scandir(path, &names, NULL, alphasort)) < 0) {
		walk_report(w, path, "cannot read folder");
		return LDX_OK;
	}
	w->stack[w->depth].dev = sb->st_dev;
	w->stack[w->depth].ino = sb->st_ino;
	w->depth++;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (rc == LDX_OK && name[0] != '.') {
			size_t len = strlen(path) + strlen(name) + 2;
			char *child = malloc(len);
			if (!child) {
				rc = ldx_fail(NULL, LDX_ERR_NOMEM, NULL, 0, "out of memory");
			} else {
				int slash = path[strlen(path) - 1] == '/';
				snprintf(child, len, slash ? "%s%s" : "%s/%s", path, name);
				rc = walk_path(w, child, 0);
				free(child);
			}
		}
		free(names[i]);
	}
	free(names);
	w->depth--;
	return rc;
}

static ldx_status walk_path(walk *w, const char *path, int named)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		if (named || errno != ENOENT)
			walk_report(w, path, "cannot open");
		else
			walk_report(w, path, "skipping broken link");
		return LDX_OK;
	}
	if (S_ISDIR(sb.st_mode))
		return walk_dir(w, path, &sb);
	if (!named && (!S_ISREG(sb.st_mode) || !ldx_walk_known_extension(path)))
		return LDX_OK;
	return w->fn(w->ctx, path);
}

ldx_status ldx_walk(const char *path, ldx_walk_fn fn, ldx_walk_error_fn on_error, void *ctx)
{
	walk w = { .fn = fn, .on_error = on_error, .ctx = ctx };
	if (strcmp(path, "-") == 0)
		return fn(ctx, path);
	return walk_path(&w, path, 1);
}
