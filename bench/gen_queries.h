/*
 * gen_queries.h: writing the benchmark's fixed query workload
 * (bench/gen_queries.c).
 */
#ifndef LITDEX_BENCH_GEN_QUERIES_H
#define LITDEX_BENCH_GEN_QUERIES_H

#include <stdio.h>

#include "gen_record.h"

/*
 * Writes the workload as TSV lines to f, picking terms from records
 * 0 .. query_docs-1.  nf_path: NFCorpus query titles for the lengths of
 * natural-language queries, or NULL.  rec is scratch space.  Sets *count;
 * returns 0, or -1 on out of memory.
 */
int gq_write(FILE *f, const gr_params *p, long query_docs, const char *nf_path,
             gr_record *rec, long *count);

#endif
