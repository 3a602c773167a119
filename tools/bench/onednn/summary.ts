// Sums oneDNN's verbose log (ONEDNN_VERBOSE=1) by primitive: what each side's kernels cost, and whether they overlap.
export interface PrimitiveTotal {
  /** Primitive kind, implementation and propagation, e.g. 'convolution jit:avx512_core backward_weights'. */
  readonly primitive: string;
  readonly callsPerStep: number;
  readonly msPerStep: number;
}

export interface PrimitiveSummary {
  readonly primitives: PrimitiveTotal[];
  /** All primitives' time per step; more than the step's wall time means primitives ran side by side. */
  readonly primitiveMsPerStep: number;
}

/** oneDNN 3's exec lines: `onednn_verbose,[v1,][timestamp,]primitive,exec,cpu,<kind>,<impl>,<prop>,...,<ms>`. */
export function summarizeVerbose(lines: readonly string[], steps: number): PrimitiveSummary {
  const totals = new Map<string, { calls: number; ms: number }>();
  for (const line of lines) {
    if (!line.startsWith('onednn_verbose,')) continue;
    const fields = line.trim().split(',');
    const exec = fields.indexOf('exec');
    const ms = Number(fields[fields.length - 1]);
    if (exec < 0 || fields[exec + 1] !== 'cpu' || !Number.isFinite(ms)) continue;
    const primitive = fields.slice(exec + 2, exec + 5).join(' ').trim();
    const total = totals.get(primitive) ?? { calls: 0, ms: 0 };
    total.calls += 1;
    total.ms += ms;
    totals.set(primitive, total);
  }
  const primitives = [...totals].map(([primitive, { calls, ms }]) => ({ primitive, callsPerStep: calls / steps, msPerStep: ms / steps }))
    .sort((a, b) => b.msPerStep - a.msPerStep);
  return { primitives, primitiveMsPerStep: primitives.reduce((sum, item) => sum + item.msPerStep, 0) };
}
