// Names and limits of image denoising that the command line checks; free of TensorFlow so arguments are refused
// before it loads.

/**
 * 'per-channel' denoises R, G and B as three grey images; 'luminance' denoises Y of YCbCr (JPEG's full-range
 * BT.601 transform) and keeps Cb and Cr, which is a third of the work and leaves colours as they were.
 */
export const COLOR_MODES = ['per-channel', 'luminance'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

/** A 24-megapixel camera's photographs (6000×4000) fit; one such RGBA image takes 384 MB as float32 pixels. */
export const DEFAULT_MAX_PIXELS = 25_000_000;
