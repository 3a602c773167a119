// A saved autoencoder trained further on random grey patches of the user's own images, under the noise it
// was trained for: cached by the images' content and every setting, saved as a model folder that loadImageDenoiser
// (and `npm run denoise -- --model`) takes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, readJson } from '../artifacts/model-files';
import { ConfigError, ProjectError } from '../errors';
import { trainOrLoadCached, trainingCodeVersion, type CacheOptions } from '../model-cache/index';
import { AUTOENCODER_SIDE_DIVISOR, buildAutoencoder } from '../models/autoencoder';
import { RECONSTRUCTION_LOSSES, type ReconstructionLoss } from '../models/names';
import { addNoise, NOISE_TYPES, type NoiseType } from '../noise/noise';
import { trainModel, type TrainingHistory } from '../training/train';
import type { EpochProgress } from '../training/progress';
import { tf, type LayersModel, type Tensor3D } from '../tf';
import { PROVENANCE_FILE, type ModelProvenance } from '../run/provenance';
import { RESULTS_FILE, runParameters } from '../run/results';
import { recogniseArchitecture } from './image-denoiser';
import { checkPatchFits, randomPatches } from './patches';

/** The cache entry's name: runs/model-cache/fine-tuned-<key>/. */
const CACHE_NAME = 'fine-tuned';
/** Half the runs' 128: a couple of thousand patches still give dozens of steps per epoch. */
const BATCH_SIZE = 64;

export interface PatchNoise {
  readonly type: NoiseType;
  readonly level: number;
}

export interface FineTuneOptions {
  /** The saved autoencoder to start from (a model folder with model.json). */
  readonly modelDir: string;
  /** Clean grey images [h, w, 1] in [0, 1] (greyImage); patches are cut from them. */
  readonly images: readonly Tensor3D[];
  /** What identifies `images` in the cache: filesKey of their files, or pixelsKey of the tensors. */
  readonly imagesKey: string;
  /** Noise put on the patches. @default the noise the model's run was trained with (runNoise) */
  readonly noise?: PatchNoise;
  /** @default 5 — early stopping usually ends it sooner; a few passes adapt the weights without forgetting */
  readonly epochs?: number;
  /**
   * Side of the square patches, a multiple of 4. @default 32 — a little more context than the 28×28 the model learned
   * on; the dense design takes its own 28×28 only, which is then the default and the one side allowed
   */
  readonly patch?: number;
  /** Patches cut (training and held-out together). @default 2000 — about 30 s of U-Net training on two cores */
  readonly patches?: number;
  /** Share of the patches held out for val_loss and early stopping. @default 0.2 */
  readonly validationShare?: number;
  /** Seeds the patches, their noise and the example order. @default 0 */
  readonly seed?: number;
  /** Adam's step size. @default 0.001 — what the runs train with; early stopping guards against drifting away */
  readonly learningRate?: number;
  readonly onEpochEnd?: (progress: EpochProgress) => void | Promise<void>;
  /** Called once every setting has been checked, just before the model is trained or read from the cache: the work begins. */
  readonly onWorkBegins?: () => void;
  /** Where the cache is, whether it is read, where messages go (lib/model-cache). */
  readonly cache?: CacheOptions;
}

export interface FineTuned {
  /** The model folder: model.json, weights and entry.json (the record it was trained from). */
  readonly dir: string;
  readonly history: TrainingHistory;
  readonly fromCache: boolean;
  readonly noise: PatchNoise;
}

/** Fine-tunes (or loads from the cache) the autoencoder of `options.modelDir` on patches of `options.images`. */
export async function fineTuneAutoencoder(options: FineTuneOptions): Promise<FineTuned> {
  const epochs = whole('epochs', options.epochs ?? 5, 1);
  const patches = whole('patches', options.patches ?? 2000, 2);
  const validationShare = options.validationShare ?? 0.2;
  const seed = whole('seed', options.seed ?? 0, 0);
  const learningRate = options.learningRate ?? 0.001;
  if (options.images.length === 0) throw new ProjectError('no images to fine-tune on. Give a folder with at least one image file.');
  const noise = options.noise ?? runNoise(options.modelDir);
  const saved = await loadModel(options.modelDir);
  try {
    const inputShape = saved.inputs[0]!.shape.slice(1) as [number, number, number]; // [28, 28, 1]
    const architecture = recogniseArchitecture(saved, inputShape);
    const fixed = AUTOENCODER_SIDE_DIVISOR[architecture] === 'fixed';
    const patch = patchSide(options.patch, fixed ? inputShape[0] : undefined);
    checkPatchFits(options.images, patch, fixed ? `the dense autoencoder takes ${patch}×${patch} patches only: leave out the smaller images` : undefined);
    const loss = savedLoss(saved);
    const record = {
      kind: 'fine-tune', base: folderKey(options.modelDir), images: options.imagesKey, noise, epochs, patch, patches,
      validationShare, seed, learningRate, loss, code: trainingCodeVersion(),
    };
    const train = async () => {
      const model = buildAutoencoder({ architecture, imageShape: [patch, patch, 1], loss, learningRate });
      model.setWeights(saved.getWeights());
      const clean = randomPatches(options.images, patches, patch, seed); // [patches, patch, patch, 1]
      const noisy = addNoise(clean, { ...noise, seed: seed + 1 });
      try {
        const history = await trainModel(model, { x: noisy, y: clean, validationSplit: validationShare, epochs, patience: 2, seed,
          batchSize: Math.min(BATCH_SIZE, patches - Math.round(patches * validationShare)), onEpochEnd: options.onEpochEnd });
        const saveable = buildAutoencoder({ architecture, loss, learningRate }); // 28×28 like every saved autoencoder
        saveable.setWeights(model.getWeights());
        return { model: saveable, history };
      } finally {
        tf.dispose([clean, noisy]);
        disposeModel(model);
      }
    };
    options.onWorkBegins?.();
    const result = await trainOrLoadCached(CACHE_NAME, record, train, options.cache);
    disposeModel(result.model);
    return { dir: result.dir, history: result.history, fromCache: result.fromCache, noise };
  } finally {
    disposeModel(saved);
  }
}

/** The patch side: `fixedSide` for a fixed-size design (any other side refused), else `given` or 32, a multiple of 4. */
function patchSide(given: number | undefined, fixedSide: number | undefined): number {
  if (fixedSide === undefined) {
    const patch = whole('patch', given ?? 32, 4);
    if (patch % 4 !== 0) throw new ConfigError('patch', patch, 'a multiple of 4 (the convolutional autoencoders halve the image twice)');
    return patch;
  }
  if (given !== undefined && given !== fixedSide) {
    throw new ConfigError('patch', given, `${fixedSide} for the dense autoencoder, whose layers take ${fixedSide}×${fixedSide} inputs only; leave --patch out`);
  }
  return fixedSide;
}

function disposeModel(model: LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}

/**
 * The noise the model in `modelDir` was trained with: its provenance record (a run's models/autoencoder), the record
 * of a fine-tuned model's entry.json, or, for a run folder saved before models carried provenance, the parameters its
 * results.json records.
 */
export function runNoise(modelDir: string): PatchNoise {
  const provenance = join(modelDir, PROVENANCE_FILE);
  const entry = join(modelDir, 'entry.json');
  const runDir = join(modelDir, '..', '..');
  const remedy = { remedy: 'Pass the noise explicitly.' };
  let found: { type?: unknown; level?: unknown } | undefined;
  if (existsSync(entry)) found = readJson<{ record?: { noise?: PatchNoise } }>(entry, remedy).record?.noise;
  else if (existsSync(provenance)) {
    const { parameters } = readJson<Partial<ModelProvenance>>(provenance, remedy);
    found = { type: parameters?.['noise.type'], level: parameters?.['noise.level'] };
  } else if (existsSync(join(runDir, RESULTS_FILE))) {
    const recorded = runParameters(readJson<Record<string, unknown>>(join(runDir, RESULTS_FILE), remedy));
    if (recorded.state === 'agree') found = { type: recorded.parameters['noise.type'], level: recorded.parameters['noise.level'] };
  }
  const info = NOISE_TYPES.find((candidate) => candidate.type === found?.type);
  if (info === undefined || typeof found?.level !== 'number') {
    throw new ProjectError(
      `cannot tell which noise the model in ${modelDir} was trained with (no ${PROVENANCE_FILE} beside it, no fine-tuning entry.json, ` +
        'nor one set of parameters in its run\'s results.json). Pass it: --add-noise <type>=<level>.',
    );
  }
  return { type: info.type, level: found.level };
}

/** SHA-256 (16 hex digits) of files' names and bytes, sorted by name: what a fine-tuning on them is cached under. */
export function filesKey(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) hash.update(`${file.split('/').pop()}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function folderKey(dir: string): string {
  return filesKey(readdirSync(dir).filter((name) => name !== 'entry.json').map((name) => join(dir, name)));
}

/** The loss the model was compiled with when saved, if it is one of ours; else the U-Net's default. */
function savedLoss(model: LayersModel): ReconstructionLoss {
  const loss = (model as unknown as { loss?: unknown }).loss;
  return (RECONSTRUCTION_LOSSES as readonly unknown[]).includes(loss) ? (loss as ReconstructionLoss) : 'meanSquaredError';
}

function whole(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(name, value, `a whole number of at least ${min}`);
  return value;
}
