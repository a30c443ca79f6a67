/* prim_object.c -- placeholder until the object primitives land. */
#include "battfarm/func.h"

const bf_prim bf_prims_object[] = {
	{NULL, 0, NULL},
};
