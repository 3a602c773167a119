// `npm run denoise -- --fine-tune <folder>`: the chosen autoencoder trained further on grey patches of the folder's
// images (lib/images/fine-tune.ts), one line per epoch; says where the new model folder is. A file that cannot be
// read or decoded is reported by name and left out; only a folder with no usable image is refused.
import { join } from 'node:path';
import { ProjectError } from '../../lib/errors';
import { decodeImage, filesKey, fineTuneAutoencoder, greyImage, IMAGE_EXTENSIONS, type PatchNoise } from '../../lib/images/index';
import { tf, type Tensor3D } from '../../lib/tf';
import type { DenoiseCommandOptions } from './args';
import { listInputs, readImageFile, type Failure } from './inputs';

export interface FineTuneOutcome {
  /** The fine-tuned model folder. */
  readonly dir: string;
  /** The noise it was fine-tuned on: what the images it denoises are compared with. */
  readonly noise: PatchNoise;
  /** Files of the folder left out, each with its reason. */
  readonly failures: readonly Failure[];
}

/** Fine-tunes the model in `modelDir` on `options.fineTune`'s usable images; `onWorkBegins` fires once all checks passed. */
export async function fineTuneCommand(options: DenoiseCommandOptions, modelDir: string, runsDir: string, log: (line: string) => void, onWorkBegins: () => void = () => undefined): Promise<FineTuneOutcome> {
  const folder = options.fineTune!;
  const inputs = listInputs([folder]);
  if (inputs.files.length === 0) {
    throw new ProjectError(`--fine-tune ${folder}: no image files to train on (${inputs.failures.map((failure) => failure.message).join('; ') || `none of ${IMAGE_EXTENSIONS.join(' ')}`}). Give a folder of clean images.`);
  }
  const images: Tensor3D[] = [];
  const used: string[] = [];
  const failures: Failure[] = [];
  try {
    for (const file of inputs.files) {
      try {
        const decoded = decodeImage(readImageFile(file), file, { maxPixels: options.maxPixels });
        images.push(greyImage(decoded.pixels));
        decoded.pixels.dispose();
        used.push(file);
      } catch (error) {
        if (!(error instanceof ProjectError)) throw error;
        log(`left out of fine-tuning: ${error.message}`);
        failures.push({ path: file, message: error.message });
      }
    }
    if (images.length === 0) {
      throw new ProjectError(`--fine-tune ${folder}: none of its ${inputs.files.length} image file(s) is usable:\n  ${failures.map((failure) => failure.message).join('\n  ')}\nGive a folder of clean images that decode.`);
    }
    log(`fine-tuning ${modelDir} on grey patches of ${images.length} image(s) in ${folder}${failures.length ? ` (${failures.length} left out)` : ''}`);
    const result = await fineTuneAutoencoder({
      modelDir, images, imagesKey: filesKey(used), noise: options.noise, epochs: options.epochs, patch: options.patch,
      patches: options.patches, seed: options.seed, cache: { root: join(runsDir, 'model-cache'), log }, onWorkBegins,
      onEpochEnd: (p) => log(`  epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(5)}, val_loss ${p.valLoss?.toFixed(5)} (best epoch ${p.bestEpoch}), ${p.elapsedSeconds.toFixed(1)} s`),
    });
    const { history, noise } = result;
    log(`fine-tuned model (noise ${noise.type} ${noise.level}, ${history.trainExamples} training and ${history.validationExamples} held-out patches, best epoch ${history.bestEpoch} of ${history.epochsRun}, val_loss ${history.valLoss[history.bestEpoch - 1]?.toFixed(5)}): ${result.dir}`);
    log(`use it with: npm run denoise -- <images> --model ${result.dir}`);
    return { dir: result.dir, noise, failures };
  } finally {
    tf.dispose(images);
  }
}
