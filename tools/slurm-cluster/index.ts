// `npm run slurm-cluster`: a one-node Slurm on loopback until Ctrl-C, for trying `--scheduler slurm` by hand; it
// prints the SLURM_CONF that points Slurm's commands at it.
import { EXIT, runCommand } from '../command';
import { startCluster } from './cluster';

runCommand(async () => {
  const cluster = await startCluster((line) => console.log(`[slurm-cluster] ${line}`));
  console.log(`[slurm-cluster] in another shell: export SLURM_CONF=${cluster.env.SLURM_CONF}; sinfo. Ctrl-C stops the cluster and cancels its jobs.`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await cluster.stop();
  console.log(`[slurm-cluster] ${signal}: stopped`);
  return EXIT.interrupted;
});
