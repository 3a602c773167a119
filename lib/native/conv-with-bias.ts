// Convolution and bias in one oneDNN kernel. tfjs runs a Conv2D layer with a bias as Conv2D and then a broadcasting
// Add, a second full pass over the output; `_MklNativeConv2DWithBias` adds the bias as it writes the output, with the
// same values to the bit (test/native-conv-with-bias.test.ts).
// The layer's call runs it as a kernel of its own, and applies its activation as a separate op as before, so the
// gradient is made of the ops tfjs used: Conv2DBackpropInput, Conv2DBackpropFilter and the Sum of dy for the bias,
// each computed only when the tape needs it (a first layer's input gradient is not).
import type * as TfNode from '@tensorflow/tfjs-node';
import { internalOpsWork, typeAttr, type Log, type NativeBackend } from './internal-op';

export const CONV_WITH_BIAS_OP = '_MklNativeConv2DWithBias';
const KERNEL = 'LibConv2DWithBias';

interface ConvAttrs {
  strides: [number, number];
  pad: 'valid' | 'same';
}

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
 * call back, or undefined (after one log line) when this libtensorflow lacks the op.
 */
export function registerConvWithBias(tfNode: typeof TfNode, op: string = CONV_WITH_BIAS_OP, log: Log = console.warn): (() => void) | undefined {
  const createTypeAttr = typeAttr();
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

  const works = internalOpsWork(tfNode, [op], 'Conv2D and Add', () => {
    convWithBias(tfNode.ones([1, 3, 3, 1]), tfNode.ones([2, 2, 1, 1]), tfNode.ones([1]), { strides: [1, 1], pad: 'valid' });
  }, log);
  if (!works) return undefined;

  tfNode.registerKernel({
    kernelName: KERNEL,
    backendName: 'tensorflow',
    kernelFunc: ({ inputs, attrs }) => convWithBias(inputs['x'] as TfNode.Tensor, inputs['filter'] as TfNode.Tensor, inputs['bias'] as TfNode.Tensor, attrs as unknown as ConvAttrs),
  });
  tfNode.registerGradient({
    kernelName: KERNEL,
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

  const layerPrototype = Object.getPrototypeOf(tfNode.layers.conv2d({ filters: 1, kernelSize: 1 })) as { call: Call };
  // Conv2D inherits its call from tfjs's Conv; Conv2DTranspose, a subclass, has its own and keeps it.
  const standardCall = layerPrototype.call;
  const ownCall = Object.prototype.hasOwnProperty.call(layerPrototype, 'call');
  layerPrototype.call = function (this: ConvLayer, inputs, kwargs) {
    const eligible = this.rank === 2 && this.bias !== null && this.dataFormat === 'channelsLast' && this.padding !== 'causal' && this.dilationRate.every((rate) => rate === 1);
    if (!eligible) return standardCall.call(this, inputs, kwargs);
    return tfNode.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const attrs: ConvAttrs = { strides: this.strides as [number, number], pad: this.padding as 'valid' | 'same' };
      const output = tfNode.engine().runKernel(KERNEL, { x, filter: this.kernel.read(), bias: this.bias!.read() }, attrs as unknown as TfNode.NamedAttrMap) as TfNode.Tensor;
      return this.activation.apply(output);
    });
  };

  return () => {
    if (ownCall) layerPrototype.call = standardCall;
    else delete (layerPrototype as Partial<typeof layerPrototype>).call;
    tfNode.unregisterKernel(KERNEL, 'tensorflow');
    tfNode.unregisterGradient(KERNEL);
  };
}
