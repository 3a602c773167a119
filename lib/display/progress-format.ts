// The one-line training status: epoch, batch progress, losses, throughput and time left.
import { formatNumber } from './format';

const BAR_WIDTH = 20;
/** Keys tfjs puts in batch logs that are bookkeeping, not metrics. */
const BOOKKEEPING_KEYS = new Set(['batch', 'size']);

/** Where training stands; all counts so far, nothing derived. */
export interface ProgressState {
  /** 0-based index of the running (or, when finished, the last) epoch. */
  readonly epoch: number;
  readonly epochs: number;
  /** Samples processed in the running epoch. */
  readonly epochSamples: number;
  readonly samplesPerEpoch: number;
  /** Samples processed since training started. */
  readonly totalSamples: number;
  /** Wall time since training started, validation included, so the ETA includes it too. */
  readonly elapsedMs: number;
  /** Logs of the latest batch (running loss). */
  readonly batchLogs: Readonly<Record<string, number>>;
  /** Logs of the latest finished epoch (loss, val_loss, ...). */
  readonly epochLogs: Readonly<Record<string, number>>;
  readonly finished: boolean;
}

/** `90` → "1m 30s"; hours for long runs, seconds for short ones. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h ${String(Math.floor(whole / 60) % 60).padStart(2, '0')}m`;
}

function formatLogs(logs: Readonly<Record<string, number>>, keep: (key: string) => boolean): string[] {
  return Object.entries(logs)
    .filter(([key]) => keep(key) && !BOOKKEEPING_KEYS.has(key))
    .map(([key, value]) => `${key} ${formatNumber(value)}`);
}

/**
 * E.g. `epoch 3/60 [=====...............] 256/1000 · loss 0.0213 · val_loss 0.022 · 2512 samples/s · ETA 4m 12s`;
 * once finished, `done: 60 epochs in 12m 03s · loss ... · val_loss ... · 2512 samples/s`.
 */
export function formatProgress(state: ProgressState): string {
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? state.totalSamples / seconds : 0;
  const throughput = `${Math.round(rate)} samples/s`;
  if (state.finished) {
    const logs = formatLogs(state.epochLogs, () => true);
    return [`done: ${state.epoch + 1} epochs in ${formatDuration(seconds)}`, ...logs, throughput].join(' · ');
  }
  const fraction = state.samplesPerEpoch > 0 ? Math.min(1, state.epochSamples / state.samplesPerEpoch) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'='.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
  const remaining = state.epochs * state.samplesPerEpoch - state.totalSamples;
  const eta = rate > 0 ? formatDuration(remaining / rate) : '?';
  return [
    `epoch ${state.epoch + 1}/${state.epochs} ${bar} ${state.epochSamples}/${state.samplesPerEpoch}`,
    ...formatLogs(state.batchLogs, (key) => !key.startsWith('val_')),
    ...formatLogs(state.epochLogs, (key) => key.startsWith('val_')),
    throughput,
    `ETA ${eta}`,
  ].join(' · ');
}
