// The noise models by name, what each one's `level` means and its allowed range; free of TensorFlow, so
// configuration can be checked before anything heavy loads.

export const NOISE_TYPE_NAMES = ['uniform', 'gaussian', 'salt-and-pepper', 'speckle', 'poisson'] as const;
export type NoiseType = (typeof NOISE_TYPE_NAMES)[number];

export interface NoiseTypeInfo {
  readonly type: NoiseType;
  /** What `level` means for this type. */
  readonly level: string;
  readonly min: number;
  readonly max: number;
  /** A level that shows this type's noise clearly without drowning the image: what an error suggests for `noise.level`. */
  readonly typicalLevel: number;
  /** Five levels from mild to strong around `typicalLevel`: what an error suggests for `evaluation.sweepLevels`. */
  readonly sweepLevels: readonly number[];
}

/** Keyed by type, so a type added to NOISE_TYPE_NAMES without its description does not compile. */
// Typical levels are the middle of notebook 02's gallery; uniform's and gaussian's sweeps are the default and tutorial presets'.
const INFO: Readonly<Record<NoiseType, Omit<NoiseTypeInfo, 'type'>>> = {
  uniform: {
    level: 'amplitude a of x + a·U(0,1) (noise mean a/2; the reference project uses 0.6)', min: 0, max: 10,
    typicalLevel: 0.6, sweepLevels: [0.2, 0.4, 0.6, 0.8, 1.0],
  },
  gaussian: { level: 'standard deviation σ of x + σ·N(0,1)', min: 0, max: 10, typicalLevel: 0.3, sweepLevels: [0.1, 0.2, 0.3, 0.4, 0.5] },
  'salt-and-pepper': {
    level: 'fraction of pixels replaced, half by 0 and half by 1', min: 0, max: 1,
    typicalLevel: 0.1, sweepLevels: [0.05, 0.1, 0.15, 0.2, 0.25],
  },
  speckle: {
    level: 'standard deviation σ of the multiplicative x + x·σ·N(0,1)', min: 0, max: 10,
    typicalLevel: 0.6, sweepLevels: [0.2, 0.4, 0.6, 0.8, 1.0],
  },
  // Ascending like the others' (the sweep chart's x axis), which here runs from strong noise to mild.
  poisson: { level: 'peak photon count p of Poisson(x·p)/p (smaller is noisier)', min: 1, max: 1e6, typicalLevel: 10, sweepLevels: [3, 5, 10, 20, 50] },
};

/** Every noise model, what its `level` means, the allowed range of `level`, and levels to suggest. */
export const NOISE_TYPES: readonly NoiseTypeInfo[] = NOISE_TYPE_NAMES.map((type) => ({ type, ...INFO[type] }));
