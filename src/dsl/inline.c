/*
 * inline.c -- a program's inlined and expanded texts (see inline.h).
 *
 * Inlined text: a first pass computes the text length of every slot's
 * expression, slot by slot (linear in the program's trees), so the text is
 * allocated once at its exact size.  The second pass writes it with an
 * explicit stack (inlined expressions nest as deep as the chain of
 * variables, which a hostile file can make long); the first occurrence of
 * a variable is written out and remembered as an (offset, length) span of
 * the buffer, every later one is a memcpy of that span.
 *
 * Expanded text: expressions are hash-consed, so two sub-expressions get
 * the same id exactly when their inlined texts are equal (the printed form
 * parses back uniquely), without building those texts.  A post-order walk
 * of the resulting DAG from the returned expression, callee first, then
 * arguments left to right, names each new call x1, x2, ... as Python would
 * evaluate them.
 *
 * Callers: phase 2 of the pipeline, the store (phase 3b, 4), and
 * `battfarm inline` / `battfarm expand`.
 */
#include <inttypes.h>
#include <md5.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/inline.h"
#include "battfarm/util.h"

#define UNSET SIZE_MAX
/* lengths saturate here, one past the largest text we build */
#define LEN_CAP (BF_INLINE_MAX + 1)

static const char *header(bf_prog_kind kind)
{
	return kind == BF_PROG_DIFFER ? "def differ(S, I, C):\n" : "def solve(S, I, C):\n";
}

static size_t add_sat(size_t a, size_t b)
{
	return a >= LEN_CAP || b >= LEN_CAP - a ? LEN_CAP : a + b;
}

/* The text of a node that is neither a call nor a variable, as Python's
 * ast.unparse prints it: names as written, integer literals in decimal
 * (a written '-' kept, so -0 stays -0).  buf holds at least 48 bytes. */
static size_t leaf_text(const bf_node *n, char *buf, const char **out)
{
	if (n->name) {
		*out = n->name;
		return strlen(n->name);
	}
	int k;
	switch ((bf_node_kind)n->kind) {
	case BF_N_INT:
		if (n->minus)
			k = snprintf(buf, 48, "-%" PRIu64, (uint64_t)0 - (uint64_t)n->imm);
		else
			k = snprintf(buf, 48, "%" PRId64, n->imm);
		break;
	case BF_N_BOOL:
		k = snprintf(buf, 48, "%s", n->imm ? "True" : "False");
		break;
	case BF_N_PAIR:
		k = snprintf(buf, 48, "(%" PRId64 ", %" PRId64 ")", n->imm, n->imm2);
		break;
	default:
		k = snprintf(buf, 48, "?");
		break;
	}
	*out = buf;
	return (size_t)k;
}

/* ---- inlined text ---- */

/* Text length of one expression; variables are looked up in slot_len.
 * Recursion is bounded by the parser's nesting limit. */
static size_t expr_len(const bf_node *n, const size_t *slot_len)
{
	char buf[48];
	const char *s;
	switch ((bf_node_kind)n->kind) {
	case BF_N_VAR:
		return slot_len[n->index];
	case BF_N_CALL: {
		size_t len = add_sat(expr_len(n->callee, slot_len), 2);
		for (int i = 0; i < n->nargs; i++) {
			len = add_sat(len, expr_len(n->args[i], slot_len));
			if (i)
				len = add_sat(len, 2);
		}
		return len;
	}
	default:
		return leaf_text(n, buf, &s);
	}
}

/* Per-slot lengths (malloc'd into *slot_len) and the total text length,
 * LEN_CAP when too long. */
static size_t text_len(const bf_program *p, bf_prog_kind kind, size_t **slot_len)
{
	size_t *sl = bf_xmalloc(sizeof(size_t) * (size_t)(p->nassign + 1));
	for (int s = 0; s < p->nassign; s++)
		sl[s] = expr_len(p->assign[s], sl);
	size_t total = add_sat(strlen(header(kind)) + strlen("    return "), expr_len(p->ret, sl));
	if (slot_len)
		*slot_len = sl;
	else
		free(sl);
	return total;
}

size_t bf_inline_len(const bf_program *p, bf_prog_kind kind)
{
	size_t n = text_len(p, kind, NULL);
	return n > BF_INLINE_MAX ? SIZE_MAX : n;
}

typedef struct {
	const bf_node *n;
	int step; /* calls: 0 callee next, k = 1..nargs argument k next */
} wframe;

typedef struct {
	const bf_program *p;
	char *buf;
	size_t pos;
	const size_t *slot_len;
	size_t *slot_off; /* where a slot's text was first written, or UNSET */
	wframe *stack;
	int sp, cap;
} writer;

static void put(writer *w, const char *s, size_t n)
{
	memcpy(w->buf + w->pos, s, n);
	w->pos += n;
}

static void push(writer *w, const bf_node *n)
{
	if (w->sp == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->stack = bf_xrealloc(w->stack, sizeof(wframe) * (size_t)w->cap);
	}
	w->stack[w->sp].n = n;
	w->stack[w->sp].step = 0;
	w->sp++;
}

static void write_expr(writer *w, const bf_node *root)
{
	char buf[48];
	const char *s;
	push(w, root);
	while (w->sp > 0) {
		wframe *f = &w->stack[w->sp - 1];
		const bf_node *n = f->n;
		if (n->kind == BF_N_VAR) {
			int slot = n->index;
			if (w->slot_off[slot] != UNSET) {
				/* an earlier, finished span: slots only refer back */
				memcpy(w->buf + w->pos, w->buf + w->slot_off[slot], w->slot_len[slot]);
				w->pos += w->slot_len[slot];
				w->sp--;
			} else {
				w->slot_off[slot] = w->pos;
				f->n = w->p->assign[slot];
			}
			continue;
		}
		if (n->kind != BF_N_CALL) {
			size_t k = leaf_text(n, buf, &s);
			put(w, s, k);
			w->sp--;
			continue;
		}
		if (f->step == 0) {
			f->step = 1;
			push(w, n->callee);
		} else if (f->step <= n->nargs) {
			const bf_node *a = n->args[f->step - 1];
			put(w, f->step == 1 ? "(" : ", ", f->step == 1 ? 1 : 2);
			f->step++;
			push(w, a);
		} else {
			put(w, n->nargs ? ")" : "()", n->nargs ? 1 : 2);
			w->sp--;
		}
	}
}

char *bf_inline_text(const bf_program *p, bf_prog_kind kind, size_t *len)
{
	size_t *slot_len;
	size_t total = text_len(p, kind, &slot_len);
	char *buf = total > BF_INLINE_MAX ? NULL : malloc(total + 1);
	if (!buf) {
		free(slot_len);
		return NULL;
	}
	writer w = {.p = p, .buf = buf, .slot_len = slot_len};
	w.slot_off = bf_xmalloc(sizeof(size_t) * (size_t)(p->nassign + 1));
	for (int s = 0; s < p->nassign; s++)
		w.slot_off[s] = UNSET;
	const char *h = header(kind);
	put(&w, h, strlen(h));
	put(&w, "    return ", strlen("    return "));
	write_expr(&w, p->ret);
	buf[w.pos] = '\0';
	if (len)
		*len = w.pos;
	free(w.stack);
	free(w.slot_off);
	free(slot_len);
	return buf;
}

void bf_md5_hex(const char *s, size_t n, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	MD5_CTX ctx;
	uint8_t d[MD5_DIGEST_LENGTH];
	MD5Init(&ctx);
	MD5Update(&ctx, (const uint8_t *)s, n);
	MD5Final(d, &ctx);
	for (int i = 0; i < MD5_DIGEST_LENGTH; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[32] = '\0';
}

int bf_inline_md5(const bf_program *p, bf_prog_kind kind, char out[33])
{
	size_t len;
	char *text = bf_inline_text(p, kind, &len);
	if (!text)
		return -1;
	bf_md5_hex(text, len, out);
	free(text);
	return 0;
}

/* ---- expanded text ---- */

/* One distinct expression.  Leaves hold their text; calls their parts'
 * ids (in the ints pool). */
typedef struct {
	int is_call;
	int callee, nargs, args_at;
	int text_at, text_len;
	int num; /* calls: 0 not yet written, k > 0 written as xk, -1 as O */
} enode;

typedef struct {
	enode *nodes;
	int n, cap;
	int *ints;
	int nints, intcap;
	char *chars;
	int nchars, charcap;
	int *table; /* open addressing, ids, -1 empty */
	unsigned tcap;
} dag;

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

static uint64_t node_hash(const enode *e, const int *args, const char *text)
{
	uint64_t h = (uint64_t)e->is_call;
	if (e->is_call) {
		h = mix(h, (uint64_t)e->callee);
		for (int i = 0; i < e->nargs; i++)
			h = mix(h, (uint64_t)args[i]);
		h = mix(h, (uint64_t)e->nargs);
	} else {
		for (int i = 0; i < e->text_len; i++)
			h = mix(h, (unsigned char)text[i]);
	}
	return h;
}

static int node_eq(const dag *d, const enode *a, const enode *b, const int *bargs, const char *btext)
{
	if (a->is_call != b->is_call)
		return 0;
	if (a->is_call)
		return a->callee == b->callee && a->nargs == b->nargs &&
		       (a->nargs == 0 ||
			memcmp(d->ints + a->args_at, bargs, sizeof(int) * (size_t)a->nargs) == 0);
	return a->text_len == b->text_len &&
	       memcmp(d->chars + a->text_at, btext, (size_t)a->text_len) == 0;
}

static void rehash(dag *d)
{
	unsigned cap = d->tcap ? d->tcap * 2 : 256;
	free(d->table);
	d->table = bf_xmalloc(sizeof(int) * cap);
	for (unsigned i = 0; i < cap; i++)
		d->table[i] = -1;
	d->tcap = cap;
	for (int id = 0; id < d->n; id++) {
		const enode *e = &d->nodes[id];
		unsigned h = (unsigned)node_hash(e, e->is_call ? d->ints + e->args_at : NULL,
						 e->is_call ? NULL : d->chars + e->text_at) &
			     (cap - 1);
		while (d->table[h] >= 0)
			h = (h + 1) & (cap - 1);
		d->table[h] = id;
	}
}

/* The id of the expression described by key (with its args or text),
 * adding it if new. */
static int intern(dag *d, enode key, const int *args, const char *text)
{
	if ((unsigned)(d->n + 1) * 2 > d->tcap)
		rehash(d);
	unsigned h = (unsigned)node_hash(&key, args, text) & (d->tcap - 1);
	while (d->table[h] >= 0) {
		int id = d->table[h];
		if (node_eq(d, &d->nodes[id], &key, args, text))
			return id;
		h = (h + 1) & (d->tcap - 1);
	}
	if (key.is_call) {
		if (d->nints + key.nargs > d->intcap) {
			d->intcap = (d->intcap + key.nargs) * 2;
			d->ints = bf_xrealloc(d->ints, sizeof(int) * (size_t)d->intcap);
		}
		key.args_at = d->nints;
		if (key.nargs)
			memcpy(d->ints + d->nints, args, sizeof(int) * (size_t)key.nargs);
		d->nints += key.nargs;
	} else {
		if (d->nchars + key.text_len > d->charcap) {
			d->charcap = (d->charcap + key.text_len) * 2;
			d->chars = bf_xrealloc(d->chars, (size_t)d->charcap);
		}
		key.text_at = d->nchars;
		memcpy(d->chars + d->nchars, text, (size_t)key.text_len);
		d->nchars += key.text_len;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->nodes = bf_xrealloc(d->nodes, sizeof(enode) * (size_t)d->cap);
	}
	d->nodes[d->n] = key;
	d->table[h] = d->n;
	return d->n++;
}

/* The id of one expression; variables are looked up in slot_id. */
static int expr_id(dag *d, const bf_node *n, const int *slot_id)
{
	enode key = {0};
	if (n->kind == BF_N_VAR)
		return slot_id[n->index];
	if (n->kind == BF_N_CALL) {
		int small[32];
		int *args = n->nargs <= 32 ? small : bf_xmalloc(sizeof(int) * n->nargs);
		key.is_call = 1;
		key.callee = expr_id(d, n->callee, slot_id);
		key.nargs = n->nargs;
		for (int i = 0; i < n->nargs; i++)
			args[i] = expr_id(d, n->args[i], slot_id);
		int id = intern(d, key, args, NULL);
		if (args != small)
			free(args);
		return id;
	}
	char buf[48];
	const char *s;
	key.text_len = (int)leaf_text(n, buf, &s);
	return intern(d, key, NULL, s);
}

typedef struct {
	char *s;
	size_t n, cap;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = bf_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

/* How a line refers to an expression: a leaf by its text, a call by the
 * name it was given. */
static void put_ref(sbuf *b, const dag *d, int id)
{
	const enode *e = &d->nodes[id];
	if (!e->is_call) {
		sb_put(b, d->chars + e->text_at, (size_t)e->text_len);
	} else if (e->num < 0) {
		sb_str(b, "O");
	} else {
		char name[24];
		int k = snprintf(name, sizeof(name), "x%d", e->num);
		sb_put(b, name, (size_t)k);
	}
}

typedef struct {
	struct eframe {
		int id, step; /* step as in wframe */
	} *f;
	int sp, cap;
} estack;

static void epush(estack *st, int id)
{
	if (st->sp == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 64;
		st->f = bf_xrealloc(st->f, sizeof(struct eframe) * (size_t)st->cap);
	}
	st->f[st->sp].id = id;
	st->f[st->sp].step = 0;
	st->sp++;
}

/* Write one line per not-yet-written call reachable from root, in Python's
 * evaluation order; root is named O. */
static void write_lines(sbuf *b, dag *d, int root)
{
	estack st = {0};
	int count = 0;
	epush(&st, root);
	while (st.sp > 0) {
		struct eframe *f = &st.f[st.sp - 1];
		enode *e = &d->nodes[f->id];
		if (!e->is_call || e->num != 0) {
			st.sp--;
			continue;
		}
		if (f->step == 0) {
			f->step = 1;
			epush(&st, e->callee);
			continue;
		}
		if (f->step <= e->nargs) {
			int a = d->ints[e->args_at + f->step - 1];
			f->step++;
			epush(&st, a);
			continue;
		}
		e->num = f->id == root ? -1 : ++count;
		sb_str(b, "    ");
		put_ref(b, d, f->id);
		sb_str(b, " = ");
		put_ref(b, d, e->callee);
		sb_str(b, "(");
		for (int i = 0; i < e->nargs; i++) {
			if (i)
				sb_str(b, ", ");
			put_ref(b, d, d->ints[e->args_at + i]);
		}
		sb_str(b, ")\n");
		st.sp--;
	}
	free(st.f);
}

char *bf_expand_text(const bf_program *p, bf_prog_kind kind, size_t *len)
{
	dag d = {0};
	int *slot_id = bf_xmalloc(sizeof(int) * (size_t)(p->nassign + 1));
	for (int s = 0; s < p->nassign; s++)
		slot_id[s] = expr_id(&d, p->assign[s], slot_id);
	int root = expr_id(&d, p->ret, slot_id);
	sbuf b = {0};
	sb_str(&b, "from dsl import *\nfrom constants import *\n\n");
	sb_str(&b, header(kind));
	if (d.nodes[root].is_call) {
		write_lines(&b, &d, root);
	} else {
		sb_str(&b, "    O = ");
		put_ref(&b, &d, root);
		sb_str(&b, "\n");
	}
	sb_str(&b, "    return O\n");
	free(slot_id);
	free(d.nodes);
	free(d.ints);
	free(d.chars);
	free(d.table);
	if (len)
		*len = b.n;
	return b.s;
}
