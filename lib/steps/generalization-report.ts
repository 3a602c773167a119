// Notebook 06's generalization grid as a table, a chart of margins, a results.json section and a conclusion.
import type { GridCell } from './generalization-grid';

/** One table row per cell, rounded for reading; results.json keeps the exact numbers. */
export function gridRows(cells: readonly GridCell[]): Record<string, string | number>[] {
  const db = (value: number) => Number(value.toFixed(2));
  const fraction = (value: number) => Number(value.toFixed(3));
  return cells.map((cell) => ({
    noise: `${cell.type} ${cell.level}`,
    strength: cell.strength,
    'noisy dB': db(cell.noisy_psnr_db),
    'autoencoder dB': db(cell.autoencoder_psnr_db),
    'autoencoder SSIM': fraction(cell.autoencoder_ssim),
    'best classical': cell.classical,
    settings: cell.classical_parameters,
    'classical dB': db(cell.classical_psnr_db),
    'classical SSIM': fraction(cell.classical_ssim),
    'margin dB': db(cell.margin_db),
    'composite acc.': fraction(cell.composite_accuracy),
    'classifier acc. (noisy)': fraction(cell.classifier_noisy_accuracy),
  }));
}

/** The autoencoder's margin over the best tuned classical denoiser, grouped by noise type, one bar per strength. */
export function marginBars(cells: readonly GridCell[]): Record<string, Record<string, number>> {
  const bars: Record<string, Record<string, number>> = {};
  for (const cell of cells) bars[cell.type] = { ...bars[cell.type], [`${cell.strength} (${cell.level})`]: cell.margin_db };
  return bars;
}

/** The cell key of results.json's `generalization.cells`, e.g. 'gaussian 0.3'. */
export function cellKey(cell: Pick<GridCell, 'type' | 'level'>): string {
  return `${cell.type} ${cell.level}`;
}

export interface GridSizes {
  /** Test images scored per cell. */
  readonly testImages: number;
  /** Validation images the classical denoisers were tuned on per cell. */
  readonly tuningImages: number;
  readonly seconds: number;
}

/** The `generalization` section of results.json and the grid's one-line conclusion. */
export function gridConclusion(cells: readonly GridCell[], sizes: GridSizes): { record: Record<string, unknown>; conclusion: string } {
  if (cells.length === 0) return { record: {}, conclusion: 'The grid has no cells.' };
  const worst = cells.reduce((low, cell) => (cell.margin_db < low.margin_db ? cell : low));
  const beaten = cells.filter((cell) => cell.margin_db > 0).length;
  const worsened = cells.filter((cell) => cell.autoencoder_psnr_db < cell.noisy_psnr_db);
  const record = {
    cells: Object.fromEntries(cells.map((cell) => [cellKey(cell), cell])),
    cell_count: cells.length,
    cells_autoencoder_ahead: beaten,
    cells_autoencoder_ahead_by_1db: cells.filter((cell) => cell.margin_db >= 1).length,
    min_margin_db: worst.margin_db,
    min_margin_cell: cellKey(worst),
    cells_worse_than_noisy: worsened.map(cellKey),
    test_images_per_cell: sizes.testImages,
    tuning_images_per_cell: sizes.tuningImages,
    seconds: sizes.seconds,
  };
  const worse = worsened.length === 0 ? 'it raises PSNR in every cell' : `it lowers PSNR below the noisy input's in ${worsened.map(cellKey).join(', ')}`;
  const conclusion =
    `The autoencoder beats the best tuned classical denoiser in ${beaten} of ${cells.length} cells ` +
    `(by ≥ 1 dB in ${record.cells_autoencoder_ahead_by_1db}); its smallest margin is ${worst.margin_db.toFixed(2)} dB at ${cellKey(worst)} ` +
    `(against ${worst.classical}), and ${worse} (${sizes.testImages} test images per cell, classical denoisers tuned on ${sizes.tuningImages}).`;
  return { record, conclusion };
}
