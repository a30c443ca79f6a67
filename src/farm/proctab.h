/*
 * proctab.h -- the supervisor's process table (nginx's ngx_process_t): per
 * worker its state, process, pipes, slot and liveness; spawning with
 * back-off, burying with the cause of death, the slots of the dead
 * reclaimed with their last consistent timings kept.
 */
#ifndef BATTFARM_PROCTAB_H
#define BATTFARM_PROCTAB_H

#include <stdbool.h>
#include <sys/types.h>

#include "battfarm/farm.h"

typedef enum bf_proc_state {
	BF_PROC_FREE,     /* no process; may be waiting out a back-off */
	BF_PROC_IDLE,     /* started, no job in hand */
	BF_PROC_BUSY,     /* a job in hand */
	BF_PROC_EXITING,  /* told to quit */
} bf_proc_state;

/* How a worker ended, as far as the job it held is concerned. */
typedef enum bf_death {
	BF_DEATH_OURS,    /* we killed it (stalled) */
	BF_DEATH_OUTSIDE, /* a SIGKILL we did not send: not its job's fault */
	BF_DEATH_CRASH,   /* any other signal or exit status */
	BF_DEATH_FATAL,   /* exit BF_EXIT_FATAL: no worker can work */
} bf_death;

typedef struct bf_proc {
	bf_proc_state state;
	pid_t pid;
	int to_fd, from_fd;
	int index;          /* its name: validator <index> or differ <index> */
	int role;           /* BF_ROLE_VALIDATOR or BF_ROLE_DIFFER */
	bf_slot *slot;      /* its shared slot, reused by its successors */
	bf_slot good;       /* the slot's last consistent copy */
	bool did_work;      /* finished a job (resets the back-off) */
	int young_deaths;   /* deaths in a row before doing any work */
	int64_t respawn_at; /* when a FREE entry may start a process */
	/* liveness: what was seen last, and for how long nothing moved */
	int64_t cpu_ns, beat_ns, seen_ns, still_ns;
	int still_rounds;
} bf_proc;

typedef struct bf_proctab {
	bf_proc *p;
	int n;
	bf_slot *slots;     /* n shared slots, made before any fork */
	bf_worker_fn main, differ_main; /* validators', differ workers' */
	bf_worker_args args; /* job and split area; slot, index, fds per spawn */
	bf_prof_slot *records; /* the timings of every worker that ended */
	int nrecords, caprecords;
	bool fatal;         /* no more spawns: the run fails */
	int young_in_row;   /* deaths before doing any work, table-wide */
	int started, deaths;
} bf_proctab;

/* n entries: validators 0 .. n - differs - 1, then the differ workers. */
int bf_pt_init(bf_proctab *pt, int n, int differs, bf_worker_fn main, bf_worker_fn differ_main,
	       const bf_job *job, const bf_split_area *split);
/* Start a process in every FREE entry whose back-off is over (none once
 * the table is fatal or stopping). */
void bf_pt_spawn_due(bf_proctab *pt, int64_t now, bool stopping);
/* Milliseconds until the next back-off ends (cap when none is pending). */
int bf_pt_wait_ms(const bf_proctab *pt, int64_t now, int cap);
/* Whether a process is running or may still be started. */
bool bf_pt_alive(const bf_proctab *pt, bool stopping);
/* Reap entry i's process (killing it first), record its timings, reclaim
 * its slot, schedule its successor; ours: we killed it. */
bf_death bf_pt_bury(bf_proctab *pt, int i, bool ours);
/* Whether busy entry i has been runnable with neither CPU time nor
 * heartbeat moving for more than stall_ns, over several rounds in a row. */
bool bf_pt_stalled(bf_proctab *pt, int i, int64_t now, int64_t stall_ns);
/* Entry i was handed a job, or finished one. */
void bf_pt_busy(bf_proctab *pt, int i, int64_t now);
void bf_pt_did_work(bf_proctab *pt, int i);
/* Candidates checked so far by all workers, living and dead. */
uint64_t bf_pt_candidates(bf_proctab *pt);
/* Send every living worker sig (once the candidates are to be cut). */
void bf_pt_signal_all(bf_proctab *pt, int sig);
/* Tell the living to quit, reap them, record them; hand over the records. */
void bf_pt_finish(bf_proctab *pt, bf_prof_slot **records, int *nrecords);

#endif
