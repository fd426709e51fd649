/*
 * fuzz_bibtex.c: libFuzzer target for the bibtex reader (src/ingest/bibtex.c);
 * the checks are in fuzz_reader.h.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(&ldx_reader_bibtex, data, size);
}
