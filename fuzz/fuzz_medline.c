/*
 * fuzz_medline.c: libFuzzer target for the medline reader (src/ingest/medline.c);
 * the checks are in fuzz_reader.h.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(&ldx_reader_medline, data, size);
}
