// Notebook 05's report: every pipeline's accuracy on noisy and clean test images, for the chart and results.json.
import type { Split } from '../data/fashion-mnist';
import type { LayersModel, Tensor4D } from '../tf';
import { evaluateClassifier, type ClassifierEvaluation } from './classifier';

export interface PipelineScores {
  readonly noisy: ClassifierEvaluation;
  readonly clean: ClassifierEvaluation;
  /** Epochs trained, for pipelines trained in notebook 05. */
  readonly epochs?: number;
}

type Pipelines = Readonly<Record<string, PipelineScores | undefined>>;

function present(pipelines: Pipelines): [string, PipelineScores][] {
  return Object.entries(pipelines).filter((entry): entry is [string, PipelineScores] => entry[1] !== undefined);
}

/** Accuracy on noisy and on clean test images of each pipeline, grouped for a bar chart. */
export function accuracyByPipeline(pipelines: Pipelines): Record<string, Record<string, number>> {
  return {
    'noisy test images': Object.fromEntries(present(pipelines).map(([name, scores]) => [name, scores.noisy.accuracy])),
    'clean test images': Object.fromEntries(present(pipelines).map(([name, scores]) => [name, scores.clean.accuracy])),
  };
}

export interface ReloadCheck {
  readonly dir: string;
  readonly weightsBytes: number;
  readonly maxAbsDiffWholeModel: number;
  readonly maxAbsDiffWeightsOnly: number;
}

/**
 * The composite section of results.json and notebook 05's conclusion. `composite` is the denoise-then-classify
 * pipeline; `alternatives` are what a user would try instead (absent when their epochs are 0).
 */
export function compositeConclusion(composite: PipelineScores, classifierAlone: PipelineScores, reload: ReloadCheck, alternatives: Pipelines) {
  const record = {
    accuracy: composite.noisy.accuracy,
    clean_input_accuracy: composite.clean.accuracy,
    per_class: composite.noisy.perClass,
    classifier_alone_noisy_accuracy: classifierAlone.noisy.accuracy,
    saved_model_dir: reload.dir,
    reload_max_abs_diff: Math.max(reload.maxAbsDiffWholeModel, reload.maxAbsDiffWeightsOnly),
    alternatives: Object.fromEntries(
      present(alternatives).map(([name, scores]) => [name, { noisy_accuracy: scores.noisy.accuracy, clean_accuracy: scores.clean.accuracy, epochs: scores.epochs }]),
    ),
  };
  const recovered = (composite.noisy.accuracy - classifierAlone.noisy.accuracy) / (classifierAlone.clean.accuracy - classifierAlone.noisy.accuracy);
  const others = present(alternatives).map(([name, scores]) => `${name} ${scores.noisy.accuracy.toFixed(4)}`);
  const conclusion =
    `Denoise-then-classify scores ${composite.noisy.accuracy.toFixed(4)} on noisy test images, against ${classifierAlone.noisy.accuracy.toFixed(4)} ` +
    `for the classifier alone: it recovers ${(100 * recovered).toFixed(0)}% of the accuracy the noise took` +
    (others.length ? `. Alternatives on the same images: ${others.join(', ')}.` : '.');
  return { record, conclusion };
}

/** Scores a model on the clean and the noisy test images; undefined in, undefined out (a skipped alternative). */
export function scorePipeline(model: LayersModel | undefined, clean: Split, noisyImages: Tensor4D, epochs?: number): PipelineScores | undefined {
  if (model === undefined) return undefined;
  return {
    clean: evaluateClassifier(model, clean),
    noisy: evaluateClassifier(model, { images: noisyImages, labels: clean.labels }),
    ...(epochs === undefined ? {} : { epochs }),
  };
}
