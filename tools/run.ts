// `npm start`: runs the notebooks in order, headless, into a new run folder; see `npm start -- --help`.
import { join } from 'node:path';
import { resolveConfig } from '../lib/config/index';
import { agreeCommandIn, ProjectError } from '../lib/errors';
import { RUNS_DIR } from '../lib/paths';
import { readResults, runParameters, recordResults, recordRunFields } from '../lib/run/results';
import { EXIT, runCommand, secondsSince, type ExitCode } from './command';
import { HELP, parseArgs, resumeCommand, type RunnerOptions } from './runner/args';
import { executeNotebook, exportHtml } from './runner/execute';
import { startLiveDashboard } from './runner/live-dashboard';
import { injectParameters, listNotebooks, readNotebook, writeNotebook, type NotebookFile } from './runner/notebooks';
import { runSweep } from './sweep/execute';
import { showSweepStatus } from './sweep/status';
import { allocatedThreads, withThreads } from './sweep/threads';
import { checkNamedRun, createRunFolder, dropPreviousExecution, setAsidePreviousExecution } from './runner/run-folder';
import { startRunStatus } from './runner/run-status';

function selectNotebooks(options: RunnerOptions): NotebookFile[] {
  const all = listNotebooks(options.notebooks);
  const selected = all.filter((notebook) =>
    options.only ? notebook.number === options.only : options.from ? notebook.number >= options.from : true,
  );
  if (all.length === 0) throw new ProjectError(`no notebooks named NN-name.ipynb in ${options.notebooks ?? 'notebooks/'}`);
  if (selected.length === 0) {
    const numbers = all.map((notebook) => notebook.number).join(', ');
    throw new ProjectError(`no notebook numbered ${options.only ?? options.from}; there are ${numbers}`);
  }
  return selected;
}

async function main(argv: readonly string[]): Promise<ExitCode> {
  if (argv.includes('--help')) {
    console.log(HELP);
    return EXIT.done;
  }
  const options = parseArgs(argv);
  if (options.sweepStatus) return showSweepStatus(options.sweepStatus);
  if (options.sweeps.length > 0) return runSweep(argv, options);
  const notebooks = selectNotebooks(options);
  const config = resolveConfig(options.parameters);
  if (options.runName && checkNamedRun(join(RUNS_DIR, options.runName), config.parameters) === 'complete') {
    console.log(`runs/${options.runName} already holds a complete run of these parameters: nothing to do.`);
    return EXIT.done;
  }
  const run = createRunFolder(options.parameters.preset, options.parameters.profile, { existing: options.run, name: options.runName });
  if (options.live) {
    startLiveDashboard(run.dir).then(
      (address) => run.log(`live training curves at ${address}`),
      (error: Error) => run.log(`the live dashboard did not start: ${error.message}`),
    );
  }
  run.log(`run ${run.id}: ${notebooks.map((notebook) => notebook.name).join(', ')}`);
  const allocated = allocatedThreads();
  if (allocated) {
    Object.assign(process.env, withThreads(process.env, allocated.threads));
    run.log(`TensorFlow's thread pools: ${allocated.threads} thread${allocated.threads === 1 ? '' : 's'} each, the task's allocation (${allocated.source})`);
  }
  recordRunFields(run.dir, { run_id: run.id, started_at: new Date().toISOString() });
  const status = startRunStatus(run.dir, notebooks.map((notebook) => notebook.name));
  try {
    for (const notebook of notebooks) {
      const executed = join(run.dir, `${notebook.name}.ipynb`);
      const previous = setAsidePreviousExecution(run.dir, notebook.name);
      const injected = injectParameters(readNotebook(notebook.path), notebook.name, { ...options.parameters, runDir: run.dir });
      writeNotebook(executed, injected);
      const started = Date.now();
      const outcome = await executeNotebook(executed, notebook.name, options.cellTimeoutSeconds, run.log);
      const seconds = secondsSince(started);
      const htmlProblem = await exportHtml(executed);
      if (htmlProblem) run.log(`[${notebook.name}] HTML export failed: ${htmlProblem}`);
      if (outcome.status !== 'ok') {
        const what = outcome.status === 'cell-error' ? 'a cell raised an error' : 'the kernel failed';
        run.log(`\n[${notebook.name}] FAILED in cell ${outcome.cell} (${outcome.firstLine}): ${what}\n${outcome.message}`);
        run.log(`the partially executed notebook is ${executed}`);
        if (previous) run.log(`the earlier execution of ${notebook.name} is kept as ${previous}`);
        const agree = agreeCommandIn(outcome.message);
        if (agree) run.log(`the folder holds models trained with other parameters; to retrain them with these, into the same run folder:\n  ${agree}`);
        else run.log(`to rerun from this notebook into the same run folder:\n  ${resumeCommand(argv, run.id, notebook.number)}`);
        status.failed(`${what} (${outcome.firstLine})`, outcome.cell);
        return EXIT.failed;
      }
      dropPreviousExecution(run.dir, notebook.name);
      recordResults(run.dir, 'wall_time_s', { [notebook.name]: seconds });
      status.notebookDone(notebook.name);
      run.log(`[${notebook.name}] done in ${seconds} s`);
    }
  } catch (error) {
    status.crashed(error);
    throw error;
  }
  status.complete();
  const results = readResults(run.dir);
  run.log(`\nall ${notebooks.length} notebooks ran; results in ${join(run.dir, 'results.json')}`);
  const recorded = runParameters(results);
  const madeWith = recorded.state === 'agree' ? { preset: recorded.preset, profile: recorded.profile } : { parameters: recorded.state };
  run.log(JSON.stringify({ ...madeWith, wall_time_s: results.wall_time_s }));
  if (options.live) {
    run.log('the live dashboard stays up until you press Ctrl-C');
    await new Promise((resolve) => process.once('SIGINT', resolve));
  }
  return EXIT.done;
}

runCommand(main);
