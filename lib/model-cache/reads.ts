// Which parameters each training reads: free of TensorFlow, so a sweep can tell what its points share before
// anything heavy loads.
import type { ParameterName, ParameterValue, PipelineConfig } from '../config/index';

/** Every model the notebooks train, by its cache name. */
export const TRAINED_MODELS = ['classifier', 'classifier-noisy', 'autoencoder', 'composite-finetuned'] as const;
export type TrainedModel = (typeof TRAINED_MODELS)[number];

/** Read by every training: the split, the seed, and how steps run (graph and eager losses differ in float32 rounding). */
const EVERY_TRAINING = ['data.trainSize', 'data.validationSplit', 'seed', 'training.'] as const;
/**
 * The parameters each training reads, as exact names or group prefixes ('classifier.'): a parameter added to a
 * group joins the records of the trainings that read the group by itself. Parameters a training does not read
 * stay out, so e.g. every noise level shares one clean classifier.
 */
const READS: Readonly<Record<TrainedModel, readonly string[]>> = {
  classifier: ['classifier.', ...EVERY_TRAINING],
  'classifier-noisy': ['classifier.', 'noise.', 'composite.noisyRetrainEpochs', ...EVERY_TRAINING],
  autoencoder: ['autoencoder.', 'noise.', ...EVERY_TRAINING],
  'composite-finetuned': ['classifier.', 'autoencoder.', 'noise.', 'composite.fineTuneEpochs', ...EVERY_TRAINING],
};

/** Read only where test images are made: no training sees them, so changing them retrains nothing. */
const TEST_ONLY: readonly ParameterName[] = ['noise.testLevel'];

/** The parameters `model`'s training reads, with their values in `config`. */
export function trainingParameters(model: TrainedModel, config: PipelineConfig): Partial<Record<ParameterName, ParameterValue>> {
  const reads = READS[model];
  const parameters: Partial<Record<ParameterName, ParameterValue>> = {};
  for (const [name, value] of Object.entries(config.parameters) as [ParameterName, ParameterValue][]) {
    if (TEST_ONLY.includes(name)) continue;
    if (reads.some((read) => (read.endsWith('.') ? name.startsWith(read) : name === read))) parameters[name] = value;
  }
  return parameters;
}
