// The public API that notebooks import (`./lib/index`; tslab needs the file named, not the folder).
export { resolveConfig, parseSetting, PRESET_NAMES, type PipelineConfig, type ConfigRequest } from './config/index';
export { startNotebook, type NotebookRun } from './run/notebook-run';
export { type NotebookParameters } from './run/notebook-parameters';
export { readResults, recordSection, runParameters, type RunParameters } from './run/results';
export { checkRunModels, type ModelProvenance } from './run/provenance';
export { readSection, RUN_MODELS, RESULT_SECTIONS, type RunModelName, type SectionName, type Section } from './run/results';
export { readRunsIndex, sortRuns, RUN_COLUMNS, type RunRow, type RunColumn } from './run/runs-index';
export { type RunState } from './run/run-state';
export * from './errors';

export { loadFashionMnist, CLASS_NAMES, IMAGE_SIZE, NUM_CLASSES, type FashionMnist, type Split } from './data/fashion-mnist';
export { holdOut, classCounts, firstOfEachClass, gatherImages } from './data/subsets';
export { addNoise, NOISE_TYPES, type NoiseType, type NoiseOptions } from './noise/noise';
export { accuracy, confusionMatrix, perClassAccuracy, mse, psnr, ssim, binaryCrossentropy } from './metrics/index';

export {
  show,
  liveOutput,
  lineChart,
  barChart,
  confusionMatrixChart,
  histogramChart,
  liveLineChart,
  imageGrid,
  labelCaptions,
  trainingProgress,
  table,
  type DisplayBundle,
} from './display/index';

export { loadDataset, classSummary, classSampleGrid, classDistributionChart, dataConclusion, disposeDataset } from './steps/data';
export { noisyImages, noiseSeed, noiseLevel, noiseGallery, pixelHistogram, noisyPixelHistograms, imageQuality, noiseConclusion, validationPairs, GALLERY_LEVELS } from './steps/noise';
export { trainClassifier, saveRunModel, evaluateClassifier, perClassTable, classifierConclusion, type ClassifierEvaluation } from './steps/classifier';
export { trainingView, showCachedCurves } from './steps/training-view';
export { trainAutoencoder, denoise, denoisingGrid, reconstructionCrossEntropy, autoencoderConclusion } from './steps/autoencoder';
export { trainModel, type TrainingHistory } from './training/train';
export { predictInBatches } from './models/predict';
export { buildClassifier, labelTensor } from './models/classifier';
export { buildAutoencoder } from './models/autoencoder';
export { buildComposite } from './models/composite';
export { saveModel, loadModel, loadWeights } from './artifacts/model-files';
export { trainOrLoadCached, cacheKey, trainingRecord } from './model-cache/index';
export { loadRunModel, predictionGrid, saveAndReloadComposite, retrainClassifierOnNoisy, fineTuneComposite } from './steps/composite';
export { accuracyByPipeline, compositeConclusion, scorePipeline, type PipelineScores } from './steps/composite-report';
export { applyDenoiser, candidateGrid, CLASSICAL_DENOISERS, type DenoiserChoice, type TunedDenoisers, type NoiseSetting } from './steps/classical';
export { tuneClassicalDenoisers, type ClassicalTuning, type NoiseOffsets } from './steps/classical-tuning';
export { qualityTable, type QualityComparison } from './steps/quality';
export { worstDenoisedGallery } from './steps/worst-examples';
export { noiseLevelSweep, robustnessTable, ROBUSTNESS_NOISES } from './steps/sweep';
export { sweepCharts } from './steps/sweep-charts';
export { accuracyRows, accuracyFrame, accuracyBars, perClassFrame, psnrBars, evaluationConclusion } from './steps/evaluation';
export { selectRuns, runsFrame, variedParameters, resultAgainstParameter, parameterCharts, lossCurves, comparisonSummary, type ComparedRun, type RunSelection } from './steps/compare';
export { SEED_PROJECTS, seedCommand, runsSeedSetup, seedRows, seedFrame, type SeedProject, type SeedRow } from './steps/seed-comparison';
export {
  loadImageDenoiser,
  decodeImage,
  encodePng,
  denoiseImage,
  disposeDenoised,
  sideBySide,
  imageScores,
  COLOR_MODES,
  type ImageDenoiser,
  type DecodedImage,
  type DenoiseImageOptions,
  type DenoisedImage,
  type ColorMode,
} from './images/index';
export { evaluatePhotos, disposePhotoEvaluation, type PhotoEvaluation, type PhotoRow } from './steps/photos';
export { photoSummary } from './steps/photos-report';
export { PHOTOS_DIR } from './paths';
