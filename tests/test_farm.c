/*
 * test_farm.c -- the pipe frame codec (corrupt frames included) and the
 * timing slots' sequence protocol; the supervisor driven by a fake worker:
 * respawn, fatal exit, back-off, reclaim of an odd slot, attribution of deaths.
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "battfarm/farm.h"
#include "battfarm/frame.h"
#include "testutil.h"

START_TEST(t_frame_round_trip)
{
	char buf[BF_FRAME_MAX];
	bf_msg_done d;
	memset(&d, 0, sizeof(d));
	d.task = 7;
	d.stats.filed = 123456789012ULL;
	size_t n = bf_frame_encode(buf, BF_FR_DONE, &d, sizeof(d));
	ck_assert_uint_eq(n, sizeof(bf_frame_hdr) + sizeof(d));
	uint32_t type;
	const void *payload;
	const char *err = NULL;
	ck_assert_int_eq(bf_frame_decode(buf, n, &type, &payload, &err), 0);
	ck_assert_uint_eq(type, BF_FR_DONE);
	bf_msg_done back;
	memcpy(&back, payload, sizeof(back));
	ck_assert_int_eq(back.task, 7);
	ck_assert_uint_eq(back.stats.filed, 123456789012ULL);
}
END_TEST

START_TEST(t_corrupt_frames_are_refused)
{
	char buf[BF_FRAME_MAX];
	bf_msg_job j = {3, BF_JOB_TASK, 0, 0, 0};
	size_t n = bf_frame_encode(buf, BF_FR_JOB, &j, sizeof(j));
	uint32_t type;
	const void *payload;
	const char *err = NULL;
	/* a flipped payload bit */
	buf[sizeof(bf_frame_hdr)] ^= 1;
	ck_assert_int_eq(bf_frame_decode(buf, n, &type, &payload, &err), -1);
	ck_assert_str_eq(err, "frame checksum mismatch");
	buf[sizeof(bf_frame_hdr)] ^= 1;
	/* a length that does not match the type */
	bf_frame_hdr h;
	memcpy(&h, buf, sizeof(h));
	h.len = 4;
	memcpy(buf, &h, sizeof(h));
	ck_assert_int_eq(bf_frame_decode(buf, n, &type, &payload, &err), -1);
	ck_assert_str_eq(err, "frame length does not match its type");
	/* an unknown type */
	h.len = sizeof(j);
	h.type = 99;
	memcpy(buf, &h, sizeof(h));
	ck_assert_int_eq(bf_frame_decode(buf, n, &type, &payload, &err), -1);
	ck_assert_str_eq(err, "unknown frame type");
	/* too short for a header */
	ck_assert_int_eq(bf_frame_decode(buf, 5, &type, &payload, &err), -1);
}
END_TEST

START_TEST(t_frames_over_a_pipe)
{
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	bf_msg_job j = {42, BF_JOB_EVAL, 5, 9, 1};
	ck_assert_int_eq(bf_frame_send(p[1], BF_FR_JOB, &j, sizeof(j)), 0);
	ck_assert_int_eq(bf_frame_send(p[1], BF_FR_QUIT, NULL, 0), 0);
	/* a torn frame: half a header, then EOF */
	ck_assert_int_eq(write(p[1], "\x01\x00\x00\x00\x08\x00", 6), 6);
	close(p[1]);
	uint32_t type;
	bf_msg_job got;
	const char *err = NULL;
	ck_assert_int_eq(bf_frame_recv(p[0], &type, &got, sizeof(got), &err), 1);
	ck_assert_uint_eq(type, BF_FR_JOB);
	ck_assert_int_eq(got.task, 42);
	ck_assert_int_eq(got.kind, BF_JOB_EVAL);
	ck_assert_int_eq(got.hi, 9);
	ck_assert_int_eq(bf_frame_recv(p[0], &type, &got, sizeof(got), &err), 1);
	ck_assert_uint_eq(type, BF_FR_QUIT);
	ck_assert_int_eq(bf_frame_recv(p[0], &type, &got, sizeof(got), &err), -1);
	ck_assert_str_eq(err, "short frame header");
	ck_assert_int_eq(bf_frame_recv(p[0], &type, &got, sizeof(got), &err), 0); /* EOF */
	close(p[0]);
}
END_TEST

START_TEST(t_slots_are_shared_and_consistent)
{
	bf_slot *s = bf_slots_map(4);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(bf_slots_size(4), 4 * sizeof(bf_slot));
	ck_assert_int_eq(s[2].prof.pid, 0);
	pid_t pid = fork();
	if (pid == 0) {
		/* the child writes its slot many times under the protocol */
		for (int k = 1; k <= 20000; k++) {
			bf_slot_begin_write(&s[2]);
			s[2].prof.jobs = (uint64_t)k;
			s[2].prof.candidates = (uint64_t)k * 3;
			bf_slot_end_write(&s[2]);
		}
		s[2].prof.pid = 1234;
		_exit(0);
	}
	/* every snapshot the parent takes meanwhile is consistent */
	for (int k = 0; k < 20000; k++) {
		bf_slot snap;
		if (bf_slot_snapshot(&s[2], &snap) < 0)
			continue; /* the writer was descheduled mid-update */
		ck_assert_uint_eq(snap.prof.candidates, snap.prof.jobs * 3);
		ck_assert_uint_eq(snap.seq & 1, 0);
	}
	int st;
	waitpid(pid, &st, 0);
	/* the slot outlives its writer */
	ck_assert_int_eq(s[2].prof.pid, 1234);
	ck_assert_uint_eq(s[2].prof.jobs, 20000);
	bf_slots_unmap(s, 4);
}
END_TEST


/* ---- the supervisor, driven by a fake worker ---- */

/* What the fake worker does: set before bf_farm_run, inherited by fork. */
enum { FAKE_OK, FAKE_FATAL, FAKE_CRASH, FAKE_ODD, FAKE_CRASH_ON_2, FAKE_KILLED_ON_1, FAKE_HANG_ON_1,
       FAKE_DIFFER_CRASH_FIRST, FAKE_DIFFER_WAITS, FAKE_STOP_IN_FIRST };
static int fake_mode;
/* shared by every process of a run: jobs begun, by task; and every job
 * begun, in order, as task * 8 + kind * 2 + (1 when a differ took it) */
static _Atomic int *begun;
static _Atomic int *nlog, *joblog;
#define LOG_CAP 512

/* Entries in the job log. */
static int log_len(void)
{
	return *nlog < LOG_CAP ? *nlog : LOG_CAP;
}

static void log_job(const bf_msg_job *m, bool differ)
{
	int at = atomic_fetch_add(nlog, 1);
	if (at < LOG_CAP)
		joblog[at] = m->task * 8 + m->kind * 2 + differ;
}

/* The supervisor's stop flag, as cmd_run's signal handler sets it: here
 * SIGUSR2 from a fake worker, which is told through begun[12]. */
static volatile sig_atomic_t fake_stop;

static void on_fake_stop(int sig)
{
	(void)sig;
	fake_stop = 1;
	begun[12] = 1;
}

/* Answer each job with a DONE counting one task, as a validator would;
 * misbehave as fake_mode says. */
static void fake_main(const bf_worker_args *a)
{
	if (fake_mode == FAKE_FATAL)
		_exit(BF_EXIT_FATAL);
	if (fake_mode == FAKE_CRASH)
		_exit(1);
	for (;;) {
		uint32_t type;
		bf_msg_job m;
		const char *why;
		if (bf_frame_recv(a->fd_in, &type, &m, sizeof(m), &why) != 1 || type != BF_FR_JOB)
			_exit(0);
		int k = atomic_fetch_add(&begun[m.task], 1);
		log_job(&m, false);
		bf_slot_begin_write(a->slot);
		a->slot->prof.jobs++;
		bf_slot_end_write(a->slot);
		if (fake_mode == FAKE_ODD && m.task == 1 && k == 0) {
			/* killed between the halves of an update: the counter stays odd */
			bf_slot_begin_write(a->slot);
			a->slot->prof.jobs = 999;
			raise(SIGKILL);
		}
		if (fake_mode == FAKE_CRASH_ON_2 && m.task == 2)
			_exit(1);
		if (fake_mode == FAKE_KILLED_ON_1 && m.task == 1 && k == 0)
			raise(SIGKILL); /* as if from outside: not the task's fault */
		if (fake_mode == FAKE_STOP_IN_FIRST && !atomic_exchange(&begun[13], 1)) {
			/* a first signal at the supervisor while this job is in
			 * hand; answered once its handler has run (at most 20 s) */
			kill(getppid(), SIGUSR2);
			for (int64_t t0 = bf_now_ns(); !begun[12] && bf_now_ns() - t0 < 20000000000LL;)
				;
		}
		if (fake_mode == FAKE_HANG_ON_1 && m.task == 1 && k == 0)
			for (;;)
				pause(); /* runnable, yet no CPU time and no heartbeat */
		bf_msg_done d;
		memset(&d, 0, sizeof(d));
		d.task = m.task;
		d.stats.tasks = m.kind == BF_JOB_TASK || m.kind == BF_JOB_FILE;
		if (bf_frame_send(a->fd_out, BF_FR_DONE, &d, sizeof(d)) < 0)
			_exit(0);
	}
}

/* Whether a validator has begun a DIFF job. */
static bool validator_judged(void)
{
	int n = log_len();
	for (int i = 0; i < n; i++)
		if (!(joblog[i] & 1) && (joblog[i] >> 1 & 3) == BF_JOB_DIFF)
			return true;
	return false;
}

/* A differ worker that answers each job at once (logged as a differ's);
 * with FAKE_DIFFER_CRASH_FIRST it dies on the first DIFF job it gets
 * (the first one made ready: the farm offers it to differ workers first); with
 * FAKE_DIFFER_WAITS it holds its first DIFF job until a validator has
 * begun one (at most 20 s, busy, so that it is not taken for stalled). */
static void fake_differ(const bf_worker_args *a)
{
	for (;;) {
		uint32_t type;
		bf_msg_job m;
		const char *why;
		if (bf_frame_recv(a->fd_in, &type, &m, sizeof(m), &why) != 1 || type != BF_FR_JOB)
			_exit(0);
		log_job(&m, true);
		if (fake_mode == FAKE_DIFFER_CRASH_FIRST && !atomic_exchange(&begun[15], 1))
			_exit(1);
		if (fake_mode == FAKE_DIFFER_WAITS && !atomic_exchange(&begun[14], 1))
			for (int64_t t0 = bf_now_ns(); !validator_judged() && bf_now_ns() - t0 < 20000000000LL;)
				;
		bf_msg_done d;
		memset(&d, 0, sizeof(d));
		d.task = m.task;
		if (bf_frame_send(a->fd_out, BF_FR_DONE, &d, sizeof(d)) < 0)
			_exit(0);
	}
}

/* A job of n tasks with no samples and ncands candidates, run by the
 * fakes: workers validators and differs differ workers. */
static void fake_run_m(int mode, int ntasks, int ncands, int workers, int differs,
		       bf_farm_result *r)
{
	static char ids[16][16];
	bf_task tasks[16];
	memset(tasks, 0, sizeof(tasks));
	for (int t = 0; t < ntasks; t++) {
		snprintf(ids[t], sizeof(ids[t]), "t%d", t);
		tasks[t].id = ids[t];
	}
	bf_job job;
	memset(&job, 0, sizeof(job));
	job.tasks.tasks = tasks;
	job.tasks.n = ntasks;
	job.ncands = ncands;
	job.opts.lim.timeout = 1;
	size_t shared = sizeof(int) * (16 + 1 + LOG_CAP);
	begun = mmap(NULL, shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(begun, MAP_FAILED);
	memset((void *)begun, 0, shared);
	nlog = begun + 16;
	joblog = begun + 17;
	fake_mode = mode;
	bf_farm_opts fo;
	memset(&fo, 0, sizeof(fo));
	fo.validators = workers;
	fo.worker = fake_main;
	fo.differs = differs;
	fo.differ = fake_differ;
	fo.stall = 0.3;
	fake_stop = 0;
	ck_assert_int_eq(bf_farm_run(&job, &fo, &fake_stop, r), 0);
}

static void fake_run(int mode, int ntasks, int workers, bf_farm_result *r)
{
	fake_run_m(mode, ntasks, 1, workers, 0, r);
}

/* Position in the job log of the first (last: from the end) job of task t
 * of kind k, -1 if none; fails if a differ got anything but a DIFF job. */
static int log_at(int t, int k, bool last)
{
	int n = log_len(), at = -1;
	for (int i = 0; i < n; i++) {
		int e = joblog[i];
		ck_assert(!(e & 1) || (e >> 1 & 3) == BF_JOB_DIFF);
		if (e >> 3 == t && (e >> 1 & 3) == k && (at < 0 || last))
			at = i;
	}
	return at;
}

START_TEST(t_farm_runs_every_task)
{
	bf_farm_result r;
	fake_run(FAKE_OK, 10, 2, &r);
	ck_assert_int_eq(r.done, 10);
	ck_assert_int_eq(r.failed, 0);
	ck_assert_uint_eq(r.stats.tasks, 10);
	ck_assert(!r.fatal);
	ck_assert_int_eq(r.nworkers, 2);
	ck_assert_uint_eq(r.workers[0].jobs + r.workers[1].jobs, 10);
	free(r.workers);
}
END_TEST

START_TEST(t_fatal_exit_stops_respawning)
{
	bf_farm_result r;
	fake_run(FAKE_FATAL, 4, 2, &r);
	ck_assert(r.fatal);
	ck_assert_int_eq(r.done, 0);
	ck_assert_int_le(r.deaths, 2); /* none started after the first fatal exit */
	free(r.workers);
}
END_TEST

START_TEST(t_crash_loop_backs_off_then_gives_up)
{
	bf_farm_result r;
	int64_t t0 = bf_now_ns();
	fake_run(FAKE_CRASH, 4, 1, &r);
	double sec = (double)(bf_now_ns() - t0) / 1e9;
	ck_assert(r.fatal);
	ck_assert_int_eq(r.deaths, 2 * 1 + 4);
	/* the respawns waited 10 + 20 + 40 + 80 + 160 ms at least */
	ck_assert(sec >= 0.31);
	free(r.workers);
}
END_TEST

START_TEST(t_odd_slot_is_reclaimed)
{
	bf_farm_result r;
	fake_run(FAKE_ODD, 3, 1, &r);
	ck_assert_int_eq(r.done, 3); /* the run went on: no reader spun */
	ck_assert_int_eq(r.failed, 0);
	ck_assert_int_eq(r.deaths, 1);
	/* the dead worker's record holds the last consistent timings seen (at
	 * its first DONE, or later), never the half-written 999 */
	ck_assert_int_eq(r.nworkers, 2);
	ck_assert_uint_ge(r.workers[0].jobs, 1);
	ck_assert_uint_le(r.workers[0].jobs, 2);
	ck_assert_uint_eq(r.workers[1].jobs, 2); /* its successor: tasks 1 and 2 */
	free(r.workers);
}
END_TEST

START_TEST(t_deaths_are_attributed)
{
	bf_farm_result r;
	/* a task that crashes its worker every time is given up after two */
	fake_run(FAKE_CRASH_ON_2, 4, 2, &r);
	ck_assert_int_eq(r.done, 4);
	ck_assert_int_eq(r.failed, 1);
	ck_assert_int_eq(begun[2], 2);
	ck_assert_uint_eq(r.stats.tasks, 3);
	free(r.workers);
	/* a kill from outside is not the task's fault: it runs again, and
	 * nothing is given up */
	fake_run(FAKE_KILLED_ON_1, 4, 2, &r);
	ck_assert_int_eq(r.done, 4);
	ck_assert_int_eq(r.failed, 0);
	ck_assert_int_eq(begun[1], 2);
	ck_assert_uint_eq(r.stats.tasks, 4);
	free(r.workers);
}
END_TEST

START_TEST(t_hung_worker_is_replaced)
{
	bf_farm_result r;
	fake_run(FAKE_HANG_ON_1, 4, 2, &r);
	ck_assert_int_eq(r.done, 4);
	ck_assert_int_eq(r.failed, 0);
	ck_assert_int_eq(r.deaths, 1); /* the hung one, killed as stalled */
	ck_assert_int_eq(begun[1], 2); /* its task ran again elsewhere */
	ck_assert_uint_eq(r.stats.tasks, 4);
	free(r.workers);
}
END_TEST

START_TEST(t_differs_judge_between_ranges_and_filing)
{
	bf_farm_result r;
	/* 3 candidates on 2 validators: ranges; a differ's DIFF job between
	 * a task's last range and its FILE job, each task filed once */
	fake_run_m(FAKE_OK, 6, 3, 2, 1, &r);
	ck_assert_int_eq(r.done, 6);
	ck_assert_int_eq(r.failed, 0);
	ck_assert_uint_eq(r.stats.tasks, 6);
	ck_assert_int_eq(r.nworkers, 3);
	ck_assert_int_eq(r.workers[2].role, BF_ROLE_DIFFER);
	for (int t = 0; t < 6; t++) {
		int eval = log_at(t, BF_JOB_EVAL, true), diff = log_at(t, BF_JOB_DIFF, false);
		int file = log_at(t, BF_JOB_FILE, false);
		ck_assert_int_ge(eval, 0);
		ck_assert_int_gt(diff, eval);
		ck_assert_int_gt(file, diff);
		ck_assert_int_eq(log_at(t, BF_JOB_TASK, false), -1); /* no WHOLE job */
	}
	free(r.workers);
	/* one validator, two differs: still no WHOLE job, every task filed */
	fake_run_m(FAKE_OK, 5, 1, 1, 2, &r);
	ck_assert_int_eq(r.done, 5);
	ck_assert_uint_eq(r.stats.tasks, 5);
	for (int t = 0; t < 5; t++)
		ck_assert_int_gt(log_at(t, BF_JOB_FILE, false), log_at(t, BF_JOB_DIFF, false));
	free(r.workers);
}
END_TEST

START_TEST(t_validator_judges_what_no_differ_takes)
{
	/* one validator, one differ, two tasks: the differ holds the first
	 * task's DIFF job, so the validator, its ranges done, judges the
	 * other task itself instead of waiting */
	bf_farm_result r;
	fake_run_m(FAKE_DIFFER_WAITS, 2, 1, 1, 1, &r);
	ck_assert_int_eq(r.done, 2);
	ck_assert_int_eq(r.failed, 0);
	ck_assert_uint_eq(r.stats.tasks, 2);
	int n = log_len(), by_differ = -1, by_validator = -1;
	for (int i = 0; i < n; i++)
		if ((joblog[i] >> 1 & 3) == BF_JOB_DIFF) {
			if (joblog[i] & 1)
				by_differ = joblog[i] >> 3;
			else
				by_validator = joblog[i] >> 3;
		}
	ck_assert_int_ge(by_differ, 0);
	ck_assert_int_ge(by_validator, 0);
	ck_assert_int_ne(by_differ, by_validator);
	for (int t = 0; t < 2; t++) /* filed once each, after its judging */
		ck_assert_int_gt(log_at(t, BF_JOB_FILE, false), log_at(t, BF_JOB_DIFF, false));
	free(r.workers);
}
END_TEST

START_TEST(t_first_signal_files_the_tasks_in_hand)
{
	/* one validator, one differ, three tasks: the first signal comes while
	 * task 0's check is in hand; that task is still judged and filed,
	 * the other two are not started */
	signal(SIGUSR2, on_fake_stop);
	bf_farm_result r;
	fake_run_m(FAKE_STOP_IN_FIRST, 3, 1, 1, 1, &r);
	ck_assert_int_eq(fake_stop, 1);
	int t = joblog[0] >> 3; /* the task of the job that was in hand */
	ck_assert_int_eq(joblog[0] >> 1 & 3, BF_JOB_EVAL);
	ck_assert_int_gt(log_at(t, BF_JOB_DIFF, false), 0);
	ck_assert_int_gt(log_at(t, BF_JOB_FILE, false), log_at(t, BF_JOB_DIFF, false));
	ck_assert_int_eq(r.done, 1);
	ck_assert_int_eq(r.failed, 0);
	ck_assert_int_eq(*nlog, 3); /* its check, judging and filing: nothing else */
	free(r.workers);
}
END_TEST

START_TEST(t_differ_death_reruns_its_job)
{
	bf_farm_result r;
	fake_run_m(FAKE_DIFFER_CRASH_FIRST, 4, 1, 2, 1, &r);
	ck_assert_int_eq(r.done, 4);
	ck_assert_int_eq(r.failed, 0);
	ck_assert_int_eq(r.deaths, 1);
	ck_assert_uint_eq(r.stats.tasks, 4);
	/* the dead differ's task: its DIFF ran twice (the second time in the
	 * successor or a validator), and its FILE job only after the second */
	int t = -1, n = log_len();
	for (int i = 0; i < n && t < 0; i++)
		if (joblog[i] & 1)
			t = joblog[i] >> 3;
	ck_assert_int_ge(t, 0);
	int first = log_at(t, BF_JOB_DIFF, false), second = log_at(t, BF_JOB_DIFF, true);
	ck_assert_int_gt(second, first);
	ck_assert_int_gt(log_at(t, BF_JOB_FILE, false), second);
	/* the dead differ's record is a differ's, as is its successor's when
	 * one was started before the validators had judged what was left */
	int validators = 0;
	for (int i = 0; i < r.nworkers; i++)
		validators += r.workers[i].role == BF_ROLE_VALIDATOR;
	ck_assert_int_eq(validators, 2);
	ck_assert_int_ge(r.nworkers, 3);
	free(r.workers);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("farm");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_frame_round_trip);
	tcase_add_test(tc, t_corrupt_frames_are_refused);
	tcase_add_test(tc, t_frames_over_a_pipe);
	tcase_add_test(tc, t_slots_are_shared_and_consistent);
	tcase_add_test(tc, t_farm_runs_every_task);
	tcase_add_test(tc, t_fatal_exit_stops_respawning);
	tcase_add_test(tc, t_crash_loop_backs_off_then_gives_up);
	tcase_add_test(tc, t_odd_slot_is_reclaimed);
	tcase_add_test(tc, t_deaths_are_attributed);
	tcase_add_test(tc, t_hung_worker_is_replaced);
	tcase_add_test(tc, t_differs_judge_between_ranges_and_filing);
	tcase_add_test(tc, t_validator_judges_what_no_differ_takes);
	tcase_add_test(tc, t_first_signal_files_the_tasks_in_hand);
	tcase_add_test(tc, t_differ_death_reruns_its_job);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
