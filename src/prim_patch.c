/* prim_patch.c -- placeholder until the patch primitives land. */
#include "battfarm/func.h"

const bf_prim bf_prims_patch[] = {
	{NULL, 0, NULL},
};
