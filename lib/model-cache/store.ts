// Trained models kept under runs/model-cache/<name>-<key>/, keyed by the record of what produced them (see
// record.ts), so a rerun with unchanged parameters and code reuses the model instead of training it again.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, readJson, saveModel, writeJson } from '../artifacts';
import { ConfigError, ProjectError } from '../errors';
import { RUNS_DIR } from '../paths';
import { cacheKey, canonicalJson, type CacheRecord } from './key';
import { withLock, type LockOptions } from './lock';
import type { LayersModel } from '../tf';
import type { TrainingHistory } from '../train';

export const MODEL_CACHE_DIR = join(RUNS_DIR, 'model-cache');
/** Written after the model, so its presence means the entry is complete. */
const ENTRY_FILE = 'entry.json';
/** Beside the entry's folder: held while a process trains the entry's model (lock.ts). */
const LOCK_SUFFIX = '.lock';
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export interface CacheOptions {
  /** Folder holding the entries. @default runs/model-cache — ignored by git, shared by every run */
  readonly root?: string;
  /** Where to say whether the model was reused or trained. @default console.log */
  readonly log?: (message: string) => void;
  /** False: train even when an entry exists, and replace it (`npm start -- --no-cache`). @default true */
  readonly reuse?: boolean;
}

/** What trainOrLoadCached returns: the model, its history, and whether it came from the cache. */
export interface CachedModel {
  readonly model: LayersModel;
  readonly history: TrainingHistory;
  readonly fromCache: boolean;
  readonly dir: string;
}

interface Entry {
  readonly record: CacheRecord;
  readonly history: TrainingHistory;
  readonly savedAt: string;
}

/** The folder of the entry for model `name` trained with `record`. */
export function cacheEntryDir(name: string, record: CacheRecord, root: string = MODEL_CACHE_DIR): string {
  if (!SAFE_NAME.test(name)) throw new ConfigError('name', name, 'letters, digits, "_", "." or "-", starting with a letter or digit');
  return join(root, `${name}-${cacheKey(record)}`);
}

/**
 * Loads the cached model for (name, record), or trains it with `train` and stores it. Says which it did.
 * An entry that is incomplete or damaged is reported and retrained, never trusted.
 */
export async function trainOrLoadCached(
  name: string,
  record: CacheRecord,
  train: () => Promise<{ model: LayersModel; history: TrainingHistory }>,
  options: CacheOptions = {},
): Promise<CachedModel> {
  const dir = cacheEntryDir(name, record, options.root);
  const log = options.log ?? console.log;
  const reuse = options.reuse ?? true;
  if (!reuse) log(`${name}: training anew, as asked (the cache is not read; the new model replaces any entry in ${dir}).`);
  const cached = reuse ? await loadCachedEntry(dir, record, log) : undefined;
  if (cached !== undefined) {
    log(`${name}: reusing the model trained on ${cached.entry.savedAt} with these parameters (${dir}); delete that folder to retrain.`);
    return { model: cached.model, history: cached.entry.history, fromCache: true, dir };
  }
  const lockOptions: LockOptions = {
    onWait: (holder) => log(`${name}: ${holder} is training this same model; waiting for it instead of training it twice.`),
    onTakeOver: (holder, reason) => log(`${name}: taking over the lock of ${holder}: ${reason}.`),
  };
  return withLock(`${dir}${LOCK_SUFFIX}`, async () => {
    const finished = reuse ? await loadCachedEntry(dir, record, log) : undefined;
    if (finished !== undefined) {
      log(`${name}: reusing the model the other process just trained (${dir}).`);
      return { model: finished.model, history: finished.entry.history, fromCache: true, dir };
    }
    rmSync(join(dir, ENTRY_FILE), { force: true }); // until the new model is saved, the entry is incomplete
    const { model, history } = await train();
    await saveModel(model, dir);
    writeJson(join(dir, ENTRY_FILE), { record, history, savedAt: new Date().toISOString() } satisfies Entry);
    log(`${name}: trained ${history.epochsRun} epochs in ${history.wallTimeSeconds.toFixed(0)} s; cached in ${dir}.`);
    return { model, history, fromCache: false, dir };
  }, lockOptions);
}

async function loadCachedEntry(dir: string, record: CacheRecord, log: (message: string) => void) {
  const entryPath = join(dir, ENTRY_FILE);
  if (!existsSync(entryPath)) return undefined;
  try {
    const entry = readJson<Entry>(entryPath, { remedy: 'It will be retrained.' });
    if (canonicalJson(entry.record) !== canonicalJson(record)) {
      throw new ProjectError(`${entryPath} was stored for other parameters than its key says; it will be retrained.`);
    }
    return { entry, model: await loadModel(dir, { remedy: 'It will be retrained.' }) };
  } catch (error) {
    if (!(error instanceof ProjectError)) throw error;
    log(`cached model unusable: ${error.message}`);
    return undefined;
  }
}
