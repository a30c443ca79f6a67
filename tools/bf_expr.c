/* bf_expr.c -- print the repr of DSL expressions (a developer aid; see testutil.h). */
#include <stdio.h>
#include "battfarm/ctx.h"
#include "battfarm/repr.h"
int main(int argc, char **argv) {
	bf_ctx ctx; bf_ctx_init(&ctx, 1<<26); jmp_buf jb; ctx.jb=&jb;
	for (int i = 1; i < argc; i++) { bf_ctx_begin(&ctx, 0, 0);
	if (setjmp(jb)) { printf("error: %s\n", ctx.msg); continue; }
	printf("%s\n", bf_repr(&ctx, bf_eval_expr(&ctx, argv[i]))); }
}
