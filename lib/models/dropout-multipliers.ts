// The multipliers of tfjs's seeded `tf.dropout`, bit for bit, drawn in one JavaScript loop. tfjs draws them through
// randomUniform (seedrandom's Alea behind three closures per value) and then spends three native passes (Add, Floor,
// Div) turning them into 0 or 1 / (1 − rate); for the classifier's 434,000 dropped-or-kept values per step that was
// the largest piece of the step's JavaScript. Alea is replicated from seedrandom 3.0.5 (lib/alea.js), the version
// tfjs-core 4.22 depends on; the float32 steps are those of TensorFlow's ops (test/dropout-multipliers.test.ts).

const TWO_TO_MINUS_32 = 2.3283064365386963e-10;

/** seedrandom's Mash: hashes strings into [0, 1), carrying its state from one call to the next. */
function mash(): (data: string) => number {
  let n = 0xefc8249d;
  return (data) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    return (n >>> 0) * TWO_TO_MINUS_32;
  };
}

/**
 * What `tf.dropout(x, rate, undefined, seed)` multiplies an input of `count` values by: 0 for a dropped value,
 * 1 / (1 − rate) in float32 for a kept one, in the order tfjs draws them.
 */
export function dropoutMultipliers(seed: string, count: number, rate: number): Float32Array {
  const hash = mash();
  let s0 = hash(' ');
  let s1 = hash(' ');
  let s2 = hash(' ');
  let c = 1;
  s0 -= hash(seed);
  if (s0 < 0) s0 += 1;
  s1 -= hash(seed);
  if (s1 < 0) s1 += 1;
  s2 -= hash(seed);
  if (s2 < 0) s2 += 1;
  // tfjs's scalar keepProb is the float32 of 1 − rate; a float32 sum or quotient of float32 values is the float32 of
  // the exact double result, so Math.fround reproduces TensorFlow's Add and Div.
  const keep = Math.fround(1 - rate);
  const multipliers = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const t = 2091639 * s0 + c * TWO_TO_MINUS_32;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    multipliers[i] = Math.floor(Math.fround(Math.fround(s2) + keep)) / keep;
  }
  return multipliers;
}
