// Command-line options of `npm start`, parsed and checked before anything runs.
import { availableParallelism } from 'node:os';
import { parseSetting, PRESET_NAMES, PROFILES } from '../../lib/config/index';
import { ConfigError } from '../../lib/errors';
import { DEFAULT_NOTEBOOK_PARAMETERS, type NotebookParameters } from '../../lib/run/notebook-parameters';
import { optionValue } from '../options';
import { shellQuote } from '../../lib/run/shell-quote';

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
  /** Name the run folder (a path under runs/), created when missing: what a sweep's points run into. */
  readonly runName?: string;
  /** Each parameter to sweep with its values, in the order given: one run per point of their grid. */
  readonly sweeps: readonly SweepAxis[];
  /** Sweep points run at once. @default 2, or the cores when fewer (DEFAULT_JOBS) */
  readonly jobs: number;
  /** Print one self-contained `npm start` command per sweep point instead of running them. */
  readonly printCommands: boolean;
  /** Submit the sweep to this scheduler instead of running its points here. */
  readonly scheduler?: Scheduler;
  /** sbatch options for every task of the sweep's job array, as Slurm spells them (`--partition=gpu`). */
  readonly slurmOptions: readonly string[];
  /** Show the points of this sweep (an id under runs/sweeps/) and how each ended, instead of running anything. */
  readonly sweepStatus?: string;
}

export const SCHEDULERS = ['slurm'] as const;
export type Scheduler = (typeof SCHEDULERS)[number];

/** One `--sweep name=v1,v2,…`: a parameter and the values its runs take. */
export interface SweepAxis {
  readonly name: string;
  readonly values: readonly unknown[];
}

export const USAGE = `usage: npm start -- [--preset ${PRESET_NAMES.join('|')}] [--profile ${PROFILES.join('|')}] [--set name=value ...] [--no-cache]
                    [--only NN | --from NN] [--run RUN_ID|latest | --run-name NAME] [--cell-timeout SECONDS]
                    [--live] [--notebooks DIR] [--compare complete|FOLDER]
                    [--sweep name=v1,v2,... ...] [--jobs N] [--print-commands | --scheduler slurm [--slurm-option OPTION ...]]
       npm start -- --sweep-status SWEEP_ID`;

/** --help: the usage, and what the sweep's options do (the rest are in the README and docs/runs.md). */
export const HELP = `${USAGE}

  --sweep name=v1,v2,...   one complete run per value (repeat for a grid), into runs/sweeps/<id>/
  --jobs N                 points run at once; with --scheduler slurm, tasks of the job array running at once
  --print-commands         write one command per point to runs/sweeps/<id>/commands.txt, and a Kubernetes Indexed
                           Job (job.json) that runs them, instead of running them
  --scheduler slurm        submit the points as one sbatch job array, each task one point's command
  --slurm-option OPTION    an sbatch option for every task, e.g. --slurm-option --partition=gpu (repeatable)
  --sweep-status SWEEP_ID  each point's state, from its run folder and from Slurm; a failed point's rerun command`;
/**
 * Two points at once: a sweep of four points took 416 s with 2 against 567 s with 1 on 2 cores (6,000 training
 * images each; kernel starts, data loading and evaluation overlap with the other point's training).
 */
const DEFAULT_JOBS = Math.min(2, availableParallelism());
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
    sweeps: [],
    jobs: DEFAULT_JOBS,
    printCommands: false,
    slurmOptions: [],
  };
  const slurmOptions: string[] = [];
  const sweeps: SweepAxis[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => optionValue(argv, i++, USAGE);
    if (flag === '--preset') parameters.preset = value();
    else if (flag === '--profile') parameters.profile = value();
    else if (flag === '--no-cache') parameters.cache = false;
    else if (flag === '--compare') parameters.compare = value();
    else if (flag === '--set') {
      const [name, parsed] = parseSetting(value());
      set[name] = parsed;
    } else if (flag === '--only') options.only = notebookNumber(flag, value());
    else if (flag === '--from') options.from = notebookNumber(flag, value());
    else if (flag === '--run') options.run = value();
    else if (flag === '--run-name') options.runName = runName(value());
    else if (flag === '--sweep') sweeps.push(sweepAxis(value()));
    else if (flag === '--jobs') options.jobs = positiveInteger(flag, value(), 'a whole number of sweep points to run at once, at least 1');
    else if (flag === '--print-commands') options.printCommands = true;
    else if (flag === '--scheduler') options.scheduler = scheduler(value());
    else if (flag === '--slurm-option') slurmOptions.push(slurmOption(argv[++i]));
    else if (flag === '--sweep-status') options.sweepStatus = sweepId(value());
    else if (flag === '--notebooks') options.notebooks = value();
    else if (flag === '--live') options.live = true;
    else if (flag === '--cell-timeout') options.cellTimeoutSeconds = positiveInteger(flag, value(), 'a whole number of seconds, at least 1');
    else throw new ConfigError('option', flag, `a known option; ${USAGE}`);
  }
  if (options.only && options.from) throw new ConfigError('--only', options.only, `either --only or --from, not both`);
  if (options.run && options.runName) throw new ConfigError('--run-name', options.runName, 'either --run or --run-name, not both');
  options.slurmOptions = slurmOptions;
  checkSweep(options, sweeps, argv.includes('--jobs'));
  options.sweeps = sweeps;
  if (options.sweepStatus && argv.length > 2) throw new ConfigError('--sweep-status', options.sweepStatus, 'no other option with it: it reads a sweep that already ran or was submitted');
  return options;
}

/** Splits `name=v1,v2,…`; each value is read as `--set` reads one (JSON when it parses, text otherwise). */
function sweepAxis(text: string): SweepAxis {
  const [name, raw] = parseSetting(text);
  if (Array.isArray(raw) || text.slice(text.indexOf('=') + 1).trim().startsWith('[')) {
    throw new ConfigError('--sweep', name, 'a parameter with one value per run: a list-valued one such as evaluation.sweepLevels cannot be swept');
  }
  const values = (typeof raw === 'string' ? raw : text.slice(text.indexOf('=') + 1)).split(',').map((item) => item.trim());
  if (values.some((item) => item === '')) throw new ConfigError('--sweep', text, 'name=v1,v2,… with at least one value and no empty ones, e.g. noise.level=0.2,0.4');
  return { name, values: values.map((item) => parseSetting(`${name}=${item}`)[1]) };
}

function checkSweep(options: RunnerOptions, sweeps: readonly SweepAxis[], jobsGiven: boolean): void {
  const names = sweeps.map((axis) => axis.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) throw new ConfigError('--sweep', repeated, 'each parameter swept once; give all its values in one --sweep');
  const alsoSet = names.find((name) => name in options.parameters.set);
  if (alsoSet) throw new ConfigError('--sweep', alsoSet, `a parameter that --set does not also fix (it is set to ${JSON.stringify(options.parameters.set[alsoSet])})`);
  if (options.slurmOptions.length > 0 && options.scheduler !== 'slurm') throw new ConfigError('--slurm-option', options.slurmOptions[0], '--scheduler slurm to go with it');
  if (options.scheduler && options.printCommands) throw new ConfigError('--scheduler', options.scheduler, 'either --scheduler or --print-commands, not both');
  // Each point's training uses the cores it gets; more points than cores only adds memory (about 1.5 GB each). A
  // scheduler's tasks run on its nodes, each with its own allocation, so this machine's cores do not bound them.
  const cores = availableParallelism();
  if (!options.scheduler && options.jobs > cores) throw new ConfigError('--jobs', options.jobs, `at most ${cores}, this machine's cores`);
  const lonely = [['--print-commands', options.printCommands], ['--jobs', jobsGiven && options.jobs], ['--scheduler', options.scheduler]] as const;
  const alone = sweeps.length === 0 && lonely.find(([, given]) => given);
  if (alone) throw new ConfigError(alone[0], alone[1], 'a --sweep to go with it');
  const conflicting = sweeps.length > 0 && (['run', 'runName', 'only', 'from', 'live'] as const).find((key) => options[key]);
  if (conflicting) throw new ConfigError('--sweep', names.join(', '), `no --${conflicting.replace('runName', 'run-name')} with it: each point is a complete run into its own folder`);
}

/** Folders of runs/ that are not run folders: the model cache, the latest link, the browser test's and JupyterLab's. */
const RESERVED_RUN_NAMES = /^(latest|model-cache|sweeps|interactive|e2e-.*)$/;

/** A path under runs/ made of plain names: never absolute, never climbing out with '..', never a reserved folder. */
function runName(text: string): string {
  const parts = text.split('/');
  if (text.startsWith('/') || parts.some((part) => part === '' || part === '.' || part === '..' || !/^[\w.,=+@-]+$/.test(part))) {
    throw new ConfigError('--run-name', text, 'a relative path of plain names under runs/, e.g. sweeps/my-sweep/noise.level=0.2');
  }
  if (RESERVED_RUN_NAMES.test(parts[0]!) && !(parts[0] === 'sweeps' && parts.length > 2)) {
    throw new ConfigError('--run-name', text, "a name that is not one of runs/' own folders (latest, model-cache, sweeps, interactive, e2e-…); a sweep's point is sweeps/<id>/<point>");
  }
  return text;
}

function scheduler(text: string): Scheduler {
  if (!(SCHEDULERS as readonly string[]).includes(text)) throw new ConfigError('--scheduler', text, `one of ${SCHEDULERS.join(', ')}; for any other, --print-commands writes each point's command`);
  return text as Scheduler;
}

/** An sbatch option is itself a flag, so it is taken as it comes; only an option that sbatch would not read as one is refused. */
function slurmOption(text: string | undefined): string {
  if (text === undefined || !text.startsWith('-')) throw new ConfigError('--slurm-option', text, "an sbatch option after --slurm-option, written as one word, e.g. --slurm-option --partition=gpu");
  if (/^--array\b|^-a\b/.test(text)) throw new ConfigError('--slurm-option', text, "an option other than --array: the sweep makes the array from its points and --jobs");
  return text;
}

/** A sweep's id, the name of its folder under runs/sweeps/. */
function sweepId(text: string): string {
  if (!/^[\w.,=+@-]+$/.test(text) || text.startsWith('.')) throw new ConfigError('--sweep-status', text, 'the id of a sweep, the name of its folder under runs/sweeps/');
  return text;
}

function notebookNumber(flag: string, text: string): string {
  if (!/^\d{1,2}$/.test(text)) throw new ConfigError(flag, text, 'a notebook number such as 03');
  return text.padStart(2, '0');
}

function positiveInteger(flag: string, text: string, allowed: string): number {
  const number = Number(text);
  if (!Number.isInteger(number) || number < 1) throw new ConfigError(flag, text, allowed);
  return number;
}

const SELECTION_FLAGS = new Set(['--only', '--from', '--run', '--run-name']);

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
