// Loads the JSON fixtures written by test/fixtures/make-*.py (scikit-image's numbers) as tensors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../lib/tf';
import type { Tensor4D } from '../../lib/tf';

const FIXTURES_DIR = join(__dirname, '..', 'fixtures');

export function readFixture<T>(file: string): T {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) as T;
}

/** One image [h, w, c] as a batch of one [1, h, w, c]. */
export function imageTensor(values: readonly number[], shape: readonly number[]): Tensor4D {
  const [height, width, channels] = shape as [number, number, number];
  return tf.tensor4d(values as number[], [1, height, width, channels]);
}

export interface ImageQualityCase {
  readonly name: string;
  readonly shape: [number, number, number];
  readonly reference: number[];
  readonly test: number[];
  readonly mse: number;
  /** null stands for Infinity (identical images), which JSON cannot write. */
  readonly psnr: number | null;
  readonly ssim: number;
}

export function imageQualityCases(): ImageQualityCase[] {
  return readFixture<{ cases: ImageQualityCase[] }>('image-quality.json').cases;
}

export interface DenoiserCase<Kind extends string = 'gaussian' | 'median' | 'nlMeans'> {
  readonly kind: Kind;
  readonly image: string;
  readonly options: Record<string, number | string>;
  readonly expected: number[];
}

export interface DenoiserFixture<Kind extends string = 'gaussian' | 'median' | 'nlMeans'> {
  readonly images: Record<string, { shape: [number, number, number]; values: number[] }>;
  readonly cases: DenoiserCase<Kind>[];
}

export function denoiserFixture(): DenoiserFixture {
  return readFixture<DenoiserFixture>('denoisers.json');
}

export type ClassicalKind = 'wavelet' | 'tvChambolle' | 'anisotropicDiffusion';

/** test/fixtures/classical.json, written by make-classical-fixture.py. */
export function classicalFixture(): DenoiserFixture<ClassicalKind> {
  return readFixture<DenoiserFixture<ClassicalKind>>('classical.json');
}
