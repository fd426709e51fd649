/*
 * fuzz_ris.c: libFuzzer target for the ris reader (src/ingest/ris.c);
 * the checks are in fuzz_reader.h.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(&ldx_reader_ris, data, size);
}
