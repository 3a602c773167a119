// The noise models by name, what each one's `level` means and its allowed range; free of TensorFlow, so
// configuration can be checked before anything heavy loads.

export type NoiseType = 'uniform' | 'gaussian' | 'salt-and-pepper' | 'speckle' | 'poisson';

export interface NoiseTypeInfo {
  readonly type: NoiseType;
  /** What `level` means for this type. */
  readonly level: string;
  readonly min: number;
  readonly max: number;
}

/** Every noise model, what its `level` means, and the allowed range of `level`. */
export const NOISE_TYPES: readonly NoiseTypeInfo[] = [
  { type: 'uniform', level: 'amplitude a of x + a·U(0,1) (noise mean a/2; the reference project uses 0.6)', min: 0, max: 10 },
  { type: 'gaussian', level: 'standard deviation σ of x + σ·N(0,1)', min: 0, max: 10 },
  { type: 'salt-and-pepper', level: 'fraction of pixels replaced, half by 0 and half by 1', min: 0, max: 1 },
  { type: 'speckle', level: 'standard deviation σ of the multiplicative x + x·σ·N(0,1)', min: 0, max: 10 },
  { type: 'poisson', level: 'peak photon count p of Poisson(x·p)/p (smaller is noisier)', min: 1, max: 1e6 },
];
