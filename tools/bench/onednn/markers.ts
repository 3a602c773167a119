// Lines both sides print around the measured steps, so warm-up primitives are left out of the sums.
export const MARK_START = 'onednn-primitives: measured steps start';
export const MARK_END = 'onednn-primitives: measured steps end';
/** Followed by the wall-clock milliseconds per measured step. */
export const WALL_PREFIX = 'onednn-primitives: ms per step ';
