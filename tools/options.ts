// Reading a command's options: the argument that follows a flag, or a ConfigError naming the flag, with the usage.
import { ConfigError } from '../lib/errors';

/** The argument after the flag at `argv[index]`; refuses a missing one, or another flag in its place. */
export function optionValue(argv: readonly string[], index: number, usage: string, expected = 'a value'): string {
  const flag = argv[index]!;
  const next = argv[index + 1];
  if (next === undefined || next.startsWith('--')) throw new ConfigError(flag, next, `${expected} after ${flag}; ${usage}`);
  return next;
}
