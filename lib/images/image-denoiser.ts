// A saved autoencoder made to take images of any size: its design recognised from its layers, then rebuilt at each
// image's size with the trained weights copied in (convolution weights do not depend on the image size).
import { loadModel, type LoadOptions } from '../artifacts/model-files';
import { ModelError } from '../errors';
import { AUTOENCODER_SIDE_DIVISOR, buildAutoencoder } from '../models/autoencoder';
import { AUTOENCODER_ARCHITECTURES, type AutoencoderArchitecture } from '../models/names';
import { receptiveReach } from '../models/receptive-field';
import { tf, type LayersModel, type Tensor4D } from '../tf';

/** Rebuilt models kept for reuse: a whole image, its tiles and a few other sizes, without growing with a folder of photos. */
const CACHED_SIZES = 4;

export interface ImageDenoiser {
  /** The folder the model was loaded from. */
  readonly dir: string;
  readonly architecture: AutoencoderArchitecture;
  readonly weights: number;
  /** [height, width] the design is fixed to (the dense one), or undefined: any size whose sides `divisor` divides. */
  readonly fixedSize: readonly [number, number] | undefined;
  /** What the sides must be multiples of: 4 for the convolutional designs, which halve the image twice; 1 for the fixed one. */
  readonly divisor: number;
  /** How far an output pixel reads into the input, in pixels (receptiveReach); Infinity for the fixed-size design. */
  readonly reach: number;
  /** [k, H, W, 1] → [k, H, W, 1] for the fixed size, or any H and W that `divisor` divides; the caller disposes it. */
  run(input: Tensor4D): Tensor4D;
  dispose(): void;
}

/** Loads the autoencoder saved in `dir` (by notebook 04, or saveModel) for images of any size. */
export async function loadImageDenoiser(dir: string, options: LoadOptions = {}): Promise<ImageDenoiser> {
  const saved = await loadModel(dir, options);
  const inputShape = saved.inputs[0]!.shape.slice(1) as [number, number, number]; // [28, 28, 1]
  try {
    const architecture = recogniseArchitecture(saved, inputShape);
    const divisor = AUTOENCODER_SIDE_DIVISOR[architecture];
    const sized = new Map<string, LayersModel>();
    const modelFor = (height: number, width: number): LayersModel => {
      const key = `${height}×${width}`;
      const cached = sized.get(key);
      if (cached) return cached;
      const model = buildAutoencoder({ architecture, imageShape: [height, width, 1] });
      model.setWeights(saved.getWeights());
      sized.set(key, model);
      if (sized.size > CACHED_SIZES) {
        const [oldest, evicted] = sized.entries().next().value as [string, LayersModel];
        sized.delete(oldest);
        disposeModel(evicted);
      }
      return model;
    };
    return {
      dir,
      architecture,
      weights: saved.countParams(),
      fixedSize: divisor === 'fixed' ? [inputShape[0], inputShape[1]] : undefined,
      divisor: divisor === 'fixed' ? 1 : divisor,
      reach: receptiveReach(saved),
      run: (input) => {
        const model = modelFor(input.shape[1], input.shape[2]);
        return tf.tidy(() => model.predict(input) as Tensor4D);
      },
      dispose: () => {
        sized.forEach(disposeModel);
        disposeModel(saved);
      },
    };
  } catch (error) {
    disposeModel(saved);
    throw error;
  }
}

/** The architecture whose build at the saved input size has the saved model's layers, names and weight shapes. */
export function recogniseArchitecture(saved: LayersModel, inputShape: [number, number, number]): AutoencoderArchitecture {
  const layers = signature(saved);
  const found = AUTOENCODER_ARCHITECTURES.find((architecture) => {
    let candidate: LayersModel | undefined;
    try {
      candidate = buildAutoencoder({ architecture, imageShape: inputShape });
      return signature(candidate) === layers;
    } catch {
      return false; // a design that cannot take this input size
    } finally {
      if (candidate) disposeModel(candidate);
    }
  });
  if (found === undefined || inputShape[2] !== 1) {
    throw new ModelError(saved.name, `its input [${inputShape.join(', ')}] and layers (${saved.layers.map((layer) => layer.name).join(', ')}) are none of the grey-scale autoencoders lib/models builds (${AUTOENCODER_ARCHITECTURES.join(', ')})`,
      'Use an autoencoder saved by notebook 04 (<run folder>/models/autoencoder).');
  }
  return found;
}

function signature(model: LayersModel): string {
  return model.layers.map((layer) => `${layer.getClassName()} ${layer.name} ${layer.weights.map((weight) => weight.shape.join('×')).join(',')}`).join('; ');
}

function disposeModel(model: LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}
