// Denoising images of any size and colour with the grey-scale 28×28-trained autoencoders: decode, colour planes,
// tiling, scores and encoding.
export { decodeImage, encodePng, type DecodedImage, type DecodeOptions } from './codec';
export { COLOR_MODES, DEFAULT_MAX_PIXELS, type ColorMode } from './options';
export { hasImageExtension, readImageHeader, IMAGE_EXTENSIONS, IMAGE_FORMATS, type ImageFormat, type ImageHeader } from './header';
export { colourHandling, denoiseColour, mapColour, modelPlanes, type ColourHandling } from './colour';
export { denoisePlanesTiled, BORDER_CONTEXT, DEFAULT_TILE_SIDE, TILE_RAMP, type TiledModel, type TilingOptions } from './tiling';
export { denoisePlanesFixed, FIXED_TILE_STRIDE_DIVISOR } from './fixed-tiling';
export { loadImageDenoiser, type ImageDenoiser } from './image-denoiser';
export { imageScores, type ImageScores } from './scores';
export { estimateImageNoise, estimateNoiseSigma, MAD_TO_SIGMA, type NoiseEstimate } from './noise-estimate';
export { matchNoise, trainingSigmaRange, STRONGER_FACTOR, WEAKER_FACTOR, type NoiseMatch, type SigmaRange, type TrainingNoise } from './noise-match';
export { denoiseImage, disposeDenoised, sideBySide, type DenoiseImageOptions, type DenoisedImage } from './denoise-image';
export { greyImage, randomPatches, pixelsKey } from './patches';
export { fineTuneAutoencoder, runNoise, filesKey, type FineTuneOptions, type FineTuned, type PatchNoise } from './fine-tune';
