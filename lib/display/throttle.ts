// Runs a (possibly async) redraw at most once per interval, never overlapping, and always shows the last state.

/** Where a failed redraw is reported. @default console.warn */
export type RedrawWarning = (line: string) => void;

/**
 * Coalesces redraw requests: the first runs at once, later ones within `intervalMs` collapse into one trailing
 * run. A redraw only shows state, so its failure cannot make a result wrong: the first failure is reported in
 * one line, later ones are counted, and nothing is thrown into the training that requested them.
 */
export class Throttle {
  private lastRun = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private running: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(
    private readonly run: () => void | Promise<void>,
    private readonly intervalMs: number,
    private readonly warn: RedrawWarning = (line) => console.warn(line),
  ) {}

  /** Redraws that failed so far. */
  get failedRedraws(): number {
    return this.failures;
  }

  /** Marks the state changed; redraws now or schedules one redraw for the end of the interval. */
  request(): void {
    this.dirty = true;
    if (this.timer !== undefined) return;
    const wait = this.lastRun + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, wait);
    // A pending redraw must not keep a script alive; callers flush before they finish.
    this.timer.unref();
  }

  /** Redraws now if anything changed since the last redraw, and waits for it. Never rejects. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dirty) this.fire();
    await this.running;
  }

  private fire(): void {
    this.dirty = false;
    this.lastRun = Date.now();
    this.running = this.running.then(this.run).catch((error: unknown) => this.reportFailure(error));
  }

  private reportFailure(error: unknown): void {
    this.failures += 1;
    if (this.failures > 1) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.warn(`warning: a live display update failed (${reason.split('\n')[0]}); training goes on, and later failures are not reported`);
  }
}
