/*
 * gen_model.h: the word statistics the benchmark corpus generator samples
 * from (bench/gen_model.c), learned at run time from sample text: the
 * repository's corpus/ and, when present, ../shared/data.  Nothing learned
 * is ever written back into the repository; the generator only writes
 * synthetic records to a scratch folder.
 *
 * The model holds:
 *  - a unigram table (every learned word form with its count), sampled
 *    by rank, which gives the Zipfian head of the vocabulary;
 *  - a bigram successor table (pairs seen at least twice), which makes
 *    phrases like "breast cancer" recur as they do in real abstracts;
 *  - empirical distributions: sentence lengths, title lengths (words),
 *    MeSH headings per record, the spread of abstract lengths (sigma of
 *    log length);
 *  - MeSH headings and author last names with their counts.
 * Words never seen in the sample (the Heaps'-law tail, gene and drug
 * names, numbers) are made by bench/gen.c from ranks, not learned.
 *
 * Ownership: gm_model_free() releases everything the model holds; strings
 * returned by the sampling functions belong to the model.
 */
#ifndef LITDEX_BENCH_GEN_MODEL_H
#define LITDEX_BENCH_GEN_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* Deterministic random numbers (xoshiro256**), one state per record. */
typedef struct gm_rng {
	uint64_t s[4];
} gm_rng;

void gm_rng_seed(gm_rng *r, uint64_t seed, uint64_t stream);
uint64_t gm_rng_next(gm_rng *r);
double gm_rng_unit(gm_rng *r);          /* [0, 1) */
double gm_rng_normal(gm_rng *r);        /* standard normal */
uint64_t gm_mix(uint64_t x);            /* splitmix64 finaliser */

/* A cumulative table for sampling items by weight. */
typedef struct gm_cdf {
	uint64_t *cum;      /* cum[i] = weight of items 0..i */
	size_t n;
} gm_cdf;

size_t gm_cdf_sample(const gm_cdf *c, gm_rng *r);

#define GM_BOS 0        /* word id 0: the sentence start marker */

typedef struct gm_model {
	/* words: id -> form and count; ids are assigned in first-seen order */
	char **word;
	uint64_t *count;
	uint32_t nword, capword;
	uint32_t *slots;            /* open-addressing hash of word ids + 1 */
	uint32_t nslots;
	/* unigram by rank: by_rank[i] is the id of the i-th most frequent word */
	uint32_t *by_rank, *rank_of;
	gm_cdf unigram;
	/* bigrams while learning (key a<<32|b), then successor lists */
	uint64_t *bg_key;
	uint32_t *bg_count;
	size_t bg_n, bg_cap;
	uint32_t *succ_start;       /* nword + 1 entries */
	uint32_t *succ_id;
	uint64_t *succ_cum;         /* per word, cumulative counts over its range */
	/* distributions */
	int *sent_len, *title_len, *mesh_per_rec;
	size_t nsent_len, ntitle_len, nmesh_per_rec, cap_sent, cap_title, cap_mesh;
	double abs_log_sum, abs_log_sq;
	long abs_n, docs, docs_without_abstract;
	uint64_t tokens;
	/* MeSH headings and last names, with counts */
	char **mesh;
	uint64_t *mesh_count;
	size_t nmesh, capmesh;
	uint32_t *mesh_slots;
	uint32_t nmesh_slots;
	gm_cdf mesh_cdf;
	char **name;
	uint64_t *name_count;
	size_t nname, capname;
	uint32_t *name_slots;
	uint32_t nname_slots;
	gm_cdf name_cdf;
	long files;
} gm_model;

/* Returns 0, or -1 on out of memory (the model is then unusable). */
int gm_model_init(gm_model *m);
void gm_model_free(gm_model *m);

/*
 * Learns from one record: title and abstract text (either may be NULL),
 * MeSH headings and author names as lists separated by sep (";" for the
 * CSV exports), each may be NULL.  Authors are "Last, F M" or "Last FM";
 * only the last name is kept.
 */
int gm_learn_record(gm_model *m, const char *title, const char *abstract, const char *mesh,
                    const char *authors, const char *sep);

/*
 * Learns from a file or folder (recursively) in one of the formats
 * "csv" (title, abstract, keywords = MeSH, authors columns),
 * "xml" (PubMed XML, plain or gzip), "pubtator" (id|t|title, id|a|abstract)
 * or "plain" (first line the title, the rest the abstract).
 * Returns the number of records learned, or -1 on out of memory.
 * Unreadable files are skipped.
 */
long gm_learn_path(gm_model *m, const char *format, const char *path);

/* Builds the sampling tables; call once after learning.  0 or -1. */
int gm_model_finish(gm_model *m);

/* Sampling (after gm_model_finish). */
uint32_t gm_sample_word(const gm_model *m, gm_rng *r);          /* never GM_BOS */
/* A successor of prev, or 0 when prev has none. */
uint32_t gm_sample_next(const gm_model *m, uint32_t prev, gm_rng *r);
int gm_sample_sentence_len(const gm_model *m, gm_rng *r);
int gm_sample_title_len(const gm_model *m, gm_rng *r);
int gm_sample_mesh_count(const gm_model *m, gm_rng *r);
const char *gm_sample_mesh(const gm_model *m, gm_rng *r);
const char *gm_sample_name(const gm_model *m, gm_rng *r);
/* A word of rank at least min_rank that is all lower-case letters, of
 * length 3 or more: what people type as a search term. */
uint32_t gm_sample_content(const gm_model *m, gm_rng *r, uint32_t min_rank);
int gm_is_content(const gm_model *m, uint32_t id, uint32_t min_rank);
double gm_abs_log_sigma(const gm_model *m);

#endif
