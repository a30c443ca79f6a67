/* prim_object.c -- placeholder until the object primitives land. */
#include "battfarm/prims.h"
