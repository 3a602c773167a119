// Classical denoisers, the baselines for the autoencoder, and the validation-set tuning of their parameter.
export { anisotropicDiffusion, CONDUCTIONS, MAX_DIFFUSION_STEP } from './anisotropic-diffusion';
export type { AnisotropicDiffusionOptions, Conduction } from './anisotropic-diffusion';
export { BORDER_MODES, borderIndices, padImages } from './borders';
export type { BorderMode } from './borders';
export { mapInBatches } from './batches';
export { GAUSSIAN_TRUNCATE, gaussianBlur, gaussianKernel1d, gaussianRadius } from './gaussian';
export type { GaussianBlurOptions } from './gaussian';
export { medianFilter } from './median';
export type { MedianFilterOptions } from './median';
export { nlMeans } from './nl-means';
export type { NlMeansOptions } from './nl-means';
export { tuneParameter } from './tune';
export type { CandidateScore, TuningResult, ValidationPairs } from './tune';
export { tvChambolle } from './tv-chambolle';
export type { TvChambolleOptions } from './tv-chambolle';
export { waveletDenoise, WAVELET_METHODS } from './wavelet';
export type { WaveletMethod, WaveletOptions } from './wavelet';
