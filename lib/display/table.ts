// Tables from danfojs DataFrames or arrays of records, as escaped HTML with an aligned-text fallback.
import { htmlBundle, type DisplayBundle } from './bundle';

/** What a danfojs DataFrame offers for display; matched by shape so importing danfojs is not needed here. */
export interface FrameLike {
  readonly columns: readonly string[];
  readonly index: readonly (string | number)[];
  /** Rows of cells; typed as danfojs types it (1-D or 2-D), always 2-D for a DataFrame. */
  readonly values: readonly unknown[];
}

export interface TableOptions {
  /** Rows shown; the rest are counted in a last line. @default 50 (a per-class table fits, a dataset does not flood) */
  readonly maxRows?: number;
  /** Digits after the point for non-integers. @default 4 (enough to compare accuracies and losses) */
  readonly fractionDigits?: number;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

function isFrame(data: unknown): data is FrameLike {
  const frame = data as Partial<FrameLike>;
  return Array.isArray(frame.columns) && Array.isArray(frame.values) && Array.isArray(frame.index);
}

function formatCell(value: unknown, fractionDigits: number): string {
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
    return String(Number(value.toFixed(fractionDigits)));
  }
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/**
 * A table bundle (text/html + text/plain). A DataFrame shows its index first, as pandas does; records show
 * the union of their keys, in first-seen order.
 */
export function table(data: FrameLike | readonly object[], options: TableOptions = {}): DisplayBundle {
  const maxRows = options.maxRows ?? 50;
  const digits = options.fractionDigits ?? 4;
  let header: string[];
  let rows: unknown[][];
  if (isFrame(data)) {
    header = ['', ...data.columns];
    rows = data.values.map((row, i) => [data.index[i], ...(Array.isArray(row) ? row : [row])]);
  } else {
    const records = data as readonly Readonly<Record<string, unknown>>[]; // rows are plain objects: interfaces included
    header = [...new Set(records.flatMap((record) => Object.keys(record)))];
    rows = records.map((record) => header.map((key) => record[key] ?? ''));
  }
  const shown = rows.slice(0, maxRows).map((row) => row.map((value) => formatCell(value, digits)));
  const hidden = rows.length - shown.length;
  const numeric = header.map((_, column) => rows.every((row) => typeof row[column] === 'number'));
  const align = (column: number): string => (numeric[column] === true ? ' style="text-align:right"' : '');
  const html = [
    '<table>',
    `<thead><tr>${header.map((name, c) => `<th${align(c)}>${escapeHtml(name)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...shown.map((row) => `<tr>${row.map((cell, c) => `<td${align(c)}>${escapeHtml(cell)}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
    ...(hidden > 0 ? [`<p>… ${hidden} more rows</p>`] : []),
  ].join('\n');
  return htmlBundle(html, textTable(header, shown, numeric, hidden));
}

function textTable(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[], hidden: number): string {
  const widths = header.map((name, c) => Math.max(name.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (numeric[c] === true ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line), ...(hidden > 0 ? [`… ${hidden} more rows`] : [])].join('\n');
}
