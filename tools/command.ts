// The one entry of every command this project ships (npm start, bench, test:e2e, clean-notebooks): run the work,
// print a refusal as one line without a stack, and exit with the same codes everywhere.
import { ProjectError } from '../lib/errors';

/**
 * 0: done. 1: the work ran and failed (a notebook, a check), or crashed. 2: refused before any work (bad arguments or
 * settings). 130: stopped by Ctrl-C, as a shell reports it (128 + SIGINT).
 */
export const EXIT = { done: 0, failed: 1, refused: 2, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Runs `main` with the command's arguments and exits with the code it returns. A ProjectError it throws (a bad
 * option, a bad parameter value, a missing file: something the user can fix) prints `error: <message>` and exits
 * 2; anything else is a crash and prints its stack, exit 1. So `main` lets a ProjectError escape only before its
 * work begins; after that it reports errors with failedAfterWork.
 */
export function runCommand(main: (argv: readonly string[]) => Promise<ExitCode> | ExitCode): void {
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        if (error instanceof ProjectError) {
          console.error(`error: ${error.message}`);
          process.exit(EXIT.refused);
        }
        console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        process.exit(EXIT.failed);
      },
    );
}

/**
 * Reports an error thrown once a command's work has begun (a model trained, a file written) as runCommand reports a
 * refusal or a crash, and gives the code to exit with: 1, since the work ran and failed, which 2 must not claim.
 */
export function failedAfterWork(error: unknown): ExitCode {
  if (error instanceof ProjectError) console.error(`error: ${error.message}`);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return EXIT.failed;
}

/** Seconds since `started` (a Date.now() value), to a tenth: how commands report wall time. */
export function secondsSince(started: number): number {
  return Math.round((Date.now() - started) / 100) / 10;
}
