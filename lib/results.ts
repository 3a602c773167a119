// A run's results.json: each notebook adds its section; later notebooks and the runner read it back.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJson } from './atomic-write';
import { ProjectError } from './errors';
import type { SectionName } from './run-artifacts';

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

/** Sets top-level fields of results.json (e.g. preset, profile), written atomically. */
export function recordRunFields(runDir: string, fields: Record<string, unknown>): Results {
  const updated = { ...readResults(runDir), ...fields };
  writeJson(join(runDir, RESULTS_FILE), updated);
  return updated;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
