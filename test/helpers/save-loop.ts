// Child process for the crash test: saves a ~6 MB model into argv[2] over and over, every weight set to the save's
// number (argv[3], argv[3] + 1, …), printing "saved <n>" after each. From the second save on, it stops just before
// renaming a temporary file whose target's name matches argv[4], prints "paused <temporary> <target>", and waits there
// to be killed: the kill then lands inside a save, by construction rather than by timing.
import fs from 'node:fs';
import { basename } from 'node:path';
import { saveModel } from '../../lib/artifacts/model-files';
import { tf } from '../../lib/tf';

const WIDE_UNITS = 2048; // 784·2048 weights: a write long enough to be a realistic save

const [dir, start, pauseBefore] = process.argv.slice(2);
let armed = false;
const rename = fs.renameSync;
// lib/artifacts/atomic-write.ts reads fs.renameSync at each call (this child runs as CommonJS), so this sees every rename.
fs.renameSync = (from, to) => {
  if (armed && new RegExp(pauseBefore!).test(basename(String(to)))) {
    fs.writeSync(1, `paused ${String(from)} ${String(to)}\n`); // synchronous: the line is out before the wait
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
  rename(from, to);
};

async function main(): Promise<void> {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: WIDE_UNITS })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  for (let value = Number(start); ; value++) {
    model.setWeights(model.getWeights().map((w) => tf.fill(w.shape, value)));
    await saveModel(model, dir!);
    fs.writeSync(1, `saved ${value}\n`);
    armed = true;
  }
}

void main();
