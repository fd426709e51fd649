/*
 * fuzz_html.c: libFuzzer target for the html reader (src/ingest/html.c);
 * the checks are in fuzz_reader.h.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_reader(&ldx_reader_html, data, size);
}
