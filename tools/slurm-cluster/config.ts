// slurm.conf of a one-node cluster on loopback, for tests: no cgroups (processes tracked through /proc), no
// accounting database, every file under one temporary folder, and ports that nothing else on the machine uses.

export interface ClusterLayout {
  /** The temporary folder holding the configuration, state, spool, pid and log files. */
  readonly dir: string;
  /** This machine's short host name: the controller and the node, both reached at 127.0.0.1. */
  readonly host: string;
  /** Who runs the daemons, and so whose jobs they can run: the user that starts the cluster. */
  readonly user: string;
  readonly cpus: number;
  readonly mungeSocket: string;
  readonly controllerPort: number;
  readonly nodePort: number;
}

export const PARTITION = 'local';

export function slurmConf(layout: ClusterLayout): string {
  const { dir, host } = layout;
  return [
    'ClusterName=local',
    `SlurmctldHost=${host}(127.0.0.1)`,
    `SlurmctldPort=${layout.controllerPort}`,
    `SlurmdPort=${layout.nodePort}`,
    `SlurmUser=${layout.user}`,
    `SlurmdUser=${layout.user}`,
    'AuthType=auth/munge',
    'CredType=cred/munge',
    `AuthInfo=socket=${layout.mungeSocket}`,
    'MpiDefault=none',
    // No cgroup hierarchy is needed, so the cluster runs in containers and on machines without systemd.
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'SchedulerType=sched/backfill',
    // A node that was down comes back when its slurmd registers again.
    'ReturnToService=2',
    // No slurmdbd: sacct says accounting is disabled, and the sweep's status falls back to squeue.
    'AccountingStorageType=accounting_storage/none',
    'JobAcctGatherType=jobacct_gather/none',
    'JobCompType=jobcomp/none',
    'MailProg=/bin/true',
    `StateSaveLocation=${dir}/state`,
    `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/slurmctld.pid`,
    `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldLogFile=${dir}/slurmctld.log`,
    `SlurmdLogFile=${dir}/slurmd.log`,
    `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${layout.cpus} State=UNKNOWN`,
    `PartitionName=${PARTITION} Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n');
}
