// Makes one TensorFlow op of the native backend return other values, to show that lib/native's probes notice.
import { tf, type Tensor } from '../../lib/tf';

interface Executor {
  executeSingleOutput(name: string, attrs: unknown[], inputs: Tensor[]): Tensor;
  executeMultipleOutputs(name: string, attrs: unknown[], inputs: Tensor[], outputs: number): Tensor[];
}

/** Runs `body` while the op named `op` returns its (first) output plus `delta`; the backend is restored after. */
export function withPerturbedOp<T>(op: string, delta: number, body: () => T): T {
  const backend = tf.backend() as unknown as Executor;
  const single = backend.executeSingleOutput;
  const multiple = backend.executeMultipleOutputs;
  const shift = (output: Tensor) => {
    const shifted = tf.add(output, delta);
    output.dispose();
    return shifted;
  };
  backend.executeSingleOutput = function (name, attrs, inputs) {
    const output = single.call(this, name, attrs, inputs);
    return name === op ? shift(output) : output;
  };
  backend.executeMultipleOutputs = function (name, attrs, inputs, outputs) {
    const [first, ...rest] = multiple.call(this, name, attrs, inputs, outputs);
    return name === op ? [shift(first!), ...rest] : [first!, ...rest];
  };
  try {
    return body();
  } finally {
    // The instance's own methods shadowed its class's; removing them restores the originals.
    delete (backend as Partial<Executor>).executeSingleOutput;
    delete (backend as Partial<Executor>).executeMultipleOutputs;
  }
}
