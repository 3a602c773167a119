// What every model builder shares: the image shape, Adam with a checked learning rate.
import { IMAGE_SIZE } from '../data/fashion-mnist';
import { ConfigError } from '../errors';
import { tf } from '../tf';

/** One grayscale Fashion-MNIST image, channels last. */
export const IMAGE_SHAPE: [number, number, number] = [IMAGE_SIZE, IMAGE_SIZE, 1];
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE;
/** Keras's Adam default, which the reference notebooks used. */
export const DEFAULT_LEARNING_RATE = 0.001;

/** Adam with `learningRate`, after checking it is a positive finite number (`parameter` names it in the error). */
export function adam(parameter: string, learningRate: number): ReturnType<typeof tf.train.adam> {
  if (!Number.isFinite(learningRate) || learningRate <= 0) {
    throw new ConfigError(parameter, learningRate, 'a positive number such as 0.001');
  }
  return tf.train.adam(learningRate);
}

/** Checks a string option against its allowed values. */
export function checkChoice<T extends string>(parameter: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(parameter, value, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  return value as T;
}
