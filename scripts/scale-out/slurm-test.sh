#!/usr/bin/env bash
# Runs the Slurm and GNU parallel recipes of docs/scale-out.md for real, on this machine, and
# requires each to build the same site as one plain `backlab build`, byte for byte.
#
#   bash scripts/scale-out/slurm-test.sh [BINARY]    # BINARY: default .build/release/backlab,
#                                                    # a relative path is taken from the repo root
#
# Needs root on Debian 12 (installs slurm-wlm, munge and parallel when missing). A single-node
# cluster (munged, slurmctld, slurmd) runs with all its state in one temporary folder; the trap
# stops each daemon by its own PID and removes the folder, however the script ends.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
doc=$root/docs/scale-out.md
bin=${1:-.build/release/backlab}
[[ $bin == /* ]] || bin=$root/$bin

say() { printf 'slurm-test: %s\n' "$*"; }
die() { printf 'slurm-test: FAILED: %s\n' "$*" >&2; exit 1; }

# Phase timings for the final line.
clock=$EPOCHREALTIME start=$EPOCHREALTIME timings=()
secs() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }
lap() { timings+=("$1 $(secs "$clock")"); say "$1 done in $(secs "$clock")"; clock=$EPOCHREALTIME; }

# --- The doc's blocks: the fenced block right after <!-- slurm-test: NAME -->, verbatim --------
block() {
  local marker="<!-- slurm-test: $1 -->"
  [[ $(grep -cxF -- "$marker" "$doc") == 1 ]] || die "docs/scale-out.md must hold exactly one line '$marker'"
  awk -v m="$marker" '
    state == 0 && $0 == m { state = 1; next }
    state == 1 { if ($0 ~ /^```/) { state = 2; next } else exit }
    state == 2 { if ($0 ~ /^```/) { state = 3; exit } print }
    END { exit state == 3 ? 0 : 1 }' "$doc" || die "no fenced block right after '$marker' in docs/scale-out.md"
}
# The only edits: the doc's two shared paths become this run's folders.
localize() {  # research-folder cache-folder < block
  local text; text=$(sed -e "s|/shared/research|$1|g" -e "s|/shared/backlab-cache|$2|g")
  [[ $text != */shared/* ]] || die "a doc block uses a /shared/ path the test does not know: $(grep -m1 /shared/ <<<"$text")"
  printf '%s\n' "$text"
}

# --- Install (only what is missing; no daemon may start) ---------------------------------------
daemons() { ps -eo pid=,comm= | awk '$2 ~ /^(munged|slurmctld|slurmd|slurmdbd|slurmstepd)$/' || true; }
steps() { daemons | awk '$2 == "slurmstepd"'; }
added_policy=
install_missing() {
  local p missing=()
  for p in slurm-wlm munge parallel; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then say "slurm-wlm, munge and parallel are installed"; return; fi
  say "installing ${missing[*]}"
  local before; before=$(daemons)
  # invoke-rc.d asks policy-rc.d first; exit 101 means "do not start": the postinst scripts of
  # munge and slurm would otherwise start system daemons that share the default socket and ports.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    added_policy=1
  fi
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "${missing[@]}"; } >"$tmp/apt.log" 2>&1 || { tail -20 "$tmp/apt.log" >&2; die "apt-get failed"; }
  if [[ -n $added_policy ]]; then rm -f /usr/sbin/policy-rc.d; added_policy=; fi
  [[ $(daemons) == "$before" ]] || die "installing started a daemon (not stopped by this script): $(daemons)"
}

# --- The cluster --------------------------------------------------------------------------------
munged_pid= ctld_pid= slurmd_pid=
free_port() { local p; for p in $(shuf -i 20000-60000 -n 50); do
  (: </dev/tcp/127.0.0.1/"$p") 2>/dev/null || { echo "$p"; return; }; done; die "no free port"; }
wait_until() {  # what seconds command...: polls until the command succeeds
  local what=$1 deadline=$((SECONDS + $2)); shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { tail -n 5 "$tmp"/log/*.out >&2; die "$what did not come up"; }
    sleep 0.2
  done
}
# Each daemon in a session of its own: a Ctrl-C reaches the whole foreground process group, and the
# Slurm daemons take SIGINT as "shut down now", which would orphan the jobs' slurmstepd processes
# before the trap could cancel them. (setsid execs in place here, so $! is the daemon itself.)
comm_is() { [[ $(ps -o comm= -p "$1") == "$2" ]]; }
is_ours() { wait_until "$2 (process $1)" 5 comm_is "$1" "$2"; }
node_idle() { [[ $(sinfo -h -o %T 2>/dev/null) == idle ]]; }
start_cluster() {
  local sock=$tmp/munge/socket/munge.socket node; node=$(hostname -s)
  mkdir -p "$tmp/munge/socket" "$tmp/slurm/state" "$tmp/slurm/spool" "$tmp/log"
  chmod 755 "$tmp" "$tmp/munge/socket"  # munged requires every client to be able to reach its socket
  mungekey -c -k "$tmp/munge/munge.key"
  setsid munged -F --key-file="$tmp/munge/munge.key" --socket="$sock" --pid-file="$tmp/munge/munged.pid" \
    --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/munged.seed" >"$tmp/log/munged.out" 2>&1 &
  munged_pid=$!; is_ours "$munged_pid" munged
  wait_until munged 10 munge -n -S "$sock"
  local ctld_port slurmd_port; ctld_port=$(free_port); slurmd_port=$(free_port)
  [[ $ctld_port != "$slurmd_port" ]] || slurmd_port=$((ctld_port + 1))
  # No cgroups, no systemd, no slurmdbd here. 256 CPUs declared (config_overrides) so the doc's
  # 32 tasks of 8 CPUs run at once on any machine, with no override: Slurm 22.05 has no
  # SBATCH_CPUS_PER_TASK, and an exported SBATCH_ARRAY_INX would make the final build an array
  # too. CR_Core so memory does not serialise the tasks; kill_invalid_depend so a final build
  # whose shards failed is cancelled instead of pending for ever.
  cat >"$tmp/slurm/slurm.conf" <<EOF
ClusterName=backlabtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$tmp/slurm/state
SlurmdSpoolDir=$tmp/slurm/spool
SlurmctldPidFile=$tmp/slurm/slurmctld.pid
SlurmdPidFile=$tmp/slurm/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
DependencyParameters=kill_invalid_depend
ReturnToService=2
MailProg=/bin/true
NodeName=$node NodeAddr=127.0.0.1 CPUs=256 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$tmp/slurm/slurm.conf
  setsid slurmctld -D >"$tmp/log/slurmctld.out" 2>&1 &
  ctld_pid=$!; is_ours "$ctld_pid" slurmctld
  wait_until slurmctld 30 scontrol ping
  setsid slurmd -D >"$tmp/log/slurmd.out" 2>&1 &
  slurmd_pid=$!; is_ours "$slurmd_pid" slurmd
  wait_until "the node" 30 node_idle
}
stop() {  # pid: TERM, then KILL after 10 s; only our own children
  [[ -n $1 ]] && kill -0 "$1" 2>/dev/null || return 0
  kill -TERM "$1"; local i; for i in {1..50}; do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$1" 2>/dev/null && kill -KILL "$1"; wait "$1" 2>/dev/null || true
}
slurm_report() {  # on failure: the jobs that did not complete, the daemons' logs, what jobs printed
  echo "--- jobs not COMPLETED"
  scontrol show job -o 2>&1 | grep -v 'JobState=COMPLETED' | grep -o -E '(JobId|ArrayTaskId|JobState|Reason|Dependency)=[^ ]+' |
    paste -sd ' ' | sed 's/ JobId=/\nJobId=/g'
  local f; for f in "$tmp"/log/slurm*.log "$tmp"/*/submit/slurm-*.out; do
    [[ -s $f ]] && { echo "--- ${f#"$tmp"/}"; tail -n 6 "$f"; }
  done
}
shutdown() {  # idempotent: cancel our jobs, stop the daemons, check nothing is left, remove $tmp
  if [[ -n $ctld_pid ]] && kill -0 "$ctld_pid" 2>/dev/null; then
    scancel --quiet --user=root 2>/dev/null || true  # this cluster's jobs only: SLURM_CONF is ours
    for _ in {1..50}; do [[ -z $(squeue -h -o %i 2>/dev/null) ]] && break; sleep 0.2; done
  fi
  # A job's slurmstepd outlives slurmd if slurmd stops first: let the cancelled ones finish.
  for _ in {1..50}; do [[ $(steps) == "$steps_before" ]] && break; sleep 0.2; done
  stop "$slurmd_pid"; stop "$ctld_pid"; stop "$munged_pid"  # slurmd first, then the controller
  slurmd_pid= ctld_pid= munged_pid=
  local left; left=$(ps -eo pid=,args= | awk -v t="$tmp" 'index($0, t) && !/awk/')
  [[ $(steps) == "$steps_before" ]] || left+=$'\n'$(steps)
  rm -rf "$tmp"
  [[ -z $left ]] || { printf 'slurm-test: processes left behind:\n%s\n' "$left" >&2; return 1; }
}
cleanup() {
  local rc=$?; set +e
  [[ -n $added_policy ]] && rm -f /usr/sbin/policy-rc.d
  if ((rc == 1)) && [[ -n $ctld_pid ]]; then slurm_report >&2; fi  # not after Ctrl-C (130)
  shutdown || ((rc)) || rc=1
  exit "$rc"
}

# --- Checks ---------------------------------------------------------------------------------------
new_project() {  # dir: a research folder holding a copy of the repository's studies
  mkdir -p "$1/research" "$1/submit"; cp -R "$root/studies" "$1/research/"
}
inputs_without_times() {  # output: every .backlab-inputs, an old size:mtime stamp without the mtime
  (cd "$1" && find . -name .backlab-inputs | sort | xargs -r awk '$2 ~ /^[0-9]+:[0-9]+$/ { sub(/:[0-9]+$/, "") } { print FILENAME ": " $0 }')
}
same_site() {  # reference-output output
  diff -r -x .backlab-inputs "$1" "$2" >"$tmp/diff.txt" || { head -20 "$tmp/diff.txt" >&2; die "$2 differs from the reference"; }
  # .backlab-inputs lists each cache entry with a stamp: a content hash (sha:...), equal in any two
  # builds; binaries before the pack cache wrote size:mtime, and only that mtime may differ.
  [[ $(inputs_without_times "$1") == "$(inputs_without_times "$2")" ]] ||
    die "$2: the .backlab-inputs differ from the reference's beyond modification times"
}
nothing_to_run() {  # research cache
  local json; json=$(cd "$1" && "$bin" plan --cache "$2" --json)
  [[ $(grep -o '"to_run": *[0-9]*' <<<"$json" | head -1) =~ :\ *0$ ]] || die "plan still has runs to run: ${json:0:200}"
}
span() {  # job id: seconds from the first task's start to the last one's end (1 s resolution)
  local kv t lo= hi=
  for kv in $(scontrol show job -o "$1" | grep -o -E '(Start|End)Time=[^ ]+'); do
    t=$(date -d "${kv#*=}" +%s)
    case $kv in Start*) [[ -n $lo && $t -ge $lo ]] || lo=$t ;; End*) [[ -n $hi && $t -le $hi ]] || hi=$t ;; esac
  done
  echo $((hi - lo))
}
states() {  # job id: "task state reason" per record (task "-" for a job that is not an array)
  scontrol show job -o "$1" | awk '{ t = "-"; for (i = 1; i <= NF; i++) { split($i, kv, "=")
    if (kv[1] == "ArrayTaskId") t = kv[2]; if (kv[1] == "JobState") s = kv[2]; if (kv[1] == "Reason") r = kv[2] }
    print t, s, r }' | sort -n
}
final_state() { states "$final" | cut -d' ' -f2-; }
submit_doc_blocks() {  # dir: writes the doc's Slurm blocks there, submits them, waits for the queue
  localize "$1/research" "$1/cache" <<<"$shards_block" >"$1/submit/shards.sbatch"
  localize "$1/research" "$1/cache" <<<"$submit_block" >"$1/submit/submit.sh"
  # A bash of its own, so set -e holds inside the block whatever the caller does.
  (cd "$1/submit" && bash -euo pipefail -c '. ./submit.sh; echo "$jobid" >array.id') >"$1/submit/submit.out"
  array=$(<"$1/submit/array.id") final=$(awk '/^Submitted batch job/ { print $4 }' "$1/submit/submit.out")
  [[ -n $array && -n $final ]] || die "the submit block did not submit two jobs: $(<"$1/submit/submit.out")"
  local deadline=$((SECONDS + 300))
  while [[ -n $(squeue -h -o %i) ]]; do
    ((SECONDS < deadline)) || die "jobs still queued after 300 s: $(squeue -h -o '%i %T %r' | head -5 | tr '\n' ';')"
    sleep 0.5
  done
}

# --- Main -----------------------------------------------------------------------------------------
[[ -x $bin ]] || die "no backlab binary at $bin (swift build -c release --product backlab --static-swift-stdlib)"
[[ $(id -u) == 0 ]] || die "run as root: it installs packages and runs slurmd, which starts jobs as root"
shards_block=$(block shards.sbatch)  # one assignment each: set -e sees only the last of several
submit_block=$(block submit)
parallel_block=$(block parallel)
for b in "$shards_block" "$submit_block" "$parallel_block"; do localize /r /c <<<"$b" >/dev/null; done
[[ $parallel_block == *"--sshlogin "* ]] || die "the GNU parallel block has no --sshlogin to point at this machine"
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(SLURM|SBATCH|SALLOC|SRUN)_' || true)
steps_before=$(steps)
tmp=$(mktemp -d /tmp/backlab-slurm-test.XXXXXX)
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$tmp/bin" && ln -s "$bin" "$tmp/bin/backlab"
export PATH=$tmp/bin:$PATH PARALLEL_HOME=$tmp/parallel-home

install_missing
lap install
start_cluster
lap start-up

say "reference: one backlab build of a copy of studies/"
new_project "$tmp/ref"
(cd "$tmp/ref/research" && "$bin" build --cache "$tmp/ref/cache" --quiet)
lap reference

say "slurm: the doc's job array and final build"
new_project "$tmp/slurm"
submit_doc_blocks "$tmp/slurm"
bad=$(states "$array" | awk '$2 != "COMPLETED" { printf "shard %s %s; ", $1, $2 }')
[[ -z $bad && $(final_state) == "COMPLETED "* ]] || die "not every job completed: ${bad}final build $(final_state)"
say "slurm: $(states "$array" | wc -l) shard tasks COMPLETED in $(span "$array") s, final build COMPLETED in $(span "$final") s: $(grep -h '^built' "$tmp/slurm/submit/slurm-$final.out")"
same_site "$tmp/ref/research/output" "$tmp/slurm/research/output"
nothing_to_run "$tmp/slurm/research" "$tmp/slurm/cache"
say "slurm: output/ equals the reference; plan has nothing left to run"
lap slurm

say "failing shard: the same blocks, a fresh cache, shard 3 exits 1"
new_project "$tmp/fail"
mkdir -p "$tmp/fail/bin"
cat >"$tmp/fail/bin/backlab" <<EOF
#!/bin/bash
# Shard 3 of any N fails, as on a node that crashed; everything else is the real binary.
[[ " \$* " == *" --shard 3/"* ]] && { echo "backlab (test wrapper): shard 3 fails on purpose" >&2; exit 1; }
exec "$bin" "\$@"
EOF
chmod 755 "$tmp/fail/bin/backlab"
PATH=$tmp/fail/bin:$PATH submit_doc_blocks "$tmp/fail"
seen="shard 3 $(states "$array" | awk '$1 == 3 { print $2 }'), the others $(states "$array" | awk '$1 != 3 { print $2 }' | sort | uniq -c | xargs), final build $(final_state)"
[[ $seen == "shard 3 FAILED, "*"final build CANCELLED DependencyNeverSatisfied" ]] || die "not what a failed shard must give: $seen"
[[ ! -e $tmp/fail/research/output && ! -e $tmp/fail/submit/slurm-$final.out ]] || die "the final build ran or wrote output/: $seen"
say "failing shard: $seen; no output/ written"
lap failing-shard

say "parallel: the doc's GNU parallel block, --sshlogin rewritten to : (this machine)"
new_project "$tmp/par"
# The one more edit: the ssh logins become ":", GNU parallel's name for this machine.
localize "$tmp/par/research" "$tmp/par/cache" <<<"$parallel_block" | sed -E 's/--sshlogin [^ ]+/--sshlogin :/' >"$tmp/par/submit/parallel.sh"
(cd "$tmp/par/submit" && bash -euo pipefail parallel.sh) >"$tmp/par/submit/parallel.out" 2>&1 || { tail -20 "$tmp/par/submit/parallel.out" >&2; die "the parallel block failed"; }
same_site "$tmp/ref/research/output" "$tmp/par/research/output"
nothing_to_run "$tmp/par/research" "$tmp/par/cache"
say "parallel: $(grep -h '^built' "$tmp/par/submit/parallel.out"); output/ equals the reference; plan has nothing left to run"
lap parallel

shutdown
lap shutdown
say "passed ($(IFS=,; sed 's/,/, /g' <<<"${timings[*]}"); total $(secs "$start"))"
