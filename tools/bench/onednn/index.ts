// Which oneDNN primitives each side's training step (or, with --predict, each inference batch) runs, for how long,
// and whether they overlap: tfjs-node (lib's trainModel and predictInBatches, on each executor) against Keras on the
// same libtensorflow. TensorFlow logs every primitive it executes when
// ONEDNN_VERBOSE=1; this runs both sides with it and sums the log by primitive.
// Usage: npx tsx tools/bench/onednn/index.ts [autoencoder|classifier] [--steps N] [--predict]   (on an idle machine)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../lib/paths';
import { EXIT, runCommand, type ExitCode } from '../../command';
import { ensureKerasPython } from '../keras-venv';
import { MODEL_KINDS, presetSetup, UsageError, type ModelKind } from '../settings';
import { MARK_END, MARK_START, WALL_PREFIX } from './markers';
import { summarizeVerbose, type PrimitiveSummary } from './summary';

const DEFAULT_STEPS = 40;
const USAGE = 'usage: npx tsx tools/bench/onednn/index.ts [autoencoder|classifier] [--steps N] [--predict]';
/** Keras's predict batch, and predictInBatches': the benchmark's. */
const PREDICT_BATCH_SIZE = 512;
const EXECUTORS = ['eager', 'graph'] as const;
const HERE = join(PROJECT_ROOT, 'tools', 'bench', 'onednn');

interface SideResult extends PrimitiveSummary {
  readonly side: string;
  readonly wallMsPerStep: number;
}

function parseArgs(argv: readonly string[]): { kinds: readonly ModelKind[]; steps: number; mode: 'train' | 'predict' } {
  let kinds: readonly ModelKind[] = MODEL_KINDS;
  let steps = DEFAULT_STEPS;
  let mode: 'train' | 'predict' = 'train';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--steps') {
      steps = Number(argv[++i]);
      if (!Number.isInteger(steps) || steps < 1) throw new UsageError(`--steps takes a whole number of steps ≥ 1, got '${argv[i]}'. ${USAGE}`);
    } else if (arg === '--predict') mode = 'predict';
    else if ((MODEL_KINDS as readonly string[]).includes(arg)) kinds = [arg as ModelKind];
    else throw new UsageError(`unknown argument '${arg}'. ${USAGE}`);
  }
  return { kinds, steps, mode };
}

function measure(side: string, command: string, args: string[], steps: number): SideResult {
  const run = spawnSync(command, args, { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 1 << 30, env: {
    ...process.env, ONEDNN_VERBOSE: '1', TF_CPP_MIN_LOG_LEVEL: '2',
    ONEDNN_PRIMITIVES_MARKERS: JSON.stringify({ start: MARK_START, end: MARK_END, wallPrefix: WALL_PREFIX }),
  } });
  if (run.status !== 0) throw new Error(`the ${side} side failed (exit ${run.status}): ${(run.stderr || run.stdout).slice(-2000)}`);
  const lines = run.stdout.split('\n');
  const measured = lines.slice(lines.indexOf(MARK_START) + 1, lines.indexOf(MARK_END));
  const wall = lines.find((line) => line.startsWith(WALL_PREFIX));
  if (!lines.includes(MARK_START) || wall === undefined) throw new Error(`the ${side} side printed no measured steps: ${run.stdout.slice(-2000)}`);
  return { side, wallMsPerStep: Number(wall.slice(WALL_PREFIX.length)), ...summarizeVerbose(measured, steps) };
}

function report(kind: ModelKind, batchSize: number, mode: string, results: readonly SideResult[]): void {
  console.log(`\n${kind}, ${mode === 'predict' ? 'inference' : 'training'}, batch ${batchSize} (ms per ${mode === 'predict' ? 'batch' : 'step'})`);
  console.log('| side | wall | oneDNN primitives | outside them (or overlapped, if negative) |');
  console.log('| --- | --- | --- | --- |');
  for (const result of results) {
    console.log(`| ${result.side} | ${result.wallMsPerStep.toFixed(1)} | ${result.primitiveMsPerStep.toFixed(1)} | ${(result.wallMsPerStep - result.primitiveMsPerStep).toFixed(1)} |`);
  }
  const names = [...new Set(results.flatMap((result) => result.primitives.map((item) => item.primitive)))];
  console.log(`\n| primitive | ${results.map((result) => `${result.side} ms (calls)`).join(' | ')} |`);
  console.log(`| --- |${results.map(() => ' --- |').join('')}`);
  for (const name of names) {
    const cells = results.map((result) => {
      const item = result.primitives.find((entry) => entry.primitive === name);
      return item === undefined ? '—' : `${item.msPerStep.toFixed(2)} (${item.callsPerStep.toFixed(0)})`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

function main(argv: readonly string[]): ExitCode {
  const { kinds, steps, mode } = parseArgs(argv);
  const python = ensureKerasPython((line) => console.error(`[onednn] ${line}`));
  const tsx = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const preset = presetSetup();
  for (const kind of kinds) {
    const batchSize = mode === 'predict' ? PREDICT_BATCH_SIZE : preset[kind].batchSize;
    const batch = String(batchSize);
    report(kind, batchSize, mode, [
      ...EXECUTORS.map((executor) => measure(`tfjs-node ${executor}`, tsx, [join(HERE, 'tfjs-steps.ts'), kind, String(steps), batch, executor, mode], steps)),
      measure('Keras', python, [join(HERE, 'keras_steps.py'), kind, String(steps), batch, mode], steps),
    ]);
  }
  return EXIT.done;
}

runCommand(main);
