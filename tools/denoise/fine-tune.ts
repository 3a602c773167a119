// `npm run denoise -- --fine-tune <folder>`: the chosen autoencoder trained further on grey patches of the folder's
// images (lib/images/fine-tune.ts), one line per epoch; says where the new model folder is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectError } from '../../lib/errors';
import { decodeImage, filesKey, fineTuneAutoencoder, greyImage } from '../../lib/images/index';
import { tf, type Tensor3D } from '../../lib/tf';
import type { DenoiseCommandOptions } from './args';
import { listInputs } from './inputs';

/** Fine-tunes the model in `modelDir` on `options.fineTune`'s images; returns the new model folder. */
export async function fineTuneCommand(options: DenoiseCommandOptions, modelDir: string, runsDir: string, log: (line: string) => void): Promise<string> {
  const folder = options.fineTune!;
  const inputs = listInputs([folder]);
  if (inputs.files.length === 0) {
    throw new ProjectError(`--fine-tune ${folder}: no image files to train on (${inputs.failures.map((failure) => failure.message).join('; ') || 'none of .png .jpg .jpeg .jpe .bmp .gif'}). Give a folder of clean images.`);
  }
  const images: Tensor3D[] = [];
  try {
    for (const file of inputs.files) {
      const decoded = decodeImage(readFileSync(file), file, { maxPixels: options.maxPixels });
      images.push(greyImage(decoded.pixels));
      decoded.pixels.dispose();
    }
    log(`fine-tuning ${modelDir} on grey patches of ${images.length} image(s) in ${folder}`);
    const result = await fineTuneAutoencoder({
      modelDir, images, imagesKey: filesKey(inputs.files), noise: options.noise, epochs: options.epochs, patch: options.patch,
      patches: options.patches, seed: options.seed, cache: { root: join(runsDir, 'model-cache'), log },
      onEpochEnd: (p) => log(`  epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(5)}, val_loss ${p.valLoss?.toFixed(5)} (best epoch ${p.bestEpoch}), ${p.elapsedSeconds.toFixed(1)} s`),
    });
    const { history, noise } = result;
    log(`fine-tuned model (noise ${noise.type} ${noise.level}, ${history.trainExamples} training and ${history.validationExamples} held-out patches, best epoch ${history.bestEpoch} of ${history.epochsRun}, val_loss ${history.valLoss[history.bestEpoch - 1]?.toFixed(5)}): ${result.dir}`);
    log(`use it with: npm run denoise -- <images> --model ${result.dir}`);
    return result.dir;
  } finally {
    tf.dispose(images);
  }
}
