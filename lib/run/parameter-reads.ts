// Which parameters a piece of code reads: a view of the configuration that notes every value taken from it. A
// training's cache record lists the parameters that training reads; checking it against what the training actually
// read turns a forgotten entry (a model reused for settings it was not trained with) into an error at its first run.
import type { ParameterName, PipelineConfig } from '../config/index';
import { ProjectError } from '../errors';

export interface TrackedConfig {
  /** Reads like the configuration it wraps. */
  readonly config: PipelineConfig;
  /** The parameters read through `config` so far, by dotted name. */
  readonly reads: () => ReadonlySet<ParameterName>;
}

/** `config` behind a view that records each parameter read through it (`config.noise.level`, `config.parameters['seed']`). */
export function trackParameterReads(config: PipelineConfig): TrackedConfig {
  const read = new Set<ParameterName>();
  const names = new Set(Object.keys(config.parameters));
  const recording = <T extends object>(target: T, nameOf: (key: string) => string): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value: unknown = Reflect.get(object, key, receiver);
        if (typeof key !== 'string') return value;
        const name = nameOf(key);
        if (names.has(name)) read.add(name as ParameterName);
        else if (key === 'parameters') return recording(value as object, (parameter) => parameter);
        else if (typeof value === 'object' && value !== null && !Array.isArray(value)) return recording(value, (field) => `${key}.${field}`);
        return value;
      },
    });
  return { config: recording(config, (key) => key), reads: () => new Set(read) };
}

/**
 * Throws when `training` read a parameter that its cache record leaves out: its model would be reused for runs
 * that set that parameter otherwise. Called before the model is cached, so nothing wrong is stored.
 */
export function checkReadsRecorded(training: string, reads: ReadonlySet<string>, recorded: Readonly<Record<string, unknown>>): void {
  const unrecorded = [...reads].filter((name) => !(name in recorded)).sort();
  if (unrecorded.length === 0) return;
  throw new ProjectError(
    `training '${training}' read ${unrecorded.join(', ')}, which its cache record leaves out, so its model would be reused ` +
      `for runs that set ${unrecorded.length === 1 ? 'it' : 'them'} otherwise. Add ${unrecorded.length === 1 ? 'it' : 'them'} to ` +
      `'${training}' in lib/model-cache/reads.ts. Nothing was cached.`,
  );
}
