// Whether each image's noise is what the chosen model was trained for, and what to use when it is not: the warning
// `npm run denoise` prints before it writes that image's output.
import { basename } from 'node:path';
import { matchNoise, trainingSigmaRange, type NoiseEstimate, type SigmaRange, type TrainingNoise } from '../../lib/images/index';
import { newestBlindModel } from './model';

/** The chosen model's training noise in σ̂, and the blind autoencoder to suggest instead of a specialist. */
export interface NoiseCheck {
  readonly training: TrainingNoise;
  readonly range: SigmaRange;
  /** For a specialist: the blind training's σ̂ range, and the newest blind autoencoder under runs/ if one exists. */
  readonly blind: { readonly range: SigmaRange; readonly dir: string | undefined } | undefined;
}

/** Reads the training noise's σ̂ (about a second for a blind range); undefined when the training noise is unknown. */
export function noiseCheck(training: TrainingNoise | undefined, runsDir: string): NoiseCheck | undefined {
  if (training === undefined) return undefined;
  const range = trainingSigmaRange(training);
  const blind = training.kind === 'fixed' ? { range: trainingSigmaRange({ kind: 'blind' }), dir: newestBlindModel(runsDir) } : undefined;
  return { training, range, blind };
}

/** What the model was trained for, in σ̂, as the settings line and the warnings say it. */
export function trainedFor(check: NoiseCheck): string {
  const { training, range } = check;
  if (training.kind === 'fixed') return `σ̂ ${range.max.toFixed(3)} (${training.type} ${training.level})`;
  return `σ̂ ${range.min.toFixed(3)} (${range.weakest}) to ${range.max.toFixed(3)} (${range.strongest})`;
}

/** One warning line when `estimate` is well outside what the model was trained for, else undefined. */
export function noiseWarning(file: string, estimate: NoiseEstimate, check: NoiseCheck): string | undefined {
  const match = matchNoise(estimate.sigma, check.range);
  if (match === 'like') return undefined;
  const what = check.training.kind === 'blind' ? 'the blind autoencoder was trained for' : 'the model was trained for';
  const side = match === 'weaker' ? 'well below' : 'well above';
  return `warning: ${basename(file)} reads noise σ̂ ${estimate.sigma.toFixed(3)}, ${side} the ${trainedFor(check)} ${what}: its output may be worse than the input. ${instead(estimate.sigma, check)}`;
}

/** The model or command to use instead: the blind autoencoder when its training covers the image, else nothing here. */
function instead(sigma: number, check: NoiseCheck): string {
  const beyond = (range: SigmaRange) => `No model here was trained for noise this strong (the blind training's strongest reads σ̂ ${range.max.toFixed(3)}, ${range.strongest}).`;
  if (check.blind === undefined) return beyond(check.range);
  if (matchNoise(sigma, check.blind.range) === 'stronger') return beyond(check.blind.range);
  if (check.blind.dir !== undefined) return `Use the newest blind autoencoder (trained for any noise up to σ̂ ${check.blind.range.max.toFixed(3)}): --model ${check.blind.dir}`;
  return `Use a blind autoencoder (trained for any noise up to σ̂ ${check.blind.range.max.toFixed(3)}): \`npm start -- --preset blind\` trains one, which this command uses when --model is left out.`;
}
