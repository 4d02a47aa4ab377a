#!/usr/bin/env bash
# tools/slurm-check.sh — run the README's Slurm job-array recipe ("Simulated phase diagrams, sweeps on
# a cluster") on a real, throw-away, one-node Slurm, and check that the merged shards equal one
# unsharded sweep.
#
#   bash tools/slurm-check.sh PATH/TO/bifurcations     (the executable, or a folder that holds it)
#
# What it does:
#   1. installs munge, slurmctld, slurmd and slurm-client from Debian if any is missing (needs root);
#   2. writes a one-node slurm.conf, a munge key and all state/spool/log folders into a temp dir and
#      starts munged, slurmctld and slurmd from there (nothing in /etc is used or changed);
#   3. submits tools/phase-intra.sbatch — the README's job script, unchanged — from a temp work dir;
#   4. runs the README's merge, one unsharded sweep with the same settings, compares the two
#      results.csv (rows sorted) and the per-run JSON files, and runs the README's phase-diagram draw;
#   5. stops the daemons it started whatever happens (trap), and prints a summary.
# Exit 0 only if every step passed; otherwise one line "slurm-check: FAILED: ..." and a non-zero exit.
# The temp dir is removed on success (kept when SLURM_CHECK_KEEP=1) and kept on failure for its logs.
#
# Knobs (environment): SLURM_CHECK_CPUS (CPUs the node declares, default 4 = the script's
# --cpus-per-task, so array tasks run one at a time), SLURM_CHECK_TIMEOUT (seconds the job array may
# take, default 1800 = the script's --time), SLURM_CHECK_PORT (slurmctld port, default 6817; slurmd
# uses the next one), SLURM_CHECK_KEEP=1 (keep the temp dir).
set -Eeuo pipefail

say() { printf 'slurm-check: %s\n' "$*"; }
die() { printf 'slurm-check: FAILED: %s%s\n' "$*" "${TMP:+ (logs: $TMP/log)}" >&2; exit 1; }
# Any command that fails without a die of its own still ends with one clear line.
# (Only the main shell prints: with -E, subshells such as $(...) inherit the trap too.)
trap 'rc=$?; [[ $BASHPID == $$ ]] && printf "slurm-check: FAILED: line %s: %s (exit %s)%s\n" "$LINENO" "$BASH_COMMAND" "$rc" "${TMP:+ (logs: $TMP/log)}" >&2; exit $rc' ERR

now() { printf '%s' "$EPOCHREALTIME"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

[[ $# -eq 1 ]] || { echo "usage: $0 PATH/TO/bifurcations (the executable, or a folder holding it)" >&2; exit 2; }
[[ $EUID -eq 0 ]] || die "run as root: it installs packages and starts slurmd, which must be root"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JOB_SCRIPT=$HERE/phase-intra.sbatch
[[ -f $JOB_SCRIPT ]] || die "missing $JOB_SCRIPT"
NODE_CPUS=${SLURM_CHECK_CPUS:-4}
JOB_TIMEOUT=${SLURM_CHECK_TIMEOUT:-1800}
CTLD_PORT=${SLURM_CHECK_PORT:-6817}
SLURMD_PORT=$((CTLD_PORT + 1))
T_START=$(now)

# --- the executable ---------------------------------------------------------------------------
# The job script calls plain `bifurcations`, so its folder must be on PATH; sbatch passes the
# submitting shell's environment (PATH included) to every array task by default (--export=ALL).
ARG=$1
if [[ -d $ARG ]]; then BIN_DIR=$(cd "$ARG" && pwd)
elif [[ -f $ARG ]]; then BIN_DIR=$(cd "$(dirname "$ARG")" && pwd)
  [[ $(basename "$ARG") == bifurcations ]] || die "$ARG: the job script runs 'bifurcations', so the executable must have that name"
else die "$ARG: no such file or folder"; fi
[[ -x $BIN_DIR/bifurcations ]] || die "$BIN_DIR/bifurcations is missing or not executable"
export PATH=$BIN_DIR:$PATH
[[ $(command -v bifurcations) == "$BIN_DIR/bifurcations" ]] || die "PATH resolves bifurcations elsewhere"

# --- 1. packages --------------------------------------------------------------------------------
T0=$(now)
PKGS=(munge slurmctld slurmd slurm-client)
MISSING=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || MISSING+=("$p")
done
INSTALLED=none
if ((${#MISSING[@]})); then
  say "installing ${MISSING[*]}"
  # Without systemd, the packages' postinst would start the system munged/slurmd via invoke-rc.d
  # (and with /etc's config). A policy-rc.d answering 101 forbids that; ours is removed afterwards,
  # an existing one is left alone.
  OWN_POLICY=
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && OWN_POLICY=1
  fi
  inst() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${MISSING[@]}" > /tmp/slurm-check-apt.log 2>&1; }
  # A stale or absent package list is the usual cause of a failed install: update once and retry.
  ok=1; inst || { apt-get update -q > /tmp/slurm-check-apt.log 2>&1 && inst; } || ok=
  [[ -n $OWN_POLICY ]] && rm -f /usr/sbin/policy-rc.d
  [[ -n $ok ]] || die "apt-get install ${MISSING[*]} failed (see /tmp/slurm-check-apt.log)"
  INSTALLED="${MISSING[*]}"
fi
T_INSTALL=$(secs "$T0" "$(now)")
SLURM_VERSION="slurm $(dpkg-query -W -f='${Version}' slurmctld)"

# --- 2. a private one-node cluster --------------------------------------------------------------
TMP=$(mktemp -d /tmp/slurm-check.XXXXXX)
chmod 755 "$TMP"    # mktemp's 0700 is fine for root, but keep the tree readable for inspection
mkdir -p "$TMP"/{munge,state,spool,log,run,work}
chmod 700 "$TMP/munge"   # munged refuses a key or socket in a folder others may write to

PIDS=()         # daemons we started, stopped in this order's reverse
JOBID=
cleanup() {
  local rc=$? p
  trap - ERR
  # Cancel what is left of the array first, while slurmctld still runs, so no slurmstepd or
  # bifurcations process outlives the check.
  if [[ -n $JOBID && -n $(squeue -h -o %i 2>/dev/null) ]]; then
    scancel "$JOBID" 2>/dev/null || true
    for _ in $(seq 30); do [[ -n $(squeue -h -o %i 2>/dev/null) ]] || break; sleep 1; done
  fi
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    p=${PIDS[i]}
    kill -TERM "$p" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  if [[ $rc -eq 0 && ${SLURM_CHECK_KEEP:-0} != 1 ]]; then rm -rf "$TMP"
  else echo "slurm-check: temp dir kept: $TMP" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'printf "slurm-check: FAILED: interrupted\n" >&2; exit 130' INT TERM

T0=$(now)
HOST=$(hostname -s)
# Our own munged, key and socket: independent of any system munge (key, running daemon, /run).
MUNGE_SOCK=$TMP/munge/munge.socket.2
dd if=/dev/urandom of="$TMP/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$TMP/munge/munge.key"
munged --foreground --force --key-file="$TMP/munge/munge.key" --socket="$MUNGE_SOCK" \
  --pid-file="$TMP/munge/munged.pid" --seed-file="$TMP/munge/munged.seed" \
  --log-file="$TMP/log/munged.log" > "$TMP/log/munged.out" 2>&1 &
PIDS+=($!)

cat > "$TMP/slurm.conf" <<EOF
# Throw-away one-node cluster written by tools/slurm-check.sh.
ClusterName=slurmcheck
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCK
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/run/slurmctld.pid
SlurmdPidFile=$TMP/run/slurmd.pid
SlurmctldLogFile=$TMP/log/slurmctld.log
SlurmdLogFile=$TMP/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups (a container has no writable cgroup tree for Slurm): track job processes through
# /proc, bind no tasks to CPUs, gather no per-job usage.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
# No slurmdbd, so sacct has nothing to read; every finished job and array task is written as one
# line to a text file instead, which is where the summary's states come from.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$TMP/log/jobcomp.txt
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# The job script asks for --cpus-per-task=4; this machine may have fewer cores (2 here), and Slurm
# never starts a task on a node with fewer CPUs than it asks for. So the node declares
# $NODE_CPUS CPUs, and config_overrides makes slurmd and slurmctld take the declared count instead
# of draining the node as "Low CPUs" against the detected hardware. Oversubscribing the cores only
# slows the runs; their results do not depend on it.
SlurmdParameters=config_overrides
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$NODE_CPUS State=UNKNOWN
PartitionName=check Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$TMP/slurm.conf   # read by the daemons, the clients and the jobs alike

for _ in $(seq 50); do [[ -S $MUNGE_SOCK ]] && break; sleep 0.2; done
[[ -S $MUNGE_SOCK ]] || die "munged did not start"
slurmctld -D -i > "$TMP/log/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -N "$HOST" > "$TMP/log/slurmd.out" 2>&1 &
PIDS+=($!)
state='' t_wait=$SECONDS
for _ in $(seq 120); do
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null || die "a daemon exited at start (pid $p)"; done
  state=$(sinfo -h -N -n "$HOST" -o '%t' 2>/dev/null || true)
  [[ $state == idle ]] && break
  # A node set to INVAL/DRAIN/DOWN (e.g. its declared CPUs rejected) will not recover by waiting.
  if ((SECONDS - t_wait > 10)) && [[ $state =~ ^(inval|drain|drng|down) ]]; then
    die "node $HOST is $state: $(sinfo -h -R -o %E 2>/dev/null | head -n 1)"
  fi
  sleep 0.5
done
[[ $state == idle ]] || die "node $HOST not idle after 60 s (sinfo: '${state:-no answer}')"
T_DAEMONS=$(secs "$T0" "$(now)")
say "$SLURM_VERSION, node $HOST idle with $NODE_CPUS CPUs ($(nproc) cores) after $T_DAEMONS s"

# --- 3. the job array, exactly as in the README -------------------------------------------------
cd "$TMP/work"
T0=$(now)
JOBID=$(sbatch --parsable "$JOB_SCRIPT") || die "sbatch refused $JOB_SCRIPT"
JOBID=${JOBID%%;*}
say "submitted job array $JOBID"
# Polling squeue each second instead of sbatch --wait, whose backoff grows to tens of seconds and
# would blur the measured time.
# The cluster is ours alone, so "no job left in squeue" means the array is done. (squeue -j would
# fail with "Invalid job id" once a finished job is purged, and a failing squeue must not pass for
# "done": it is retried, and 10 failures in a row end the check.)
deadline=$((SECONDS + JOB_TIMEOUT)) fails=0
while :; do
  if left=$(squeue -h -o '%i %T %r' 2>"$TMP/log/squeue.err"); then
    fails=0; [[ -z $left ]] && break
    # Tasks waiting for anything but their turn (e.g. PartitionConfig: more CPUs per task than the
    # node has) would wait forever; say so now rather than at the timeout.
    stuck=$(awk '$2 == "PENDING" && $3 !~ /^(None|Priority|Resources|BeginTime|JobArrayTaskLimit)$/' <<< "$left")
    [[ -z $stuck ]] || die "job array $JOBID cannot start: $(head -n 1 <<< "$stuck")"
  else
    ((++fails < 10)) || die "squeue keeps failing: $(tail -n 1 "$TMP/log/squeue.err")"
  fi
  ((SECONDS < deadline)) || die "job array $JOBID not done after $JOB_TIMEOUT s: $(tr '\n' ';' <<< "$left")"
  sleep 1
done
T_ARRAY=$(secs "$T0" "$(now)")

# One jobcomp line per array task: JobState=..., ExitCode=... (slurmctld writes it as a task ends).
for _ in $(seq 20); do
  TASKS=$(grep -c " Name=phase-intra " "$TMP/log/jobcomp.txt" 2>/dev/null || true)
  [[ ${TASKS:-0} -ge 16 ]] && break; sleep 0.5
done
STATES=$(awk '/ Name=phase-intra / { s = e = "?"
    for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "JobState") s = kv[2]; if (kv[1] == "ExitCode") e = kv[2] }
    print s, e }' "$TMP/log/jobcomp.txt" | sort | uniq -c \
  | awk '{ printf "%s%s x%s (exit %s)", sep, $2, $1, $3; sep = ", " }')
[[ ${TASKS:-0} -eq 16 ]] || die "jobcomp log has ${TASKS:-0} of 16 array tasks"
[[ $STATES == "COMPLETED x16 (exit 0:0)" ]] || die "array tasks did not all complete: $STATES"
SHARDS=(sweeps/intra-*)
[[ ${#SHARDS[@]} -eq 16 ]] || die "expected 16 shard folders, found ${#SHARDS[@]}"
for f in slurm-"$JOBID"_*.out; do
  grep -q 'runs finished' "$f" || die "$f does not report finished runs: $(tail -n 1 "$f")"
done

# --- 4. merge, compare with an unsharded sweep, draw -------------------------------------------
T0=$(now)
bifurcations merge sweeps/intra-* --out sweeps/intra > "$TMP/log/merge.out" 2>&1 \
  || die "merge failed: $(tail -n 1 "$TMP/log/merge.out")"
T_MERGE=$(secs "$T0" "$(now)")

T0=$(now)
bifurcations sweep --case intra --pair 4,4 --out unsharded > "$TMP/log/unsharded.out" 2>&1 \
  || die "unsharded sweep failed: $(tail -n 1 "$TMP/log/unsharded.out")"
T_UNSHARDED=$(secs "$T0" "$(now)")

# Shards finish in any order, so rows are compared sorted (header kept first).
sorted() { head -n 1 "$1"; tail -n +2 "$1" | LC_ALL=C sort; }
sorted sweeps/intra/results.csv > "$TMP/merged.sorted.csv"
sorted unsharded/results.csv > "$TMP/unsharded.sorted.csv"
ROWS=$(($(wc -l < unsharded/results.csv) - 1))
if cmp -s "$TMP/merged.sorted.csv" "$TMP/unsharded.sorted.csv"; then
  if cmp -s sweeps/intra/results.csv unsharded/results.csv; then CSV="identical ($ROWS rows, even unsorted)"
  else CSV="identical after sorting ($ROWS rows)"; fi
else
  NDIFF=$(diff "$TMP/merged.sorted.csv" "$TMP/unsharded.sorted.csv" | grep -c '^[<>]' || true)
  diff "$TMP/merged.sorted.csv" "$TMP/unsharded.sorted.csv" > "$TMP/log/results.diff" || true
  die "merged results.csv differs from the unsharded one: $NDIFF differing lines, first: $(grep -m1 '^[<>]' "$TMP/log/results.diff")"
fi
((ROWS > 0)) || die "unsharded results.csv has no rows"
diff -rq sweeps/intra/runs unsharded/runs > "$TMP/log/runs.diff" \
  || die "per-run JSON files differ between merged and unsharded: $(head -n 1 "$TMP/log/runs.diff")"
RUNS=$(find unsharded/runs -name '*.json' | wc -l)

# README: "all runs present: only draws". The runs/ folder must come out untouched.
T0=$(now)
before=$(cd sweeps/intra/runs && ls -l --time-style=+%s.%N | md5sum)
bifurcations phase-diagram --case intra --pair 4,4 --out sweeps/intra > "$TMP/log/draw.out" 2>&1 \
  || die "phase-diagram on the merged folder failed: $(tail -n 1 "$TMP/log/draw.out")"
after=$(cd sweeps/intra/runs && ls -l --time-style=+%s.%N | md5sum)
T_DRAW=$(secs "$T0" "$(now)")
[[ $before == "$after" ]] || die "phase-diagram on the merged folder rewrote runs/ instead of only drawing"
[[ -f sweeps/intra/agreement.json ]] || die "phase-diagram wrote no agreement.json"

T_TOTAL=$(secs "$T_START" "$(now)")
cat <<EOF
slurm-check: PASSED
  slurm            $SLURM_VERSION, one node $HOST, $NODE_CPUS CPUs declared on $(nproc) cores
  job script       $JOB_SCRIPT (unchanged), job array $JOBID, 16 tasks submitted
  task states      $STATES   (from the jobcomp log; no slurmdbd, so no sacct)
  results.csv      merged == unsharded: $CSV; runs/: $RUNS JSON files identical
  phase-diagram    drew from the merged folder without rerunning ($T_DRAW s)
  times (s)        install $T_INSTALL [$INSTALLED], daemons $T_DAEMONS, job array $T_ARRAY, merge $T_MERGE, unsharded sweep $T_UNSHARDED, total $T_TOTAL
EOF
