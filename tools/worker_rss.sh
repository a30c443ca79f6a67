#!/bin/sh
# worker_rss.sh -- the peak resident memory (VmHWM) of a battfarm run's
# supervisor and of each of its workers, for sizing a box (README, "Memory
# per worker").  The run's own output goes to /dev/null.
#
# usage: tools/worker_rss.sh [-b BINARY] -- RUN_OPTIONS...
#
# Polls /proc every 0.1 s; a worker's peak is its VmHWM at the last poll
# before it exited (the kernel's high-water mark, so only a rise in its
# last 0.1 s can be missed).  Beside the peak, each worker's resident
# memory (VmRSS) over its polls -- median, 99th percentile and the share
# of polls above 100 MB -- shows what it holds outside the few samples
# that need more.
set -eu
bf=./build/battfarm
while [ $# -gt 0 ]; do
	case $1 in
	-b) bf=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "worker_rss: unknown option '$1'" >&2; exit 2 ;;
	esac
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bf" run "$@" >/dev/null 2>&1 &
sup=$!
# (a process may be gone by the time it is read: that is no error)
hwm() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2>/dev/null || true; }
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2>/dev/null || true; }
while kill -0 "$sup" 2>/dev/null; do
	for p in $sup $(pgrep -P "$sup" 2>/dev/null); do
		k=$(hwm "$p")
		r=$(rss "$p")
		[ -n "$k" ] && [ -n "$r" ] && echo "$p $k $r" >>"$out"
	done
	sleep 0.1
done
wait "$sup" || true
sort -k1,1n -k3,3n "$out" | awk -v sup="$sup" '
	{ peak[$1] = $2 > peak[$1] ? $2 : peak[$1]; r[$1, ++np[$1]] = $3; big[$1] += $3 > 102400 }
	END {
		for (p in peak) {
			role = p == sup ? "supervisor" : "worker"
			q = int(np[p] * 0.99)
			if (q < 1) q = 1
			printf "%-10s pid %-8s peak RSS %7.1f MB; RSS median %.1f MB, p99 %.1f MB, above 100 MB in %d of %d polls\n", \
				role, p, peak[p] / 1024, r[p, int((np[p] + 1) / 2)] / 1024, r[p, q] / 1024, big[p], np[p]
			if (p != sup) { n++; sum += peak[p]; if (peak[p] > max) max = peak[p] }
		}
		if (n) printf "workers: %d, largest peak %.1f MB, mean %.1f MB\n", n, max / 1024, sum / n / 1024
	}' | sort
