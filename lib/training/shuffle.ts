// Seeded shuffling, so a training run visits its examples in the same order every time.

/** The indices 0…n−1 in a uniformly random order drawn from `random` (Fisher–Yates). */
export function permutation(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}
