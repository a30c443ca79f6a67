/*
 * test_farm.c -- the pipe frame codec (corrupt frames included) and the
 * timing slots' sequence protocol.
 */
#include <string.h>
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

int main(void)
{
	Suite *s = suite_create("farm");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, t_frame_round_trip);
	tcase_add_test(tc, t_corrupt_frames_are_refused);
	tcase_add_test(tc, t_frames_over_a_pipe);
	tcase_add_test(tc, t_slots_are_shared_and_consistent);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
