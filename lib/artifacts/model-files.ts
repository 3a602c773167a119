// Saved models, weights and JSON results: written atomically, read back with checks that say what is wrong.
// A model folder holds model.json (topology + weights manifest, as tfjs writes it), weights.json (the weights
// manifest alone, like Keras's save_weights) and one content-addressed weights-<hash>.bin that both name.
// Each file is written atomically and model.json last, so a crash at any point leaves a loadable model.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readWeightsFile, sha256, weightsFileName, type WeightsRecord, type WeightSpec } from './weights-file';
import { writeFileAtomic, writeJson } from './atomic-write';
import { ArtifactError } from '../errors';
import '../models/seeded-dropout'; // registers the layer class that saved classifiers name, before any load
import { tf, type LayersModel } from '../tf';
import { processExists } from '../run/processes';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_MANIFEST_FILE = 'weights.json';
const STALE_TEMPORARY = /^\..*\.(\d+)\.tmp$/;
// tfjs-node exports `io` as a value only; its types are reached through the functions that use them.
type ModelArtifacts = Parameters<Parameters<typeof tf.io.withSaveHandler>[0]>[0];
type ModelJson = Parameters<typeof tf.io.getModelArtifactsForJSON>[0];

export interface LoadOptions {
  /** What the error tells the user to do when the files are missing or damaged. @default "Delete <dir> and retrain the model." */
  readonly remedy?: string;
}

/** Writes `model` into `dir` (created if needed), replacing any model there. Optimizer state is kept, to resume training. */
export async function saveModel(model: LayersModel, dir: string): Promise<{ weightsFile: string; weightsBytes: number }> {
  let captured: ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
    { includeOptimizer: true },
  );
  const { weightData, weightSpecs = [], ...json } = captured!;
  const bytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData));
  const hash = sha256(bytes);
  const weightsFile = weightsFileName(hash);
  const record = (specs: WeightSpec[]): WeightsRecord => ({
    weightsManifest: [{ paths: [weightsFile], weights: specs }],
    weightsSha256: hash,
    weightsBytes: bytes.length,
  });
  writeFileAtomic(join(dir, weightsFile), bytes);
  const modelSpecs = weightSpecs.filter((spec) => spec.group !== 'optimizer');
  writeJson(join(dir, WEIGHTS_MANIFEST_FILE), { format: 'weights', ...record(modelSpecs) });
  writeJson(join(dir, MODEL_FILE), { ...json, ...record(weightSpecs) }); // the commit point
  removeLeftovers(dir, weightsFile);
  return { weightsFile, weightsBytes: bytes.length };
}

/** Loads the model saved in `dir`, compiled as it was saved. Throws ArtifactError if anything is missing or damaged. */
export async function loadModel(dir: string, options: LoadOptions = {}): Promise<LayersModel> {
  const remedy = options.remedy ?? `Delete ${dir} and retrain the model.`;
  const path = join(dir, MODEL_FILE);
  const manifest = readJson<WeightsRecord & ModelJson>(path, { remedy, missing: 'no saved model here (model.json is missing)' });
  if (typeof manifest.modelTopology !== 'object' || manifest.modelTopology === null) {
    throw new ArtifactError(path, 'it has no modelTopology, so it is not a saved tfjs model', remedy);
  }
  const { bytes, specs } = readWeightsFile(dir, path, manifest, remedy);
  const { weightsManifest, weightsSha256, weightsBytes, ...artifacts } = manifest;
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, weightSpecs: specs, weightData: toArrayBuffer(bytes) }));
  } catch (error) {
    throw new ArtifactError(path, `tfjs could not rebuild the model from it (${(error as Error).message})`, remedy);
  }
}

/** Loads the weights saved in `dir` into `model`, which must be built with the same architecture. */
export function loadWeights(model: LayersModel, dir: string, options: LoadOptions = {}): void {
  const remedy = options.remedy ?? `Delete ${dir} and retrain the model.`;
  const path = join(dir, WEIGHTS_MANIFEST_FILE);
  const manifest = readJson<WeightsRecord>(path, { remedy, missing: 'no saved weights here (weights.json is missing)' });
  const { bytes, specs } = readWeightsFile(dir, path, manifest, remedy);
  const weights = tf.io.decodeWeights(toArrayBuffer(bytes), specs);
  try {
    model.loadWeights(weights);
  } catch (error) {
    throw new ArtifactError(path, `these weights do not fit model '${model.name}' (${(error as Error).message})`,
      'Build the model with the options it was trained with, or retrain it.');
  } finally {
    tf.dispose(Object.values(weights));
  }
}

export { writeJson };

/** Reads a JSON file; a missing or unparsable file is an ArtifactError carrying `remedy`. */
export function readJson<T>(path: string, options: { remedy: string; missing?: string }): T {
  if (!existsSync(path)) throw new ArtifactError(path, options.missing ?? 'missing', options.remedy);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new ArtifactError(path, `not valid JSON (${(error as Error).message})`, options.remedy);
  }
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Removes weights files no manifest names any more, and temporary files of writers that died mid-write. */
function removeLeftovers(dir: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    const temporary = STALE_TEMPORARY.exec(name);
    const stale = (/^weights-[0-9a-f]+\.bin$/.test(name) && name !== keep) || (temporary !== null && !processExists(Number(temporary[1])));
    if (stale) rmSync(join(dir, name), { force: true });
  }
}
