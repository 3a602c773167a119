// What a run changed: the parameters whose recorded value differs from what its preset and profile set.
import { resolveConfig } from './index';
import { acceptParameter, PARAMETER_NAMES, type ParameterValue } from './schema';

/**
 * The parameters in `recorded` (a run's results.json `parameters`) that differ from what `preset` and `profile`
 * set, in the schema's order and written as `--set` takes them: `['noise.level=0.4', 'autoencoder.architecture=pooling']`.
 * Names the schema no longer has are left out: there is no preset value to compare them with. Throws ConfigError
 * when the preset or profile is not one of today's.
 */
export function changedParameters(preset: string, profile: string, recorded: Readonly<Record<string, unknown>>): string[] {
  const base = resolveConfig({ preset, profile }).parameters;
  return PARAMETER_NAMES.filter((name) => name in recorded)
    .filter((name) => !sameValue(acceptParameter(name, recorded[name]) ?? recorded[name], base[name]))
    .map((name) => `${name}=${typeof recorded[name] === 'string' ? recorded[name] : JSON.stringify(recorded[name])}`);
}

// Values are read in canonical form first, so an alias recorded by an older run ('conv') equals its name ('unet').
function sameValue(value: unknown, base: ParameterValue): boolean {
  if (Array.isArray(value) && Array.isArray(base)) return value.length === base.length && value.every((item, i) => item === base[i]);
  return value === base;
}
