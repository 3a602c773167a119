// Seeded weight initializers, so two builds with the same seed start from identical weights.
import { tf } from '../tf';

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/**
 * Returns a function that hands out one Glorot-uniform initializer per call, each with its own seed
 * (seed, seed + 1, …): layers must not share a seed, or equal-shaped kernels would start equal.
 * Without a seed it hands out `undefined`, which leaves each layer's default (also Glorot-uniform, as in Keras).
 */
export function seededInitializers(seed: number | undefined): () => Initializer | undefined {
  let next = seed;
  return () => (next === undefined ? undefined : tf.initializers.glorotUniform({ seed: next++ }));
}
