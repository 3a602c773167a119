// What `npm run denoise` prints: the settings once, one line per file, then a summary with the failures.
import { basename, isAbsolute, relative } from 'node:path';
import { BORDER_CONTEXT, DEFAULT_TILE_SIDE, FIXED_TILE_STRIDE_DIVISOR, IMAGE_EXTENSIONS, type DenoisedImage, type ImageDenoiser, type ImageHeader, type ImageScores } from '../../lib/images/index';
import { NOISE_TYPES } from '../../lib/noise/types';
import type { DenoiseCommandOptions } from './args';
import type { Failure } from './inputs';

const CHANNEL_NAMES = ['', 'grey', 'grey + alpha', 'RGB', 'RGBA'];

export interface ScorePair {
  readonly file: string;
  readonly noisy: ImageScores;
  readonly denoised: ImageScores;
}

export function settingsLines(denoiser: ImageDenoiser, options: DenoiseCommandOptions, outDir: string): string[] {
  const size = denoiser.fixedSize
    ? `takes ${denoiser.fixedSize.join('×')} inputs only, so it runs on ${denoiser.fixedSize.join('×')} tiles of each image at its own size, one every ${denoiser.fixedSize[0] / FIXED_TILE_STRIDE_DIVISOR} pixels each way, each pixel the centre-weighted mean of the tiles that hold it`
    : `runs at each image's own size (reflect-padded by ${BORDER_CONTEXT} pixels and to sides divisible by ${denoiser.divisor}; above ${DEFAULT_TILE_SIDE}×${DEFAULT_TILE_SIDE} in overlapping tiles)`;
  const colour = options.color === 'per-channel'
    ? 'per-channel: R, G and B denoised as three grey images'
    : 'luminance: Y of YCbCr denoised, Cb and Cr kept';
  const lines = [
    `model: ${shown(denoiser.dir)} (${denoiser.architecture}, ${denoiser.weights.toLocaleString('en-US')} weights); it ${size}`,
    `colour: ${colour}; grey images as they are; alpha passed through untouched`,
  ];
  if (options.noise) {
    const meaning = NOISE_TYPES.find((info) => info.type === options.noise!.type)!.level;
    lines.push(`noise: ${options.noise.type} ${options.noise.level}, seed ${options.seed}, added to each image first; PSNR and SSIM are against the image without it (level: ${meaning})`);
  }
  lines.push(`output: ${shown(outDir)}`);
  return lines;
}

export function fileLine(file: string, header: ImageHeader, channels: number, result: DenoisedImage, seconds: number, written: readonly string[], orientation: number): string {
  const megapixels = (header.width * header.height) / 1e6;
  const parts = [`${header.width}×${header.height} ${CHANNEL_NAMES[channels]} ${header.bitDepth}-bit ${header.format.toUpperCase()}`];
  if (orientation !== 1) parts.push(`turned upright (EXIF orientation ${orientation})`);
  if (result.colour !== 'grey') parts.push(result.colour);
  const planes = result.colour === 'per-channel' ? 3 : 1;
  if (result.passes > planes) parts.push(`${result.passes / planes} tiles per plane`);
  if (result.estimate) parts.push(`noise σ̂ ${result.estimate.sigma.toFixed(3)}`);
  // Below a tenth of a megapixel the fixed costs dominate, and a rate per megapixel would mislead.
  parts.push(megapixels < 0.1 ? `${seconds.toFixed(2)} s` : `${seconds.toFixed(2)} s (${(seconds / megapixels).toFixed(2)} s/Mpx)`);
  if (result.scores) parts.push(`noisy ${scores(result.scores.noisy)} → denoised ${scores(result.scores.denoised)}`);
  return `${file}: ${parts.join(', ')} → ${written.map((path) => basename(path)).join(', ')}`;
}

export interface Summary {
  readonly done: number;
  readonly total: number;
  readonly seconds: number;
  /** Of the images denoised, as read (before any resizing). */
  readonly megapixels: number;
  /** Scores of each image denoised, when noise was added. */
  readonly scored: readonly ScorePair[];
  readonly failures: readonly Failure[];
  /** Entries of the input folders left out (listInputs). */
  readonly skipped: number;
}

export function summaryLines({ done, total, seconds, megapixels, scored, failures, skipped }: Summary): string[] {
  const rate = megapixels > 0 ? ` (${(seconds / megapixels).toFixed(2)} s per megapixel)` : '';
  const lines = [`${done} of ${total} image${total === 1 ? '' : 's'} denoised in ${seconds.toFixed(1)} s${rate}`];
  if (scored.length > 1) {
    const noisy = meanScores(scored.map((pair) => pair.noisy));
    lines.push(`mean over ${scored.length} images: noisy ${scores(noisy)} → denoised ${scores(meanScores(scored.map((pair) => pair.denoised)))}`);
  }
  lines.push(...worseLines(scored));
  if (skipped > 0) lines.push(`left out of the folders: ${skipped} entr${skipped === 1 ? 'y' : 'ies'} (subfolders, and files not named ${IMAGE_EXTENSIONS.join(' ')})`);
  if (failures.length > 0) {
    lines.push(`failures (${failures.length}):`);
    failures.forEach((failure) => lines.push(`  ${failure.message}`));
  }
  return lines;
}

/** Each output whose PSNR is below its noisy input's: the model made it worse, which the mean can hide. */
function worseLines(scored: readonly ScorePair[]): string[] {
  const worse = scored.filter((pair) => pair.denoised.psnrDb < pair.noisy.psnrDb);
  if (worse.length === 0) return [];
  return [
    `warning: ${worse.length} of ${scored.length} output${scored.length === 1 ? '' : 's'} scored below ${scored.length === 1 ? 'its' : 'their'} noisy input (PSNR); the model made ${worse.length === 1 ? 'it' : 'them'} worse:`,
    ...worse.map((pair) => `  ${pair.file}: noisy ${pair.noisy.psnrDb.toFixed(2)} dB → denoised ${pair.denoised.psnrDb.toFixed(2)} dB (${(pair.denoised.psnrDb - pair.noisy.psnrDb).toFixed(2)} dB)`),
  ];
}

function meanScores(all: readonly ImageScores[]): ImageScores {
  const ssims = all.flatMap((score) => (score.ssim === undefined ? [] : [score.ssim]));
  return {
    psnrDb: all.reduce((sum, score) => sum + score.psnrDb, 0) / all.length,
    ssim: ssims.length > 0 ? ssims.reduce((a, b) => a + b, 0) / ssims.length : undefined,
  };
}

function scores(score: ImageScores): string {
  const psnr = Number.isFinite(score.psnrDb) ? `${score.psnrDb.toFixed(2)} dB` : 'identical (PSNR ∞)';
  return `${psnr} SSIM ${score.ssim === undefined ? 'n/a (under 11 px)' : score.ssim.toFixed(3)}`;
}

/** A path as the user would type it from here: relative inside the working folder, absolute outside it. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
