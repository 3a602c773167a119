// `npm run setup`, step 1: Node dependencies. Plain JavaScript because TypeScript tooling is not installed yet.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOCKFILE = join(ROOT, 'package-lock.json');
const STAMP = join(ROOT, 'node_modules', '.setup-lockfile.sha256');

function installNodeDependencies() {
  const lockHash = createHash('sha256').update(readFileSync(LOCKFILE)).digest('hex');
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === lockHash) {
    return 'already installed (package-lock.json unchanged)';
  }
  // --ignore-scripts: npm 10 runs dependencies' install scripts and npm 11 does not; tfjs-node's own script
  // downloads from a dead URL. The native backend is provisioned by a later step instead, the same on both.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`\`npm ci\` exited with ${result.status ?? result.signal}; see its output above. Check that the npm registry is reachable.`);
  }
  writeFileSync(STAMP, lockHash);
  return 'installed from package-lock.json';
}

const started = Date.now();
// Of the steps of main.ts (TOTAL_STEPS there) plus this one.
console.log('[setup 1/6] Node dependencies');
let summary;
try {
  summary = installNodeDependencies();
} catch (error) {
  console.error(`setup failed at step 1 (Node dependencies): ${error.message}`);
  process.exit(1);
}
console.log(`            ${summary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const rest = spawnSync(process.execPath, [tsx, join(ROOT, 'tools', 'setup', 'main.ts'), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, SETUP_STEP1_SUMMARY: summary },
});
process.exit(rest.status ?? 1);
