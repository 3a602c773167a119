// The public projects this one reproduces: their setups as this project's settings, their published numbers, and
// notebook 06's table of those numbers beside this run's.
import * as dfd from 'danfojs-node';
import { resolveConfig, type ParameterName, type PipelineConfig } from '../config/index';
import { canonicalJson } from '../model-cache/key';
import type { NotebookRun } from '../run/notebook-run';
import { readSection } from '../run/results';
import { noiseLevel } from './noise';

/** A number this project measures in every run, read from results.json. */
const MEASURES = {
  clean_accuracy: { label: 'classifier accuracy, clean test images', read: (runDir: string) => readSection(runDir, 'classifier').clean_accuracy },
  noisy_accuracy: { label: 'classifier accuracy, noisy test images', read: (runDir: string) => readSection(runDir, 'classifier').noisy_accuracy },
  composite_accuracy: { label: 'denoise → classify accuracy, noisy test images', read: (runDir: string) => readSection(runDir, 'composite').accuracy },
  test_bce: { label: 'binary cross-entropy, noisy test → clean', read: (runDir: string) => readSection(runDir, 'autoencoder').test_bce },
  train_bce: { label: 'binary cross-entropy, noisy training → clean', read: (runDir: string) => readSection(runDir, 'autoencoder').train_bce },
  psnr_db: { label: 'PSNR of the denoised test images (dB)', read: (runDir: string) => readSection(runDir, 'autoencoder').psnr_denoised_db },
  ssim: { label: 'SSIM of the denoised test images', read: (runDir: string) => readSection(runDir, 'autoencoder').ssim_denoised },
} as const;
export type Measure = keyof typeof MEASURES;
/** What no seed project reports, and every run here does. */
const UNPUBLISHED: readonly Measure[] = ['psnr_db', 'ssim'];

export interface SeedProject {
  readonly project: string;
  /** Its setup in this project's terms: a preset and the settings on top of it. */
  readonly preset: string;
  readonly set: Readonly<Partial<Record<ParameterName, number | string>>>;
  /** Its numbers exactly as its executed notebook printed them. */
  readonly published: Readonly<Partial<Record<Measure, number>>>;
  /** Where its setup and ours differ on purpose, or what it did not state. */
  readonly note: string;
}

export const SEED_PROJECTS: readonly SeedProject[] = [
  {
    project: 'accuracy-gap reference',
    preset: 'reference',
    set: {},
    published: { clean_accuracy: 0.8953, noisy_accuracy: 0.2754, composite_accuracy: 0.8337 },
    note: 'MLP 256-256-10 and a dense autoencoder on uniform noise 0.6',
  },
  {
    project: 'partho2001/fashion_image_denoising',
    preset: 'tutorial',
    set: {},
    published: { test_bce: 0.3029 },
    note: 'gaussian σ 0.3 on training and test images',
  },
  {
    project: 'vineethm1627/Image-Denoising-AE',
    preset: 'tutorial',
    set: { 'noise.testLevel': 0.1 },
    published: { test_bce: 0.2874 },
    note: 'trained at σ 0.3, tested at σ 0.1',
  },
  {
    project: 'rutujab11/Image-Denoising-Using-CNN',
    preset: 'tutorial',
    set: { 'noise.level': 0.1 },
    published: { train_bce: 0.2763 },
    note: 'σ 0.1; it measured on its noisy training images (and later retrained on the test set, which is not copied here)',
  },
  {
    project: 'guilhermedom/autoencoder-denoising-fashion-mnist',
    preset: 'default',
    set: { 'autoencoder.architecture': 'pooling' },
    published: {},
    note: 'its pooling design; it states neither its noise nor a number',
  },
];

/** The `npm start` command that reruns a seed project's setup here. */
export function seedCommand(seed: SeedProject): string {
  const settings = Object.entries(seed.set).map(([name, value]) => ` --set ${name}=${value}`);
  return `npm start -- --preset ${seed.preset}${settings.join('')}`;
}

/** Whether `config` is the seed's setup on the full dataset: every parameter equal, test noise level resolved. */
export function runsSeedSetup(config: PipelineConfig, seed: SeedProject): boolean {
  const setup = resolveConfig({ preset: seed.preset, set: seed.set });
  const comparable = (candidate: PipelineConfig) => ({ ...candidate.parameters, 'noise.testLevel': noiseLevel(candidate, 'test') });
  return config.profile === 'full' && canonicalJson(comparable(config)) === canonicalJson(comparable(setup));
}

export interface SeedRow {
  readonly project: string;
  readonly setup: string;
  readonly measure: string;
  /** What the project printed; absent when it reported no such number. */
  readonly published?: number;
  /** This run's number when it ran the project's setup; absent otherwise, with `rerun` saying how. */
  readonly this_run?: number;
  readonly rerun: string;
}

/**
 * One row per seed project and measure: its published numbers, and the PSNR and SSIM none of them reports. This run's
 * value sits beside them only where it ran that project's setup on the full dataset; elsewhere the row names the command.
 */
export function seedRows(run: NotebookRun): SeedRow[] {
  return SEED_PROJECTS.flatMap((seed) => {
    const matches = runsSeedSetup(run.config, seed);
    const measures = [...(Object.keys(seed.published) as Measure[]), ...UNPUBLISHED];
    return measures.map((measure) => ({
      project: seed.project,
      setup: seed.note,
      measure: MEASURES[measure].label,
      ...(seed.published[measure] === undefined ? {} : { published: seed.published[measure] }),
      ...(matches ? { this_run: MEASURES[measure].read(run.runDir) } : {}),
      rerun: matches ? 'this run' : seedCommand(seed),
    }));
  });
}

/** The rows as a DataFrame, with '—' where a number was not published or not measured in this run. */
export function seedFrame(rows: readonly SeedRow[]): dfd.DataFrame {
  return new dfd.DataFrame(rows.map((row) => ({ ...row, published: row.published ?? '—', this_run: row.this_run ?? '—' })));
}
