/*
 * fuzz_parser.c -- libFuzzer target: any bytes as a program file.  Parsing
 * must end in programs or file:line:col errors; every program that parses
 * must inline and expand (or be refused as too large) without a crash.
 */
#include <stdint.h>
#include <stdlib.h>

#include "battfarm/inline.h"
#include "battfarm/program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bf_library lib;
	bf_library_init(&lib);
	bf_library_parse(&lib, "fuzz.py", (const char *)data, size);
	for (int i = 0; i < lib.n; i++) {
		/* generated inputs can double without bound; the length check
		 * is linear, the text itself only when it is small */
		size_t want = bf_inline_len(lib.progs[i], BF_PROG_SOLVER);
		if (want > ((size_t)1 << 20))
			continue;
		size_t len;
		free(bf_inline_text(lib.progs[i], BF_PROG_SOLVER, &len));
		free(bf_expand_text(lib.progs[i], BF_PROG_DIFFER, &len));
	}
	bf_library_release(&lib);
	return 0;
}
