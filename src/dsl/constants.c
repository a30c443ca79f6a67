/*
 * constants.c -- the names of arc-dsl's constants.py and their values.
 */
#include <string.h>

#include "battfarm/func.h"

typedef struct {
	const char *name;
	int kind; /* 0 bool, 1 int, 2 pair */
	int64_t a, b;
} constant;

static const constant table[] = {
	{"F", 0, 0, 0},         {"T", 0, 1, 0},
	{"ZERO", 1, 0, 0},      {"ONE", 1, 1, 0},        {"TWO", 1, 2, 0},
	{"THREE", 1, 3, 0},     {"FOUR", 1, 4, 0},       {"FIVE", 1, 5, 0},
	{"SIX", 1, 6, 0},       {"SEVEN", 1, 7, 0},      {"EIGHT", 1, 8, 0},
	{"NINE", 1, 9, 0},      {"TEN", 1, 10, 0},       {"NEG_ONE", 1, -1, 0},
	{"NEG_TWO", 1, -2, 0},  {"DOWN", 2, 1, 0},       {"RIGHT", 2, 0, 1},
	{"UP", 2, -1, 0},       {"LEFT", 2, 0, -1},      {"ORIGIN", 2, 0, 0},
	{"UNITY", 2, 1, 1},     {"NEG_UNITY", 2, -1, -1}, {"UP_RIGHT", 2, -1, 1},
	{"DOWN_LEFT", 2, 1, -1}, {"ZERO_BY_TWO", 2, 0, 2}, {"TWO_BY_ZERO", 2, 2, 0},
	{"TWO_BY_TWO", 2, 2, 2}, {"THREE_BY_THREE", 2, 3, 3},
};

static const constant *lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

bool bf_constant_find(bf_ctx *ctx, const char *name, bf_val *out)
{
	const constant *c = lookup(name);
	if (!c)
		return false;
	if (c->kind == 0)
		*out = bf_bool(c->a != 0);
	else if (c->kind == 1)
		*out = bf_int(c->a);
	else
		*out = bf_pair_ii(ctx, c->a, c->b);
	return true;
}

bool bf_constant_lookup(const char *name, int *kind, int64_t *a, int64_t *b)
{
	const constant *c = lookup(name);
	if (!c)
		return false;
	*kind = c->kind;
	*a = c->a;
	*b = c->b;
	return true;
}

const char *bf_constant_name(const char *name)
{
	const constant *c = lookup(name);
	return c ? c->name : NULL;
}
