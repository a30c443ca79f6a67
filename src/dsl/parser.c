/*
 * parser.c -- reads the DSL's Python subset into bf_program trees.
 *
 * Line-oriented: a logical line is a physical line, joined with the next
 * while parentheses are open (as Python does).  Each function is parsed on
 * its own; an error skips that function only, and is reported as
 * "file:line:col: message".  Names are resolved here, once: variables
 * first (latest assignment), then parameters, constants and primitives.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battfarm/arena.h"
#include "battfarm/program.h"
#include "battfarm/util.h"

/* Deeper nesting than this is refused: it would only come from a hostile
 * file, and both parser and evaluator recurse on it. */
#define MAX_NEST 2000
#define MAX_ARGS 32

struct bf_pool {
	bf_arena arena;
};

static void *palloc(bf_library *lib, size_t n)
{
	void *p = bf_arena_alloc(&lib->pool->arena, n);
	if (!p) {
		fputs("battfarm: out of memory\n", stderr);
		exit(2);
	}
	memset(p, 0, n);
	return p;
}

static char *pstrndup(bf_library *lib, const char *s, size_t n)
{
	char *d = palloc(lib, n + 1);
	memcpy(d, s, n);
	return d;
}

void bf_library_init(bf_library *lib)
{
	memset(lib, 0, sizeof(*lib));
	lib->pool = bf_xmalloc(sizeof(bf_pool));
	bf_arena_init(&lib->pool->arena, 0);
}

void bf_library_release(bf_library *lib)
{
	if (lib->pool) {
		bf_arena_release(&lib->pool->arena);
		free(lib->pool);
	}
	free(lib->progs);
	free(lib->by_name);
	for (int i = 0; i < lib->nerrors; i++)
		free(lib->errors[i]);
	free(lib->errors);
	memset(lib, 0, sizeof(*lib));
}

static void add_error(bf_library *lib, char *msg)
{
	if (lib->nerrors == lib->errcap) {
		lib->errcap = lib->errcap ? lib->errcap * 2 : 16;
		lib->errors = bf_xrealloc(lib->errors, sizeof(char *) * (size_t)lib->errcap);
	}
	lib->errors[lib->nerrors++] = msg;
}

/* ---- per-function parse state ---- */

typedef struct {
	const char *name;
	size_t len;
	int slot;
} var_binding;

typedef struct {
	bf_library *lib;
	const char *file;
	/* the logical line being parsed */
	const char *s, *p, *end;
	int line;            /* line of s */
	const char *linestart; /* physical start of that line, for columns */
	/* function being built */
	bf_program *prog;
	var_binding *vars;
	int nvars, varcap;
	/* name -> index in vars of its latest binding: open addressing, so a
	 * generated function of 100,000 lines resolves names in constant time */
	int *vh;
	int vhcap;
	bf_node **assign;
	int nassign, assigncap;
	bool failed;
	char err[256];
	int depth;
} pstate;

static bool fail(pstate *st, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Line and column of a point of the logical line (which may span lines). */
static void where(const pstate *st, const char *at, int *line, int *col)
{
	const char *ls = st->linestart;
	*line = st->line;
	for (const char *q = st->linestart; q < at; q++)
		if (*q == '\n') {
			(*line)++;
			ls = q + 1;
		}
	*col = (int)(at - ls) + 1;
}

static bool fail(pstate *st, const char *at, const char *fmt, ...)
{
	if (st->failed)
		return false;
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	int line, col;
	where(st, at, &line, &col);
	snprintf(st->err, sizeof(st->err), "%s:%d:%d: %s", st->file, line, col, msg);
	st->failed = true;
	return false;
}

static void skip_ws(pstate *st)
{
	while (st->p < st->end && (*st->p == ' ' || *st->p == '\t' || *st->p == '\n' ||
				   *st->p == '\r' || *st->p == '\\'))
		st->p++;
}

static bool is_ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static size_t ident_len(const char *p, const char *end)
{
	size_t n = 0;
	if (p < end && is_ident_start(*p))
		while (p + n < end && is_ident(p[n]))
			n++;
	return n;
}

static bf_node *new_node(pstate *st, bf_node_kind kind, const char *at)
{
	bf_node *n = palloc(st->lib, sizeof(bf_node));
	n->kind = (uint8_t)kind;
	n->line = st->line;
	n->col = (int)(at - st->linestart) + 1;
	return n;
}

static uint64_t name_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The slot in vh for name s: its entry, or the empty slot it would take. */
static int *vh_find(pstate *st, const char *s, size_t n)
{
	size_t mask = (size_t)st->vhcap - 1;
	for (size_t i = name_hash(s, n) & mask;; i = (i + 1) & mask) {
		int *e = &st->vh[i];
		if (*e < 0)
			return e;
		const var_binding *b = &st->vars[*e];
		if (b->len == n && memcmp(b->name, s, n) == 0)
			return e;
	}
}

static void vh_put(pstate *st, int var)
{
	if ((st->nvars + 1) * 2 > st->vhcap) {
		int cap = st->vhcap ? st->vhcap * 2 : 64;
		while (cap < (st->nvars + 1) * 2)
			cap *= 2;
		free(st->vh);
		st->vh = bf_xmalloc(sizeof(int) * (size_t)cap);
		memset(st->vh, 0xff, sizeof(int) * (size_t)cap);
		st->vhcap = cap;
		/* rebuild from the bindings, latest last so it wins */
		for (int i = 0; i < var; i++)
			*vh_find(st, st->vars[i].name, st->vars[i].len) = i;
	}
	*vh_find(st, st->vars[var].name, st->vars[var].len) = var;
}

/* A keyword of Python's that a program may use but the subset lacks
 * (lambda, if, ...): named as such, not as an unknown name. */
static bool python_keyword(const char *name)
{
	static const char *const kw[] = {"lambda", "if", "else", "for", "in", "not", "and",
					 "or", "is", "None", "yield", "await", "while"};
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (strcmp(kw[i], name) == 0)
			return true;
	return false;
}

static bf_node *resolve(pstate *st, const char *s, size_t n)
{
	if (st->vhcap) {
		int i = *vh_find(st, s, n);
		if (i >= 0) {
			bf_node *v = new_node(st, BF_N_VAR, s);
			v->index = st->vars[i].slot;
			return v;
		}
	}
	char name[128];
	if (n >= sizeof(name)) {
		fail(st, s, "name too long");
		return NULL;
	}
	memcpy(name, s, n);
	name[n] = '\0';
	bool sic = st->prog->shape == BF_SHAPE_SIC;
	int param = -1;
	if (strcmp(name, "I") == 0)
		param = 1;
	else if (sic && strcmp(name, "S") == 0)
		param = 0;
	else if (sic && strcmp(name, "C") == 0)
		param = 2;
	if (param >= 0) {
		bf_node *v = new_node(st, BF_N_PARAM, s);
		v->index = param;
		v->name = param == 0 ? "S" : param == 1 ? "I" : "C";
		return v;
	}
	if (strcmp(name, "True") == 0 || strcmp(name, "False") == 0) {
		bf_node *v = new_node(st, BF_N_BOOL, s);
		v->imm = name[0] == 'T';
		v->name = name[0] == 'T' ? "True" : "False";
		return v;
	}
	int kind;
	int64_t a, b;
	if (bf_constant_lookup(name, &kind, &a, &b)) {
		bf_node *v = new_node(st, kind == 0 ? BF_N_BOOL : kind == 1 ? BF_N_INT : BF_N_PAIR, s);
		v->imm = a;
		v->imm2 = b;
		v->name = bf_constant_name(name);
		return v;
	}
	const bf_prim *prim = bf_prim_find(name);
	if (prim) {
		bf_node *v = new_node(st, BF_N_PRIM, s);
		v->prim = prim;
		v->name = prim->name;
		return v;
	}
	if (python_keyword(name))
		fail(st, s, "'%s' is Python the DSL subset does not take (README, \"Program "
			 "syntax\")", name);
	else
		fail(st, s, "unknown name '%s' (not a variable, parameter, constant or primitive)",
		     name);
	return NULL;
}

static bf_node *parse_expr(pstate *st);

static bf_node *parse_atom(pstate *st)
{
	skip_ws(st);
	const char *at = st->p;
	if (st->p >= st->end) {
		fail(st, at, "expected an expression");
		return NULL;
	}
	char c = *st->p;
	if (c == '-' || isdigit((unsigned char)c)) {
		bool neg = c == '-';
		if (neg) {
			st->p++;
			skip_ws(st);
		}
		if (st->p >= st->end || !isdigit((unsigned char)*st->p)) {
			fail(st, st->p, "expected a number after '-'");
			return NULL;
		}
		int64_t v = 0;
		while (st->p < st->end && isdigit((unsigned char)*st->p)) {
			int d = *st->p - '0';
			if (v > (INT64_MAX - d) / 10) {
				fail(st, at, "integer literal too large");
				return NULL;
			}
			v = v * 10 + d;
			st->p++;
		}
		if (st->p < st->end && is_ident(*st->p)) {
			fail(st, st->p, "invalid number literal");
			return NULL;
		}
		bf_node *n = new_node(st, BF_N_INT, at);
		n->imm = neg ? -v : v;
		n->minus = neg;
		return n;
	}
	if (c == '(') {
		st->p++;
		bf_node *inner = parse_expr(st);
		if (!inner)
			return NULL;
		skip_ws(st);
		if (st->p >= st->end || *st->p != ')') {
			fail(st, st->p, st->p < st->end && *st->p == ','
						? "tuple literals are not part of the DSL subset"
						: "expected ')'");
			return NULL;
		}
		st->p++;
		return inner;
	}
	size_t n = ident_len(st->p, st->end);
	if (n == 0) {
		fail(st, at, "unexpected character '%c'", isprint((unsigned char)c) ? c : '?');
		return NULL;
	}
	st->p += n;
	return resolve(st, at, n);
}

static bf_node *parse_expr(pstate *st)
{
	if (++st->depth > MAX_NEST) {
		fail(st, st->p, "expression nested more than %d deep", MAX_NEST);
		return NULL;
	}
	bf_node *e = parse_atom(st);
	for (;;) {
		if (!e)
			break;
		skip_ws(st);
		if (st->p >= st->end || *st->p != '(')
			break;
		const char *open = st->p++;
		bf_node *args[MAX_ARGS];
		int nargs = 0;
		skip_ws(st);
		if (st->p < st->end && *st->p == ')') {
			st->p++;
		} else {
			for (;;) {
				if (nargs == MAX_ARGS) {
					fail(st, st->p, "more than %d arguments", MAX_ARGS);
					return NULL;
				}
				bf_node *a = parse_expr(st);
				if (!a)
					return NULL;
				args[nargs++] = a;
				skip_ws(st);
				if (st->p < st->end && *st->p == ',') {
					st->p++;
					skip_ws(st);
					if (st->p < st->end && *st->p == ')') {
						st->p++;
						break;
					}
					continue;
				}
				if (st->p < st->end && *st->p == ')') {
					st->p++;
					break;
				}
				if (st->p < st->end && *st->p == '=') {
					fail(st, st->p, "keyword arguments are not part of the DSL subset");
					return NULL;
				}
				int ol, oc;
				where(st, open, &ol, &oc);
				fail(st, st->p, "expected ',' or ')' to close the call opened at %d:%d",
				     ol, oc);
				return NULL;
			}
		}
		bf_node *call = new_node(st, BF_N_CALL, open);
		call->callee = e;
		call->nargs = (uint8_t)nargs;
		call->args = palloc(st->lib, sizeof(bf_node *) * (size_t)(nargs ? nargs : 1));
		memcpy(call->args, args, sizeof(bf_node *) * (size_t)nargs);
		if (e->kind == BF_N_PRIM && e->prim->argc != nargs) {
			fail(st, open, "%s() takes %d arguments, %d given", e->prim->name,
			     e->prim->argc, nargs);
			return NULL;
		}
		if (e->kind == BF_N_INT || e->kind == BF_N_BOOL || e->kind == BF_N_PAIR) {
			fail(st, open, "'%s' is not callable", e->name ? e->name : "literal");
			return NULL;
		}
		e = call;
	}
	st->depth--;
	return e;
}

static void push_assign(pstate *st, const char *name, size_t n, bf_node *expr)
{
	if (st->nassign == st->assigncap) {
		st->assigncap = st->assigncap ? st->assigncap * 2 : 32;
		st->assign = bf_xrealloc(st->assign, sizeof(bf_node *) * (size_t)st->assigncap);
	}
	if (st->nvars == st->varcap) {
		st->varcap = st->varcap ? st->varcap * 2 : 32;
		st->vars = bf_xrealloc(st->vars, sizeof(var_binding) * (size_t)st->varcap);
	}
	int slot = st->nassign;
	st->assign[st->nassign++] = expr;
	st->vars[st->nvars].name = name;
	st->vars[st->nvars].len = n;
	st->vars[st->nvars].slot = slot;
	vh_put(st, st->nvars);
	st->nvars++;
}

/* ---- line splitting ---- */

typedef struct {
	const char *start, *end; /* logical line, comments kept */
	int line;
	int indent;
} lline;

/* The next logical line from *pp; false at end of input. */
static bool next_line(const char **pp, const char *end, int *lineno, lline *out)
{
	const char *p = *pp;
	if (p >= end)
		return false;
	out->start = p;
	out->line = *lineno;
	int depth = 0;
	while (p < end) {
		char c = *p;
		if (c == '#') {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		else if (c == '\n') {
			(*lineno)++;
			if (depth == 0)
				break;
		}
		p++;
	}
	out->end = p;
	*pp = p < end ? p + 1 : p;
	int ind = 0;
	const char *q = out->start;
	while (q < out->end && (*q == ' ' || *q == '\t')) {
		ind++;
		q++;
	}
	out->indent = ind;
	return true;
}

static bool blank_or_comment(const lline *l)
{
	for (const char *q = l->start; q < l->end; q++) {
		if (*q == '#')
			return true;
		if (!isspace((unsigned char)*q))
			return false;
	}
	return true;
}

/* The end of the code on the line, before any comment and trailing space. */
static const char *code_end(const lline *l)
{
	const char *e = l->start;
	while (e < l->end && *e != '#')
		e++;
	while (e > l->start && isspace((unsigned char)e[-1]))
		e--;
	return e;
}

static bool parse_def(pstate *st, const lline *l)
{
	const char *p = l->start + 4;
	const char *e = code_end(l);
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	size_t n = ident_len(p, e);
	if (n == 0)
		return fail(st, p, "expected a function name after 'def'");
	st->prog->name = pstrndup(st->lib, p, n);
	p += n;
	while (p < e && (*p == ' ' || *p == '\t')) /* Python allows `def f (I):` */
		p++;
	/* normalise the parameter list by dropping spaces */
	char params[64];
	size_t k = 0;
	if (p >= e || *p != '(')
		return fail(st, p, "expected '(' after the function name");
	const char *q = p + 1;
	while (q < e && *q != ')') {
		if (!isspace((unsigned char)*q)) {
			if (k + 1 >= sizeof(params))
				return fail(st, p, "parameters must be (I) or (S, I, C)");
			params[k++] = *q;
		}
		q++;
	}
	params[k] = '\0';
	if (q >= e)
		return fail(st, p, "expected ')' to close the parameter list");
	if (strcmp(params, "I") == 0)
		st->prog->shape = BF_SHAPE_I;
	else if (strcmp(params, "S,I,C") == 0)
		st->prog->shape = BF_SHAPE_SIC;
	else
		return fail(st, p + 1, "parameters must be (I) or (S, I, C), not (%s)", params);
	q++;
	while (q < e && (*q == ' ' || *q == '\t'))
		q++;
	if (q >= e || *q != ':' || q + 1 != e)
		return fail(st, q, "expected ':' at the end of the def line");
	return true;
}

static bool parse_stmt(pstate *st, const lline *l)
{
	st->s = l->start;
	st->linestart = l->start;
	st->line = l->line;
	st->end = code_end(l);
	st->p = l->start + l->indent;
	st->depth = 0;
	if (st->prog->ret)
		return fail(st, st->p, "statement after return");
	size_t n = ident_len(st->p, st->end);
	if (n == 6 && memcmp(st->p, "return", 6) == 0 &&
	    (st->p + 6 == st->end || !is_ident(st->p[6]))) {
		st->p += 6;
		bf_node *e = parse_expr(st);
		if (!e)
			return false;
		skip_ws(st);
		if (st->p != st->end)
			return fail(st, st->p, "unexpected text after the expression");
		st->prog->ret = e;
		return true;
	}
	if (n == 0)
		return fail(st, st->p, "expected 'NAME = expression' or 'return expression'");
	const char *name = st->p;
	st->p += n;
	skip_ws(st);
	if (st->p >= st->end || *st->p != '=' || (st->p + 1 < st->end && st->p[1] == '='))
		return fail(st, st->p, "expected '=' after '%.*s'", (int)n, name);
	st->p++;
	bf_node *e = parse_expr(st);
	if (!e)
		return false;
	skip_ws(st);
	if (st->p != st->end)
		return fail(st, st->p, "unexpected text after the expression");
	push_assign(st, name, n, e);
	return true;
}

static void finish_function(pstate *st, const char *text_start, const char *text_end)
{
	bf_program *prog = st->prog;
	if (!st->failed && !prog->ret)
		fail(st, text_end, "function '%s' has no return statement", prog->name);
	if (st->failed) {
		add_error(st->lib, bf_xstrdup(st->err));
	} else {
		prog->nassign = st->nassign;
		prog->assign = palloc(st->lib, sizeof(bf_node *) * (size_t)(st->nassign + 1));
		if (st->nassign)
			memcpy(prog->assign, st->assign, sizeof(bf_node *) * (size_t)st->nassign);
		prog->var_names = palloc(st->lib, sizeof(char *) * (size_t)(st->nassign + 1));
		for (int i = 0; i < st->nvars; i++)
			prog->var_names[st->vars[i].slot] =
				pstrndup(st->lib, st->vars[i].name, st->vars[i].len);
		prog->text_len = (size_t)(text_end - text_start);
		prog->text = pstrndup(st->lib, text_start, prog->text_len);
		bf_library *lib = st->lib;
		if (lib->n == lib->cap) {
			lib->cap = lib->cap ? lib->cap * 2 : 64;
			lib->progs = bf_xrealloc(lib->progs, sizeof(bf_program *) * (size_t)lib->cap);
		}
		prog->index = lib->n;
		lib->progs[lib->n++] = prog;
	}
	st->prog = NULL;
	st->nvars = st->nassign = 0;
	if (st->vhcap)
		memset(st->vh, 0xff, sizeof(int) * (size_t)st->vhcap);
	st->failed = false;
}

int bf_library_parse(bf_library *lib, const char *file, const char *src, size_t len)
{
	pstate st;
	memset(&st, 0, sizeof(st));
	st.lib = lib;
	st.file = pstrndup(lib, file, strlen(file));
	const char *p = src, *end = src + len;
	/* a UTF-8 byte order mark (editors on Windows write one) is not code */
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	const char *text_start = NULL, *text_end = NULL;
	int lineno = 1, before = lib->n;
	lline l;
	while (next_line(&p, end, &lineno, &l)) {
		if (blank_or_comment(&l))
			continue;
		st.linestart = l.start;
		st.line = l.line;
		if (l.indent == 0) {
			if (st.prog)
				finish_function(&st, text_start, text_end);
			const char *ce = code_end(&l);
			size_t n = (size_t)(ce - l.start);
			if ((n > 5 && memcmp(l.start, "from ", 5) == 0) ||
			    (n > 7 && memcmp(l.start, "import ", 7) == 0))
				continue;
			if (n > 4 && memcmp(l.start, "def", 3) == 0 &&
			    (l.start[3] == ' ' || l.start[3] == '\t')) {
				st.prog = palloc(lib, sizeof(bf_program));
				st.prog->file = st.file;
				st.prog->line = l.line;
				text_start = l.start;
				text_end = code_end(&l);
				parse_def(&st, &l);
				continue;
			}
			fail(&st, l.start, "only 'def', 'from' and 'import' lines may start at column 1");
			add_error(lib, bf_xstrdup(st.err));
			st.failed = false;
			continue;
		}
		if (!st.prog) {
			fail(&st, l.start, "indented line outside a function");
			add_error(lib, bf_xstrdup(st.err));
			st.failed = false;
			continue;
		}
		if (st.failed)
			continue;
		parse_stmt(&st, &l);
		text_end = code_end(&l);
	}
	if (st.prog)
		finish_function(&st, text_start, text_end);
	free(st.vars);
	free(st.vh);
	free(st.assign);
	return lib->n - before;
}

static int by_name(const void *a, const void *b)
{
	const bf_program *x = *(bf_program *const *)a, *y = *(bf_program *const *)b;
	int c = strcmp(x->name, y->name);
	/* equal names: keep definition order, so the last is found last */
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

const bf_program *bf_library_find(const bf_library *clib, const char *name)
{
	bf_library *lib = (bf_library *)clib; /* the index is a cache */
	if (lib->nby_name != lib->n) {
		free(lib->by_name);
		lib->by_name = bf_xmalloc(sizeof(bf_program *) * (size_t)(lib->n ? lib->n : 1));
		memcpy(lib->by_name, lib->progs, sizeof(bf_program *) * (size_t)lib->n);
		qsort(lib->by_name, (size_t)lib->n, sizeof(bf_program *), by_name);
		lib->nby_name = lib->n;
	}
	int lo = 0, hi = lib->n - 1, found = -1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(name, lib->by_name[mid]->name);
		if (c < 0) {
			hi = mid - 1;
		} else {
			if (c == 0)
				found = mid;
			lo = mid + 1;
		}
	}
	return found < 0 ? NULL : lib->by_name[found];
}

int bf_library_load(bf_library *lib, const char *path)
{
	char err[512];
	size_t len;
	if (bf_is_dir(path)) {
		int n, added = 0;
		char **names = bf_list_dir(path, ".py", &n);
		for (int i = 0; i < n; i++) {
			char *full = bf_xasprintf("%s/%s", path, names[i]);
			char *src = bf_read_file(full, &len, (size_t)1 << 30, err, sizeof(err));
			if (src) {
				added += bf_library_parse(lib, full, src, len);
				free(src);
			} else {
				add_error(lib, bf_xstrdup(err));
			}
			free(full);
		}
		bf_free_list(names);
		return added;
	}
	char *src = bf_read_file(path, &len, (size_t)1 << 30, err, sizeof(err));
	if (!src) {
		add_error(lib, bf_xstrdup(err));
		return -1;
	}
	int added = bf_library_parse(lib, path, src, len);
	free(src);
	return added;
}
