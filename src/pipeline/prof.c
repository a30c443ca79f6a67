/*
 * prof.c -- metric names and the profiling report (see prof.h).
 *
 * The metric names are the design's and are part of the interface; the
 * Python system's run_batt.* names are kept so existing dashboards read
 * battfarm's reports unchanged.
 */
#include "battfarm/prof.h"

static const char *const names[BF_M_COUNT] = {
	[BF_M_LOAD] = "battfarm.load",
	[BF_M_PHASE1_FILTER] = "run_batt.phase1_filter",
	[BF_M_PHASE2_INLINE] = "run_batt.phase2_inline_batch",
	[BF_M_CHECK_BATT] = "run_batt.check_batt",
	[BF_M_DIFFER_EVAL] = "battfarm.differ_eval",
	[BF_M_PHASE3A_VALIDATE] = "run_batt.phase3a_validate",
	[BF_M_PHASE3B_ENSURE_DIR] = "run_batt.phase3b_ensure_dir",
	[BF_M_PHASE3B_CHECK_SAVE] = "run_batt.phase3b_check_save",
	[BF_M_PHASE3B_SYMLINK] = "run_batt.phase3b_symlink",
	[BF_M_PHASE3B_SCORE_CALC] = "run_batt.phase3b_score_calc",
	[BF_M_GENERATE_EXPANDED] = "run_batt.generate_expanded",
	[BF_M_PHASE3B_OVERHEAD] = "run_batt.phase3b_overhead",
	[BF_M_PHASE4_DIFFERS] = "run_batt.phase4_differs",
	[BF_M_PHASE4_BUILD] = "run_batt.phase4_build",
	[BF_M_PHASE4_INLINE] = "run_batt.phase4_inline",
	[BF_M_PHASE4_PROCESS] = "run_batt.phase4_process",
};

const char *bf_metric_name(bf_metric m)
{
	return m < BF_M_COUNT ? names[m] : "?";
}

bool bf_metric_top_level(bf_metric m)
{
	return m != BF_M_PHASE4_BUILD && m != BF_M_PHASE4_INLINE && m != BF_M_PHASE4_PROCESS;
}

const char *bf_role_name(bf_role r)
{
	switch (r) {
	case BF_ROLE_SUPERVISOR: return "supervisor";
	case BF_ROLE_VALIDATOR: return "validator";
	case BF_ROLE_DIFFER: return "differ";
	}
	return "?";
}

const char *bf_phase_name(bf_phase p)
{
	switch (p) {
	case BF_P_LOAD: return "load";
	case BF_P_PREPARE: return "prepare (phases 1-2)";
	case BF_P_TASKS: return "tasks (check, validate, store, differs)";
	case BF_P_COUNT: break;
	}
	return "?";
}

static void totals(const bf_prof_slot *slots, int nslots, int64_t *ns, uint64_t *calls)
{
	for (int m = 0; m < BF_M_COUNT; m++) {
		ns[m] = 0;
		calls[m] = 0;
	}
	for (int i = 0; i < nslots; i++) {
		if (!slots[i].pid)
			continue;
		for (int m = 0; m < BF_M_COUNT; m++) {
			ns[m] += slots[i].ns[m];
			calls[m] += slots[i].calls[m];
		}
	}
}

/* With several workers the metric sums are CPU time over processes, not
 * wall time; the accounted share is then what the busiest process spent,
 * since the supervisor waits for all of them.  Serially it is the sum. */
double bf_prof_unaccounted(const bf_prof_run *run, const bf_prof_slot *slots, int nslots)
{
	double wall = (double)(run->end_ns - run->start_ns) / 1e9;
	int64_t best = 0;
	int64_t super = 0;
	for (int i = 0; i < nslots; i++) {
		if (!slots[i].pid)
			continue;
		int64_t sum = 0;
		for (int m = 0; m < BF_M_COUNT; m++)
			if (bf_metric_top_level((bf_metric)m))
				sum += slots[i].ns[m];
		if (slots[i].role == BF_ROLE_SUPERVISOR)
			super += sum;
		else if (sum > best)
			best = sum;
	}
	return wall - (double)(super + best) / 1e9;
}

/* A process's seconds in top-level metrics: the time it was doing the
 * run's work (the rest it waited). */
static double busy_seconds(const bf_prof_slot *s)
{
	int64_t ns = 0;
	for (int m = 0; m < BF_M_COUNT; m++)
		if (bf_metric_top_level((bf_metric)m))
			ns += s->ns[m];
	return (double)ns / 1e9;
}

/* The per-worker table's memory rows (MB; "-" where not seen). */
static void memory_rows(FILE *f, const bf_prof_slot *slots, int nslots)
{
	static const char *label[] = {"memory: peak (MB)", "memory: at a job's end, max",
				      "  outside the big samples"};
	for (int k = 0; k < 3; k++) {
		fprintf(f, "%-32s", label[k]);
		for (int i = 0; i < nslots; i++) {
			const bf_prof_slot *s = &slots[i];
			uint64_t kb = k == 0 ? s->rss_peak_kb : k == 1 ? s->rss_job_end_kb : s->rss_small_kb;
			if (!s->pid)
				continue;
			if (kb)
				fprintf(f, " %10.1f", (double)kb / 1024);
			else
				fprintf(f, " %10s", "-");
		}
		fputc('\n', f);
	}
}

/* A worker's memory as it saw it at its jobs' ends (bf_prof_slot). */
static json_t *memory_json(const bf_prof_slot *s)
{
	json_t *m = json_object();
	json_object_set_new(m, "peak", json_integer((json_int_t)s->rss_peak_kb));
	json_object_set_new(m, "job_end_max", json_integer((json_int_t)s->rss_job_end_kb));
	json_object_set_new(m, "outside_big_samples_max", json_integer((json_int_t)s->rss_small_kb));
	return m;
}

void bf_prof_pool(const bf_prof_run *run, const bf_prof_slot *slots, int nslots, bf_role r,
		  bf_pool *out)
{
	*out = (bf_pool){0, 0, 0, 0};
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid && slots[i].role == (int32_t)r) {
			out->processes++;
			out->jobs += slots[i].jobs;
			out->busy += busy_seconds(&slots[i]);
		}
	if (r == BF_ROLE_SUPERVISOR)
		return; /* it is never idle: it waits on its workers */
	double idle = out->processes * (double)run->phase_ns[BF_P_TASKS] / 1e9 - out->busy;
	out->idle = idle > 0 ? idle : 0;
}

/* The per-role table's head: each pool's processes, busy and idle time. */
static void print_pools(FILE *f, const bf_prof_run *run, const bf_prof_slot *slots, int nslots)
{
	bf_pool p[BF_ROLE_DIFFER + 1];
	for (int r = BF_ROLE_SUPERVISOR; r <= BF_ROLE_DIFFER; r++)
		bf_prof_pool(run, slots, nslots, (bf_role)r, &p[r]);
	fprintf(f, "%-32s", "processes");
	for (int r = BF_ROLE_SUPERVISOR; r <= BF_ROLE_DIFFER; r++)
		fprintf(f, " %10d", p[r].processes);
	fprintf(f, "\n%-32s", "busy (top-level metrics)");
	for (int r = BF_ROLE_SUPERVISOR; r <= BF_ROLE_DIFFER; r++)
		fprintf(f, " %10.3f", p[r].busy);
	fprintf(f, "\n%-32s", "idle (in the tasks phase)");
	for (int r = BF_ROLE_SUPERVISOR; r <= BF_ROLE_DIFFER; r++)
		fprintf(f, " %10.3f", p[r].idle);
	fputc('\n', f);
}

void bf_prof_print(FILE *f, const bf_prof_run *run, const bf_prof_slot *slots, int nslots)
{
	int64_t ns[BF_M_COUNT];
	uint64_t calls[BF_M_COUNT];
	totals(slots, nslots, ns, calls);
	fprintf(f, "=== PROFILING RESULTS ===\n");
	fprintf(f, "(seconds and calls summed over every process: the supervisor and all "
		   "workers,\n dead ones included; the wall time is at the end)\n");
	for (int m = 0; m < BF_M_COUNT; m++)
		fprintf(f, "%-32s %10.3f  (%llu calls)\n", names[m], (double)ns[m] / 1e9,
			(unsigned long long)calls[m]);
	/* per role: the sums of its workers' slots */
	fprintf(f, "\n--- per role (seconds, summed over the role's processes) ---\n%-32s",
		"role");
	for (int r = BF_ROLE_SUPERVISOR; r <= BF_ROLE_DIFFER; r++)
		fprintf(f, " %10s", bf_role_name((bf_role)r));
	fputc('\n', f);
	print_pools(f, run, slots, nslots);
	for (int m = 0; m < BF_M_COUNT; m++) {
		if (!ns[m])
			continue;
		fprintf(f, "%-32s", names[m]);
		for (int r = BF_ROLE_SUPERVISOR; r <= BF_ROLE_DIFFER; r++) {
			int64_t sum = 0;
			for (int i = 0; i < nslots; i++)
				if (slots[i].pid && slots[i].role == r)
					sum += slots[i].ns[m];
			fprintf(f, " %10.3f", (double)sum / 1e9);
		}
		fputc('\n', f);
	}
	/* one column per worker, one row per metric that any worker used */
	fprintf(f, "\n--- per worker (seconds; one column per process) ---\n");
	fprintf(f, "%-32s", "pid");
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid)
			fprintf(f, " %10d", slots[i].pid);
	fprintf(f, "\n%-32s", "role");
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid)
			fprintf(f, " %10s", bf_role_name((bf_role)slots[i].role));
	fprintf(f, "\n%-32s", "jobs");
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid)
			fprintf(f, " %10llu", (unsigned long long)slots[i].jobs);
	fprintf(f, "\n%-32s", "candidates");
	for (int i = 0; i < nslots; i++)
		if (slots[i].pid)
			fprintf(f, " %10llu", (unsigned long long)slots[i].candidates);
	fputc('\n', f);
	for (int m = 0; m < BF_M_COUNT; m++) {
		if (!ns[m])
			continue;
		fprintf(f, "%-32s", names[m]);
		for (int i = 0; i < nslots; i++)
			if (slots[i].pid)
				fprintf(f, " %10.3f", (double)slots[i].ns[m] / 1e9);
		fputc('\n', f);
	}
	memory_rows(f, slots, nslots);
	double wall = (double)(run->end_ns - run->start_ns) / 1e9;
	fprintf(f, "\n--- wall clock per phase (supervisor) ---\n");
	for (int p = 0; p < BF_P_COUNT; p++)
		fprintf(f, "%-42s %10.3f\n", bf_phase_name((bf_phase)p),
			(double)run->phase_ns[p] / 1e9);
	fprintf(f, "%-42s %10.3f\n", "total", wall);
	double un = bf_prof_unaccounted(run, slots, nslots);
	fprintf(f, "unaccounted: %.3f (%.1f%%)\n", un, wall > 0 ? 100.0 * un / wall : 0.0);
}

/* Every metric as {"seconds", "calls"}: the same shape for the run, a
 * role and a worker, so one reader serves all three. */
static json_t *metrics_json(const int64_t *ns, const uint64_t *calls)
{
	json_t *metrics = json_object();
	for (int m = 0; m < BF_M_COUNT; m++) {
		json_t *o = json_object();
		json_object_set_new(o, "seconds", json_real((double)ns[m] / 1e9));
		json_object_set_new(o, "calls", json_integer((json_int_t)calls[m]));
		json_object_set_new(metrics, names[m], o);
	}
	return metrics;
}

/* Each worker pool's processes, jobs, busy and idle seconds. */
static json_t *pools_json(const bf_prof_run *run, const bf_prof_slot *slots, int nslots)
{
	json_t *pools = json_object();
	for (int r = BF_ROLE_VALIDATOR; r <= BF_ROLE_DIFFER; r++) {
		bf_pool p;
		bf_prof_pool(run, slots, nslots, (bf_role)r, &p);
		json_t *o = json_object();
		json_object_set_new(o, "processes", json_integer(p.processes));
		json_object_set_new(o, "jobs", json_integer((json_int_t)p.jobs));
		json_object_set_new(o, "busy_seconds", json_real(p.busy));
		json_object_set_new(o, "idle_seconds", json_real(p.idle));
		json_object_set_new(pools, bf_role_name((bf_role)r), o);
	}
	return pools;
}

json_t *bf_prof_json(const bf_prof_run *run, const bf_prof_slot *slots, int nslots)
{
	int64_t ns[BF_M_COUNT];
	uint64_t calls[BF_M_COUNT];
	totals(slots, nslots, ns, calls);
	json_t *root = json_object();
	json_object_set_new(root, "metrics", metrics_json(ns, calls));
	json_t *workers = json_array();
	for (int i = 0; i < nslots; i++) {
		const bf_prof_slot *s = &slots[i];
		if (!s->pid)
			continue;
		json_t *w = json_object();
		json_object_set_new(w, "pid", json_integer(s->pid));
		json_object_set_new(w, "role", json_string(bf_role_name((bf_role)s->role)));
		json_object_set_new(w, "jobs", json_integer((json_int_t)s->jobs));
		json_object_set_new(w, "candidates", json_integer((json_int_t)s->candidates));
		json_object_set_new(w, "metrics", metrics_json(s->ns, s->calls));
		json_object_set_new(w, "busy_seconds", json_real(busy_seconds(s)));
		if (s->rss_peak_kb)
			json_object_set_new(w, "memory_kb", memory_json(s));
		json_array_append_new(workers, w);
	}
	json_object_set_new(root, "workers", workers);
	json_t *roles = json_object();
	for (int r = BF_ROLE_SUPERVISOR; r <= BF_ROLE_DIFFER; r++) {
		int64_t ns_r[BF_M_COUNT] = {0};
		uint64_t calls_r[BF_M_COUNT] = {0};
		for (int i = 0; i < nslots; i++)
			for (int m = 0; m < BF_M_COUNT && slots[i].pid && slots[i].role == r; m++) {
				ns_r[m] += slots[i].ns[m];
				calls_r[m] += slots[i].calls[m];
			}
		json_object_set_new(roles, bf_role_name((bf_role)r), metrics_json(ns_r, calls_r));
	}
	json_object_set_new(root, "roles", roles);
	json_object_set_new(root, "pools", pools_json(run, slots, nslots));
	json_t *phases = json_object();
	static const char *phase_keys[BF_P_COUNT] = {"load", "prepare", "tasks"};
	for (int p = 0; p < BF_P_COUNT; p++)
		json_object_set_new(phases, phase_keys[p], json_real((double)run->phase_ns[p] / 1e9));
	json_object_set_new(root, "phases", phases);
	double wall = (double)(run->end_ns - run->start_ns) / 1e9;
	json_object_set_new(root, "wall_seconds", json_real(wall));
	double un = bf_prof_unaccounted(run, slots, nslots);
	json_object_set_new(root, "unaccounted_seconds", json_real(un));
	json_object_set_new(root, "unaccounted_percent", json_real(wall > 0 ? 100.0 * un / wall : 0));
	return root;
}
