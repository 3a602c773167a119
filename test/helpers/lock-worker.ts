// Child process for the lock tests: waits until the time argv[5] (ms since the epoch), takes the lock argv[2]
// with short timings, appends "enter <pid>" and "leave <pid>" lines to argv[3] around its hold, and prints what
// the lock told it as JSON lines on stdout. It holds for argv[4] ms, or, if argv[4] is a path, until that file exists.
import { appendFileSync, existsSync } from 'node:fs';
import { withLock } from '../../lib/model-cache/lock';

const HEARTBEAT_MS = 50;
const STALE_AFTER_MS = 1500; // well above a loaded machine's scheduling stalls, well below the tests' patience
const POLL_MS = 20;

async function main(): Promise<void> {
  const [path, log, hold, startAt] = process.argv.slice(2);
  const say = (event: object) => process.stdout.write(`${JSON.stringify(event)}\n`);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  await withLock(path!, async () => {
    appendFileSync(log!, `enter ${process.pid}\n`);
    if (/^\d+$/.test(hold!)) await new Promise((resolve) => setTimeout(resolve, Number(hold)));
    else while (!existsSync(hold!)) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    appendFileSync(log!, `leave ${process.pid}\n`);
  }, {
    pollMs: POLL_MS, heartbeatMs: HEARTBEAT_MS, staleAfterMs: STALE_AFTER_MS,
    onWait: (holder) => say({ waited: holder }),
    onTakeOver: (holder, reason) => say({ tookOver: holder, reason }),
  });
}

void main();
