// Child process for the crash test: saves a ~6 MB model into argv[2] over and over, every weight set to the
// save's number (argv[3], argv[3] + 1, …), printing "saved <n>" after each, until it is killed.
import { saveModel } from '../../lib/artifacts';
import { tf } from '../../lib/tf';

const WIDE_UNITS = 2048; // 784·2048 weights: big enough that a kill usually lands mid-write

async function main(): Promise<void> {
  const [dir, start] = process.argv.slice(2);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: WIDE_UNITS })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  for (let value = Number(start); ; value++) {
    model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, value)));
    await saveModel(model, dir!);
    process.stdout.write(`saved ${value}\n`);
  }
}

void main();
