// Resolving a run's configuration: preset, then profile, then the user's overrides, all validated before anything runs.
import { ConfigError } from '../errors';
import { checkCombinations } from './combinations';
import { PRESET_NAMES, PRESETS, profileOverrides } from './presets';
import {
  acceptParameter,
  describeParameter,
  PARAMETER_NAMES,
  PARAMETERS,
  PROFILES,
  type ParameterName,
  type ParameterSet,
  type ParameterValue,
  type Profile,
  type ValueOf,
} from './schema';

export { PARAMETERS, PARAMETER_NAMES, PROFILES, type ParameterName, type ParameterSet, type ParameterValue, type Profile } from './schema';
export { PRESETS, PRESET_NAMES } from './presets';

type GroupOf<N> = N extends `${infer Group}.${string}` ? Group : never;
type TopLevelName = Exclude<ParameterName, `${string}.${string}`>;

/**
 * The parameters nested by their dotted names (`classifier.epochs` → `config.classifier.epochs`), typed from the
 * schema: a parameter added to PARAMETERS appears here with its type, with nothing to keep in step by hand.
 */
export type NestedParameters = {
  readonly [Group in GroupOf<ParameterName>]: { readonly [N in ParameterName as N extends `${Group}.${infer Key}` ? Key : never]: ValueOf<N> };
} & { readonly [N in TopLevelName]: ValueOf<N> };

export type PipelineConfig = NestedParameters & {
  readonly preset: string;
  readonly profile: Profile;
  /** The flat parameter set this config was built from, e.g. for results files and cache keys. */
  readonly parameters: ParameterSet;
};

export interface ConfigRequest {
  /** @default 'default' */
  readonly preset?: string;
  /** @default 'full' */
  readonly profile?: string;
  /** Overrides by dotted name, e.g. `{ 'classifier.epochs': 5 }`; applied after preset and profile. */
  readonly set?: Readonly<Record<string, unknown>>;
}

/** Builds and validates a configuration; throws ConfigError naming the first bad parameter. */
export function resolveConfig(request: ConfigRequest = {}): PipelineConfig {
  const presetName = request.preset ?? 'default';
  const preset = PRESETS[presetName];
  if (!preset) throw new ConfigError('preset', presetName, `one of ${PRESET_NAMES.map((name) => `'${name}'`).join(', ')}`);
  const profile = request.profile ?? 'full';
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new ConfigError('profile', profile, `one of ${PROFILES.map((name) => `'${name}'`).join(', ')}`);
  }
  const parameters: Record<string, ParameterValue> = {};
  // Preset values go through the same rules as the user's: a preset cannot hold what `--set` would refuse.
  const layers = [preset, profileOverrides(profile as Profile, preset), request.set ?? {}];
  for (const [name, value] of layers.flatMap((layer) => Object.entries(layer))) {
    if (!(name in PARAMETERS)) throw unknownParameter(name, value);
    const accepted = acceptParameter(name as ParameterName, value);
    if (accepted === undefined) throw new ConfigError(name, value, describeParameter(name as ParameterName));
    parameters[name] = accepted;
  }
  const missing = PARAMETER_NAMES.filter((name) => !(name in parameters));
  if (missing.length > 0) throw new ConfigError('preset', presetName, `a preset that sets every parameter; it lacks ${missing.join(', ')}`);
  checkCombinations(parameters);
  // Sound by construction: every name of PARAMETERS is present with a value its rule accepted, nested by its dots.
  return { ...nest(parameters), preset: presetName, profile, parameters } as unknown as PipelineConfig;
}

function unknownParameter(name: string, value: unknown): ConfigError {
  const suggestion = PARAMETER_NAMES.map((known) => ({ known, distance: editDistance(name, known) })).sort((a, b) => a.distance - b.distance)[0];
  const hint = suggestion && suggestion.distance <= 3 ? ` (did you mean '${suggestion.known}'?)` : '';
  return new ConfigError(name, value, `a known parameter name, and '${name}' is not one${hint}; known: ${PARAMETER_NAMES.join(', ')}`);
}

function nest(flat: Record<string, ParameterValue>): Record<string, unknown> {
  const nested: Record<string, Record<string, ParameterValue> | ParameterValue> = {};
  for (const [name, value] of Object.entries(flat)) {
    const [group, key] = name.split('.') as [string, string | undefined];
    if (key === undefined) nested[group] = value;
    else nested[group] = { ...(nested[group] as Record<string, ParameterValue> | undefined), [key]: value };
  }
  return nested;
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** Reads a `--set name=value` value: JSON when it parses (numbers, lists, booleans), a plain string otherwise. */
export function parseSetting(assignment: string): [string, unknown] {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw new ConfigError('--set', assignment, "the form name=value, e.g. classifier.epochs=5");
  const name = assignment.slice(0, equals).trim();
  const text = assignment.slice(equals + 1).trim();
  try {
    return [name, JSON.parse(text)];
  } catch {
    return [name, text];
  }
}
