/*
 * eval_line.c -- one JSON object of eval's output (see eval_line.h).
 */
#include <stdlib.h>

#include "eval_line.h"
#include "battfarm/util.h"

void eval_line_begin(eval_line *l, FILE *f)
{
	l->f = f;
	l->first = true;
	putc('{', f);
}

/* keys are ours (constants): nothing in them to escape */
static void key(eval_line *l, const char *k)
{
	if (!l->first)
		putc(',', l->f);
	l->first = false;
	putc('"', l->f);
	fputs(k, l->f);
	fputs("\":", l->f);
}

static void put_int(FILE *f, long long v)
{
	char buf[BF_FMT_I64_MAX], *end = buf + sizeof(buf);
	char *p = bf_fmt_i64(end, v);
	fwrite(p, 1, (size_t)(end - p), f);
}

void eval_line_int(eval_line *l, const char *k, long long v)
{
	key(l, k);
	put_int(l->f, v);
}

void eval_line_json(eval_line *l, const char *k, json_t *v)
{
	key(l, k);
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY) : NULL;
	fputs(s ? s : "null", l->f);
	free(s);
	json_decref(v);
}

/* msg as a JSON string; bytes of invalid UTF-8 (a name from the input)
 * become '?', so the message is never lost. */
static json_t *json_message(const char *msg)
{
	json_t *j = json_string(msg);
	if (j)
		return j;
	char *safe = bf_xstrdup(msg);
	for (char *p = safe; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(safe);
	free(safe);
	return j;
}

static bool plain(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e || *s == '"' || *s == '\\')
			return false;
	return true;
}

void eval_line_str(eval_line *l, const char *k, const char *s)
{
	if (!plain(s)) {
		eval_line_json(l, k, json_message(s));
		return;
	}
	key(l, k);
	putc('"', l->f);
	fputs(s, l->f);
	putc('"', l->f);
}

void eval_line_grid(eval_line *l, const char *k, bf_val g)
{
	key(l, k);
	putc('[', l->f);
	for (int64_t i = 0; i < g.u.t->n; i++) {
		const bf_tuple *row = g.u.t->it[i].u.t;
		if (i)
			putc(',', l->f);
		putc('[', l->f);
		for (int64_t j = 0; j < row->n; j++) {
			if (j)
				putc(',', l->f);
			put_int(l->f, row->it[j].u.i);
		}
		putc(']', l->f);
	}
	putc(']', l->f);
}

void eval_line_end(eval_line *l)
{
	fputs("}\n", l->f);
}
