/*
 * fuzz_eval.c -- libFuzzer target: any bytes as an `eval --batch` line,
 * i.e. a grid in JSON with no ARC limits, run through programs that touch
 * the object, grid and patch primitives under a small work budget.  Every
 * outcome must be a value, an error or a timeout.
 */
#include <stdint.h>
#include <string.h>

#include "battfarm/evaluator.h"
#include "battfarm/jsonlite.h"
#include "battfarm/repr.h"
#include "battfarm/task.h"

static const char programs[] =
	"def a(I):\n    x1 = objects(I, T, T, T)\n    x2 = argmax(x1, size)\n"
	"    x3 = subgrid(x2, I)\n    return rot90(x3)\n"
	"def b(I):\n    x1 = fgpartition(I)\n    x2 = mapply(box, x1)\n    x3 = fill(I, FIVE, x2)\n"
	"    return compress(x3)\n"
	"def c(I):\n    x1 = palette(I)\n    x2 = order(x1, invert)\n    x3 = first(x2)\n"
	"    x4 = ofcolor(I, x3)\n    x5 = upscale(I, TWO)\n    return occurrences(x5, recolor(x3, x4))\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bf_library lib;
	static bf_ctx ctx, in;
	static int ready;
	if (!ready) {
		bf_library_init(&lib);
		bf_library_parse(&lib, "fuzz.py", programs, strlen(programs));
		bf_ctx_init(&ctx, (size_t)256 << 20);
		bf_ctx_init(&in, (size_t)64 << 20);
		ready = 1;
	}
	bf_arena scratch;
	bf_arena_init(&scratch, (size_t)64 << 20);
	char err[256];
	jl_node *j = jl_parse(&scratch, (const char *)data, size, err, sizeof(err));
	bf_val grid;
	bf_ctx_begin(&in, 0, 0);
	if (j && bf_json_to_grid(&in, j, false, &grid, err, sizeof(err))) {
		bf_limits lim = {200000, 2.0};
		for (int i = 0; i < lib.n; i++) {
			bf_val out;
			if (bf_eval_program(&ctx, lib.progs[i], bf_none(), grid, bf_none(), &lim,
					    &out) == BF_OK) {
				jmp_buf jb;
				ctx.jb = &jb;
				if (setjmp(jb) == 0)
					bf_repr(&ctx, out);
				ctx.jb = NULL;
			}
		}
	}
	bf_arena_release(&scratch);
	return 0;
}
