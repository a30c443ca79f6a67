/*
 * jsonlite.c -- the JSON reader (see jsonlite.h).  RFC 8259 syntax, strict:
 * no trailing commas, no comments.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/jsonlite.h"

typedef struct {
	bf_arena *a;
	const char *p, *end, *linestart;
	int line, depth;
	char *err;
	size_t errlen;
	int failed;
} rd;

static jl_node *fail(rd *r, const char *msg)
{
	if (!r->failed)
		snprintf(r->err, r->errlen, "%d:%d: %s", r->line, (int)(r->p - r->linestart) + 1, msg);
	r->failed = 1;
	return NULL;
}

static void *take(rd *r, size_t n)
{
	void *p = bf_arena_alloc(r->a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

static inline void ws(rd *r)
{
	if (r->p < r->end && *r->p > ' ')
		return;
	while (r->p < r->end) {
		char c = *r->p;
		if (c == '\n') {
			r->line++;
			r->linestart = r->p + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		r->p++;
	}
}

static inline jl_node *node(rd *r, jl_kind k)
{
	jl_node *n = bf_arena_alloc(r->a, sizeof(jl_node));
	if (!n)
		return fail(r, "out of memory");
	n->kind = k;
	n->line = r->line;
	n->col = (int)(r->p - r->linestart) + 1;
	n->i = 0;
	n->s = NULL;
	n->n = 0;
	n->items = NULL;
	n->ints = NULL;
	n->keys = NULL;
	return n;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *string(rd *r)
{
	r->p++; /* opening quote */
	const char *start = r->p;
	size_t cap = 0;
	while (r->p < r->end && *r->p != '"') {
		if (*r->p == '\\')
			r->p++;
		else if ((unsigned char)*r->p < 0x20) {
			fail(r, "control character in string");
			return NULL;
		}
		r->p++;
		cap++;
	}
	if (r->p >= r->end) {
		fail(r, "unterminated string");
		return NULL;
	}
	char *out = take(r, cap * 3 + 1), *o = out;
	if (!out) {
		fail(r, "out of memory");
		return NULL;
	}
	for (const char *q = start; q < r->p; q++) {
		if (*q != '\\') {
			*o++ = *q;
			continue;
		}
		q++;
		switch (*q) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned v = 0;
			for (int k = 1; k <= 4; k++) {
				int h = q + k < r->p ? hexval(q[k]) : -1;
				if (h < 0) {
					fail(r, "bad \\u escape");
					return NULL;
				}
				v = v * 16 + (unsigned)h;
			}
			q += 4;
			if (v == 0)
				v = 0xFFFD; /* an embedded NUL would cut the string short */
			if (v < 0x80) {
				*o++ = (char)v;
			} else if (v < 0x800) {
				*o++ = (char)(0xC0 | (v >> 6));
				*o++ = (char)(0x80 | (v & 0x3F));
			} else {
				*o++ = (char)(0xE0 | (v >> 12));
				*o++ = (char)(0x80 | ((v >> 6) & 0x3F));
				*o++ = (char)(0x80 | (v & 0x3F));
			}
			break;
		}
		default:
			fail(r, "bad escape in string");
			return NULL;
		}
	}
	*o = '\0';
	r->p++; /* closing quote */
	return out;
}

static jl_node *value(rd *r);

static jl_node *number(rd *r)
{
	jl_node *n = node(r, JL_INT);
	if (!n)
		return NULL;
	/* ARC files are almost all one-digit cells: "d," or "d]" */
	if (r->end - r->p >= 2 && r->p[0] >= '0' && r->p[0] <= '9' &&
	    (r->p[1] == ',' || r->p[1] == ']' || r->p[1] == ' ')) {
		n->i = r->p[0] - '0';
		r->p++;
		return n;
	}
	const char *s = r->p;
	int neg = 0;
	if (*r->p == '-') {
		neg = 1;
		r->p++;
	}
	if (r->p >= r->end || *r->p < '0' || *r->p > '9')
		return fail(r, "bad number");
	uint64_t mag = 0;
	int big = 0;
	if (*r->p == '0' && r->p + 1 < r->end && r->p[1] >= '0' && r->p[1] <= '9')
		return fail(r, "leading zero in number");
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
		unsigned d = (unsigned)(*r->p - '0');
		if (mag > (UINT64_MAX - d) / 10)
			big = 1;
		else
			mag = mag * 10 + d;
		r->p++;
	}
	int frac = 0;
	if (r->p < r->end && *r->p == '.') {
		frac = 1;
		r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9')
			return fail(r, "bad number");
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		frac = 1;
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9')
			return fail(r, "bad number");
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (frac || big || mag > (uint64_t)INT64_MAX + (uint64_t)neg) {
		n->kind = JL_NUMBER;
		(void)s;
		return n;
	}
	n->i = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	return n;
}

static int literal(rd *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) >= n && memcmp(r->p, word, n) == 0) {
		r->p += n;
		return 1;
	}
	return 0;
}

/* items of an array or object, grown by doubling in the arena */
static int grow(rd *r, jl_node *n, size_t *cap, int with_keys)
{
	if (n->n < *cap)
		return 1;
	size_t nc = *cap ? *cap * 2 : 8;
	jl_node **items = take(r, nc * sizeof(jl_node *));
	char **keys = with_keys ? take(r, nc * sizeof(char *)) : NULL;
	if (!items || (with_keys && !keys)) {
		fail(r, "out of memory");
		return 0;
	}
	if (n->n) {
		memcpy(items, n->items, n->n * sizeof(jl_node *));
		if (with_keys)
			memcpy(keys, n->keys, n->n * sizeof(char *));
	}
	n->items = items;
	n->keys = keys;
	*cap = nc;
	return 1;
}

/* An array holding only integers ("[1, 0, -3]"), read straight into an
 * int array.  Returns false, having consumed nothing, for anything else
 * (including malformed numbers and ints beyond 64 bits), which the general
 * path then reads and reports. */
static bool int_array(rd *r, jl_node *n)
{
	const char *q = r->p + 1;
	size_t commas = 0, digits = 0;
	for (; q < r->end && *q != ']'; q++) {
		char c = *q;
		if (c == ',')
			commas++;
		else if (c >= '0' && c <= '9')
			digits++;
		else if (c != '-' && c != ' ' && c != '\t' && c != '\r' && c != '\n')
			return false;
	}
	if (q >= r->end || digits == 0)
		return false;
	size_t count = commas + 1;
	int64_t *ints = bf_arena_alloc(r->a, count * sizeof(int64_t));
	if (!ints)
		return false;
	const char *p = r->p + 1;
	int line = r->line;
	const char *ls = r->linestart;
	for (size_t k = 0; k < count; k++) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			if (*p == '\n') {
				line++;
				ls = p + 1;
			}
			p++;
		}
		bool neg = *p == '-';
		if (neg)
			p++;
		if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9'))
			return false;
		uint64_t mag = 0;
		while (*p >= '0' && *p <= '9') {
			if (mag > ((uint64_t)INT64_MAX - 9) / 10)
				return false;
			mag = mag * 10 + (uint64_t)(*p++ - '0');
		}
		ints[k] = neg ? -(int64_t)mag : (int64_t)mag;
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			if (*p == '\n') {
				line++;
				ls = p + 1;
			}
			p++;
		}
		if (*p != (k + 1 < count ? ',' : ']'))
			return false;
		p++;
	}
	n->ints = ints;
	n->n = count;
	r->p = p;
	r->line = line;
	r->linestart = ls;
	return true;
}

static jl_node *container(rd *r, int is_obj)
{
	jl_node *n = node(r, is_obj ? JL_OBJECT : JL_ARRAY);
	if (!n)
		return NULL;
	if (!is_obj && int_array(r, n))
		return n;
	if (++r->depth > JL_MAX_DEPTH)
		return fail(r, "nested too deep");
	char close = is_obj ? '}' : ']';
	size_t cap = 0;
	r->p++;
	ws(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		r->depth--;
		return n;
	}
	for (;;) {
		char *key = NULL;
		if (is_obj) {
			ws(r);
			if (r->p >= r->end || *r->p != '"')
				return fail(r, "expected a string key");
			key = string(r);
			if (!key)
				return NULL;
			ws(r);
			if (r->p >= r->end || *r->p != ':')
				return fail(r, "expected ':'");
			r->p++;
		}
		jl_node *v = value(r);
		if (!v)
			return NULL;
		if (!grow(r, n, &cap, is_obj))
			return NULL;
		n->items[n->n] = v;
		if (is_obj)
			n->keys[n->n] = key;
		n->n++;
		ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			r->depth--;
			return n;
		}
		return fail(r, is_obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static jl_node *value(rd *r)
{
	ws(r);
	if (r->p >= r->end)
		return fail(r, "unexpected end of input");
	char c = *r->p;
	if (c == '{')
		return container(r, 1);
	if (c == '[')
		return container(r, 0);
	if (c == '"') {
		jl_node *n = node(r, JL_STRING);
		if (!n)
			return NULL;
		n->s = string(r);
		return n->s ? n : NULL;
	}
	if (c == '-' || (c >= '0' && c <= '9'))
		return number(r);
	jl_node *n = node(r, JL_NULL);
	if (!n)
		return NULL;
	if (literal(r, "null"))
		return n;
	n->kind = JL_BOOL;
	if (literal(r, "true")) {
		n->i = 1;
		return n;
	}
	if (literal(r, "false"))
		return n;
	return fail(r, "unexpected character");
}

jl_node *jl_parse(bf_arena *a, const char *src, size_t len, char *err, size_t errlen)
{
	rd r = {a, src, src + len, src, 1, 0, err, errlen, 0};
	jl_node *v = value(&r);
	if (!v)
		return NULL;
	ws(&r);
	if (r.p != r.end)
		return fail(&r, "unexpected text after the value");
	return v;
}

jl_node *jl_get(const jl_node *obj, const char *key)
{
	if (!obj || obj->kind != JL_OBJECT)
		return NULL;
	jl_node *found = NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			found = obj->items[i];
	return found;
}
