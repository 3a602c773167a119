// Numbers as people read them in a status line or a text fallback.

/** Four significant digits, no trailing zeros: 0.021349 → "0.02135", 1.5658156 → "1.566". */
export function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}
