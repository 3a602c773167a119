// What a run folder holds for later readers: the saved models and the results.json sections, each named once here
// with the notebook that writes it, and the fields later readers rely on, typed; the runner's log and status record.
import { join } from 'node:path';
import { MissingResultError } from './errors';
import { readResults, RESULTS_FILE } from './results';

/** What the runner printed, line by line (tools/runner/run-folder.ts). */
export const RUN_LOG_FILE = 'run.log';

/** Where the runner keeps its RunStatusRecord (tools/runner/run-status.ts writes it, lib/run-state.ts reads it). */
export const RUN_STATUS_FILE = 'run-status.json';

/** The runner's progress, written atomically when it starts, after each notebook and when it stops. */
export interface RunStatusRecord {
  /** A runner that is killed cannot write its end, so its record stays 'running'. */
  readonly state: 'running' | 'complete' | 'failed';
  /** The runner's process id on `host`: a 'running' record whose process is gone was killed. */
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 times. */
  readonly started_at: string;
  readonly ended_at?: string;
  /** The notebooks this runner was started to run, in order, e.g. '04-autoencoder'. */
  readonly notebooks: readonly string[];
  /** Those of `notebooks` it completed. */
  readonly completed: readonly string[];
  /** The notebook it stopped in, the cell when one failed, and why. */
  readonly failure?: { readonly notebook: string; readonly cell?: number; readonly reason: string };
}

/** Models saved under `<runDir>/models/<name>`, by the notebook that saves them. */
export const RUN_MODELS = { classifier: '03', autoencoder: '04', composite: '05' } as const;
export type RunModelName = keyof typeof RUN_MODELS;

type FieldKind = 'number' | 'string' | 'boolean' | 'numbers' | 'record';
type FieldType<K extends FieldKind> = K extends 'number'
  ? number
  : K extends 'string'
    ? string
    : K extends 'boolean'
      ? boolean
      : K extends 'numbers'
        ? number[]
        : Record<string, unknown>;

/** results.json's sections: who writes each, and the fields (with their kinds) that readers may rely on. */
export const RESULT_SECTIONS = {
  data: { writtenBy: '01', fields: { train_images: 'number', test_images: 'number' } },
  noise: { writtenBy: '02', fields: { type: 'string', level: 'number', test_level: 'number', psnr_noisy_db: 'number', ssim_noisy: 'number' } },
  classifier: {
    writtenBy: '03',
    fields: { architecture: 'string', clean_accuracy: 'number', noisy_accuracy: 'number', per_class_clean: 'numbers', per_class_noisy: 'numbers' },
  },
  autoencoder: {
    writtenBy: '04',
    fields: {
      architecture: 'string', psnr_noisy_db: 'number', psnr_denoised_db: 'number', ssim_noisy: 'number', ssim_denoised: 'number', test_bce: 'number', train_bce: 'number',
    },
  },
  composite: { writtenBy: '05', fields: { accuracy: 'number', clean_input_accuracy: 'number', per_class: 'numbers', alternatives: 'record' } },
  baselines: { writtenBy: '06', fields: {} },
  evaluation: { writtenBy: '06', fields: {} },
  photos: { writtenBy: '07', fields: { photos: 'number', autoencoder_seconds_per_megapixel: 'number' } },
  wall_time_s: { writtenBy: 'the runner', fields: {} },
} as const satisfies Record<string, { writtenBy: string; fields: Record<string, FieldKind> }>;
export type SectionName = keyof typeof RESULT_SECTIONS;

type Fields<S extends SectionName> = (typeof RESULT_SECTIONS)[S]['fields'];
/** A section as readers see it: the fields its registry entry names, with their types, and whatever else it holds. */
export type Section<S extends SectionName> = { readonly [F in keyof Fields<S>]: Fields<S>[F] extends FieldKind ? FieldType<Fields<S>[F]> : never } & Readonly<Record<string, unknown>>;

const CHECKS: Readonly<Record<FieldKind, (value: unknown) => boolean>> = {
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  string: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean',
  numbers: (value) => Array.isArray(value) && value.every((item) => typeof item === 'number'),
  record: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
};

/**
 * Reads a section another notebook wrote, checking each field readers rely on. A missing section, or a field that
 * is missing or of another kind (written by an older version), is a MissingResultError naming the notebook to run.
 */
export function readSection<S extends SectionName>(runDir: string, section: S): Section<S> {
  const path = join(runDir, RESULTS_FILE);
  const { writtenBy, fields } = RESULT_SECTIONS[section];
  const value = readResults(runDir)[section];
  if (!CHECKS.record(value)) throw new MissingResultError(path, section, undefined, writtenBy);
  const record = value as Record<string, unknown>;
  for (const [field, kind] of Object.entries(fields) as [string, FieldKind][]) {
    if (!CHECKS[kind](record[field])) throw new MissingResultError(path, section, { field, kind, found: record[field] }, writtenBy);
  }
  return record as Section<S>;
}
