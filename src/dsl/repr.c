/*
 * repr.c -- Python's repr() of values (see repr.h).
 */
#include <stdio.h>
#include <string.h>

#include "battfarm/func.h"
#include "pyset.h"
#include "battfarm/repr.h"
#include "battfarm/util.h"

typedef struct {
	bf_ctx *ctx;
	char *buf;
	size_t len, cap;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap * 2 > b->len + n + 1 ? b->cap * 2 : b->len + n + 64;
		char *nb = bf_alloc(b->ctx, cap);
		if (b->len)
			memcpy(nb, b->buf, b->len);
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

static void puts_(sbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* v's repr; a container nested more than room levels deep raises
 * RecursionError, as CPython's repr does. */
static void emit(sbuf *b, bf_val v, int room)
{
	char tmp[32];
	if ((v.kind == BF_TUPLE || bf_is_set(v)) && room <= 0)
		bf_raise_recursion(b->ctx, "while getting the repr of an object");
	switch (v.kind) {
	case BF_NONE:
		puts_(b, "None");
		break;
	case BF_BOOL:
		puts_(b, v.u.i ? "True" : "False");
		break;
	case BF_INT: {
		char *start = bf_fmt_i64(tmp + sizeof(tmp), v.u.i);
		put(b, start, (size_t)(tmp + sizeof(tmp) - start));
		break;
	}
	case BF_TUPLE: {
		bf_tuple *t = v.u.t;
		puts_(b, "(");
		for (int64_t i = 0; i < t->n; i++) {
			if (i)
				puts_(b, ", ");
			emit(b, t->it[i], room - 1);
		}
		puts_(b, t->n == 1 ? ",)" : ")");
		break;
	}
	case BF_FSET:
	case BF_SET: {
		bf_set *s = v.u.s;
		bool frozen = v.kind == BF_FSET;
		if (s->used == 0) {
			puts_(b, frozen ? "frozenset()" : "set()");
			break;
		}
		puts_(b, frozen ? "frozenset({" : "{");
		bool firstone = true;
		bf_val k;
		BF_SET_FOREACH(s, k) {
			if (!firstone)
				puts_(b, ", ");
			firstone = false;
			emit(b, k, room - 1);
		}
		puts_(b, frozen ? "})" : "}");
		break;
	}
	case BF_FUNC:
		puts_(b, "<function ");
		puts_(b, v.u.f->kind == BF_FN_PRIM ? v.u.f->prim->name : "<lambda>");
		puts_(b, ">");
		break;
	default:
		puts_(b, "<slot>");
	}
}

char *bf_repr(bf_ctx *ctx, bf_val v)
{
	sbuf b = {ctx, NULL, 0, 0};
	put(&b, "", 0);
	emit(&b, v, BF_MAX_DEPTH - ctx->depth);
	return b.buf;
}
