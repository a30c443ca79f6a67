#!/bin/sh
# slurm_test.sh -- tools/slurm/battfarm-array.sbatch on a single-node Slurm
# cluster this test starts itself (munged, slurmctld and slurmd on
# localhost, state in a temp dir, stopped by PID): a 4-task array of shards
# and the dependent merge give the store of one run, byte for byte, and it
# verifies.  Skips, saying why, where no cluster can be started (slurm-wlm or
# munge not installed, not root).  usage: slurm_test.sh BINARY SOURCE_ROOT
set -u
BIN=$1
ROOT=$2
. "$ROOT/tests/lib.sh"

skip() {
	echo "SKIP slurm: $1"
	exit 77
}
for p in slurmctld slurmd sbatch squeue scontrol munged munge; do
	command -v "$p" >/dev/null 2>&1 ||
		skip "$p not found (Debian: apt-get install slurm-wlm munge; .ci/run installs them)"
done
[ "$(id -u)" -eq 0 ] || skip "slurmd must run as root here (SlurmUser=root)"
[ -r /etc/munge/munge.key ] || skip "no /etc/munge/munge.key"

T=$(mktemp -d)
chmod 755 "$T"
pids=""
started_munge=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do i=$((i + 1)); sleep 0.1; done
	done
	[ -n "$started_munge" ] && kill "$started_munge" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# munge: reuse a running one, else start it as the munge user
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
	mkdir -p /run/munge && chown munge:munge /run/munge && chmod 755 /run/munge
	runuser -u munge -- munged >"$T/munged.out" 2>&1 || skip "munged would not start: $(cat "$T/munged.out")"
	started_munge=$(cat /run/munge/munged.pid 2>/dev/null)
	munge -n 2>/dev/null | unmunge >/dev/null 2>&1 || skip "munge does not answer"
fi

host=$(hostname -s)
mkdir -p "$T/state" "$T/spool"
export SLURM_CONF="$T/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=battfarmtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i -f "$SLURM_CONF" >"$T/slurmctld.out" 2>&1 &
pids="$!"
slurmd -D -f "$SLURM_CONF" >"$T/slurmd.out" 2>&1 &
pids="$pids $!"
i=0
until sinfo -h -o %T 2>/dev/null | grep -q idle; do
	i=$((i + 1))
	[ $i -lt 300 ] || skip "the node never became idle: $(tail -3 "$T/slurmctld.log" "$T/slurmd.log" 2>/dev/null)"
	sleep 0.1
done
echo "ok   a one-node cluster is up ($host, CPUs=2)"

# the job: 12 ARC training tasks when here, else 15 copies of the examples
if [ -d "$ARC/training" ]; then
	JOB="--data $ARC/training -c 12"
	ntasks=12
else
	mkdir "$T/tasks"
	for i in 1 2 3; do
		for f in "$ROOT"/examples/tasks/*.json; do
			cp "$f" "$T/tasks/$(basename "$f" .json)_$i.json"
		done
	done
	JOB="--data $T/tasks"
	ntasks=15
fi
chmod -R a+rX "$T"
"$BIN" run $JOB --out "$T/one" >/dev/null 2>&1
check "one run" 0 $?

cd "$T"
ids=$("$ROOT/tools/slurm/battfarm-array.sbatch" submit -n 4 --out "$T/merged" --battfarm "$BIN" \
	--sbatch "--output=$T/slurm-%A_%a.out" -- $JOB -j 1 2>"$T/submit.err")
check "submitted" 0 $?
contains "an array and a merge job" "array " "$ids"
merge=${ids##* }
i=0
while squeue -h 2>/dev/null | grep -q . && [ $i -lt 1200 ]; do i=$((i + 1)); sleep 0.1; done
state=$(scontrol show job "$merge" 2>/dev/null | sed -n 's/.*JobState=\([A-Z]*\).*/\1/p')
check "the merge job completed" COMPLETED "$state"
check "4 shards, array + merge, == one run" "$(fingerprint "$T/one")" "$(fingerprint "$T/merged")"
n=0
for k in 1 2 3 4; do
	[ -f "$T/merged.shards/shard-$k/.battfarm/journal" ] &&
		n=$((n + $(wc -l <"$T/merged.shards/shard-$k/.battfarm/journal")))
done
check "the shards took the $ntasks tasks once" "$ntasks" "$n"
"$BIN" verify --out "$T/merged" >/dev/null 2>&1
check "merged store verifies" 0 $?
[ $fails -eq 0 ] || tail -5 "$T"/slurm-*.out "$T/slurmctld.log" 2>/dev/null
finish
