/*
 * fuzz_pubmed.c: libFuzzer target for the pubmed reader (src/ingest/pubmed.c);
 * the checks are in fuzz_reader.h.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(&ldx_reader_pubmed, data, size);
}
