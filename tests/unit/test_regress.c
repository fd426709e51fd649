/*
 * test_regress.c: replays saved fuzz inputs through the code they once
 * broke, with the fuzz targets' own checks (fuzz/fuzz_reader.h,
 * fuzz/fuzz_query.h), so `make test` and `make sanitize` catch a
 * regression without a fuzzer.
 *
 * Every file under tests/regress/<name>/ (crash, leak, timeout and oom
 * inputs that `make fuzz` saved) and under fuzz/corpus/<name>/ (the seed
 * corpora) is fed to the reader called <name> (through ldx_reader_find),
 * or to the query translator for <name> "query".  One test per folder.
 */
#include "unit.h"

#include <dirent.h>
#include <sys/stat.h>

/* A broken promise fails the test instead of aborting the program. */
#define FUZZ_VIOLATION() fail()
#include "../../fuzz/fuzz_query.h"
#include "../../fuzz/fuzz_reader.h"

#define MAX_FOLDERS 64

typedef struct folder {
	char path[512];   /* tests/regress/pubmed */
	char name[256];   /* pubmed */
	char title[600];  /* test name */
} folder;

static folder folders[MAX_FOLDERS];
static size_t nfolders;

static int read_whole(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, got;

	*data = NULL;
	*size = 0;
	if (!f)
		return -1;
	do {
		if (n == cap) {
			uint8_t *grown = realloc(buf, cap = cap ? cap * 2 : 65536);
			if (!grown) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = grown;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*data = buf;
	*size = n;
	return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int replayable(const struct dirent *d)
{
	return d->d_name[0] != '.' && strncmp(d->d_name, "README", 6) != 0;
}

static void replay_folder(void **state)
{
	const folder *f = *state;
	const ldx_reader_ops *ops = NULL;
	fuzz_query_db q;
	struct dirent **names = NULL;
	int n, replayed = 0;

	if (strcmp(f->name, "query") == 0)
		assert_int_equal(fuzz_query_open(&q), 0);
	else if (!(ops = ldx_reader_find(f->name)))
		fail_msg("'%s' names no reader (and is not \"query\")", f->path);
	n = scandir(f->path, &names, replayable, by_name);
	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		char path[1024];
		struct stat sb;
		uint8_t *data;
		size_t size;

		snprintf(path, sizeof path, "%s/%s", f->path, names[i]->d_name);
		free(names[i]);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		/* a saved find is named first, so a crash shows which it was */
		if (strncmp(f->path, "tests/", 6) == 0)
			fprintf(stderr, "# replaying %s\n", path);
		assert_int_equal(read_whole(path, &data, &size), 0);
		if (ops)
			fuzz_reader(ops, data, size);
		else
			fuzz_query_check(&q, data, size);
		free(data);
		replayed++;
	}
	free(names);
	if (!ops)
		fuzz_query_close(&q);
	printf("# %s: %d inputs replayed\n", f->path, replayed);
}

/* Regular files in folder path that a test would replay. */
static int count_inputs(const char *path)
{
	struct dirent **names = NULL;
	int n = scandir(path, &names, replayable, by_name), count = 0;

	for (int i = 0; i < n; i++) {
		char file[1024];
		struct stat sb;
		snprintf(file, sizeof file, "%s/%s", path, names[i]->d_name);
		if (stat(file, &sb) == 0 && S_ISREG(sb.st_mode))
			count++;
		free(names[i]);
	}
	free(names);
	return count;
}

/* Adds a test for each subfolder of root that holds inputs. */
static void collect(const char *root)
{
	struct dirent **names = NULL;
	int n = scandir(root, &names, replayable, by_name);

	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		struct stat sb;
		char path[512];
		snprintf(path, sizeof path, "%s/%s", root, name);
		if (nfolders < MAX_FOLDERS && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    count_inputs(path) > 0) {
			folder *f = &folders[nfolders++];
			snprintf(f->path, sizeof f->path, "%s", path);
			snprintf(f->name, sizeof f->name, "%s", name);
			snprintf(f->title, sizeof f->title, "replay %s/%s", root, name);
		}
		free(names[i]);
	}
	free(names);
}

int main(void)
{
	struct CMUnitTest tests[MAX_FOLDERS];

	collect("fuzz/corpus");
	collect("tests/regress");
	if (nfolders == 0) {
		/* tests run from the repository root; without the seed corpora
		 * there is nothing to replay, which is itself a failure */
		fprintf(stderr, "test_regress: no fuzz/corpus/* folders (run from the repo root)\n");
		return 1;
	}
	for (size_t i = 0; i < nfolders; i++) {
		memset(&tests[i], 0, sizeof tests[i]);
		tests[i].name = folders[i].title;
		tests[i].test_func = replay_folder;
		tests[i].initial_state = &folders[i];
	}
	return _cmocka_run_group_tests("regress", tests, nfolders, NULL, NULL);
}
