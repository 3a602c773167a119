// Whether a process of this host still runs: what tells a stale lock or status record from a live one.

/** Signal 0 only asks whether the process exists; EPERM says it does, under another user. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
