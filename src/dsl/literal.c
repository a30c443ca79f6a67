/*
 * literal.c -- evaluate a Python expression of literals and calls (see
 * repr.h: bf_eval_expr).  Used by tests and `battfarm eval --expr`, so a
 * case can be written as CPython would read it and compared with CPython's
 * repr of the result.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/func.h"
#include "pyops.h"
#include "pyset.h"
#include "battfarm/repr.h"

typedef struct {
	bf_ctx *ctx;
	const char *src, *p;
	bool is_const; /* the last expression read was a literal constant */
} reader;

static void skip_ws(reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n')
		r->p++;
}

static _Noreturn void syntax(reader *r, const char *what)
{
	bf_raise(r->ctx, "SyntaxError: %s at column %d", what, (int)(r->p - r->src) + 1);
}

static bool eat(reader *r, char c)
{
	skip_ws(r);
	if (*r->p == c) {
		r->p++;
		return true;
	}
	return false;
}

static bf_val expr(reader *r);

/* Items up to the closing character; *trailing tells whether the last
 * item was followed by a comma (so "(1,)" is a tuple). */
static bf_vec items(reader *r, char close, bool *trailing, bool *all_const)
{
	bf_vec v;
	bf_vec_init(r->ctx, &v, 4);
	*trailing = false;
	*all_const = true;
	if (eat(r, close))
		return v;
	for (;;) {
		bf_vec_push(r->ctx, &v, expr(r));
		*all_const = *all_const && r->is_const;
		*trailing = false;
		if (eat(r, close))
			return v;
		if (!eat(r, ','))
			syntax(r, "expected ',' or closing bracket");
		*trailing = true;
		if (eat(r, close))
			return v;
	}
}

static bf_val name_value(reader *r, const char *name)
{
	bf_val v;
	if (strcmp(name, "True") == 0)
		return bf_bool(true);
	if (strcmp(name, "False") == 0)
		return bf_bool(false);
	if (strcmp(name, "None") == 0)
		return bf_none();
	if (bf_constant_find(r->ctx, name, &v))
		return v;
	const bf_prim *p = bf_prim_find(name);
	if (p)
		return bf_prim_value(p);
	bf_raise(r->ctx, "NameError: name '%s' is not defined", name);
}

static bf_val primary(reader *r)
{
	skip_ws(r);
	const char *start = r->p;
	if (*r->p == '-' || isdigit((unsigned char)*r->p)) {
		bool neg = *r->p == '-';
		if (neg)
			r->p++;
		skip_ws(r);
		if (!isdigit((unsigned char)*r->p))
			syntax(r, "expected a number");
		uint64_t mag = 0;
		while (isdigit((unsigned char)*r->p)) {
			unsigned d = (unsigned)(*r->p - '0');
			if (mag > (UINT64_MAX - d) / 10 ||
			    mag * 10 + d > (uint64_t)INT64_MAX + (neg ? 1u : 0u))
				bf_raise(r->ctx, "OverflowError: integer literal beyond 64 bits at column %d",
					 (int)(start - r->src) + 1);
			mag = mag * 10 + d;
			r->p++;
		}
		r->is_const = true;
		return bf_int(neg ? (int64_t)(0 - mag) : (int64_t)mag);
	}
	if (*r->p == '(') {
		r->p++;
		bool trailing;
		bool konst;
		bf_vec v = items(r, ')', &trailing, &konst);
		if (v.n == 1 && !trailing) {
			r->is_const = konst;
			return v.v[0];
		}
		r->is_const = konst;
		return bf_py_tuple_of(r->ctx, v.v, v.n);
	}
	if (*r->p == '{') {
		r->p++;
		bool trailing;
		bool konst;
		bf_vec v = items(r, '}', &trailing, &konst);
		if (v.n == 0)
			syntax(r, "{} is a dict, not a set");
		bf_val s = bf_set_new(r->ctx);
		for (int64_t i = 0; i < v.n; i++)
			bf_set_add(r->ctx, s, v.v[i]);
		/* CPython compiles a display of more than two constants to a
		 * prebuilt constant whose layout we do not model; such a set
		 * could silently differ, so it is refused. */
		if (konst && v.n > 2)
			syntax(r, "write a constant set as frozenset((a, b, c)), "
				  "a display of constants is laid out by the compiler");
		r->is_const = false;
		return s;
	}
	if (isalpha((unsigned char)*r->p) || *r->p == '_') {
		while (isalnum((unsigned char)*r->p) || *r->p == '_')
			r->p++;
		size_t n = (size_t)(r->p - start);
		char *name = bf_alloc(r->ctx, n + 1);
		memcpy(name, start, n);
		name[n] = '\0';
		if (strcmp(name, "frozenset") == 0 || strcmp(name, "set") == 0) {
			bool frozen = name[0] == 'f';
			if (!eat(r, '('))
				syntax(r, "expected '('");
			bool trailing, konst;
			bf_vec v = items(r, ')', &trailing, &konst);
			r->is_const = false;
			if (v.n == 0)
				return frozen ? bf_fset_empty(r->ctx) : bf_set_new(r->ctx);
			if (v.n > 1)
				syntax(r, "frozenset takes one argument");
			if (bf_is_set(v.v[0]))
				return bf_set_copy(r->ctx, v.v[0], frozen);
			int64_t n2;
			const bf_val *it = bf_py_items(r->ctx, v.v[0], &n2);
			bf_val s = bf_set_new(r->ctx);
			for (int64_t i = 0; i < n2; i++)
				bf_set_add(r->ctx, s, it[i]);
			return frozen ? bf_set_seal(s) : s;
		}
		r->is_const = strcmp(name, "True") == 0 || strcmp(name, "False") == 0 ||
			      strcmp(name, "None") == 0;
		return name_value(r, name);
	}
	syntax(r, "unexpected character");
}

static bf_val expr(reader *r)
{
	bf_val v = primary(r);
	while (eat(r, '(')) {
		bool trailing, konst;
		bf_vec args = items(r, ')', &trailing, &konst);
		r->is_const = false;
		if (args.n > 4)
			syntax(r, "too many arguments");
		v = bf_call(r->ctx, v, (int)args.n, args.v);
	}
	return v;
}

bf_val bf_eval_expr(bf_ctx *ctx, const char *src)
{
	reader r = {ctx, src, src, false};
	bf_val v = expr(&r);
	skip_ws(&r);
	if (*r.p)
		syntax(&r, "trailing text");
	return v;
}
