// The results as a table for people and one JSON object for scripts.
import { CONTENDED_CORES } from './contention';
import type { Measured } from './workers';
import { PREDICT_BATCH_SIZE, type BenchSettings, type ModelKind } from './settings';

/** One model measured on each tfjs executor and on Keras. */
export interface Pair {
  readonly model: ModelKind;
  /** One per executor, eager first. */
  readonly tfjs: readonly Measured[];
  readonly keras: Measured;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Epochs after which tfjs held more tensors than before the first timed epoch: a leak per epoch. */
export function tensorGrowth(m: Measured): number {
  const counts = m.numTensors;
  return counts === undefined ? 0 : Math.max(0, ...counts.after.map((after) => after - counts.before));
}

/** Every measuring process of a run, the optional Keras-eager one included. */
export const measurements = (pairs: readonly Pair[], eager?: Measured): Measured[] => [
  ...pairs.flatMap((p) => [...p.tfjs, p.keras]),
  ...(eager ? [eager] : []),
];

/** The most any measurement saw other processes use, or undefined where that could not be measured. */
export function worstContention(measured: readonly Measured[]): number | undefined {
  const values = measured.map((m) => m.otherCores);
  return values.some((v) => v === undefined) ? undefined : Math.max(...(values as number[]));
}

export function machineState(measured: readonly Measured[], cores: number): string {
  const other = worstContention(measured);
  if (other === undefined) return 'machine load: unknown (no /proc/stat); close other work before trusting these numbers';
  if (other <= CONTENDED_CORES) return `measured on an idle machine (other processes used at most ${other.toFixed(2)} of ${cores} cores)`;
  return `CONTENDED: other processes used up to ${other.toFixed(2)} of ${cores} cores during a measurement; these numbers are not meaningful`;
}

const fmt = (value: number, digits = 0) => value.toFixed(digits);
const spread = (values: readonly number[]) => `${fmt(median(values))} (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`;

/** The tfjs measurement that trained fastest: the executor a user should pick, and the one the JSON ratios describe. */
export function fastest(pair: Pair): Measured {
  return pair.tfjs.reduce((best, m) => (median(m.trainSamplesPerSecond) > median(best.trainSamplesPerSecond) ? m : best));
}

export function table(pairs: readonly Pair[], settings: BenchSettings): string {
  const header = ['model', 'side', 'params', 'train samples/s, median (min–max)', 'tfjs/keras', 'inference images/s', 'tfjs/keras', 'peak RSS MB', 'RSS MB by epoch', 'tensors by epoch', 'other cores'];
  const rows = pairs.flatMap(({ model, tfjs, keras }) => [...tfjs, keras].map((m) => {
    const ratio = (of: (m: Measured) => readonly number[]) => (m.side === 'tfjs' ? fmt(median(of(m)) / median(of(keras)), 2) : '');
    return [
      model, m.side === 'tfjs' ? `tfjs-node, ${m.executor} (lib trainModel)` : 'Keras (model.fit)', String(m.params),
      spread(m.trainSamplesPerSecond), ratio((x) => x.trainSamplesPerSecond), spread(m.inferenceImagesPerSecond),
      ratio((x) => x.inferenceImagesPerSecond), fmt(m.peakRssMb),
      m.rssMbByEpoch ? m.rssMbByEpoch.map((rss) => fmt(rss)).join(', ') : 'n/a',
      m.numTensors ? [m.numTensors.before, ...m.numTensors.after].join(', ') : 'n/a',
      m.otherCores === undefined ? '?' : fmt(m.otherCores, 2),
    ];
  }));
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  const training = pairs.map(({ model }) => `${model} batch ${settings.preset[model].batchSize}, Adam ${settings.preset[model].learningRate}`).join('; ');
  const epochs = `${settings.repetitions} timed epochs of ${pairs[0]?.keras.trainImages} images in one training (${training})`;
  return [`${lines.join('\n')}`, `${epochs}; inference: ${settings.inferenceRepetitions} passes over the ${pairs[0]?.keras.inferenceImages} test images, batch ${PREDICT_BATCH_SIZE}.`].join('\n');
}

/** Keras op by op against tfjs and compiled Keras: how much of the gap graph execution accounts for. */
export function eagerLine(autoencoder: Pair, eager: Measured): string {
  const speed = median(eager.trainSamplesPerSecond);
  const vs = (m: Measured) => fmt(median(m.trainSamplesPerSecond) / speed, 2);
  return `Keras with run_eagerly=True (autoencoder): ${spread(eager.trainSamplesPerSecond)} samples/s; ` +
    `${autoencoder.tfjs.map((m) => `tfjs ${m.executor} / keras-eager = ${vs(m)}`).join(', ')}, keras graph / keras-eager = ${vs(autoencoder.keras)}`;
}

/**
 * Throughputs are medians; RSS in MB. Autoencoder at the top level, the classifier under `classifier`; the tfjs
 * numbers and ratios are the fastest-training executor's (named in `executor`), every executor's under `executors`.
 */
export function summary(pairs: readonly Pair[], settings: BenchSettings, cores: number, seconds: number, eager?: Measured): Record<string, unknown> {
  const one = (pair: Pair) => {
    const { keras } = pair;
    const tfjs = fastest(pair);
    return {
      tfjs_samples_per_s: round(median(tfjs.trainSamplesPerSecond)),
      keras_samples_per_s: round(median(keras.trainSamplesPerSecond)),
      ratio: round(median(tfjs.trainSamplesPerSecond) / median(keras.trainSamplesPerSecond), 3),
      tfjs_inference_images_per_s: round(median(tfjs.inferenceImagesPerSecond)),
      keras_inference_images_per_s: round(median(keras.inferenceImagesPerSecond)),
      inference_ratio: round(median(tfjs.inferenceImagesPerSecond) / median(keras.inferenceImagesPerSecond), 3),
      tfjs_peak_rss_mb: round(tfjs.peakRssMb),
      keras_peak_rss_mb: round(keras.peakRssMb),
      num_tensors_before: tfjs.numTensors?.before,
      num_tensors_after: tfjs.numTensors?.after,
      params: tfjs.params,
      tfjs_runtime: tfjs.runtime,
      keras_runtime: keras.runtime,
      executor: tfjs.executor,
      executors: Object.fromEntries(pair.tfjs.map((m) => [m.executor, {
        samples_per_s: round(median(m.trainSamplesPerSecond)),
        ratio: round(median(m.trainSamplesPerSecond) / median(keras.trainSamplesPerSecond), 3),
        inference_images_per_s: round(median(m.inferenceImagesPerSecond)),
        inference_ratio: round(median(m.inferenceImagesPerSecond) / median(keras.inferenceImagesPerSecond), 3),
        rss_mb_by_epoch: m.rssMbByEpoch?.map((rss) => round(rss)),
      }])),
    };
  };
  const [autoencoder, classifier] = [pairs.find((p) => p.model === 'autoencoder')!, pairs.find((p) => p.model === 'classifier')!];
  const other = worstContention(measurements(pairs, eager));
  return {
    ...one(autoencoder),
    ...(eager && { keras_eager_samples_per_s: round(median(eager.trainSamplesPerSecond)) }),
    classifier: one(classifier),
    quick: settings.quick,
    train_images: autoencoder.keras.trainImages,
    repetitions: settings.repetitions,
    batch_size: settings.preset.autoencoder.batchSize,
    cores,
    other_cores_max: other === undefined ? null : round(other, 2),
    contended: other === undefined ? null : other > CONTENDED_CORES,
    wall_seconds: round(seconds, 1),
  };
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
