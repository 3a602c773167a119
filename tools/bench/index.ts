// npm run bench: trains the default preset's autoencoder and classifier with our lib on tfjs-node, on each executor
// (eager and graph), and their Keras twins on TensorFlow 2.21, one after the other on this machine, and prints
// throughput, memory and tensor counts.
// Usage: npm run bench -- [--quick] [--json] [--reps N] [--images N] [--keras-eager]
import { rmSync } from 'node:fs';
import { EXIT, runCommand, type ExitCode } from '../command';
import { coreCount } from './contention';
import { TRAINING_EXECUTORS } from '../../lib/config/schema';
import { ensureKerasPython } from './keras-venv';
import { checkMirror, paramLine } from './mirror';
import { eagerLine, machineState, measurements, summary, table, tensorGrowth, type Pair } from './report';
import { MODEL_KINDS, parseArgs } from './settings';
import { describeModels, runWorker, type Measured } from './workers';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(argv: readonly string[]): Promise<ExitCode> {
  const began = performance.now();
  const settings = parseArgs(argv);
  const python = ensureKerasPython(log);
  // Before any timing: a Keras twin that drifted from lib/models must fail in seconds, not after the measurements.
  const [tfjsModels, kerasModels] = await Promise.all([describeModels('tfjs', python), describeModels('keras', python)]);
  for (const tfjs of tfjsModels) {
    const keras = kerasModels.find((m) => m.model === tfjs.model)!;
    log(paramLine(tfjs, keras));
    checkMirror(tfjs, keras);
  }
  log(`writing ${settings.trainImages} noisy training images and the 10000 test images for both sides`);
  // Imported only now: a usage error should not first wait for libtensorflow to load.
  const { writeBenchData } = await import('./data');
  const data = writeBenchData(settings.trainImages, settings.preset.noise);
  const pairs: Pair[] = [];
  let eager: Measured | undefined;
  try {
    for (const model of MODEL_KINDS) {
      // One process per side, executor and model, in turn: each gets the whole machine and its own peak RSS.
      const tfjs: Measured[] = [];
      for (const executor of TRAINING_EXECUTORS) tfjs.push(await runWorker('tfjs', model, { data, settings, executor }, python));
      const keras = await runWorker('keras', model, { data, settings }, python);
      pairs.push({ model, tfjs, keras });
    }
    if (settings.kerasEager) eager = await runWorker('keras', 'autoencoder', { data, settings, eager: true }, python);
  } finally {
    rmSync(data.dir, { recursive: true, force: true });
  }
  const cores = coreCount();
  console.log(machineState(measurements(pairs, eager), cores));
  console.log(pairs.map((p) => paramLine(p.tfjs[0]!, p.keras)).join('; '));
  console.log(table(pairs, settings));
  if (eager) console.log(eagerLine(pairs[0]!, eager));
  const leaks = pairs.flatMap((p) => p.tfjs.filter((m) => tensorGrowth(m) > 0));
  leaks.forEach((m) => console.log(`TENSOR LEAK: ${m.model} (${m.executor}) held ${tensorGrowth(m)} more tensors after a later epoch than after the first`));
  const seconds = (performance.now() - began) / 1000;
  console.log(`total ${seconds.toFixed(0)} s`);
  if (settings.json) console.log(JSON.stringify(summary(pairs, settings, cores, seconds, eager)));
  return leaks.length > 0 ? EXIT.failed : EXIT.done;
}

runCommand(main);
