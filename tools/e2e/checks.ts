// The browser test's verdicts: each check passes or fails on its own, so one failure still shows what else works.

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export class Checks {
  private readonly outcomes: Outcome[] = [];

  /** Runs `body`; a throw fails the check with its message, a returned string is shown as the passing detail. */
  async check(name: string, body: () => Promise<string | void>): Promise<boolean> {
    try {
      const detail = (await body()) ?? '';
      this.record({ name, ok: true, detail });
      return true;
    } catch (error) {
      this.record({ name, ok: false, detail: (error as Error).message });
      return false;
    }
  }

  fail(name: string, detail: string): void {
    this.record({ name, ok: false, detail });
  }

  get failed(): number {
    return this.outcomes.filter((outcome) => !outcome.ok).length;
  }

  summary(): string {
    const passed = this.outcomes.length - this.failed;
    const failures = this.outcomes.filter((outcome) => !outcome.ok).map((outcome) => `  FAIL ${outcome.name}: ${outcome.detail}`);
    return [`${passed} of ${this.outcomes.length} checks passed`, ...failures].join('\n');
  }

  private record(outcome: Outcome): void {
    this.outcomes.push(outcome);
    const detail = outcome.detail ? (outcome.ok ? ` (${outcome.detail})` : `: ${outcome.detail}`) : '';
    console.log(`  ${outcome.ok ? 'ok  ' : 'FAIL'} ${outcome.name}${detail}`);
  }
}

/** A time budget shared by every wait, so a hung step cannot stretch the whole run past its limit. */
export class Deadline {
  private readonly end: number;

  constructor(readonly totalMs: number) {
    this.end = Date.now() + totalMs;
  }

  remaining(): number {
    return Math.max(0, this.end - Date.now());
  }

  /** `ms`, cut to what is left of the budget (at least one second, so a late step still reports its own failure). */
  cap(ms: number): number {
    return Math.max(1000, Math.min(ms, this.remaining()));
  }
}
