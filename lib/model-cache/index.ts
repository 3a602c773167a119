// Trained models kept across runs, keyed by what produced them.
export { cacheEntryDir, cacheKey, canonicalJson, trainOrLoadCached, MODEL_CACHE_DIR, type CacheOptions, type CacheRecord, type CachedModel } from './store';
export { trainingRecord, TRAINED_MODELS, type TrainedModel } from './record';
export { trainingCodeVersion } from './code-version';
