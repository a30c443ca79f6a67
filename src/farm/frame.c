/*
 * frame.c -- length-prefixed, crc32-checked frames on pipes (see frame.h).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "battfarm/frame.h"

int bf_frame_payload_len(uint32_t type)
{
	switch (type) {
	case BF_FR_JOB: return (int)sizeof(bf_msg_job);
	case BF_FR_DONE: return (int)sizeof(bf_msg_done);
	case BF_FR_QUIT: return 0;
	}
	return -1;
}

static uint32_t crc(const void *p, uint32_t len)
{
	return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, len);
}

size_t bf_frame_encode(void *buf, uint32_t type, const void *payload, uint32_t len)
{
	bf_frame_hdr h = {type, len, crc(payload, len)};
	memcpy(buf, &h, sizeof(h));
	if (len)
		memcpy((char *)buf + sizeof(h), payload, len);
	return sizeof(h) + len;
}

int bf_frame_decode(const void *buf, size_t n, uint32_t *type, const void **payload,
		    const char **err)
{
	bf_frame_hdr h;
	if (n < sizeof(h)) {
		*err = "short frame header";
		return -1;
	}
	memcpy(&h, buf, sizeof(h));
	int want = bf_frame_payload_len(h.type);
	if (want < 0) {
		*err = "unknown frame type";
		return -1;
	}
	if (h.len != (uint32_t)want || n != sizeof(h) + h.len) {
		*err = "frame length does not match its type";
		return -1;
	}
	if (crc((const char *)buf + sizeof(h), h.len) != h.crc) {
		*err = "frame checksum mismatch";
		return -1;
	}
	*type = h.type;
	*payload = (const char *)buf + sizeof(h);
	return 0;
}

int bf_frame_send(int fd, uint32_t type, const void *payload, uint32_t len)
{
	char buf[BF_FRAME_MAX];
	if (sizeof(bf_frame_hdr) + len > sizeof(buf))
		return -1;
	size_t n = bf_frame_encode(buf, type, payload, len);
	for (;;) {
		ssize_t w = write(fd, buf, n);
		if (w == (ssize_t)n)
			return 0;
		if (w < 0 && errno == EINTR)
			continue;
		return -1; /* a short write to a pipe of < PIPE_BUF bytes: broken */
	}
}

/* Read exactly n bytes; the count read (short only at EOF) or -1. */
static ssize_t read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

int bf_frame_recv(int fd, uint32_t *type, void *out, size_t outcap, const char **err)
{
	char buf[BF_FRAME_MAX];
	ssize_t r = read_full(fd, buf, sizeof(bf_frame_hdr));
	if (r == 0)
		return 0;
	if (r != (ssize_t)sizeof(bf_frame_hdr)) {
		*err = "short frame header";
		return -1;
	}
	bf_frame_hdr h;
	memcpy(&h, buf, sizeof(h));
	int want = bf_frame_payload_len(h.type);
	if (want < 0 || h.len != (uint32_t)want || (size_t)want > outcap) {
		*err = want < 0 ? "unknown frame type" : "frame length does not match its type";
		return -1;
	}
	if (read_full(fd, buf + sizeof(h), h.len) != (ssize_t)h.len) {
		*err = "short frame payload";
		return -1;
	}
	const void *payload;
	if (bf_frame_decode(buf, sizeof(h) + h.len, type, &payload, err) < 0)
		return -1;
	memcpy(out, payload, h.len);
	return 1;
}
