// Trained models kept under runs/model-cache/<name>-<key>/, keyed by the record of what produced them (see
// record.ts), so a rerun with unchanged parameters and code reuses the model instead of training it again.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, readJson, saveModel, writeJson } from '../artifacts/model-files';
import { ConfigError, ProjectError } from '../errors';
import { RUNS_DIR } from '../paths';
import { cacheKey, canonicalJson, type CacheRecord } from './key';
import { withLock, type LockOptions } from './lock';
import type { LayersModel } from '../tf';
import type { TrainingHistory } from '../training/train';

export const MODEL_CACHE_DIR = join(RUNS_DIR, 'model-cache');
/** Written after the model, so its presence means the entry is complete. */
const ENTRY_FILE = 'entry.json';
/** Beside the entry's folder: held while a process trains the entry's model (lock.ts). */
const LOCK_SUFFIX = '.lock';
/** Beside the entry's folder: where a training saves its model before it replaces the entry. */
const PARTIAL_SUFFIX = '.partial';
/** Beside the entry's folder: the entry being replaced, for the instant between two renames. */
const REPLACED_SUFFIX = '.replaced';
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
    putBackReplaced(dir);
    const finished = reuse ? await loadCachedEntry(dir, record, log) : undefined;
    if (finished !== undefined) {
      log(`${name}: reusing the model the other process just trained (${dir}).`);
      return { model: finished.model, history: finished.entry.history, fromCache: true, dir };
    }
    const { model, history } = await trainAside(dir, record, train);
    log(`${name}: trained ${history.epochsRun} epochs in ${history.wallTimeSeconds.toFixed(0)} s; cached in ${dir}.`);
    return { model, history, fromCache: false, dir };
  }, lockOptions);
}

/**
 * Trains and saves into a folder beside the entry, then swaps it in: the entry in place stays whole and loadable
 * until a complete new one replaces it, however the training ends (an error, Ctrl-C, a crash).
 */
async function trainAside(dir: string, record: CacheRecord, train: () => Promise<{ model: LayersModel; history: TrainingHistory }>) {
  const partial = `${dir}${PARTIAL_SUFFIX}`;
  const replaced = `${dir}${REPLACED_SUFFIX}`;
  rmSync(partial, { recursive: true, force: true }); // left by a training that did not finish
  const trained = await train();
  try {
    await saveModel(trained.model, partial);
    writeJson(join(partial, ENTRY_FILE), { record, history: trained.history, savedAt: new Date().toISOString() } satisfies Entry);
    // Two renames, since rename() replaces only an empty folder: for the instant between them the old entry is
    // in `replaced`, whole.
    rmSync(replaced, { recursive: true, force: true });
    if (existsSync(dir)) renameSync(dir, replaced);
    renameSync(partial, dir);
    rmSync(replaced, { recursive: true, force: true });
    return trained;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    putBackReplaced(dir);
    trained.model.dispose();
    throw error;
  }
}

/** An entry left aside by a swap that did not finish goes back where it was. */
function putBackReplaced(dir: string): void {
  const replaced = `${dir}${REPLACED_SUFFIX}`;
  if (!existsSync(dir) && existsSync(replaced)) renameSync(replaced, dir);
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
