// Gradients that tfjs spells as several full-size ops, replaced by the single TensorFlow op that Keras's graph uses.
// ReLU's is the one that matters: tfjs computes dy · step(x), which tfjs-node runs as IsNan, Greater, two Fills and
// two Selects plus a ones-tensor filled in JavaScript, for every ReLU layer on every step. With one ReluGrad op the
// default autoencoder trained 1.67× and the classifier 1.43× as many samples per second (README, "Benchmark").
// The values are the same: both pass dy where x > 0 and 0 elsewhere.
import type * as TfNode from '@tensorflow/tfjs-node';
import { typeAttr, type NativeBackend } from './internal-op';

/** Registers TensorFlow's ReluGrad as the gradient of 'Relu' in `tfNode`'s engine (the native backend must be active). */
export function registerNativeReluGradient(tfNode: typeof TfNode): void {
  const createTensorsTypeOpAttr = typeAttr();
  tfNode.registerGradient({
    kernelName: 'Relu',
    // ReluGrad(gradients, features) accepts the ReLU's input or its output: both are > 0 at the same places.
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const x = (saved as TfNode.Tensor[])[0]!;
      const backend = tfNode.backend() as unknown as NativeBackend;
      return { x: () => backend.executeSingleOutput('ReluGrad', [createTensorsTypeOpAttr('T', x.dtype)], [dy as TfNode.Tensor, x]) };
    },
  });
}
