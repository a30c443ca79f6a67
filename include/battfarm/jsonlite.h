/*
 * jsonlite.h -- a small JSON reader for task files and eval input.
 *
 * Task sets are hundreds of files of little integers; jansson spends most
 * of a load allocating one object per integer.  This reader builds the
 * tree in one arena (freed at once), keeps the line and column of every
 * value for error messages (an array of plain integers, a grid row, is
 * kept unboxed with the position of its '['), and limits nesting so
 * hostile input cannot exhaust the stack.  jansson still writes our JSON output.
 */
#ifndef BATTFARM_JSONLITE_H
#define BATTFARM_JSONLITE_H

#include <stddef.h>
#include <stdint.h>

#include "battfarm/arena.h"

typedef enum jl_kind {
	JL_NULL,
	JL_BOOL,
	JL_INT,    /* fits int64 */
	JL_NUMBER, /* any other number: fraction, exponent, huge */
	JL_STRING,
	JL_ARRAY,
	JL_OBJECT,
} jl_kind;

typedef struct jl_node jl_node;
struct jl_node {
	jl_kind kind;
	int line, col;
	int64_t i;        /* JL_INT, JL_BOOL */
	char *s;          /* JL_STRING (NUL-terminated, unescaped) */
	size_t n;         /* items in an array or object */
	jl_node **items;  /* array items, object values; NULL when ints is set */
	int64_t *ints;    /* an array of only integers keeps them here, unboxed */
	char **keys;      /* object keys */
};

#define JL_MAX_DEPTH 256

/* Parse len bytes.  NULL on error, with "line:col: message" in err. */
jl_node *jl_parse(bf_arena *a, const char *src, size_t len, char *err, size_t errlen);

/* The value of key in an object (the last one if repeated), or NULL. */
jl_node *jl_get(const jl_node *obj, const char *key);

#endif
