// tfjs's own gradient of 'Relu' (tfjs-core's reluGradConfig: dy · step(x)), which lib/native/relu-gradient.ts replaces
// with TensorFlow's Sign and Mul ops. Registered again only to measure or check that replacement.
import { tf, type Tensor } from '../../lib/tf';

/** Puts tfjs's formula back as the gradient of 'Relu' in this process; lib's registerNativeReluGradient undoes it. */
export function registerTfjsReluGradient(): void {
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const x = (saved as Tensor[])[0]!;
      return { x: () => tf.mul(dy as Tensor, tf.step(tf.cast(x, 'float32'))) };
    },
  });
}
