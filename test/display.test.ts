import { strict as assert } from 'node:assert';
import { DataFrame } from 'danfojs-node';
import {
  barChart,
  confusionMatrixChart,
  formatProgress,
  histogramChart,
  imageGrid,
  isInsideTslab,
  labelCaptions,
  lineChart,
  liveLineChart,
  liveOutput,
  show,
  table,
  trainingProgress,
  type DisplayBundle,
} from '../lib/display';
import { binCounts } from '../lib/display/histogram';
import { imageGridLayout } from '../lib/display/image-grid-layout';
import { formatDuration } from '../lib/display/progress-format';
import { PIXEL_RATIO } from '../lib/display/render';
import { DisplayEnvironmentError, DisplayInputError } from '../lib/errors';
import { tf, type Tensor4D } from '../lib/tf';
import { RecordingOutput, pngPixels, tensorsLeaked } from './helpers/display-outputs';

const VEGA_LITE = 'application/vnd.vegalite.v5+json';
const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

type Spec = { $schema: string; width: number; height: number; data: { values: Record<string, unknown>[] } };
const specOf = (bundle: DisplayBundle): Spec => bundle.data[VEGA_LITE] as Spec;

/** `count` images of [28, 28, 1], image i filled with gray value `values[i]`. */
function grayImages(values: readonly number[]): Tensor4D {
  return tf.tidy(() => tf.tensor1d([...values]).reshape([values.length, 1, 1, 1]).tile([1, 28, 28, 1])) as Tensor4D;
}

function silenced<T>(action: () => Promise<T>): Promise<{ result: T; printed: string[] }> {
  const printed: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => printed.push(args.join(' '));
  return action()
    .then((result) => ({ result, printed }))
    .finally(() => {
      console.log = original;
    });
}

describe('display: charts', () => {
  it('bundles a line chart as vega-lite v5 + PNG + text, without text/html', async () => {
    const bundle = await lineChart({ loss: [0.5, 0.25], val_loss: [0.6, 0.3] }, { title: 'loss', width: 300, height: 200 });
    assert.deepEqual(Object.keys(bundle.data).sort(), ['application/vnd.vegalite.v5+json', 'image/png', 'text/plain']);
    const spec = specOf(bundle);
    assert.equal(spec.$schema, 'https://vega.github.io/schema/vega-lite/v5.json');
    assert.deepEqual(spec.data.values, [
      { x: 1, series: 'loss', value: 0.5 },
      { x: 2, series: 'loss', value: 0.25 },
      { x: 1, series: 'val_loss', value: 0.6 },
      { x: 2, series: 'val_loss', value: 0.3 },
    ]);
    const png = pngPixels(bundle);
    // Axes, title and legend add to the plot area, at PIXEL_RATIO device pixels per CSS pixel.
    assert.ok(png.width > 300 * PIXEL_RATIO && png.width < 600 * PIXEL_RATIO, `PNG width ${png.width}`);
    assert.ok(png.height > 200 * PIXEL_RATIO && png.height < 400 * PIXEL_RATIO, `PNG height ${png.height}`);
    assert.deepEqual(bundle.metadata, { 'image/png': { width: png.width / PIXEL_RATIO } });
    assert.match(bundle.data['text/plain'], /loss 0\.25, val_loss 0\.3/);
  });

  it('reads tfjs History values that are scalars', async () => {
    const loss = [tf.scalar(0.75), tf.scalar(0.5)];
    const bundle = await lineChart({ loss });
    tf.dispose(loss);
    assert.deepEqual(specOf(bundle).data.values.map((row) => row['value']), [0.75, 0.5]);
  });

  it('bundles grouped bars with their values', async () => {
    const bundle = await barChart({ clean: { classifier: 0.91, denoised: 0.9 }, noisy: { classifier: 0.52 } });
    assert.equal(bundle.data['text/html'], undefined);
    assert.deepEqual(specOf(bundle).data.values, [
      { category: 'clean', group: 'classifier', value: 0.91 },
      { category: 'clean', group: 'denoised', value: 0.9 },
      { category: 'noisy', group: 'classifier', value: 0.52 },
    ]);
  });

  it('draws labels: charts that differ only in their title differ in pixels', async () => {
    const values = { a: { x: 1 } };
    const first = pngPixels(await barChart(values, { title: 'AAAA' }));
    const second = pngPixels(await barChart(values, { title: 'WWWW' }));
    assert.equal(first.data.length, second.data.length);
    assert.notDeepEqual(first.data, second.data, 'titles rendered identically: resvg found no font');
  });

  it('puts every confusion-matrix count in a cell, coloured by share of the true class', async () => {
    const matrix = CLASS_NAMES.map((_, t) => CLASS_NAMES.map((_, p) => (t === p ? 90 : t === 6 && p === 0 ? 10 : 0)));
    const bundle = await confusionMatrixChart(tf.tensor2d(matrix).arraySync(), CLASS_NAMES);
    const cells = specOf(bundle).data.values;
    assert.equal(cells.length, 100);
    assert.deepEqual(
      cells.find((cell) => cell['true'] === 'Shirt' && cell['predicted'] === 'T-shirt/top'),
      { true: 'Shirt', predicted: 'T-shirt/top', count: 10, share: 0.1 },
    );
    assert.match(bundle.data['text/plain'], /900\/910 on the diagonal/);
  });

  it('accepts a Tensor2D confusion matrix without leaking and rejects a wrong shape', async () => {
    const matrix = tf.eye(10);
    assert.equal(await tensorsLeaked(() => confusionMatrixChart(matrix as never, CLASS_NAMES)), 0);
    matrix.dispose();
    const nine = CLASS_NAMES.slice(1).map(() => CLASS_NAMES.map(() => 1));
    await assert.rejects(confusionMatrixChart(nine, CLASS_NAMES), (error: unknown) => {
      return error instanceof DisplayInputError && /expected a 10x10 matrix.*found 9x\[10\]/.test(error.message);
    });
  });

  it('bins values like a hand count, clipping outliers into the edge bins', () => {
    const counts = binCounts([0, 0.05, 0.15, 0.95, 1, 1.5, -1, 0.55], 10, [0, 1]);
    assert.deepEqual(counts, [3, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
  });

  it('overlays histograms of tensors as shares, without leaking', async () => {
    const clean = tf.tensor2d([[0, 0], [0, 1]]);
    const noisy = tf.tensor1d([0.1, 0.6]);
    let bundle: DisplayBundle | undefined;
    const leaked = await tensorsLeaked(async () => {
      bundle = await histogramChart({ clean, noisy }, { bins: 2 });
    });
    tf.dispose([clean, noisy]);
    assert.equal(leaked, 0);
    const shares = specOf(bundle as DisplayBundle).data.values.map((row) => [row['series'], row['start'], row['share']]);
    assert.deepEqual(shares, [['clean', 0, 0.75], ['clean', 0.5, 0.25], ['noisy', 0, 0.5], ['noisy', 0.5, 0.5]]);
  });
});

describe('display: image grid', () => {
  it('composes upscaled tiles at the layout positions, with the input gray levels, without leaking', async () => {
    const first = grayImages([0.2, 0.5, 0.8]);
    const second = grayImages([1, 0]);
    const rows = [
      { title: 'clean', images: first },
      { title: 'denoised', images: second },
    ];
    let bundle: DisplayBundle | undefined;
    const leaked = await tensorsLeaked(async () => {
      bundle = await imageGrid(rows, { columns: 2, scale: 2 });
    });
    tf.dispose([first, second]);
    assert.equal(leaked, 0);
    const grid = bundle as DisplayBundle;
    assert.deepEqual(Object.keys(grid.data).sort(), ['image/png', 'text/plain']);
    assert.equal(grid.data['text/plain'], '[image grid] clean (2 of 3), denoised (2 of 2)');
    const layout = imageGridLayout([{ title: 'clean', tiles: 2 }, { title: 'denoised', tiles: 2 }], 56, 56);
    const png = pngPixels(grid);
    assert.deepEqual([png.width, png.height], [layout.width, layout.height]);
    const expected = [[51, 128], [255, 0]];
    layout.tiles.forEach((tiles, r) =>
      tiles.forEach(({ x, y }, c) => {
        for (const [dx, dy] of [[1, 1], [28, 28], [54, 54]] as const) {
          assert.equal(png.at(x + dx, y + dy), expected[r]?.[c], `row ${r} column ${c} at +${dx}`);
        }
      }),
    );
  });

  it('writes coloured captions, marking wrong predictions', async () => {
    const images = grayImages([0.5, 0.5]);
    const captions = labelCaptions([0, 6], [0, 0], CLASS_NAMES);
    assert.deepEqual(captions.captions, ['T-shirt/top', '✗ Shirt\n(T-shirt/top)']);
    const redPixels = async (withCaptions: boolean): Promise<number> => {
      const png = pngPixels(await imageGrid([{ title: 'noisy', images, ...(withCaptions ? captions : {}) }]));
      let red = 0;
      for (let i = 0; i < png.data.length; i += 3) if ((png.data[i] ?? 0) > 150 && (png.data[i + 1] ?? 255) < 100) red++;
      return red;
    };
    const [captioned, plain] = [await redPixels(true), await redPixels(false)];
    images.dispose();
    assert.equal(plain, 0);
    assert.ok(captioned > 20, `only ${captioned} red caption pixels`);
  });

  it('rejects images that are not [n, h, w, 1|3] or differ between rows', async () => {
    const twoChannels = tf.zeros([1, 28, 28, 2]) as Tensor4D;
    const small = tf.zeros([1, 14, 14, 1]) as Tensor4D;
    const fine = grayImages([0]);
    await assert.rejects(imageGrid([{ title: 'odd', images: twoChannels }]), /row "odd": expected images \[n, 28, 28, 2\] like the first row \(channels 1 or 3\)/);
    await assert.rejects(imageGrid([{ title: 'a', images: fine }, { title: 'b', images: small }]), DisplayInputError);
    tf.dispose([twoChannels, small, fine]);
  });
});

describe('display: live chart and progress', () => {
  it('coalesces a burst of updates into at most two redraws, the last one complete', async () => {
    const output = new RecordingOutput();
    const chart = liveLineChart({ throttleMs: 300, output });
    for (let epoch = 1; epoch <= 30; epoch++) chart.update(epoch, { loss: 1 / epoch, val_loss: undefined });
    await chart.close();
    assert.ok(output.bundles.length >= 1 && output.bundles.length <= 2, `${output.bundles.length} redraws`);
    assert.equal(specOf(output.last).data.values.length, 30);
  });

  it('redraws a throttled update later without close, and tfjs hooks plot epoch + 1', async () => {
    const output = new RecordingOutput();
    const chart = liveLineChart({ throttleMs: 150, output, metrics: ['loss'] });
    chart.onEpochEnd(0, { loss: 0.5, acc: 0.1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    chart.onEpochEnd(1, { loss: 0.25, acc: 0.2 });
    const countAfterBurst = output.bundles.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(countAfterBurst, 1);
    assert.equal(output.bundles.length, 2);
    await chart.onTrainEnd();
    assert.equal(output.bundles.length, 2, 'close redrew although nothing changed');
    assert.deepEqual(specOf(output.last).data.values, [
      { x: 1, series: 'loss', value: 0.5 },
      { x: 2, series: 'loss', value: 0.25 },
    ]);
  });

  it('formats a progress line with hand-computed throughput and ETA', () => {
    const line = formatProgress({
      epoch: 2,
      epochs: 10,
      epochSamples: 500,
      samplesPerEpoch: 1000,
      totalSamples: 2500,
      elapsedMs: 10_000,
      batchLogs: { batch: 4, size: 100, loss: 0.021349 },
      epochLogs: { loss: 0.03, val_loss: 0.0251234 },
      finished: false,
    });
    assert.equal(line, 'epoch 3/10 [==========..........] 500/1000 · loss 0.02135 · val_loss 0.02512 · 250 samples/s · ETA 30s');
    assert.deepEqual([formatDuration(42), formatDuration(90), formatDuration(3725)], ['42s', '1m 30s', '1h 02m']);
  });

  it('updates the progress line at epoch ends and finishes with a summary, not once per batch', async () => {
    const output = new RecordingOutput();
    const progress = trainingProgress({ epochs: 2, samplesPerEpoch: 40, throttleMs: 60_000, output });
    for (let epoch = 0; epoch < 2; epoch++) {
      progress.onEpochBegin(epoch);
      for (let batch = 0; batch < 4; batch++) progress.onBatchEnd(batch, { batch, size: 10, loss: 1 / (batch + 1) });
      await progress.onEpochEnd(epoch, { loss: 0.3, val_loss: 0.4 });
    }
    await progress.onTrainEnd();
    const lines = output.bundles.map((bundle) => bundle.data['text/plain']);
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.match(lines[1] ?? '', /^epoch 1\/2 \[=+\] 40\/40 · loss 0\.25 · val_loss 0\.4/);
    assert.match(lines[3] ?? '', /^done: 2 epochs in \d+s · loss 0\.3 · val_loss 0\.4 · \d+ samples\/s$/);
  });
});

describe('display: tables', () => {
  it('escapes HTML in cells and headers', () => {
    const bundle = table([{ model: '<script>alert("x")</script>', '<b>': 'a & b' }]);
    const html = bundle.data['text/html'] as string;
    assert.ok(!html.includes('<script>') && !html.includes('<b>'), html);
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    assert.match(html, /<th>&lt;b&gt;<\/th>/);
    assert.match(html, /a &amp; b/);
  });

  it('renders a danfojs DataFrame with its index, rounding fractions and right-aligning numbers', () => {
    const frame = new DataFrame([{ model: 'baseline', accuracy: 0.912345 }, { model: 'denoised', accuracy: 0.9 }]);
    const bundle = table(frame);
    assert.deepEqual(Object.keys(bundle.data).sort(), ['text/html', 'text/plain']);
    assert.match(bundle.data['text/html'] as string, /<tr><td style="text-align:right">0<\/td><td>baseline<\/td><td style="text-align:right">0\.9123<\/td><\/tr>/);
    assert.equal(bundle.data['text/plain'], ['   model     accuracy', '0  baseline    0.9123', '1  denoised       0.9'].join('\n'));
  });

  it('shows at most maxRows rows and counts the rest', () => {
    const records = Array.from({ length: 12 }, (_, i) => ({ i }));
    const bundle = table(records, { maxRows: 10 });
    assert.equal((bundle.data['text/html'] as string).match(/<tr>/g)?.length, 11);
    assert.match(bundle.data['text/plain'], /… 2 more rows$/);
  });
});

describe('display: sending to Jupyter', () => {
  const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };
  afterEach(() => {
    delete (globalThis as { __tslab__?: unknown }).__tslab__;
    jupyter.lastWriteDisplayData = null;
  });

  it('prints the text/plain line outside tslab', async () => {
    assert.equal(isInsideTslab(), false);
    const { printed } = await silenced(async () => show(table([{ a: 1 }])));
    assert.deepEqual(printed, ['a\n1']);
  });

  it('sends whole bundles through tslab: new displays, then in-place updates under one display_id', async () => {
    const sent: { message: { data: object; transient: { display_id?: string } }; update: boolean }[] = [];
    (globalThis as { __tslab__?: unknown }).__tslab__ = {};
    jupyter.lastWriteDisplayData = (message: never, update: boolean) => sent.push({ message, update });
    const chart = await barChart({ a: { b: 1 } });
    await show(chart);
    const live = liveOutput();
    live.update(chart);
    live.update(chart);
    assert.deepEqual(sent.map((s) => s.update), [false, false, true]);
    assert.deepEqual(Object.keys(sent[0]?.message.data ?? {}).sort(), [VEGA_LITE, 'image/png', 'text/plain']);
    assert.equal(sent[0]?.message.transient.display_id, undefined);
    const ids = sent.slice(1).map((s) => s.message.transient.display_id);
    assert.ok(ids[0] !== undefined && ids[0] === ids[1], `display ids ${ids.join(', ')}`);
  });

  it('names the tslab internal when it is missing, for bundles and promised bundles', async () => {
    (globalThis as { __tslab__?: unknown }).__tslab__ = {};
    assert.throws(() => show(table([{ a: 1 }])), DisplayEnvironmentError);
    await assert.rejects(show(barChart({ a: { b: 1 } })), /lastWriteDisplayData is null/);
  });
});
