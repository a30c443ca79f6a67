#!/bin/sh
# battfarm-parallel.sh -- one battfarm job as N shards run by GNU parallel
# (on this machine, or on ad-hoc machines with --sshlogin), merged into one
# store and verified.  The merged store is byte-identical to what one
# `battfarm run` of the same job gives.
#
# usage: battfarm-parallel.sh -n N --out DIR [--work WORKDIR] [-P JOBS]
#                             [--sshlogin LOGINS] [--battfarm PATH] -- RUN_OPTIONS...
#
#   -n N            shards (default 4)
#   --out DIR       the merged store
#   --work WORKDIR  where the shard stores go (default DIR.shards); kept, so
#                   running the same command again resumes every shard from
#                   its journal and merges again
#   -P JOBS         shards at a time per machine (parallel's -j; default N)
#   --sshlogin L    machines for parallel (its --sshlogin syntax, e.g.
#                   "4/alice@node1,node2"); battfarm and the data must be at
#                   the same paths there; each shard's store comes back with
#                   --return (WORKDIR must then lie under your home directory,
#                   at the same place on every machine)
#   --battfarm PATH the binary (default: battfarm on PATH)
#   RUN_OPTIONS     options of `battfarm run` (not --out or --shard), e.g.
#                   --data tasks/ --solvers solvers.py -j 2
#
# Exit status: 0 when every shard ran, the merge worked and the merged
# store verifies; otherwise the first failing step's status.
set -eu
n=4 out="" work="" jobs="" logins="" bf=battfarm
usage() { sed -n '7,25p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	-n) n=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	-P) jobs=$2; shift 2 ;;
	--sshlogin) logins=$2; shift 2 ;;
	--battfarm) bf=$2; shift 2 ;;
	--) shift; break ;;
	-h|--help) usage ;;
	*) echo "battfarm-parallel: unknown option '$1'" >&2; usage ;;
	esac
done
[ -n "$out" ] || { echo "battfarm-parallel: --out DIR is required" >&2; usage; }
case $n in ''|*[!0-9]*|0) echo "battfarm-parallel: -n takes a positive number" >&2; exit 2 ;; esac
command -v parallel >/dev/null 2>&1 ||
	{ echo "battfarm-parallel: GNU parallel is not installed (Debian: apt-get install parallel)" >&2; exit 2; }
[ -n "$work" ] || work="$out.shards"
[ -n "$jobs" ] || jobs=$n
mkdir -p "$work"
# each shard: battfarm run ... --shard K/N --out WORKDIR/shard-K; paths stay
# relative to this directory (on other machines: the same one under home)
if [ -n "$logins" ]; then
	parallel --will-cite -q --halt now,fail=1 -j "$jobs" --sshlogin "$logins" --workdir . \
		--return "$work/shard-{}" --cleanup \
		"$bf" run "$@" --shard "{}/$n" --out "$work/shard-{}" ::: $(seq 1 "$n")
else
	parallel --will-cite -q --halt now,fail=1 -j "$jobs" \
		"$bf" run "$@" --shard "{}/$n" --out "$work/shard-{}" ::: $(seq 1 "$n")
fi
set --
for k in $(seq 1 "$n"); do set -- "$@" "$work/shard-$k"; done
"$bf" merge --out "$out" "$@"
"$bf" verify --out "$out"
