// What a run folder holds for later readers: results.json, where each notebook adds its section with the
// parameters it was made with under `made_with`; the models notebooks save; the runner's log and status record.
// Each is named once here, with the notebook that writes it, and the fields later readers rely on, typed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJson } from '../artifacts/atomic-write';
import type { PipelineConfig } from '../config/index';
import { MissingResultError, ProjectError } from '../errors';
import { canonicalJson } from '../model-cache/key';

/** What the runner printed, line by line (tools/runner/run-folder.ts). */
export const RUN_LOG_FILE = 'run.log';

/** Where the runner keeps its RunStatusRecord (tools/runner/run-status.ts writes it, lib/run/run-state.ts reads it). */
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

export const RESULTS_FILE = 'results.json';

export type Results = Record<string, unknown>;

export function readResults(runDir: string): Results {
  const path = join(runDir, RESULTS_FILE);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Results;
  } catch (error) {
    throw new ProjectError(`${path} is not valid JSON (${(error as Error).message}); delete it and rerun the notebooks that write it.`);
  }
}

/** Merges `values` into the section `section` (one of lib/run/results.ts's) of results.json, written atomically. */
export function recordResults(runDir: string, section: SectionName, values: Record<string, unknown>): Results {
  const results = readResults(runDir);
  const previous = results[section];
  const merged = isRecord(previous) ? { ...previous, ...values } : values;
  const updated = { ...results, [section]: merged };
  writeJson(join(runDir, RESULTS_FILE), updated);
  return updated;
}

/** What a section was made with: the notebook's preset, profile and every parameter's value. */
export interface MadeWith {
  readonly preset: string;
  readonly profile: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** Where results.json keeps each section's MadeWith, by section name. */
export const MADE_WITH = 'made_with';

/**
 * Merges `values` into `section` as recordResults does, and records beside it the configuration the notebook ran
 * with, in the same atomic write: a folder whose notebooks ran with different parameters then says so (runParameters).
 */
export function recordSection(run: { readonly runDir: string; readonly config: PipelineConfig }, section: SectionName, values: Record<string, unknown>): Results {
  const results = readResults(run.runDir);
  const previous = results[section];
  const madeWith: MadeWith = { preset: run.config.preset, profile: run.config.profile, parameters: run.config.parameters };
  const updated = {
    ...results,
    [section]: isRecord(previous) ? { ...previous, ...values } : values,
    [MADE_WITH]: { ...(isRecord(results[MADE_WITH]) ? results[MADE_WITH] : {}), [section]: madeWith },
  };
  writeJson(join(run.runDir, RESULTS_FILE), updated);
  return updated;
}

/** A run folder's parameters, read per section: one set when its sections agree, or the parameters they differ in. */
export type RunParameters =
  | ({ readonly state: 'agree' } & MadeWith)
  | { readonly state: 'mixed'; readonly differences: readonly string[] }
  | { readonly state: 'none' };

/**
 * The parameters behind a folder's results. Sections made with different settings (one notebook rerun with
 * others) are 'mixed': their numbers describe no single configuration. A folder from before sections recorded
 * theirs falls back to the top-level preset, profile and parameters it kept then.
 */
export function runParameters(results: Results): RunParameters {
  const legacy = { preset: results.preset, profile: results.profile, parameters: results.parameters };
  const recorded = isRecord(results[MADE_WITH]) ? Object.entries(results[MADE_WITH]).filter((entry): entry is [string, MadeWith] => isMadeWith(entry[1])) : [];
  // Sections an older version wrote, before sections recorded theirs, were made with the top-level parameters.
  const older = isMadeWith(legacy)
    ? Object.keys(results).filter((key) => key in RESULT_SECTIONS && key !== 'wall_time_s' && !recorded.some(([section]) => section === key)).map((section): [string, MadeWith] => [section, legacy])
    : [];
  const sections = [...older, ...recorded];
  if (sections.length === 0) return isMadeWith(legacy) ? { state: 'agree', ...legacy } : { state: 'none' };
  const differences = differingSettings(sections);
  return differences.length > 0 ? { state: 'mixed', differences } : { state: 'agree', ...sections[0]![1] };
}

/** 'noise.level: 0.6 (classifier, autoencoder), 0.4 (composite)' for each setting the sections disagree on. */
function differingSettings(recorded: readonly [string, MadeWith][]): string[] {
  const settings = (madeWith: MadeWith): Record<string, unknown> => ({ preset: madeWith.preset, profile: madeWith.profile, ...madeWith.parameters });
  const names = [...new Set(recorded.flatMap(([, madeWith]) => Object.keys(settings(madeWith))))].sort();
  return names.flatMap((name) => {
    const bySection = new Map<string, string[]>();
    for (const [section, madeWith] of recorded) {
      const value = canonicalJson(settings(madeWith)[name] ?? null);
      bySection.set(value, [...(bySection.get(value) ?? []), section]);
    }
    return bySection.size > 1 ? [`${name}: ${[...bySection].map(([value, sections]) => `${value} (${sections.join(', ')})`).join(', ')}`] : [];
  });
}

function isMadeWith(value: unknown): value is MadeWith {
  return isRecord(value) && typeof value.preset === 'string' && typeof value.profile === 'string' && isRecord(value.parameters);
}

/** Sets top-level fields of results.json (e.g. preset, profile), written atomically. */
export function recordRunFields(runDir: string, fields: Record<string, unknown>): Results {
  const updated = { ...readResults(runDir), ...fields };
  writeJson(join(runDir, RESULTS_FILE), updated);
  return updated;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
  generalization: { writtenBy: '06', fields: { cells: 'record', cell_count: 'number', cells_autoencoder_ahead: 'number', min_margin_db: 'number' } },
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
