// Notebook 01's steps: load the configured dataset, and show what is in it.
import type { PipelineConfig } from '../config/index';
import { barChart, imageGrid, type DisplayBundle } from '../display/index';
import { CLASS_NAMES, loadFashionMnist, type FashionMnist, type Split } from '../data/fashion-mnist';
import { classCounts, firstOfEachClass, gatherImages } from '../data/subsets';

/** The train and test images this configuration uses (all of them, or the smoke profile's first few). */
export function loadDataset(config: PipelineConfig): FashionMnist {
  return loadFashionMnist({ trainSize: config.data.trainSize, testSize: config.data.testSize });
}

/** One row per class: its label, name and number of images in each split. */
export function classSummary(data: FashionMnist): Record<string, string | number>[] {
  const train = classCounts(data.train.labels);
  const test = classCounts(data.test.labels);
  return CLASS_NAMES.map((name, label) => ({ label, name, train: train[label] ?? 0, test: test[label] ?? 0 }));
}

/** `perClass` examples of each class, one row per example rank, captioned with the class name. */
export async function classSampleGrid(split: Split, perClass = 2): Promise<DisplayBundle> {
  const indices = firstOfEachClass(split.labels, perClass);
  const images = gatherImages(split.images, indices); // [10 * perClass, 28, 28, 1], class by class
  try {
    const rows = Array.from({ length: perClass }, (_, rank) => {
      const picks = CLASS_NAMES.map((_, label) => label * perClass + rank);
      return {
        title: `example ${rank + 1}`,
        images: gatherImages(images, picks),
        captions: CLASS_NAMES.map((name) => name),
      };
    });
    try {
      return await imageGrid(rows);
    } finally {
      rows.forEach((row) => row.images.dispose());
    }
  } finally {
    images.dispose();
  }
}

/** Images per class in each split, as grouped bars. */
export function classDistributionChart(data: FashionMnist): Promise<DisplayBundle> {
  const train = classCounts(data.train.labels);
  const test = classCounts(data.test.labels);
  const values = Object.fromEntries(CLASS_NAMES.map((name, label) => [name, { train: train[label] ?? 0, test: test[label] ?? 0 }]));
  return barChart(values, { title: 'Images per class', yTitle: 'images', valueFormat: 'd', width: 640 });
}

/** Frees the dataset's tensors. */
export function disposeDataset(data: FashionMnist): void {
  data.train.images.dispose();
  data.test.images.dispose();
}

/** Records the dataset's shape in results.json and returns the notebook's one-line conclusion. */
export function dataConclusion(data: FashionMnist): { record: Record<string, unknown>; conclusion: string } {
  const perClass = classCounts(data.train.labels);
  const record = { train_images: data.train.labels.length, test_images: data.test.labels.length, train_images_per_class: perClass };
  const balance = Math.min(...perClass) === Math.max(...perClass) ? `exactly ${perClass[0]} per class` : `${Math.min(...perClass)}–${Math.max(...perClass)} per class`;
  return {
    record,
    conclusion: `${record.train_images} training and ${record.test_images} test images of 28×28 pixels in 10 classes, ${balance} in training.`,
  };
}
