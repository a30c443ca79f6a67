/* prim_container.c -- placeholder until the container primitives land. */
#include "battfarm/prims.h"
