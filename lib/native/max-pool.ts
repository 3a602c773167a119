// Max pooling that keeps oneDNN's workspace between the forward pass and the gradient. TensorFlow's eager MaxPoolGrad
// cannot receive the workspace (TensorFlow's mkl_eager_op_rewrite.cc says so), so it finds every window's maximum
// again before scattering the gradient. `_MklNativeMaxPool` returns the workspace alongside the output, and
// `_MklNativeMaxPoolGrad` takes it: the same output and gradient, bit for bit (test/native-max-pool.test.ts).
import type * as TfNode from '@tensorflow/tfjs-node';
import { internalOpsWork, markReplacement, typeAttr, type Log, type NativeBackend } from './internal-op';

/** Its name in activeNativeReplacements. */
export const MAX_POOL = 'max-pool';
export const WORKSPACE_MAX_POOL_OPS = { forward: '_MklNativeMaxPool', backward: '_MklNativeMaxPoolGrad' } as const;

interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type DataId = object;

// Windows with ties (as ReLU's zeros make them), negatives, and in 'same' a padded edge; which of tied inputs receives
// the gradient is part of what must match.
const PROBES = [
  { pad: 'valid', input: [1, 1, 0.5, -2, 0, 0.25, 3, 3, -1, -0.5, 0, 0, -0.75, -1, 0, 2] },
  { pad: 'same', input: [0, 0, 1, 2, 2, 0, 0, 1, -1, 2, -3, 4, 4, 0.5, 0.5, 1, 1, 1, 1, 1, -2, 0, 0.25, -1, 6] },
] as const;

/**
 * Makes `tfNode`'s MaxPool keep its workspace while a gradient tape records, and its gradient use it. Returns a
 * function that puts tfjs's own kernel and gradient back, or undefined (after one log line) when this libtensorflow
 * lacks the ops or they differ from MaxPool and MaxPoolGrad on the probe; those then stay as they are.
 */
export function registerWorkspaceMaxPool(tfNode: typeof TfNode, ops: { forward: string; backward: string } = WORKSPACE_MAX_POOL_OPS, log: Log = console.warn): (() => void) | undefined {
  const createTypeAttr = typeAttr();
  const backend = () => tfNode.backend() as unknown as NativeBackend;
  const engineState = () => (tfNode.engine() as unknown as { state: { gradientDepth: number } }).state;
  const dataStorage = () => (tfNode.backend() as unknown as { tensorMap: { has(dataId: DataId): boolean } }).tensorMap;

  const attrsFor = (x: TfNode.Tensor, attrs: PoolAttrs) => {
    const info = tfNode.backend_util.computePool2DInfo(x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const { TF_ATTR_INT, TF_ATTR_STRING, TF_ATTR_BOOL } = backend().binding;
    return [
      createTypeAttr('T', x.dtype),
      { name: 'ksize', type: TF_ATTR_INT, value: [1, info.filterHeight, info.filterWidth, 1] },
      { name: 'strides', type: TF_ATTR_INT, value: [1, info.strideHeight, info.strideWidth, 1] },
      { name: 'padding', type: TF_ATTR_STRING, value: info.padInfo.type },
      { name: 'data_format', type: TF_ATTR_STRING, value: 'NHWC' },
      { name: 'workspace_enabled', type: TF_ATTR_BOOL, value: true },
      { name: '_kernel', type: TF_ATTR_STRING, value: 'MklNameChangeOp' },
    ];
  };
  const forward = (x: TfNode.Tensor, attrs: PoolAttrs) => backend().executeMultipleOutputs(ops.forward, attrsFor(x, attrs), [x], 2) as [TfNode.Tensor, TfNode.Tensor];
  const backward = (x: TfNode.Tensor, y: TfNode.Tensor, dy: TfNode.Tensor, workspace: TfNode.Tensor, attrs: PoolAttrs) =>
    backend().executeSingleOutput(ops.backward, attrsFor(x, attrs), [x, y, dy, workspace]);

  const works = internalOpsWork(tfNode, [ops.forward, ops.backward], 'MaxPool and MaxPoolGrad', () => PROBES.flatMap(({ input, pad }) => {
    const x = tfNode.tensor4d([...input], [1, Math.sqrt(input.length), Math.sqrt(input.length), 1]);
    const attrs: PoolAttrs = { filterSize: 2, strides: 2, pad };
    const [y, workspace] = forward(x, attrs);
    const dy = tfNode.range(1, y.size + 1).reshape(y.shape);
    const standardY = tfNode.engine().runKernel('MaxPool', { x }, attrs as unknown as TfNode.NamedAttrMap) as TfNode.Tensor;
    return [
      { name: `${pad} output`, replacement: y, standard: standardY },
      { name: `${pad} gradient`, replacement: backward(x, y, dy, workspace, attrs), standard: tfNode.engine().runKernel('MaxPoolGrad', { dy, input: x, output: standardY }, attrs as unknown as TfNode.NamedAttrMap) as TfNode.Tensor },
    ];
  }), log);
  if (!works) return undefined;

  // Workspaces by their output's data: the tape saves the output (a clone sharing its data), and the gradient finds
  // the workspace through it. A workspace whose output is gone without a gradient is freed at the next pooling.
  const workspaces = new Map<DataId, TfNode.Tensor>();
  const freeOrphans = () => {
    const live = dataStorage();
    for (const [dataId, workspace] of workspaces) {
      if (!live.has(dataId)) {
        workspace.dispose();
        workspaces.delete(dataId);
      }
    }
  };
  const standard = tfNode.getKernel('MaxPool', 'tensorflow')!;
  const standardGradient = tfNode.getGradient('MaxPool')!;
  tfNode.unregisterKernel('MaxPool', 'tensorflow');
  tfNode.registerKernel({
    ...standard,
    kernelFunc: markReplacement((args: Parameters<typeof standard.kernelFunc>[0]) => {
      // Outside a gradient tape nothing would free the workspace; explicit paddings are not oneDNN's to take.
      if (engineState().gradientDepth === 0 || typeof (args.attrs as unknown as PoolAttrs).pad === 'number') return standard.kernelFunc(args);
      freeOrphans();
      const [y, workspace] = forward(args.inputs['x'] as TfNode.Tensor, args.attrs as unknown as PoolAttrs);
      workspaces.set(y.dataId, tfNode.keep(workspace));
      return y;
    }, MAX_POOL),
  });
  tfNode.registerGradient({
    kernelName: 'MaxPool',
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, y] = saved as [TfNode.Tensor4D, TfNode.Tensor4D];
      const poolAttrs = attrs as unknown as PoolAttrs;
      return {
        x: () => {
          const workspace = workspaces.get(y.dataId);
          if (workspace === undefined) return standardGradient.gradFunc(dy, saved, attrs)['x']!();
          workspaces.delete(y.dataId);
          const gradient = backward(x, y, dy as TfNode.Tensor, workspace, poolAttrs);
          workspace.dispose();
          return gradient;
        },
      };
    },
  });
  return () => {
    tfNode.unregisterKernel('MaxPool', 'tensorflow');
    tfNode.registerKernel(standard);
    tfNode.registerGradient(standardGradient);
    workspaces.forEach((workspace) => workspace.dispose());
    workspaces.clear();
  };
}
