#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, to try `ganlab sweep run --slurm` without a real cluster.
#   scripts/slurm-local.sh start    configure munge and Slurm for localhost and start munged, slurmctld, slurmd
#   scripts/slurm-local.sh stop     stop them again
#   scripts/slurm-local.sh status   sinfo
# Needs root and Debian's packages slurm-wlm and munge (`sudo apt-get install slurm-wlm munge`; ./ganlab test installs
# them). The node is this host with all its CPUs, in one default partition; jobs run as the submitting user.
set -euo pipefail
command="${1:-}"
host="$(hostname -s)"
config=/etc/slurm/slurm.conf

need_root() {
  if [ "$(id -u)" != 0 ]; then echo "error: $0 $command must run as root (it starts munged, slurmctld and slurmd)." >&2; exit 2; fi
  for tool in munged slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is missing; install Debian's slurm-wlm and munge: sudo apt-get install slurm-wlm munge" >&2; exit 2; }
  done
}

start() {
  need_root
  mkdir -p /etc/munge /var/log/munge /var/lib/munge /run/munge /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  [ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key >/dev/null
  chown -R munge:munge /etc/munge /var/log/munge /var/lib/munge /run/munge
  chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
  pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged
  cat > "$config" <<CONF
# Written by GanLab's scripts/slurm-local.sh: one node (this host), one partition.
ClusterName=ganlab-local
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  pgrep -x slurmctld >/dev/null || slurmctld
  pgrep -x slurmd >/dev/null || slurmd
  for _ in $(seq 1 60); do
    if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then echo "slurm: $host is up ($(nproc) CPUs, partition local)"; return 0; fi
    sleep 1
  done
  echo "error: slurmd on $host did not come up within a minute; see /var/log/slurm/slurmd.log and slurmctld.log" >&2
  exit 1
}

stop() {
  need_root
  pkill -x slurmd 2>/dev/null || true
  pkill -x slurmctld 2>/dev/null || true
  pkill -x munged 2>/dev/null || true
  echo "slurm: stopped"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) sinfo ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
