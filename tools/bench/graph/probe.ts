// Probe: a hand-written gradient step (y = relu(x·W), loss = mean(y²), W' = W − lr·dW/dW) as a SavedModel graph,
// run through TF_SessionRun and compared with the same step computed eagerly by tfjs.
import { DT_FLOAT, DT_INT32, type GraphNode } from '../../../lib/training/graph/graph-def';
import { GraphSession } from '../../../lib/training/graph/session';
import { tf } from '../../../lib/tf';

const float = { name: 'T', kind: 'type', value: DT_FLOAT } as const;
const placeholder = (name: string, shape: number[]): GraphNode => ({
  name, op: 'Placeholder', inputs: [], attrs: [{ name: 'dtype', kind: 'type', value: DT_FLOAT }, { name: 'shape', kind: 'shape', value: shape }],
});
const constant = (name: string, value: number): GraphNode => ({
  name, op: 'Const', inputs: [], attrs: [{ name: 'dtype', kind: 'type', value: DT_FLOAT }, { name: 'value', kind: 'tensor', value: { dtype: DT_FLOAT, shape: [], bytes: new Uint8Array(Float32Array.of(value).buffer) } }],
});
const nodes: GraphNode[] = [
  placeholder('x', [4, 3]), placeholder('w', [3, 2]), placeholder('lr', []),
  { name: 'z', op: 'MatMul', inputs: ['x', 'w'], attrs: [float, { name: 'transpose_a', kind: 'bool', value: false }, { name: 'transpose_b', kind: 'bool', value: false }] },
  { name: 'y', op: 'Relu', inputs: ['z'], attrs: [float] },
  { name: 'sq', op: 'Square', inputs: ['y'], attrs: [float] },
  { name: 'axes', op: 'Const', inputs: [], attrs: [{ name: 'dtype', kind: 'type', value: DT_INT32 }, { name: 'value', kind: 'tensor', value: { dtype: DT_INT32, shape: [2], bytes: new Uint8Array(Int32Array.of(0, 1).buffer) } }] },
  { name: 'loss', op: 'Mean', inputs: ['sq', 'axes'], attrs: [float, { name: 'Tidx', kind: 'type', value: DT_INT32 }, { name: 'keep_dims', kind: 'bool', value: false }] },
  constant('scale', 2 / 8),
  { name: 'dy', op: 'Mul', inputs: ['y', 'scale'], attrs: [float] },
  { name: 'dz', op: 'ReluGrad', inputs: ['dy', 'y'], attrs: [float] },
  { name: 'dw', op: 'MatMul', inputs: ['x', 'dz'], attrs: [float, { name: 'transpose_a', kind: 'bool', value: true }, { name: 'transpose_b', kind: 'bool', value: false }] },
  { name: 'step', op: 'Mul', inputs: ['dw', 'lr'], attrs: [float] },
  { name: 'w_next', op: 'Sub', inputs: ['w', 'step'], attrs: [float] },
];
const session = GraphSession.load(nodes, {
  name: 'probe',
  inputs: [{ key: 'x', tensor: 'x:0', dtype: DT_FLOAT, shape: [4, 3] }, { key: 'w', tensor: 'w:0', dtype: DT_FLOAT, shape: [3, 2] }, { key: 'lr', tensor: 'lr:0', dtype: DT_FLOAT, shape: [] }],
  outputs: [{ key: 'loss', tensor: 'loss:0', dtype: DT_FLOAT, shape: [] }, { key: 'w_next', tensor: 'w_next:0', dtype: DT_FLOAT, shape: [3, 2] }],
});
const x = tf.randomNormal([4, 3], 0, 1, 'float32', 1);
const w = tf.randomNormal([3, 2], 0, 1, 'float32', 2);
const lr = tf.scalar(0.1);
const [loss, next] = session.run([x, w, lr]);
const eager = tf.tidy(() => {
  const variable = tf.variable(w.clone());
  const { value, grads } = tf.variableGrads(() => tf.relu(tf.matMul(x, variable)).square().mean() as ReturnType<typeof tf.scalar>, [variable]);
  return { loss: value, next: w.sub(grads[variable.name]!.mul(lr)) };
});
console.log('graph loss', loss!.dataSync()[0], 'eager loss', eager.loss.dataSync()[0]);
console.log('max |W\' graph − eager|', tf.max(tf.abs(next!.sub(eager.next))).dataSync()[0]);
session.close();
