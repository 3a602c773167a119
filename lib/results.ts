// A run's results.json: each notebook adds its section, with the parameters it was made with under `made_with`;
// later notebooks, the runs table and the runner read it back.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJson } from './atomic-write';
import type { PipelineConfig } from './config/index';
import { ProjectError } from './errors';
import { canonicalJson } from './model-cache/key';
import { RESULT_SECTIONS, type SectionName } from './run-artifacts';

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

/** Merges `values` into the section `section` (one of lib/run-artifacts.ts's) of results.json, written atomically. */
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
