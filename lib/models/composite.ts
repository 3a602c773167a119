// The denoise-then-classify pipeline as one model: noisy image → autoencoder → classifier → class probabilities.
import { ModelError } from '../errors';
import { tf, type LayersModel } from '../tf';
import { predictionExecutor, predictsOn } from './executor';
import { adam, IMAGE_SHAPE } from './options';

/** Small enough not to undo what the parts learned separately: a tenth of Adam's default. */
const FINE_TUNE_LEARNING_RATE = 1e-4;

export interface CompositeOptions {
  /**
   * Compile the composite so trainModel can fine-tune both parts end to end on (noisy image, label) pairs.
   * @default false — the composite only predicts; the parts stay as trained
   */
  readonly fineTune?: boolean;
  /** Adam's step size when fine-tuning. @default 0.0001 — a tenth of the parts' rate, to adjust rather than relearn */
  readonly learningRate?: number;
}

/**
 * One LayersModel [batch, 28, 28, 1] → [batch, 10], made of the two trained models as nested layers.
 * It shares their layers and weights (no copy): fine-tuning the composite changes `autoencoder` and `classifier` too.
 * Saved with lib/artifacts/model-files.ts it reloads as one model, parts included. It predicts on the executor its
 * parts share (eager where they differ).
 */
export function buildComposite(autoencoder: LayersModel, classifier: LayersModel, options: CompositeOptions = {}): LayersModel {
  checkImageModel('autoencoder', autoencoder, IMAGE_SHAPE);
  checkImageModel('classifier', classifier);
  const input = tf.input({ shape: IMAGE_SHAPE, name: 'noisy_image' }); // [batch, 28, 28, 1]
  const denoised = autoencoder.apply(input) as ReturnType<typeof tf.input>; // [batch, 28, 28, 1]
  const probabilities = classifier.apply(denoised) as ReturnType<typeof tf.input>; // [batch, 10]
  const composite = tf.model({ name: 'composite', inputs: input, outputs: probabilities });
  if (options.fineTune ?? false) {
    composite.trainable = true; // end to end: unfreezes any layer of either part that was frozen
    const optimizer = adam('learningRate', options.learningRate ?? FINE_TUNE_LEARNING_RATE);
    composite.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  }
  const executor = predictionExecutor(autoencoder);
  return predictsOn(composite, executor === predictionExecutor(classifier) ? executor : 'eager');
}

/** The parts must take one 28×28×1 image; the autoencoder must also give one back. */
function checkImageModel(parameter: string, model: LayersModel, outputShape?: number[]): void {
  const shapeOf = (tensors: Array<{ shape: Array<number | null> }>) => JSON.stringify(tensors.map((t) => t.shape.slice(1)));
  const image = JSON.stringify([IMAGE_SHAPE]);
  if (shapeOf(model.inputs) !== image || (outputShape !== undefined && shapeOf(model.outputs) !== image)) {
    const found = `inputs ${shapeOf(model.inputs)}, outputs ${shapeOf(model.outputs)}`;
    const wanted = outputShape === undefined ? 'one [28, 28, 1] image input' : 'one [28, 28, 1] image in and one out';
    throw new ModelError(model.name, `as the ${parameter}, it has ${found}`, `The ${parameter} of a composite needs ${wanted}.`);
  }
}
