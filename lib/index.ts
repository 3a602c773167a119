// The one import of the notebooks (`./lib/index`; tslab needs the file named, not the folder). Two parts: what the
// eight notebooks call, by notebook, and a few building blocks for cells of your own. Tools and tests import the
// modules themselves; nothing here exists for them.

// ── The notebooks' vocabulary ────────────────────────────────────────────────────────────────────────────────────
// Every notebook: parameters, the run folder and its results.
export { startNotebook, type NotebookRun } from './run/notebook-run';
export { type NotebookParameters } from './run/notebook-parameters';
export { recordSection } from './run/results';
export { show, table, barChart, confusionMatrixChart, imageGrid, type DisplayBundle } from './display/index';
export { CLASS_NAMES } from './data/fashion-mnist';
// 01 · data
export { loadDataset, classSummary, classSampleGrid, classDistributionChart, dataConclusion, disposeDataset } from './steps/data';
// 02 · noise
export { noisyImages, noiseSeed, noiseGallery, noisyPixelHistograms, imageQuality, noiseConclusion, validationPairs } from './steps/noise';
export { firstOfEachClass, gatherImages } from './data/subsets';
// 03 · baseline classifier
export { trainClassifier, saveRunModel, evaluateClassifier, perClassTable, classifierConclusion } from './steps/classifier';
// 04 · autoencoder
export { trainAutoencoder, denoise, denoisingGrid, reconstructionCrossEntropy, autoencoderConclusion } from './steps/autoencoder';
export { showCachedCurves } from './steps/training-view';
// 05 · composite
export { loadRunModel, predictionGrid, saveAndReloadComposite, retrainClassifierOnNoisy, fineTuneComposite } from './steps/composite';
export { accuracyByPipeline, compositeConclusion, scorePipeline } from './steps/composite-report';
export { buildComposite } from './models/composite';
// 06 · evaluation
export { accuracyRows, accuracyFrame, accuracyBars, perClassFrame, psnrBars, evaluationConclusion } from './steps/evaluation';
export { seedRows, seedFrame } from './steps/seed-comparison';
export { tuneClassicalDenoisers } from './steps/classical-tuning';
export { qualityTable } from './steps/quality';
export { noiseLevelSweep, robustnessTable } from './steps/sweep';
export { sweepCharts } from './steps/sweep-charts';
export { worstDenoisedGallery } from './steps/worst-examples';
export { generalizationGrid, gridForRun, GRID_LEVELS } from './steps/generalization-grid';
export { gridRows, marginBars, gridConclusion } from './steps/generalization-report';
// 07 · your images
export { evaluatePhotos, disposePhotoEvaluation } from './steps/photos';
export { photoSummary } from './steps/photos-report';
export { PHOTOS_DIR } from './paths';
// 08 · compare runs
export { selectRuns, runsFrame, parameterCharts, lossCurves, comparisonSummary } from './steps/compare';

// ── Building blocks for your own cells ───────────────────────────────────────────────────────────────────────────
export { resolveConfig, type PipelineConfig } from './config/index';
export { readSection, runParameters } from './run/results';
export { loadFashionMnist, IMAGE_SIZE, type FashionMnist, type Split } from './data/fashion-mnist';
export { addNoise, NOISE_TYPES, type NoiseType } from './noise/noise';
export { accuracy, psnr, ssim } from './metrics/index';
export { buildClassifier } from './models/classifier';
export { buildAutoencoder } from './models/autoencoder';
export { trainModel, type TrainingHistory } from './training/train';
export { predictInBatches } from './models/predict';
export { saveModel, loadModel } from './artifacts/model-files';
export { lineChart, histogramChart, liveOutput } from './display/index';
export { loadImageDenoiser, decodeImage, denoiseImage, encodePng } from './images/index';
export * from './errors';
