/*
 * fuzz_frame.c -- libFuzzer target: any bytes as a pipe frame.  Decoding
 * must accept only well-formed frames and never read past the input.
 */
#include <stdint.h>
#include <string.h>

#include "battfarm/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t type;
	const void *payload;
	const char *err;
	if (bf_frame_decode(data, size, &type, &payload, &err) == 0) {
		char copy[BF_FRAME_MAX];
		int n = bf_frame_payload_len(type);
		if (n < 0 || (size_t)n > sizeof(copy))
			__builtin_trap(); /* decode accepted a frame it should not have */
		memcpy(copy, payload, (size_t)n);
	}
	return 0;
}
