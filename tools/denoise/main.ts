// What `npm run denoise` does: denoise image files and folders with a trained autoencoder, one line per file.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../lib/artifacts/atomic-write';
import { ImageError, ProjectError } from '../../lib/errors';
import { decodeImage, denoiseImage, disposeDenoised, encodePng, loadImageDenoiser, sideBySide, type ImageDenoiser, type TrainingNoise } from '../../lib/images/index';
import { RUNS_DIR } from '../../lib/paths';
import { EXIT, failedAfterWork, type ExitCode } from '../command';
import { runStamp } from '../runner/run-folder';
import { parseArgs, USAGE, type DenoiseCommandOptions } from './args';
import { fineTuneCommand } from './fine-tune';
import { listInputs, readImageFile, type Failure, type InputList } from './inputs';
import { chooseModel, type ChosenModel } from './model';
import { noiseCheck, noiseWarning, trainedFor, type NoiseCheck } from './noise-check';
import { fileLine, settingsLines, summaryLines, type ScorePair } from './report';

export interface CommandContext {
  /** Where each printed line goes. @default console.log */
  readonly log?: (line: string) => void;
  /** Where runs/latest and runs/denoised are. @default RUNS_DIR */
  readonly runsDir?: string;
}

/**
 * Runs the command with `argv` (its arguments, after `--`): exit 0 when every file was denoised (and every fine-tuning
 * image used), 1 when any failed or when an error stopped the work once it had begun. Throws a ProjectError, before
 * any work, for bad arguments, no images, or no usable model.
 */
export async function denoiseCommand(argv: readonly string[], context: CommandContext = {}): Promise<ExitCode> {
  const log = context.log ?? console.log;
  const runsDir = context.runsDir ?? RUNS_DIR;
  if (argv.includes('--help')) {
    log(USAGE);
    return EXIT.done;
  }
  const options = parseArgs(argv);
  const chosen = chooseModel(options.model, runsDir);
  const baseDir = chosen.dir;
  // Listed before any fine-tuning, so a run with nothing to denoise is refused before it trains.
  const inputs = options.inputs.length > 0 ? listInputs(options.inputs) : undefined;
  if (inputs?.files.length === 0) throw new ProjectError(`nothing to denoise:\n  ${inputs.failures.map((failure) => failure.message).join('\n  ')}`);
  let begun = false;
  try {
    let modelDir = baseDir;
    let training = chosen.training;
    const failures: Failure[] = [];
    if (options.fineTune !== undefined) {
      log(modelLine(chosen));
      const tuned = await fineTuneCommand(options, baseDir, runsDir, log, () => (begun = true));
      modelDir = tuned.dir;
      training = { kind: 'fixed', ...tuned.noise };
      failures.push(...tuned.failures);
    }
    const denoised = inputs && (await denoiseFiles(inputs, modelDir, training, options, runsDir, log, () => (begun = true), options.fineTune === undefined ? chosen : undefined));
    return failures.length > 0 || denoised === EXIT.failed ? EXIT.failed : EXIT.done;
  } catch (error) {
    if (!begun) throw error;
    return failedAfterWork(error);
  }
}

/** Denoises every listed file with the model in `modelDir`; `onWorkBegins` fires once the model and output folder are ready. */
async function denoiseFiles(inputs: InputList, modelDir: string, training: TrainingNoise | undefined, options: DenoiseCommandOptions, runsDir: string, log: (line: string) => void, onWorkBegins: () => void, chosen: ChosenModel | undefined): Promise<ExitCode> {
  const denoiser = await loadImageDenoiser(modelDir, { remedy: 'Retrain it (`npm start -- --only 04`), or pass another --model.' });
  try {
    const outDir = prepareOutDir(options.out, runsDir);
    onWorkBegins();
    if (chosen) log(modelLine(chosen));
    const check = noiseCheck(training, runsDir);
    settingsLines(denoiser, options, outDir).forEach((line) => log(line));
    log(check ? `noise check: each image's σ̂ (wavelet estimate) against ${trainedFor(check)}, what the model was trained for; a warning before writing when well outside it` : 'noise check: none, as the model\'s training noise is unknown; each line still gives the image\'s σ̂');
    const failures: Failure[] = [...inputs.failures];
    const outputs = new OutputPlan(inputs.files, outDir, options);
    const scored: ScorePair[] = [];
    let megapixels = 0;
    let done = 0;
    const started = performance.now();
    for (const [index, file] of inputs.files.entries()) {
      const position = `[${index + 1}/${inputs.files.length}]`;
      try {
        const warn = (line: string) => log(`${position} ${line}`);
        const result = await denoiseFile(file, outputs.claim(file), denoiser, options, check, warn).catch((error: unknown) => {
          outputs.release(file); // what a failed file would have written, another input of the same name may write
          throw error;
        });
        log(`${position} ${result.line}`);
        megapixels += result.megapixels;
        if (result.scores) scored.push({ file, ...result.scores });
        done++;
      } catch (error) {
        // Anything else is a bug, but it should cost one file, not the others: its stack goes to stderr.
        if (!(error instanceof ProjectError)) console.error((error as Error).stack ?? String(error));
        const message = error instanceof ProjectError ? error.message : `${file}: ${(error as Error).message}`;
        log(`${position} FAILED ${message}`);
        failures.push({ path: file, message });
      }
    }
    const seconds = (performance.now() - started) / 1000;
    summaryLines({ done, total: inputs.files.length, seconds, megapixels, scored, failures, skipped: inputs.skipped }).forEach((line) => log(line));
    return failures.length > 0 ? EXIT.failed : EXIT.done;
  } finally {
    denoiser.dispose();
  }
}

/** Which model, why that one, and what it was trained on: a user with noise of another kind learns it before the results. */
function modelLine(chosen: ChosenModel): string {
  return `model chosen: ${chosen.why}; trained on ${chosen.trainedOn}`;
}

/**
 * Reads, decodes, denoises, scores and writes one file; a ProjectError naming the file when any step fails. Its noise
 * is estimated on what the model is given, and `warn` hears, before anything is written, when it is unlike `check`'s.
 */
async function denoiseFile(file: string, outputs: readonly string[], denoiser: ImageDenoiser, options: DenoiseCommandOptions, check: NoiseCheck | undefined, warn: (line: string) => void) {
  const started = performance.now();
  const decoded = decodeImage(readImageFile(file), file, { maxPixels: options.maxPixels });
  try {
    const result = denoiseImage(denoiser, decoded.pixels, { color: options.color, noise: options.noise && { ...options.noise, seed: options.seed }, estimateNoise: true });
    try {
      const warning = check && noiseWarning(file, result.estimate!, check);
      if (warning) warn(warning);
      writeFileAtomic(outputs[0]!, await encodePng(result.denoised));
      if (result.noisy) {
        const strip = sideBySide([result.original, result.noisy, result.denoised]);
        try {
          writeFileAtomic(outputs[1]!, await encodePng(strip));
        } finally {
          strip.dispose();
        }
      }
      const { header } = decoded;
      const seconds = (performance.now() - started) / 1000;
      return {
        line: fileLine(file, header, decoded.pixels.shape[2], result, seconds, outputs, decoded.orientation),
        megapixels: (header.width * header.height) / 1e6,
        scores: result.scores,
      };
    } finally {
      disposeDenoised(result);
    }
  } finally {
    decoded.pixels.dispose();
  }
}

/** `<out>/<name>.png`, and `<name>-strip.png` with noise, for each input; checked before the input's work starts. */
class OutputPlan {
  private readonly inputs: Set<string>;
  private readonly owners = new Map<string, string>();

  constructor(files: readonly string[], private readonly outDir: string, private readonly options: DenoiseCommandOptions) {
    this.inputs = new Set(files.map((file) => resolve(file)));
  }

  /** The outputs of `file`; refuses one that is an input, that another input of this run writes, or that exists (without --force). */
  claim(file: string): string[] {
    const name = basename(file, extname(file));
    const outputs = [join(this.outDir, `${name}.png`), ...(this.options.noise ? [join(this.outDir, `${name}-strip.png`)] : [])];
    for (const output of outputs) {
      const owner = this.owners.get(resolve(output));
      if (this.inputs.has(resolve(output))) throw new ImageError(file, `its output ${output} is one of the inputs`, 'Choose another --out folder.');
      if (owner !== undefined) throw new ImageError(file, `its output ${output} is already the output of ${owner}`, 'Rename one of the two, or denoise them into different --out folders.');
      if (existsSync(output) && !this.options.force) throw new ImageError(file, `its output ${output} already exists`, 'Pass --force to replace it, or choose another --out folder.');
    }
    outputs.forEach((output) => this.owners.set(resolve(output), file));
    return outputs;
  }

  release(file: string): void {
    for (const [output, owner] of this.owners) if (owner === file) this.owners.delete(output);
  }
}

/** The output folder, created and checked writable before any work; by default a new runs/denoised/<time stamp>/. */
function prepareOutDir(out: string | undefined, runsDir: string): string {
  let dir = out ?? join(runsDir, 'denoised', runStamp());
  for (let n = 2; out === undefined && existsSync(dir); n++) dir = join(runsDir, 'denoised', `${runStamp()}-${n}`);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new ProjectError(`cannot write into the output folder ${dir} (${(error as Error).message}); nothing was denoised. Choose a writable folder with --out.`);
  }
  return dir;
}
