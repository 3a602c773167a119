// How far an image model's output pixel reaches into its input: read from the layers (kernels, strides, dilation,
// padding, pooling, upsampling, transposed convolutions, merges), so tiling can size its margins from the model.
import { ModelError } from '../errors';
import type { LayersModel } from '../tf';

type Layer = LayersModel['layers'][number];

/**
 * Along one axis, a map's position p reads the input pixels p·jump + [low, high]: jump is the input pixels per step of
 * the map (4 after two stride-2 layers, ½ after an upsampling from there), low ≤ 0 ≤ high the reach before and after.
 */
interface Extent {
  readonly jump: number;
  readonly low: number;
  readonly high: number;
}

const INPUT: Extent = { jump: 1, low: 0, high: 0 };
/** Every output reads every input: dense layers, and the flattening before them. */
const WHOLE: Extent = { jump: 1, low: -Infinity, high: Infinity };
/** Layers that compute each position from the same position of their input. */
const POINTWISE = new Set(['InputLayer', 'Activation', 'Dropout', 'SeededDropout', 'BatchNormalization', 'LayerNormalization', 'ReLU', 'LeakyReLU']);
const GLOBAL = new Set(['Flatten', 'Dense', 'Reshape', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D']);
const CONVOLUTIONS = new Set(['Conv2D', 'SeparableConv2D', 'DepthwiseConv2D', 'MaxPooling2D', 'AveragePooling2D']);
const MERGES = new Set(['Concatenate', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum']);

/**
 * The farthest input pixel (rows or columns, before or after) that any output pixel of `model` reads, in whole
 * pixels; Infinity when a dense layer mixes the whole image. Assumes sides that the model's strides divide, as the
 * tiling makes them: 'same' padding then puts ⌊((k − 1)·d + 1 − s) / 2⌋ zeros before each row, whatever its length.
 * A skip connection reads the union of its branches, so the deepest path decides.
 */
export function receptiveReach(model: LayersModel): number {
  const extents = new Map<Layer, readonly [Extent, Extent]>();
  for (const layer of model.layers) {
    const inputs = (layer.inboundNodes[0]?.inboundLayers ?? []).map((inbound) => extents.get(inbound) ?? ([INPUT, INPUT] as const));
    extents.set(layer, [0, 1].map((axis) => layerExtent(model, layer, inputs.map((pair) => pair[axis]!), axis)) as [Extent, Extent]);
  }
  // A Sequential model names its output layer only once compiled; its last layer is that layer.
  const output = (model.outputs[0]?.sourceLayer as Layer | undefined) ?? model.layers.at(-1);
  const [rows, cols] = (output && extents.get(output)) ?? [INPUT, INPUT];
  return Math.ceil(Math.max(-rows.low, rows.high, -cols.low, cols.high));
}

function layerExtent(model: LayersModel, layer: Layer, inputs: readonly Extent[], axis: number): Extent {
  const className = layer.getClassName();
  const config = layer.getConfig() as Record<string, unknown>;
  const input = inputs[0] ?? INPUT;
  if (POINTWISE.has(className)) return input;
  if (GLOBAL.has(className)) return WHOLE;
  if (MERGES.has(className)) return union(model, layer, inputs);
  if (className === 'UpSampling2D') {
    // Nearest neighbour: position o repeats ⌊o / s⌋, which lies up to (s − 1) / s input steps before o / s.
    const s = along(config.size, axis);
    return { jump: input.jump / s, low: input.low - ((s - 1) / s) * input.jump, high: input.high };
  }
  const k = along(config.kernelSize ?? config.poolSize, axis);
  const s = along(config.strides ?? config.poolSize, axis);
  const d = along(config.dilationRate ?? 1, axis);
  const before = config.padding === 'same' ? Math.floor(Math.max((k - 1) * d + 1 - s, 0) / 2) : 0;
  if (CONVOLUTIONS.has(className)) {
    // Position o reads input positions o·s − before + t·d for t = 0 … k − 1.
    return { jump: input.jump * s, low: input.low - before * input.jump, high: input.high + ((k - 1) * d - before) * input.jump };
  }
  if (className === 'Conv2DTranspose') {
    // The gradient of that convolution: o reads the i with o = i·s − before + t·d, i.e. i from (o + before − (k − 1)·d) / s to (o + before) / s.
    return { jump: input.jump / s, low: input.low + ((before - (k - 1) * d) / s) * input.jump, high: input.high + (before / s) * input.jump };
  }
  throw new ModelError(model.name, `layer '${layer.name}' is a ${className}, whose reach across the image is not known here`,
    'Add its rule to lib/models/receptive-field.ts, so tiled denoising can size its margins for it.');
}

function union(model: LayersModel, layer: Layer, inputs: readonly Extent[]): Extent {
  const jump = inputs[0]?.jump ?? 1;
  if (inputs.some((input) => input.jump !== jump)) {
    throw new ModelError(model.name, `layer '${layer.name}' merges maps on different grids (${inputs.map((input) => input.jump).join(', ')} input pixels per step)`,
      'Merge maps of the same size only.');
  }
  return { jump, low: Math.min(...inputs.map((input) => input.low)), high: Math.max(...inputs.map((input) => input.high)) };
}

/** A layer setting given as one number for both axes or as [rows, cols]. */
function along(value: unknown, axis: number): number {
  return Array.isArray(value) ? (value[axis] as number) : (value as number);
}
