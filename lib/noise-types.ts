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
}

/** Keyed by type, so a type added to NOISE_TYPE_NAMES without its description does not compile. */
const INFO: Readonly<Record<NoiseType, Omit<NoiseTypeInfo, 'type'>>> = {
  uniform: { level: 'amplitude a of x + a·U(0,1) (noise mean a/2; the reference project uses 0.6)', min: 0, max: 10 },
  gaussian: { level: 'standard deviation σ of x + σ·N(0,1)', min: 0, max: 10 },
  'salt-and-pepper': { level: 'fraction of pixels replaced, half by 0 and half by 1', min: 0, max: 1 },
  speckle: { level: 'standard deviation σ of the multiplicative x + x·σ·N(0,1)', min: 0, max: 10 },
  poisson: { level: 'peak photon count p of Poisson(x·p)/p (smaller is noisier)', min: 1, max: 1e6 },
};

/** Every noise model, what its `level` means, and the allowed range of `level`. */
export const NOISE_TYPES: readonly NoiseTypeInfo[] = NOISE_TYPE_NAMES.map((type) => ({ type, ...INFO[type] }));
