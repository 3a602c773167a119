// The runs table as aligned text for a terminal: fixed decimals per measure, '—' where a value is absent.
import type { RunColumn, RunRow } from '../../lib/run/runs-index';

/** The columns shown, with the decimals of the numeric ones: accuracies to 4, dB to 2, SSIM to 3, seconds to 1. */
const SHOWN: readonly (readonly [RunColumn, number?])[] = [
  ['id'], ['preset'], ['profile'], ['changed'], ['status'],
  ['clean', 4], ['noisy', 4], ['composite', 4], ['psnr_db', 2], ['ssim', 3], ['wall_s', 1],
  ['note'],
];
/** Free text, cut with '…' (in this order) when the table is wider than the terminal. */
const SHRINKABLE: readonly RunColumn[] = ['changed', 'note'];
const MIN_SHRUNK_WIDTH = 12;
const ABSENT = '—';
/** Most rows have no note, and a column of dashes would hide the few that do. */
const NO_NOTE = '';
const GAP = '  ';

/** Aligned rows under a header; `width` (the terminal's columns) cuts long free text so that lines fit it. */
export function runsTable(rows: readonly RunRow[], width?: number): string {
  const columns = SHOWN.filter(([column]) => column !== 'note' || rows.some((row) => row.note !== ''));
  const cells = rows.map((row) => columns.map(([column, digits]) => {
    const value = row[column];
    if (value === null || value === '') return column === 'note' ? NO_NOTE : ABSENT;
    return typeof value === 'number' ? value.toFixed(digits) : value;
  }));
  const widths = columns.map(([column], c) => Math.max(column.length, ...cells.map((row) => row[c]!.length)));
  let excess = width === undefined ? 0 : widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1) - width;
  for (const shrinkable of SHRINKABLE) {
    const c = columns.findIndex(([column]) => column === shrinkable);
    if (c < 0 || excess <= 0) continue;
    const cut = Math.min(excess, Math.max(0, widths[c]! - MIN_SHRUNK_WIDTH));
    widths[c] = widths[c]! - cut;
    excess -= cut;
  }
  const line = (texts: readonly string[]): string =>
    texts.map((text, c) => {
      const fitted = text.length > widths[c]! ? `${text.slice(0, widths[c]! - 1)}…` : text;
      return columns[c]![1] === undefined ? fitted.padEnd(widths[c]!) : fitted.padStart(widths[c]!);
    }).join(GAP).trimEnd();
  return [line(columns.map(([column]) => column)), ...cells.map(line)].join('\n');
}
