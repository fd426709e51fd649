/*
 * gen_record.h: one synthetic PubMed record of the benchmark corpus
 * (bench/gen_record.c).  A record is a pure function of the seed, its
 * index and the learned model, so the first M records of any corpus are
 * the same whatever N is, and the query generator can regenerate any
 * record to pick its search terms from it.
 *
 * Ownership: every string a record points to belongs either to the model
 * or to the record's own arena; both outlive the record's use.
 */
#ifndef LITDEX_BENCH_GEN_RECORD_H
#define LITDEX_BENCH_GEN_RECORD_H

#include <stdio.h>

#include "gen_model.h"

#define GR_MAX_TITLE 80
#define GR_MAX_ABS 2400
#define GR_MAX_KW 48
#define GR_MAX_MESH 40
#define GR_MAX_AUTHORS 40
#define GR_MAX_TOPIC 8
#define GR_NJOURNALS 5000
#define GR_ARENA (128 * 1024)
#define GR_YEAR_LAST 2024
#define GR_YEAR_FIRST 1960

enum {
	GT_COMMA = 1,     /* a comma follows */
	GT_END = 2,       /* the sentence ends after it */
	GT_ENTITY = 4,    /* a gene, drug or other named entity */
	GT_NUMBER = 8,
	GT_TAIL = 16      /* a rare word from the unbounded tail */
};

typedef struct gr_tok {
	const char *s;
	unsigned short len;
	unsigned char flags;
	unsigned id;      /* model word id, 0 for made-up tokens */
} gr_tok;

typedef struct gr_author {
	const char *last, *fore;
	char initials[4];
	const char *affiliation;  /* NULL: none */
} gr_author;

/* Settings shared by every record of a corpus. */
typedef struct gr_params {
	uint64_t seed;
	double abstract_mean;     /* mean abstract length in characters */
	double no_abstract;       /* share of records without an abstract */
	long first_pmid;
	const gm_model *model;
	gm_cdf journal_cdf;       /* Zipfian popularity of the journals */
	double abs_mu, abs_sigma; /* lognormal abstract length */
} gr_params;

typedef struct gr_record {
	long index, pmid;
	int year, month, day;
	int journal;              /* 0 .. GR_NJOURNALS-1 */
	gr_tok title[GR_MAX_TITLE];
	int ntitle;
	gr_tok abs[GR_MAX_ABS];
	int nabs;
	int structured;           /* sections BACKGROUND, METHODS, RESULTS, CONCLUSIONS */
	int sect_start[5];        /* token index where each section starts; [4] = nabs */
	gr_tok kw[GR_MAX_KW];     /* author keywords; GT_END ends each keyword */
	int nkw;
	const char *mesh[GR_MAX_MESH];
	char mesh_major[GR_MAX_MESH];
	const char *mesh_qualifier[GR_MAX_MESH];
	int nmesh;
	gr_author authors[GR_MAX_AUTHORS];
	int nauthors;
	int nrefs;                /* references in the PubmedData reference list */
	int pub_review, pub_trial;
	const char *language;
	unsigned topic[GR_MAX_TOPIC];
	int ntopic;
	const char *entity[3];
	int nentity;
	char arena[GR_ARENA];
	size_t arena_len;
} gr_record;

/* Returns 0, or -1 on out of memory; gr_params_free releases it. */
int gr_params_init(gr_params *p, const gm_model *m, uint64_t seed, double abstract_mean,
                   double no_abstract);
void gr_params_free(gr_params *p);

/* Fills rec with record number index. */
void gr_generate(const gr_params *p, long index, gr_record *rec);

/* Journal j's full title and ISO abbreviation, written to the buffers. */
void gr_journal(const gm_model *m, int j, char *title, size_t tn, char *abbrev, size_t an);

/* Writes the text of n tokens as sentences (capitalised, commas, full
 * stops) to f; returns the bytes written.  xml escapes &, <, >. */
size_t gr_write_text(FILE *f, const gr_tok *t, int n, int xml);

/* Writes the record as one PubmedArticle element; returns the bytes. */
size_t gr_write_xml(FILE *f, const gr_params *p, const gr_record *rec);

#endif
