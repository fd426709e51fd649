/*
 * gen.c: bench-gen, the benchmark corpus generator.  It learns word
 * statistics from sample records (bench/gen_model.c), then writes N
 * synthetic PubMed records (bench/gen_record.c) into XML files of
 * --per-file records each, like PubMed's baseline files; optionally the
 * same titles and abstracts as a text file for the bare FTS5 baseline
 * (fields separated by 0x1F, records by 0x1E: the sqlite3 shell's ascii
 * mode), the query workload (bench/gen_queries.c) and figures about the
 * corpus as JSON.  Everything is deterministic from --seed and the sample.
 *
 * usage: bench-gen --learn FORMAT:PATH... [--records N] [--out DIR]
 *          [--per-file K] [--seed S] [--text FILE] [--stats FILE]
 *          [--queries FILE --query-docs M [--nfcorpus FILE]]
 *          [--abstract-mean CHARS] [--no-abstract SHARE]
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen_model.h"
#include "gen_queries.h"
#include "gen_record.h"

#define MAX_LEARN 32

typedef struct totals {
	long records, files, with_abstract, with_keywords, with_mesh, title_words;
	double xml_bytes, title_bytes, abstract_bytes, keyword_bytes, mesh_bytes;
	double abs_sq;
} totals;

static void usage(void)
{
	fprintf(stderr,
	        "usage: bench-gen --learn FORMAT:PATH... [--records N] [--out DIR] [--per-file K]\n"
	        "         [--seed S] [--text FILE] [--stats FILE] [--queries FILE --query-docs M\n"
	        "         [--nfcorpus FILE]] [--abstract-mean CHARS] [--no-abstract SHARE]\n"
	        "FORMAT is csv, xml, pubtator or plain\n");
}

static FILE *open_out(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "bench-gen: cannot write '%s': %s\n", path, strerror(errno));
	else
		setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static size_t list_bytes(const gr_record *rec)
{
	size_t n = 0;
	for (int i = 0; i < rec->nkw; i++)
		n += rec->kw[i].len + 1 + ((rec->kw[i].flags & GT_END) != 0);
	return n;
}

static int write_corpus(const gr_params *p, long records, long per_file, const char *dir,
                        FILE *text, totals *t, gr_record *rec)
{
	FILE *f = NULL;
	for (long i = 0; i < records; i++) {
		if (i % per_file == 0) {
			char path[4096];
			if (f && (fputs("</PubmedArticleSet>\n", f) < 0 || fclose(f) != 0))
				return -1;
			snprintf(path, sizeof path, "%s/pubmed-bench-%05ld.xml", dir, i / per_file + 1);
			if (!(f = open_out(path)))
				return -1;
			t->xml_bytes += fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			                           "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD "
			                           "PubMedArticle, 1st January 2024//EN\" "
			                           "\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/"
			                           "pubmed_240101.dtd\">\n<PubmedArticleSet>\n");
			t->files++;
		}
		gr_generate(p, i, rec);
		t->xml_bytes += (double)gr_write_xml(f, p, rec);
		t->records++;
		t->title_words += rec->ntitle;
		t->with_abstract += rec->nabs > 0;
		t->with_keywords += rec->nkw > 0;
		t->with_mesh += rec->nmesh > 0;
		t->keyword_bytes += (double)list_bytes(rec);
		for (int k = 0; k < rec->nmesh; k++)
			t->mesh_bytes += (double)strlen(rec->mesh[k]) + 2;
		if (text) {
			t->title_bytes += (double)gr_write_text(text, rec->title, rec->ntitle, 0);
			putc(0x1f, text);
			double ab = (double)gr_write_text(text, rec->abs, rec->nabs, 0);
			putc(0x1e, text);
			t->abstract_bytes += ab;
			t->abs_sq += ab * ab;
		}
	}
	if (f && (fputs("</PubmedArticleSet>\n", f) < 0 || fclose(f) != 0))
		return -1;
	return 0;
}

static double sqrt_nonneg(double x)
{
	return x > 0 ? sqrt(x) : 0.0;
}

static void write_stats(FILE *f, const gm_model *m, const gr_params *p, const totals *t,
                        long queries)
{
	double wa = t->with_abstract ? (double)t->with_abstract : 1;
	if (!t->records) {
		/* a workload-only run: what was learned, and the query count */
		fprintf(f, "{\"seed\": %llu, \"queries\": %ld, \"files\": %ld, \"records\": %ld, "
		           "\"tokens\": %llu, \"words\": %u, \"mesh_terms\": %zu, \"names\": %zu}\n",
		        (unsigned long long)p->seed, queries, m->files, m->docs,
		        (unsigned long long)m->tokens, m->nword - 1, m->nmesh, m->nname);
		return;
	}
	double mean = t->abstract_bytes / wa;
	size_t bigrams = m->succ_start[m->nword];
	fprintf(f,
	        "{\"seed\": %llu, \"records\": %ld, \"files\": %ld, \"xml_bytes\": %.0f,\n"
	        " \"title_bytes\": %.0f, \"abstract_bytes\": %.0f, \"keyword_bytes\": %.0f,"
	        " \"mesh_bytes\": %.0f,\n"
	        " \"with_abstract\": %ld, \"with_keywords\": %ld, \"with_mesh\": %ld,\n"
	        " \"title_words_mean\": %.2f, \"abstract_chars_mean\": %.1f,"
	        " \"abstract_chars_sd\": %.1f, \"queries\": %ld,\n"
	        " \"learned\": {\"files\": %ld, \"records\": %ld, \"tokens\": %llu, \"words\": %u,"
	        " \"bigrams\": %zu, \"mesh_terms\": %zu, \"names\": %zu,"
	        " \"abstract_log_sigma\": %.3f}}\n",
	        (unsigned long long)p->seed, t->records, t->files, t->xml_bytes, t->title_bytes,
	        t->abstract_bytes, t->keyword_bytes, t->mesh_bytes, t->with_abstract,
	        t->with_keywords, t->with_mesh,
	        t->records ? (double)t->title_words / (double)t->records : 0.0, mean,
	        t->with_abstract > 1 ? sqrt_nonneg(t->abs_sq / wa - mean * mean) : 0.0, queries,
	        m->files, m->docs, (unsigned long long)m->tokens, m->nword - 1, bigrams, m->nmesh,
	        m->nname, p->abs_sigma);
}

int main(int argc, char **argv)
{
	const char *learn[MAX_LEARN], *out_dir = NULL, *text_path = NULL, *stats_path = NULL;
	const char *queries_path = NULL, *nf_path = NULL;
	long records = 0, per_file = 30000, query_docs = 0, nqueries = 0;
	double abstract_mean = 1500, no_abstract = 0.12;
	unsigned long long seed = 42;
	int nlearn = 0, status = 1;
	gm_model m;
	gr_params p;
	totals t;
	FILE *text = NULL;
	gr_record *rec = malloc(sizeof *rec);

	memset(&t, 0, sizeof t);
	memset(&p, 0, sizeof p);
	if (!rec || gm_model_init(&m)) {
		fprintf(stderr, "bench-gen: out of memory\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v) {
			usage();
			goto out;
		}
		i++;
		if (!strcmp(a, "--learn") && nlearn < MAX_LEARN)
			learn[nlearn++] = v;
		else if (!strcmp(a, "--records"))
			records = atol(v);
		else if (!strcmp(a, "--per-file"))
			per_file = atol(v);
		else if (!strcmp(a, "--out"))
			out_dir = v;
		else if (!strcmp(a, "--seed"))
			seed = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--text"))
			text_path = v;
		else if (!strcmp(a, "--stats"))
			stats_path = v;
		else if (!strcmp(a, "--queries"))
			queries_path = v;
		else if (!strcmp(a, "--query-docs"))
			query_docs = atol(v);
		else if (!strcmp(a, "--nfcorpus"))
			nf_path = v;
		else if (!strcmp(a, "--abstract-mean"))
			abstract_mean = atof(v);
		else if (!strcmp(a, "--no-abstract"))
			no_abstract = atof(v);
		else {
			usage();
			goto out;
		}
	}
	if (!nlearn || per_file < 1 || (records > 0 && !out_dir) || abstract_mean < 100 ||
	    (queries_path && query_docs < 1)) {
		usage();
		goto out;
	}
	for (int i = 0; i < nlearn; i++) {
		char fmt[16];
		const char *colon = strchr(learn[i], ':');
		if (!colon || colon - learn[i] >= (long)sizeof fmt) {
			usage();
			goto out;
		}
		snprintf(fmt, sizeof fmt, "%.*s", (int)(colon - learn[i]), learn[i]);
		if (gm_learn_path(&m, fmt, colon + 1) < 0) {
			fprintf(stderr, "bench-gen: out of memory while learning\n");
			goto out;
		}
	}
	if (gm_model_finish(&m)) {
		fprintf(stderr, "bench-gen: learned too little text (%ld records) to generate from\n",
		        m.docs);
		goto out;
	}
	if (gr_params_init(&p, &m, seed, abstract_mean, no_abstract)) {
		fprintf(stderr, "bench-gen: out of memory\n");
		goto out;
	}
	if (records > 0) {
		if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "bench-gen: cannot create '%s': %s\n", out_dir, strerror(errno));
			goto out;
		}
		if (text_path && !(text = open_out(text_path)))
			goto out;
		if (write_corpus(&p, records, per_file, out_dir, text, &t, rec) ||
		    (text && fclose(text) != 0)) {
			text = NULL;
			fprintf(stderr, "bench-gen: write failed: %s\n", strerror(errno));
			goto out;
		}
		text = NULL;
	}
	if (queries_path) {
		FILE *q = open_out(queries_path);
		if (!q)
			goto out;
		int rc = gq_write(q, &p, query_docs, nf_path, rec, &nqueries);
		if (fclose(q) != 0 || rc) {
			fprintf(stderr, "bench-gen: cannot write the queries\n");
			goto out;
		}
	}
	if (stats_path) {
		FILE *s = open_out(stats_path);
		if (!s)
			goto out;
		write_stats(s, &m, &p, &t, nqueries);
		if (fclose(s) != 0)
			goto out;
	}
	status = 0;
out:
	if (text)
		fclose(text);
	gr_params_free(&p);
	gm_model_free(&m);
	free(rec);
	return status;
}
