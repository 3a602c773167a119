// Refuses a speed comparison unless the Keras model is the tfjs model layer for layer: same names, kinds, shapes,
// parameter counts and settings. A twin with one filter fewer would make every ratio a lie.
import type { LayerSignature, ModelDescription } from './worker-result';

export class MirrorError extends Error {
  override name = 'MirrorError';
}

/** The parameter counts as printed in the report, e.g. "109153 (tfjs) vs 109153 (keras)". */
export function paramLine(tfjs: ModelDescription, keras: ModelDescription): string {
  return `${tfjs.model}: ${tfjs.params} parameters (tfjs) vs ${keras.params} (keras)`;
}

export function checkMirror(tfjs: ModelDescription, keras: ModelDescription): void {
  const differences: string[] = [];
  if (tfjs.params !== keras.params) differences.push(`total parameters ${tfjs.params} (tfjs) vs ${keras.params} (keras)`);
  const count = Math.max(tfjs.layers.length, keras.layers.length);
  for (let i = 0; i < count; i++) {
    const [a, b] = [describe(tfjs.layers[i]), describe(keras.layers[i])];
    if (a !== b) differences.push(`layer ${i + 1}: tfjs ${a} | keras ${b}`);
  }
  if (differences.length > 0) {
    throw new MirrorError(
      `the Keras ${tfjs.model} does not mirror lib/models (refusing to compare speeds):\n  ${differences.join('\n  ')}\n` +
        'Update tools/bench/keras_worker.py to match lib/models.',
    );
  }
}

function describe(layer: LayerSignature | undefined): string {
  if (layer === undefined) return '(none)';
  const config = Object.keys(layer.config).sort().map((key) => `${key}=${layer.config[key]}`).join(' ');
  return `${layer.name} ${layer.kind} [${layer.outputShape.join(',')}] ${layer.params} params ${config}`;
}
