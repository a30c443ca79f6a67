/*
 * frame.h -- messages between the supervisor and its workers.
 *
 * A frame is a header {type, len, crc32 of the payload} and len bytes of
 * payload, all in host order (both ends are one binary on one machine).
 * Each type has an exact payload length; a frame of the wrong length or
 * with a bad checksum is a protocol error, fatal for that worker.  Frames
 * are far below PIPE_BUF and written with one write(), so they are atomic.
 */
#ifndef BATTFARM_FRAME_H
#define BATTFARM_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "battfarm/pipeline.h"

typedef enum bf_frame_type {
	BF_FR_JOB = 1,  /* supervisor -> worker: run one task */
	BF_FR_DONE = 2, /* worker -> supervisor: the task is filed */
	BF_FR_QUIT = 3, /* supervisor -> worker: exit */
} bf_frame_type;

typedef struct bf_frame_hdr {
	uint32_t type, len, crc;
} bf_frame_hdr;

typedef enum bf_job_kind {
	BF_JOB_TASK = 0, /* every phase of the task, its results in its area */
	BF_JOB_EVAL = 1, /* check candidates [lo, hi) into the task's area */
	BF_JOB_FILE = 2, /* phases 3a, 3b, 4 from the task's area (3a, 3b with
			    differ workers: they filed 4) */
	BF_JOB_DIFF = 3, /* differ workers: judge the task's outputs, file phase 4 */
} bf_job_kind;

typedef struct bf_msg_job {
	int32_t task;
	int32_t kind; /* bf_job_kind */
	int32_t lo, hi;
	int32_t area; /* the shared results area of the task (farm.h) */
} bf_msg_job;

typedef struct bf_msg_done {
	int32_t task;
	int32_t status; /* 0, or -1 when the store failed */
	bf_stats stats; /* what the job's phases counted */
} bf_msg_done;

#define BF_FRAME_MAX 256

/* The exact payload length of a frame type, or -1 for an unknown type. */
int bf_frame_payload_len(uint32_t type);

/* Encode a frame into buf (at least sizeof header + len bytes); returns
 * its total size. */
size_t bf_frame_encode(void *buf, uint32_t type, const void *payload, uint32_t len);

/* Check an encoded frame of n bytes; 0 with *type and *payload set, or -1
 * with a reason in err. */
int bf_frame_decode(const void *buf, size_t n, uint32_t *type, const void **payload,
		    const char **err);

/* Write a frame to fd (retrying on EINTR); 0 or -1. */
int bf_frame_send(int fd, uint32_t type, const void *payload, uint32_t len);

/* Read one frame from fd into buf (BF_FRAME_MAX bytes).  1 with *type and
 * the payload copied to out (exact length for the type), 0 on EOF before a
 * frame, -1 on a short or corrupt frame (reason in *err). */
int bf_frame_recv(int fd, uint32_t *type, void *out, size_t outcap, const char **err);

#endif
