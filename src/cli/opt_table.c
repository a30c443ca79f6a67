/*
 * opt_table.c -- getopt_long driven by an option table (see opt_table.h).
 */
#include "cli.h"
#include "opt_table.h"
#include "battfarm/util.h"

#include <stdlib.h>

int bf_opt_parse(const char *cmd, const bf_opt *opts, int n, void *args, int argc, char **argv)
{
	struct option *longs = bf_xmalloc(sizeof(struct option) * (size_t)(n + 1));
	char *shorts = bf_xmalloc(3 * (size_t)n + 1), *sp = shorts;
	for (int i = 0; i < n; i++) {
		const bf_opt *o = &opts[i];
		/* a long-only option gets a value no short letter has */
		longs[i] = (struct option){o->name, o->has_arg, NULL,
					   o->short_name ? o->short_name : 256 + i};
		if (o->short_name) {
			*sp++ = o->short_name;
			if (o->has_arg != no_argument)
				*sp++ = ':';
			if (o->has_arg == optional_argument)
				*sp++ = ':';
		}
	}
	*sp = '\0';
	longs[n] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	int c, r = 0;
	while (r == 0 && (c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		int i = 0;
		while (i < n && longs[i].val != c)
			i++;
		if (i == n) {
			bf_usage_error(cmd, "bad option");
			r = -1;
		} else if (!opts[i].apply) {
			bf_help_command(cmd, stdout);
			r = 1;
		} else {
			r = opts[i].apply(args, optarg, argc, argv);
		}
	}
	free(longs);
	free(shorts);
	return r;
}
