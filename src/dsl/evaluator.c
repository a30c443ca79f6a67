/*
 * evaluator.c -- evaluates a parsed program (see evaluator.h).
 *
 * Assignments are evaluated in order into slots; an expression evaluates
 * its callee, then its arguments left to right, as Python does, so the same
 * exception surfaces first.  Exceptions unwind here through ctx->jb.
 */
#include "battfarm/evaluator.h"
#include "battfarm/func.h"

typedef struct {
	bf_ctx *ctx;
	bf_val params[3];
	bf_val *slots;
} frame;

static bf_val eval_node(frame *fr, const bf_node *n)
{
	switch ((bf_node_kind)n->kind) {
	case BF_N_PARAM:
		return fr->params[n->index];
	case BF_N_VAR:
		return fr->slots[n->index];
	case BF_N_INT:
		return bf_int(n->imm);
	case BF_N_BOOL:
		return bf_bool(n->imm != 0);
	case BF_N_PAIR:
		return bf_pair_ii(fr->ctx, n->imm, n->imm2);
	case BF_N_PRIM:
		return bf_prim_value(n->prim);
	case BF_N_CALL: {
		bf_val f = eval_node(fr, n->callee);
		bf_val args[32];
		for (int i = 0; i < n->nargs; i++)
			args[i] = eval_node(fr, n->args[i]);
		return bf_call(fr->ctx, f, n->nargs, args);
	}
	}
	bf_raise(fr->ctx, "SystemError: bad node");
}

bf_status bf_eval_program(bf_ctx *ctx, const bf_program *prog, bf_val S, bf_val I, bf_val C,
			  const bf_limits *lim, bf_val *out)
{
	jmp_buf jb;
	bf_ctx_begin(ctx, lim ? lim->budget : 0, lim ? lim->timeout : 0);
	ctx->jb = &jb;
	ctx->input = I.kind == BF_TUPLE ? I.u.t : NULL;
	if (setjmp(jb)) {
		ctx->jb = NULL;
		ctx->work = bf_work_spent(ctx);
		return ctx->status;
	}
	frame fr;
	fr.ctx = ctx;
	fr.params[0] = S;
	fr.params[1] = I;
	fr.params[2] = C;
	fr.slots = bf_alloc(ctx, sizeof(bf_val) * (size_t)(prog->nassign + 1));
	for (int i = 0; i < prog->nassign; i++)
		fr.slots[i] = eval_node(&fr, prog->assign[i]);
	*out = eval_node(&fr, prog->ret);
	ctx->jb = NULL;
	ctx->work = bf_work_spent(ctx);
	return BF_OK;
}
