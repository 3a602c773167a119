// Metrics: classification accuracy and image quality (MSE, PSNR, SSIM, Keras's binary cross-entropy).
export { accuracy, confusionMatrix, perClassAccuracy } from './accuracy';
export type { Labels } from './accuracy';
export { DATA_RANGE, PSNR_CAP_DB, mse, psnr } from './image-quality';
export type { ImageQualityOptions, PsnrScores, QualityScores } from './image-quality';
export { SSIM_K1, SSIM_K2, SSIM_SIGMA, ssim } from './ssim';
export { binaryCrossentropy, KERAS_EPSILON } from './cross-entropy';
