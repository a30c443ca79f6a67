/* prim_patch.c -- placeholder until the patch primitives land. */
#include "battfarm/prims.h"
