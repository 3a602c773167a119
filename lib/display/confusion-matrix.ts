// Confusion matrix as a heatmap: true class down, predicted class across, counts written in the cells.
import type { TopLevelSpec } from 'vega-lite';
import { DisplayInputError } from '../errors';
import type { Tensor2D } from '../tf';
import type { DisplayBundle } from './bundle';
import { chartBundle } from './bundle';
import { chartText, specFrame, type ChartOptions } from './charts';

/** Cell size that fits a four-digit count in the default font. */
const CELL_PX = 38;

/**
 * A heatmap of `matrix[true][predicted]` counts with class names on both axes. Colour is the share of the
 * true class, so the errors of a small class stand out as much as those of a large one.
 * Width and height default to 38 px per class.
 */
export async function confusionMatrixChart(
  matrix: readonly (readonly number[])[] | Tensor2D,
  classNames: readonly string[],
  options: ChartOptions = {},
): Promise<DisplayBundle> {
  const rows = Array.isArray(matrix) ? (matrix as readonly (readonly number[])[]) : (matrix as Tensor2D).arraySync();
  const n = classNames.length;
  if (rows.length !== n || rows.some((row) => row.length !== n)) {
    const shape = `${rows.length}x[${[...new Set(rows.map((row) => row.length))].join(', ')}]`;
    throw new DisplayInputError('confusion matrix', `a ${n}x${n} matrix (one row and column per class name)`, shape);
  }
  const cells = rows.flatMap((row, t) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return row.map((count, p) => ({
      true: classNames[t],
      predicted: classNames[p],
      count,
      share: total === 0 ? 0 : count / total,
    }));
  });
  const sort = [...classNames];
  const spec: TopLevelSpec = {
    ...specFrame({ ...options, width: options.width ?? CELL_PX * n, height: options.height ?? CELL_PX * n }),
    data: { values: cells },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort, axis: { labelAngle: -45, orient: 'top' } },
      y: { field: 'true', type: 'nominal', sort },
    },
    layer: [
      {
        mark: { type: 'rect', tooltip: true },
        encoding: {
          color: { field: 'share', type: 'quantitative', scale: { scheme: 'blues', domain: [0, 1] }, title: 'share of true class' },
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: 'black' },
        },
      },
    ],
  };
  const correct = rows.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  const total = rows.flat().reduce((sum, count) => sum + count, 0);
  return chartBundle(spec, chartText('confusion matrix', options, `${correct}/${total} on the diagonal`));
}
