// Runs a (possibly async) redraw at most once per interval, never overlapping, and always shows the last state.

/**
 * Coalesces redraw requests: the first runs at once, later ones within `intervalMs` collapse into one trailing
 * run. A failed run does not stop training; its error is rethrown by the next `flush`.
 */
export class Throttle {
  private lastRun = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private running: Promise<void> = Promise.resolve();
  private error: unknown;

  constructor(
    private readonly run: () => void | Promise<void>,
    private readonly intervalMs: number,
  ) {}

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

  /** Redraws now if anything changed since the last redraw, waits for it, and rethrows any redraw error. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dirty) this.fire();
    await this.running;
    if (this.error !== undefined) {
      const error = this.error;
      this.error = undefined;
      throw error;
    }
  }

  private fire(): void {
    this.dirty = false;
    this.lastRun = Date.now();
    this.running = this.running
      .then(this.run)
      .catch((error: unknown) => {
        this.error ??= error;
      });
  }
}
