// Measures model.fit against lib/training/train.ts's custom loop on the conv autoencoder (batch 128, 3072 images, 3 epochs),
// alternating the two so both see the same machine load; prints samples/s (wall and per CPU-second) and losses.
// Usage: tsx tools/experiments/fit-vs-loop.ts [rounds=4]
import { loadFashionMnist } from '../../lib/data/fashion-mnist';
import { buildAutoencoder } from '../../lib/models/autoencoder';
import { addNoise } from '../../lib/noise/noise';
import type { LayersModel, Tensor } from '../../lib/tf';
import { trainModel } from '../../lib/training/train';

const IMAGES = 3072;
const BATCH_SIZE = 128;
const EPOCHS = 3;

interface Measurement {
  wall: number;
  cpu: number;
  losses: number[];
}

async function measure(run: (model: LayersModel) => Promise<number[]>): Promise<Measurement> {
  const model = buildAutoencoder({ architecture: 'unet', seed: 1 });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const losses = await run(model);
  const cpu = process.cpuUsage(cpuStart);
  model.optimizer.dispose();
  model.dispose();
  const samples = IMAGES * EPOCHS;
  return { wall: samples / ((performance.now() - start) / 1000), cpu: samples / ((cpu.user + cpu.system) / 1e6), losses };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 4);
  const clean = loadFashionMnist({ trainSize: IMAGES, testSize: 1 });
  const x = addNoise(clean.train.images, { type: 'uniform', level: 0.6, seed: 1 });
  const y: Tensor = clean.train.images;
  const fit = async (model: LayersModel) => {
    const history = await model.fit(x, y, { epochs: EPOCHS, batchSize: BATCH_SIZE, shuffle: true, verbose: 0 });
    return history.history.loss as number[];
  };
  const loop = async (model: LayersModel) => (await trainModel(model, { x, y, epochs: EPOCHS, batchSize: BATCH_SIZE })).loss;
  await measure(loop); // warm-up: first-call kernel setup would otherwise count against whichever runs first
  const results: Record<'fit' | 'loop', Measurement[]> = { fit: [], loop: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of [['fit', fit], ['loop', loop]] as const) {
      const m = await measure(run);
      results[name].push(m);
      console.log(`${name} ${m.wall.toFixed(0)} samples/s wall, ${m.cpu.toFixed(0)} per CPU-s, losses ${m.losses.map((l) => l.toFixed(4)).join(' ')}`);
    }
  }
  for (const name of ['fit', 'loop'] as const) {
    const wall = median(results[name].map((m) => m.wall));
    const cpu = median(results[name].map((m) => m.cpu));
    console.log(`median ${name}: ${wall.toFixed(0)} samples/s wall, ${cpu.toFixed(0)} samples per CPU-second`);
  }
}

void main();
