// Command-line options of `npm start`, parsed and checked before anything runs.
import { parseSetting, PRESET_NAMES, PROFILES } from '../../lib/config/index';
import { ConfigError } from '../../lib/errors';
import { DEFAULT_NOTEBOOK_PARAMETERS, type NotebookParameters } from '../../lib/notebook-parameters';

export interface RunnerOptions {
  /** What every notebook receives in its injected-parameters cell, less the run folder the runner picks. */
  readonly parameters: Omit<NotebookParameters, 'runDir'>;
  /** Run only this notebook (its two-digit number). */
  readonly only?: string;
  /** Start at this notebook. */
  readonly from?: string;
  readonly cellTimeoutSeconds: number;
  /** Show live training curves in a browser window (nodeplotlib), and keep them up after the run until Ctrl-C. */
  readonly live: boolean;
  /** Folder of the notebooks to run. @default notebooks/ */
  readonly notebooks?: string;
  /** Run into this existing run folder (an id under runs/, or 'latest') instead of a new one. */
  readonly run?: string;
}

export const USAGE = `usage: npm start -- [--preset ${PRESET_NAMES.join('|')}] [--profile ${PROFILES.join('|')}] [--set name=value ...] [--no-cache]
                    [--only NN | --from NN] [--run RUN_ID|latest] [--cell-timeout SECONDS]
                    [--live] [--notebooks DIR]`;
// A full-dataset training cell takes minutes; a stuck kernel should still end the run within a few hours.
const DEFAULT_CELL_TIMEOUT_SECONDS = 4 * 60 * 60;

export function parseArgs(argv: readonly string[]): RunnerOptions {
  const { runDir: _chosenPerRun, ...defaults } = DEFAULT_NOTEBOOK_PARAMETERS;
  const set: Record<string, unknown> = {};
  const parameters: { -readonly [K in keyof RunnerOptions['parameters']]: RunnerOptions['parameters'][K] } = { ...defaults, set };
  const options: { -readonly [K in keyof RunnerOptions]: RunnerOptions[K] } = {
    parameters,
    cellTimeoutSeconds: DEFAULT_CELL_TIMEOUT_SECONDS,
    live: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(flag, next, `a value after ${flag}; ${USAGE}`);
      return next;
    };
    if (flag === '--preset') parameters.preset = value();
    else if (flag === '--profile') parameters.profile = value();
    else if (flag === '--no-cache') parameters.cache = false;
    else if (flag === '--set') {
      const [name, parsed] = parseSetting(value());
      set[name] = parsed;
    } else if (flag === '--only') options.only = notebookNumber(flag, value());
    else if (flag === '--from') options.from = notebookNumber(flag, value());
    else if (flag === '--run') options.run = value();
    else if (flag === '--notebooks') options.notebooks = value();
    else if (flag === '--live') options.live = true;
    else if (flag === '--cell-timeout') options.cellTimeoutSeconds = positiveInteger(flag, value());
    else throw new ConfigError('option', flag, `a known option; ${USAGE}`);
  }
  if (options.only && options.from) throw new ConfigError('--only', options.only, `either --only or --from, not both`);
  return options;
}

function notebookNumber(flag: string, text: string): string {
  if (!/^\d{1,2}$/.test(text)) throw new ConfigError(flag, text, 'a notebook number such as 03');
  return text.padStart(2, '0');
}

function positiveInteger(flag: string, text: string): number {
  const number = Number(text);
  if (!Number.isInteger(number) || number < 1) throw new ConfigError(flag, text, 'a whole number of seconds, at least 1');
  return number;
}

const SELECTION_FLAGS = new Set(['--only', '--from', '--run']);

/**
 * The command that reruns a failed run from notebook `number` into the same folder: the options the user gave
 * (preset, profile, settings, notebooks folder…), with the notebook selection and the run folder replaced.
 * `--only` stays `--only`, since the user asked for that one notebook alone.
 */
export function resumeCommand(argv: readonly string[], runId: string, number: string): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (SELECTION_FLAGS.has(argv[i]!)) i++;
    else kept.push(argv[i]!);
  }
  const selection = argv.includes('--only') ? '--only' : '--from';
  return `npm start -- ${['--run', runId, selection, number, ...kept].map(shellQuote).join(' ')}`;
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
