// The one seeded generator in lib: the noise and the example order draw from it (Math.random cannot be seeded).
const UINT32_RANGE = 4_294_967_296;

/** Mulberry32: a tiny, fast, well-mixed 32-bit generator; plenty for noise and shuffling, not for cryptography. Values in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / UINT32_RANGE;
  };
}
