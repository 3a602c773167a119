// Running external commands during setup, with their output visible and failures that name the command.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

export class SetupStepError extends Error {
  override name = 'SetupStepError';
  constructor(
    message: string,
    readonly remedy: string,
  ) {
    super(message);
  }
}

/** Runs a command with inherited output; throws naming the command and its exit status. */
export function run(command: string, args: readonly string[], options: SpawnSyncOptions & { remedy: string }): void {
  const { remedy, ...spawnOptions } = options;
  const result = spawnSync(command, args, { stdio: 'inherit', ...spawnOptions });
  if (result.error) {
    throw new SetupStepError(`\`${command}\` could not be started: ${result.error.message}`, remedy);
  }
  if (result.status !== 0) {
    const status = result.status ?? `signal ${result.signal}`;
    const shown = [command, ...args.map((arg) => (arg.includes('\n') ? '<script>' : arg))].join(' ');
    throw new SetupStepError(`\`${shown}\` exited with ${status}`, remedy);
  }
}

/** Runs a command and returns its stdout, or undefined when it fails. */
export function capture(command: string, args: readonly string[], options: SpawnSyncOptions = {}): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return result.status === 0 ? String(result.stdout).trim() : undefined;
}
