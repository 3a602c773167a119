// Command-line options of `npm run denoise`, parsed and checked before TensorFlow loads or any file is read.
import { ConfigError } from '../../lib/errors';
import { COLOR_MODES, DEFAULT_MAX_PIXELS, type ColorMode } from '../../lib/images/options';
import { NOISE_TYPES, type NoiseType } from '../../lib/noise/types';
import { optionValue } from '../options';

/** Same bound as the pipeline's noise.seed, so a seed from a run's parameters works here too. */
const MAX_SEED = 2 ** 31 - 1;

export interface DenoiseCommandOptions {
  /** Image files and folders (their images, not their subfolders). */
  readonly inputs: readonly string[];
  /** A run folder (its models/autoencoder) or a model folder. @default runs/latest/models/autoencoder */
  readonly model: string | undefined;
  /** @default runs/denoised/<time stamp>/ */
  readonly out: string | undefined;
  /** Noise added to each image before denoising, to measure what the model restores. */
  readonly noise: { readonly type: NoiseType; readonly level: number } | undefined;
  /** @default 0 — the pipeline's default noise.seed */
  readonly seed: number;
  /** @default 'per-channel' — each channel gets the model's full attention; 'luminance' is three times faster */
  readonly color: ColorMode;
  /** Largest width × height decoded. @default 25,000,000 (DEFAULT_MAX_PIXELS) */
  readonly maxPixels: number;
  /** Replace output files that already exist. @default false */
  readonly force: boolean;
  /** A folder of clean images to fine-tune the model on first (with --add-noise's noise, else the run's). */
  readonly fineTune: string | undefined;
  /** Fine-tuning passes. @default 5 */
  readonly epochs: number | undefined;
  /** Fine-tuning patch side, a multiple of 4. @default 32 */
  readonly patch: number | undefined;
  /** Patches cut for fine-tuning. @default 2000 */
  readonly patches: number | undefined;
}

export const USAGE = `usage: npm run denoise -- <image or folder>... [--model <run folder | model folder>] [--out <folder>]
                          [--add-noise <type>=<level>] [--seed N] [--color ${COLOR_MODES.join('|')}]
                          [--max-pixels N] [--force]
       npm run denoise -- --fine-tune <folder of clean images> [--model …] [--epochs N] [--patch N] [--patches N]
                          [--add-noise <type>=<level>] [--seed N] [<image or folder>... to denoise with the result]
noise types: ${NOISE_TYPES.map((info) => `${info.type} (${info.min}–${info.max})`).join(', ')}`;

export function parseArgs(argv: readonly string[]): DenoiseCommandOptions {
  const inputs: string[] = [];
  const options: { -readonly [K in keyof DenoiseCommandOptions]: DenoiseCommandOptions[K] } = {
    inputs, model: undefined, out: undefined, noise: undefined, seed: 0, color: 'per-channel', maxPixels: DEFAULT_MAX_PIXELS, force: false,
    fineTune: undefined, epochs: undefined, patch: undefined, patches: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => optionValue(argv, i++, USAGE);
    if (!flag.startsWith('--')) inputs.push(flag);
    else if (flag === '--model') options.model = value();
    else if (flag === '--out') options.out = value();
    else if (flag === '--add-noise') options.noise = parseNoise(value());
    else if (flag === '--seed') options.seed = integer(flag, value(), 0, MAX_SEED);
    else if (flag === '--color') options.color = colorMode(value());
    else if (flag === '--max-pixels') options.maxPixels = integer(flag, value(), 1, Number.MAX_SAFE_INTEGER);
    else if (flag === '--force') options.force = true;
    else if (flag === '--fine-tune') options.fineTune = value();
    else if (flag === '--epochs') options.epochs = integer(flag, value(), 1, 1000);
    else if (flag === '--patch') options.patch = multipleOf4(value());
    else if (flag === '--patches') options.patches = integer(flag, value(), 2, 1_000_000);
    else throw new ConfigError('option', flag, `a known option; ${USAGE}`);
  }
  if (inputs.length === 0 && options.fineTune === undefined) throw new ConfigError('inputs', [], `at least one image file or folder; ${USAGE}`);
  return options;
}

/** `gaussian=0.2` → { type: 'gaussian', level: 0.2 }, the level checked against the type's range. */
function parseNoise(text: string): { type: NoiseType; level: number } {
  const [type = '', levelText, ...rest] = text.split('=');
  const info = NOISE_TYPES.find((candidate) => candidate.type === type);
  if (info === undefined || levelText === undefined || rest.length > 0) {
    throw new ConfigError('--add-noise', text, `<type>=<level> with a type among ${NOISE_TYPES.map((candidate) => candidate.type).join(', ')}, e.g. gaussian=0.2`);
  }
  const level = levelText.trim() === '' ? Number.NaN : Number(levelText);
  if (!Number.isFinite(level) || level < info.min || level > info.max) {
    throw new ConfigError('--add-noise', text, `a ${type} level in [${info.min}, ${info.max}] (${info.level})`);
  }
  return { type: info.type, level };
}

function multipleOf4(text: string): number {
  const side = integer('--patch', text, 4, 4096);
  if (side % 4 !== 0) throw new ConfigError('--patch', text, 'a multiple of 4 (the autoencoders halve the image twice), e.g. 32');
  return side;
}

function colorMode(text: string): ColorMode {
  if (!(COLOR_MODES as readonly string[]).includes(text)) throw new ConfigError('--color', text, `one of ${COLOR_MODES.join(', ')}`);
  return text as ColorMode;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const number = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new ConfigError(flag, text, max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`);
  }
  return number;
}
