#!/bin/sh
# worker_rss.sh -- the peak resident memory (VmHWM) of a battfarm run's
# supervisor and of each of its workers, for sizing a box (README, "Memory
# per worker").  The run's own output goes to /dev/null.
#
# usage: tools/worker_rss.sh [-b BINARY] -- RUN_OPTIONS...
#
# Polls /proc every 0.1 s; a worker's peak is its VmHWM at the last poll
# before it exited (the kernel's high-water mark, so only a rise in its
# last 0.1 s can be missed).
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
while kill -0 "$sup" 2>/dev/null; do
	for p in $sup $(pgrep -P "$sup" 2>/dev/null); do
		k=$(hwm "$p")
		[ -n "$k" ] && echo "$p $k" >>"$out"
	done
	sleep 0.1
done
wait "$sup" || true
sort -k1,1n -k2,2n "$out" | awk -v sup="$sup" '
	{ peak[$1] = $2 > peak[$1] ? $2 : peak[$1] }
	END {
		for (p in peak) {
			role = p == sup ? "supervisor" : "worker"
			printf "%-10s pid %-8s peak RSS %7.1f MB\n", role, p, peak[p] / 1024
			if (p != sup) { n++; sum += peak[p]; if (peak[p] > max) max = peak[p] }
		}
		if (n) printf "workers: %d, largest peak %.1f MB, mean %.1f MB\n", n, max / 1024, sum / n / 1024
	}' | sort
