// Trained models kept across runs, keyed by what produced them.
export { cacheEntryDir, trainOrLoadCached, MODEL_CACHE_DIR, type CacheOptions, type CachedModel } from './store';
export { cacheKey, canonicalJson, type CacheRecord } from './key';
export { trainingRecord } from './record';
export { trainingParameters, TRAINED_MODELS, type TrainedModel } from './reads';
export { trainingCodeVersion } from './code-version';
