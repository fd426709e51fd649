/*
 * fuzz_query.c: libFuzzer target for the query translator (src/query.c);
 * the property it checks is in fuzz_query.h.
 */
#include "fuzz_query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static fuzz_query_db q;
	static int ready;

	if (!ready) {
		if (fuzz_query_open(&q) != 0)
			abort();
		ready = 1;
	}
	fuzz_query_check(&q, data, size);
	return 0;
}
