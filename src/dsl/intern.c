/*
 * intern.c -- the shared small pairs (see intern.h).
 */
#include <stdlib.h>

#include "intern.h"
#include "battfarm/util.h"

int bf_intern_ready = -1;
uint32_t bf_intern_stamp;
static int forced = -1; /* bf_intern_set's word, over the environment's */

bf_tuple *bf_intern_pairs[BF_INTERN_SPAN * BF_INTERN_SPAN];
/* where the pairs sit: 16,384 pairs of 48 bytes, of which only the pages
 * of the pairs used are ever touched */
static unsigned char *block;

#define PAIR_BYTES (sizeof(bf_tuple) + 2 * sizeof(bf_val))

void bf_intern_set(bool on)
{
	forced = on;
	bf_intern_ready = -1;
}

bool bf_intern_start(void)
{
	bool on = forced >= 0 ? forced : !bf_env_set("BATTFARM_NO_INTERN");
	if (on && !block)
		block = calloc(BF_INTERN_SPAN * BF_INTERN_SPAN, PAIR_BYTES);
	bf_intern_ready = on && block;
	return bf_intern_ready;
}

bf_tuple *bf_intern_make(int64_t i, int64_t j)
{
	size_t k = (size_t)i * BF_INTERN_SPAN + (size_t)j;
	bf_tuple *t = (bf_tuple *)(void *)(block + k * PAIR_BYTES);
	t->n = 2;
	t->it[0] = bf_int(i);
	t->it[1] = bf_int(j);
	/* hashed now, as value.c's pair() hashes a fresh one: it is handed
	 * out only while hashes are unsalted, and a small non-negative int
	 * is its own hash */
	t->hash = bf_tuple_hash2(i, j);
	t->flags = BF_TF_ALLINT | BF_TF_HASHED;
	bf_intern_pairs[k] = t;
	return t;
}
