// Convolution and bias in one oneDNN kernel. tfjs runs a Conv2D layer with a bias as Conv2D and then a broadcasting
// Add, a second full pass over the output; `_MklNativeConv2DWithBias` adds the bias as it writes the output, with the
// same values to the bit (test/native-conv-with-bias.test.ts).
// The layer's call runs it as a kernel of its own, and applies its activation as a separate op as before, so the
// gradient is made of the ops tfjs used: Conv2DBackpropInput, Conv2DBackpropFilter and the Sum of dy for the bias,
// each computed only when the tape needs it (a first layer's input gradient is not).
import type * as TfNode from '@tensorflow/tfjs-node';
import { internalOpsWork, markReplacement, typeAttr, type Log, type NativeBackend } from './internal-op';

/** Its name in activeNativeReplacements. */
export const CONV_WITH_BIAS = 'conv-with-bias';
export const CONV_WITH_BIAS_OP = '_MklNativeConv2DWithBias';
const KERNEL = 'LibConv2DWithBias';
const PROBE_KERNEL = 'LibConv2DWithBiasProbe';

interface ConvAttrs {
  strides: [number, number];
  pad: 'valid' | 'same';
}

// Both paddings, and a stride that skips inputs.
const PROBES: readonly ConvAttrs[] = [{ strides: [1, 1], pad: 'same' }, { strides: [2, 2], pad: 'valid' }];

/** The fields of tfjs 4.22's Conv2D layer that its call reads. */
interface ConvLayer {
  rank: number;
  kernel: { read(): TfNode.Tensor };
  bias: { read(): TfNode.Tensor } | null;
  strides: number[];
  padding: 'valid' | 'same' | 'causal';
  dataFormat: 'channelsFirst' | 'channelsLast';
  dilationRate: number[];
  activation: { apply(x: TfNode.Tensor): TfNode.Tensor };
}

type Call = (this: ConvLayer, inputs: TfNode.Tensor | TfNode.Tensor[], kwargs: Record<string, unknown>) => TfNode.Tensor;

/**
 * Runs the bias-carrying convolutions of Conv2D layers through `op`. Returns a function that puts tfjs's own layer
 * call back, or undefined (after one log line) when this libtensorflow lacks the op or it, or its gradient, differs from
 * Conv2D and Add's on the probe.
 */
export function registerConvWithBias(tfNode: typeof TfNode, op: string = CONV_WITH_BIAS_OP, log: Log = console.warn): (() => void) | undefined {
  const createTypeAttr = typeAttr();
  // [0, 1, …, count − 1] mod `period`, centred and scaled: dyadic values of both signs.
  const steps = (count: number, period: number, scale: number) => tfNode.range(0, count).mod(period).sub(Math.floor(period / 2)).mul(scale);
  const backend = () => tfNode.backend() as unknown as NativeBackend;
  const convWithBias = (x: TfNode.Tensor, filter: TfNode.Tensor, bias: TfNode.Tensor, attrs: ConvAttrs) => {
    const info = tfNode.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad);
    const { TF_ATTR_INT, TF_ATTR_STRING, TF_ATTR_BOOL } = backend().binding;
    return backend().executeSingleOutput(op, [
      createTypeAttr('T', x.dtype),
      { name: 'strides', type: TF_ATTR_INT, value: [1, info.strideHeight, info.strideWidth, 1] },
      { name: 'padding', type: TF_ATTR_STRING, value: info.padInfo.type },
      { name: 'data_format', type: TF_ATTR_STRING, value: 'NHWC' },
      { name: 'dilations', type: TF_ATTR_INT, value: [1, 1, 1, 1] },
      { name: 'is_filter_const', type: TF_ATTR_BOOL, value: false },
      { name: '_kernel', type: TF_ATTR_STRING, value: 'MklNameChangeOp' },
    ], [x, filter, bias]);
  };

  const register = (kernelName: string) => {
    tfNode.registerKernel({
      kernelName,
      backendName: 'tensorflow',
      kernelFunc: ({ inputs, attrs }) => convWithBias(inputs['x'] as TfNode.Tensor, inputs['filter'] as TfNode.Tensor, inputs['bias'] as TfNode.Tensor, attrs as unknown as ConvAttrs),
    });
    tfNode.registerGradient({
      kernelName,
      inputsToSave: ['x', 'filter'],
      gradFunc: (dy, saved, attrs) => {
        const [x, filter] = saved as TfNode.Tensor[];
        const { strides, pad } = attrs as unknown as ConvAttrs;
        const common = { strides, pad, dataFormat: 'NHWC' };
        const engine = tfNode.engine();
        return {
          x: () => engine.runKernel('Conv2DBackpropInput', { dy: dy as TfNode.Tensor, filter: filter! }, { ...common, inputShape: x!.shape }) as TfNode.Tensor,
          filter: () => engine.runKernel('Conv2DBackpropFilter', { x: x!, dy: dy as TfNode.Tensor }, { ...common, filterShape: filter!.shape }) as TfNode.Tensor,
          bias: () => tfNode.sum(dy as TfNode.Tensor, [0, 1, 2]),
        };
      },
    });
    return () => {
      tfNode.unregisterKernel(kernelName, 'tensorflow');
      tfNode.unregisterGradient(kernelName);
    };
  };

  // The kernel and its gradient, under a name of their own while probed (one already in use stays as it is), against
  // Conv2D and Add with theirs.
  const unregisterProbe = register(PROBE_KERNEL);
  const works = internalOpsWork(tfNode, [op], 'Conv2D and Add', () => PROBES.flatMap((attrs) => {
    const conv = (x: TfNode.Tensor, filter: TfNode.Tensor, bias: TfNode.Tensor) => tfNode.add(tfNode.conv2d(x as TfNode.Tensor4D, filter as TfNode.Tensor4D, attrs.strides, attrs.pad), bias);
    const fused = (x: TfNode.Tensor, filter: TfNode.Tensor, bias: TfNode.Tensor) => tfNode.engine().runKernel(PROBE_KERNEL, { x, filter, bias }, attrs as unknown as TfNode.NamedAttrMap) as TfNode.Tensor;
    const inputs = [steps(32, 5, 0.5).reshape([1, 4, 4, 2]), steps(36, 3, 0.25).reshape([3, 3, 2, 2]), tfNode.tensor1d([0.5, -1])];
    const shape = conv(inputs[0]!, inputs[1]!, inputs[2]!).shape;
    const dy = steps(shape.reduce((a, b) => a * b), 7, 0.5).reshape(shape);
    const ours = tfNode.valueAndGrads((x, filter, bias) => fused(x!, filter!, bias!))(inputs, dy);
    const theirs = tfNode.valueAndGrads((x, filter, bias) => conv(x!, filter!, bias!))(inputs, dy);
    return ['output', 'x gradient', 'filter gradient', 'bias gradient'].map((name, i) => ({
      name: `stride ${attrs.strides[0]} '${attrs.pad}' ${name}`, replacement: [ours.value, ...ours.grads][i]!, standard: [theirs.value, ...theirs.grads][i]!,
    }));
  }), log);
  unregisterProbe();
  if (!works) return undefined;
  const unregister = register(KERNEL);

  const layerPrototype = conv2dPrototype(tfNode);
  // Conv2D inherits its call from tfjs's Conv; Conv2DTranspose, a subclass, has its own and keeps it.
  const standardCall = layerPrototype.call;
  const ownCall = Object.prototype.hasOwnProperty.call(layerPrototype, 'call');
  layerPrototype.call = markReplacement(function (this: ConvLayer, inputs: TfNode.Tensor | TfNode.Tensor[], kwargs: Record<string, unknown>) {
    const eligible = this.rank === 2 && this.bias !== null && this.dataFormat === 'channelsLast' && this.padding !== 'causal' && this.dilationRate.every((rate) => rate === 1);
    if (!eligible) return standardCall.call(this, inputs, kwargs);
    return tfNode.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const attrs: ConvAttrs = { strides: this.strides as [number, number], pad: this.padding as 'valid' | 'same' };
      const output = tfNode.engine().runKernel(KERNEL, { x, filter: this.kernel.read(), bias: this.bias!.read() }, attrs as unknown as TfNode.NamedAttrMap) as TfNode.Tensor;
      return this.activation.apply(output);
    });
  }, CONV_WITH_BIAS);

  return () => {
    if (ownCall) layerPrototype.call = standardCall;
    else delete (layerPrototype as Partial<typeof layerPrototype>).call;
    unregister();
  };
}

/** The prototype whose `call` tfjs's Conv2D layers run. */
export function conv2dPrototype(tfNode: typeof TfNode): { call: Call } {
  return Object.getPrototypeOf(tfNode.layers.conv2d({ filters: 1, kernelSize: 1 })) as { call: Call };
}
