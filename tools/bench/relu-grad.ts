// An experiment for profile-step.ts, not a fix: ReLU's gradient as TensorFlow's one ReluGrad op instead of tfjs's
// dy · step(x), which tfjs-node spells with six full-size ops (IsNan, Greater, two Fills, two Selects) plus a Mul.
import { tf, type Tensor } from '../../lib/tf';

interface NodeBackend {
  executeSingleOutput(name: string, attrs: unknown[], inputs: Tensor[]): Tensor;
}

/** Replaces the 'Relu' gradient in this process (tfjs warns that it is overriding it). */
export function useNativeReluGrad(): void {
  // tfjs-node's own helper for the op's type attribute; not in its public typings.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createTensorsTypeOpAttr } = require('@tensorflow/tfjs-node/dist/nodejs_kernel_backend') as {
    createTensorsTypeOpAttr: (name: string, dtype: string) => unknown;
  };
  tf.registerGradient({
    kernelName: 'Relu',
    // ReluGrad(gradients, features) accepts the ReLU's input or its output: both are > 0 at the same places.
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as Tensor[];
      const backend = tf.backend() as unknown as NodeBackend;
      return { x: () => backend.executeSingleOutput('ReluGrad', [createTensorsTypeOpAttr('T', 'float32')], [dy as Tensor, x!]) };
    },
  });
}
