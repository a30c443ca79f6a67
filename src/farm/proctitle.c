/*
 * proctitle.c -- process titles (proctitle.h), the way nginx's
 * ngx_setproctitle.c does it: the argument strings and the environment
 * strings after them lie end to end in one stretch of the stack; once
 * both are copied elsewhere, that stretch is ours to write.
 *
 * The kernel shows /proc/PID/cmdline as [arg_start, arg_end) when the
 * byte before arg_end is NUL, and as one string from arg_start otherwise.
 * So the title is followed by NULs to the stretch's end: either way ps and
 * /proc show the title and nothing after it.  (libbsd's setproctitle puts
 * a '.' or a ' ' after titles of some lengths, which a reader of ps then
 * has to strip.)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "battfarm/proctitle.h"
#include "battfarm/util.h"

extern char **environ;

static char *room;     /* the stretch: argv[0] up to the last string's NUL */
static size_t room_len;

/* Titles are short ("battfarm: validator 12 task 007bbfb7"); past this,
 * cut. */
#define BF_PROCTITLE_MAX 255

/* Where the run of strings v[0..n) that lie end to end from `from` ends
 * (each begins at the NUL after the one before plus one); `from` itself
 * when v[0] is elsewhere. */
static char *end_of_run(char *from, char **v, int n)
{
	char *end = from;
	for (int i = 0; i < n && v[i] == end; i++)
		end = v[i] + strlen(v[i]) + 1;
	return end;
}

void bf_proctitle_init(int argc, char **argv)
{
	if (argc < 1 || !argv[0])
		return;
	int nenv = 0;
	while (environ && environ[nenv])
		nenv++;
	char *start = argv[0];
	char *end = end_of_run(end_of_run(start, argv, argc), environ, nenv);
	char **env = bf_xmalloc(sizeof(char *) * (size_t)(nenv + 1));
	for (int i = 0; i < nenv; i++)
		env[i] = bf_xstrdup(environ[i]);
	env[nenv] = NULL;
	environ = env;
	for (int i = 0; i < argc; i++)
		argv[i] = bf_xstrdup(argv[i]);
	room = start;
	room_len = (size_t)(end - start);
}

void bf_proctitle_set(const char *fmt, ...)
{
	if (!room || room_len < 2)
		return;
	char title[BF_PROCTITLE_MAX + 1];
	int n = snprintf(title, sizeof(title), "battfarm: ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(title + n, sizeof(title) - (size_t)n, fmt, ap);
	va_end(ap);
	size_t len = strlen(title);
	if (len > room_len - 1)
		len = room_len - 1;
	memcpy(room, title, len);
	memset(room + len, 0, room_len - len);
}

size_t bf_proctitle_room(void)
{
	return room_len ? room_len - 1 : 0;
}
