// Setup step 4: the native TensorFlow backend for tfjs-node, provisioned from the tensorflow-cpu wheel when
// tfjs-node's own download (a bucket that answers 403) cannot provide it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { capture, run, SetupStepError } from './shell';

const TENSORFLOW_WHEEL_VERSION = '2.21.0';
const TFJS_NODE_DIR = join(PROJECT_ROOT, 'node_modules', '@tensorflow', 'tfjs-node');
const LIBTENSORFLOW_CACHE = join(PROJECT_ROOT, '.cache', `libtensorflow-${TENSORFLOW_WHEEL_VERSION}`);
const COMPLETE_MARKER = join(LIBTENSORFLOW_CACHE, '.complete');
// tfjs-node's binding links -ltensorflow; its installer skips its download when this exact file exists.
const TFJS_EXPECTED_LIBRARY = 'libtensorflow.so.2.9.1';
const OWN_INSTALLER_TIMEOUT_MS = 120_000;
const PROBE_TIMEOUT_MS = 120_000;

interface BackendProbe {
  ok: boolean;
  detail: string;
}

function probeBackend(): BackendProbe {
  const tsx = join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const result = spawnSync(process.execPath, [tsx, join(PROJECT_ROOT, 'tools', 'setup', 'check-backend.ts')], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
  });
  if (result.status === 0) {
    const found = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Record<string, string>;
    return { ok: true, detail: `backend '${found.backend}', tfjs-node ${found.tfjsVersion}, libtensorflow ${found.tensorflowVersion}` };
  }
  const message = `${result.stderr}`.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? `exit ${result.status}`;
  return { ok: false, detail: message.trim() };
}

function tryOwnInstaller(): void {
  if (existsSync(join(TFJS_NODE_DIR, 'deps', 'lib', TFJS_EXPECTED_LIBRARY))) return;
  console.log('            trying tfjs-node\'s own installer (downloads libtensorflow 2.9.1)…');
  spawnSync(process.execPath, [join(TFJS_NODE_DIR, 'scripts', 'install.js')], {
    cwd: TFJS_NODE_DIR,
    stdio: ['ignore', 'ignore', 'ignore'],
    timeout: OWN_INSTALLER_TIMEOUT_MS,
    env: { ...process.env, npm_config_nodedir: nodeHeadersDir() },
  });
}

/** Extracts libtensorflow and its headers from the tensorflow-cpu wheel into .cache (once). */
function extractLibtensorflowFromWheel(): void {
  if (existsSync(COMPLETE_MARKER)) return;
  const remedy = `Check that pip can download tensorflow-cpu==${TENSORFLOW_WHEEL_VERSION} (pip download --no-deps tensorflow-cpu==${TENSORFLOW_WHEEL_VERSION}).`;
  const staging = `${LIBTENSORFLOW_CACHE}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  console.log(`            downloading the tensorflow-cpu ${TENSORFLOW_WHEEL_VERSION} wheel with pip…`);
  run('python3', ['-m', 'pip', 'download', '-q', '--no-deps', '--disable-pip-version-check', '-d', staging, `tensorflow-cpu==${TENSORFLOW_WHEEL_VERSION}`], {
    remedy,
    env: { ...process.env, PIP_RETRIES: process.env.PIP_RETRIES ?? '1' },
  });
  const wheel = readdirSync(staging).find((name) => name.endsWith('.whl'));
  if (!wheel) throw new SetupStepError(`pip download left no wheel in ${staging}`, remedy);
  console.log('            extracting libtensorflow_cc.so.2, libtensorflow_framework.so.2 and include/ from the wheel…');
  const extract = [
    'import os, shutil, sys, zipfile',
    'wheel, out = sys.argv[1], sys.argv[2]',
    'LIBS = ("tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2")',
    'INCLUDE = "tensorflow/include/"',
    'with zipfile.ZipFile(wheel) as z:',
    '    for member in z.namelist():',
    '        if member.endswith("/"): continue',
    '        if member in LIBS: target = os.path.join(out, "lib", os.path.basename(member))',
    '        elif member.startswith(INCLUDE): target = os.path.join(out, "include", member[len(INCLUDE):])',
    '        else: continue',
    '        os.makedirs(os.path.dirname(target), exist_ok=True)',
    '        with z.open(member) as src, open(target, "wb") as dst: shutil.copyfileobj(src, dst, 1 << 22)',
  ].join('\n');
  run('python3', ['-c', extract, join(staging, wheel), staging], { remedy: 'Check free disk space (about 1.1 GB is needed).' });
  rmSync(join(staging, wheel));
  rmSync(LIBTENSORFLOW_CACHE, { recursive: true, force: true });
  renameSync(staging, LIBTENSORFLOW_CACHE);
  mkdirSync(COMPLETE_MARKER);
}

/** Points tfjs-node's deps/ at the extracted libtensorflow, under the names its binding.gyp links. */
function linkDeps(): void {
  const deps = join(TFJS_NODE_DIR, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, 'lib'), { recursive: true });
  const cc = join(LIBTENSORFLOW_CACHE, 'lib', 'libtensorflow_cc.so.2');
  const framework = join(LIBTENSORFLOW_CACHE, 'lib', 'libtensorflow_framework.so.2');
  // The built binding records the library's own soname (libtensorflow_cc.so.2) as what it needs.
  for (const name of ['libtensorflow.so', 'libtensorflow.so.2', 'libtensorflow_cc.so.2', TFJS_EXPECTED_LIBRARY]) {
    symlinkSync(cc, join(deps, 'lib', name));
  }
  for (const name of ['libtensorflow_framework.so', 'libtensorflow_framework.so.2']) {
    symlinkSync(framework, join(deps, 'lib', name));
  }
  symlinkSync(join(LIBTENSORFLOW_CACHE, 'include'), join(deps, 'include'));
}

/** Node's own headers, so node-gyp does not try to download them. */
function nodeHeadersDir(): string | undefined {
  const besideNode = dirname(dirname(process.execPath));
  if (existsSync(join(besideNode, 'include', 'node', 'node_api.h'))) return besideNode;
  return process.env.npm_config_nodedir ?? capture('npm', ['config', 'get', 'nodedir']);
}

function buildBinding(): void {
  console.log('            building tfjs-node\'s binding against it (node-pre-gyp --build-from-source)…');
  const nodePreGyp = join(PROJECT_ROOT, 'node_modules', '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp');
  const headers = nodeHeadersDir();
  run(process.execPath, [nodePreGyp, 'install', '--build-from-source', '--silent'], {
    cwd: TFJS_NODE_DIR,
    remedy: 'A C++ toolchain is needed: make, g++ and python3 (Debian: apt-get install build-essential).',
    env: { ...process.env, ...(headers ? { npm_config_nodedir: headers } : {}) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export function ensureNativeBackend(): string {
  const first = probeBackend();
  if (first.ok) return first.detail;
  tryOwnInstaller();
  const afterOwnInstaller = probeBackend();
  if (afterOwnInstaller.ok) return `${afterOwnInstaller.detail} (tfjs-node's own installer)`;
  extractLibtensorflowFromWheel();
  linkDeps();
  buildBinding();
  const afterBuild = probeBackend();
  if (afterBuild.ok) return `${afterBuild.detail} (built against the tensorflow-cpu ${TENSORFLOW_WHEEL_VERSION} wheel)`;
  throw new SetupStepError(
    `the binding was built but the backend still fails to load: ${afterBuild.detail}`,
    `Delete ${LIBTENSORFLOW_CACHE} and node_modules, then run \`npm run setup\` again.`,
  );
}
