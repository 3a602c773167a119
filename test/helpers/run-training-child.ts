// Child process for the run-training tests, so that RUNS_DIR (read when lib/paths loads) puts the model cache in the
// test's folder. Runs trainForRun for a tiny model as argv[2] asks and prints what happened as one JSON line.
import { resolveConfig } from '../../lib/config/index';
import { trainForRun } from '../../lib/steps/training-view';
import type { NotebookRun } from '../../lib/run/notebook-run';
import type { TrainingHistory } from '../../lib/training/train';
import { tinyRegressor } from './models';

const HISTORY: TrainingHistory = {
  loss: [0.5], valLoss: [], metrics: {}, valMetrics: {}, epochsRun: 1, bestEpoch: 1, stoppedEarly: false, restoredBestWeights: false,
  wallTimeSeconds: 0, samplesPerSecond: 1, samplesPerSecondByEpoch: [1], trainExamples: 1, validationExamples: 0, batchSize: 1,
};

interface Request {
  readonly runDir: string;
  /** Also read this parameter inside the training, as a training missing from its READS entry would. */
  readonly alsoRead?: string;
  readonly parents?: Record<string, string>;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]!) as Request;
  const run: NotebookRun = { config: resolveConfig({ profile: 'smoke' }), runDir: request.runDir, cache: true, compare: 'complete' };
  const trained = await trainForRun(
    run,
    'composite-finetuned',
    async (config) => {
      void config.composite.fineTuneEpochs;
      if (request.alsoRead) void config.parameters[request.alsoRead as keyof typeof config.parameters];
      return { model: tinyRegressor(), history: HISTORY };
    },
    request.parents,
  );
  process.stdout.write(`${JSON.stringify({ fromCache: trained.fromCache, dir: trained.dir, record: trained.record })}\n`);
}

main().catch((error: Error) => {
  process.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
});
