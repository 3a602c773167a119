// The one place a cache record is built: the parameters a training reads (reads.ts) and the code that trains it.
import type { PipelineConfig } from '../config/index';
import { trainingCodeVersion } from './code-version';
import { trainingParameters, type TrainedModel } from './reads';
import type { CacheRecord } from './key';

/** What a cached `model` was trained from: the parameters it reads and the fingerprint of lib/ and the native versions. */
export function trainingRecord(model: TrainedModel, config: PipelineConfig, code: string = trainingCodeVersion()): CacheRecord {
  return { model, parameters: trainingParameters(model, config), code };
}
