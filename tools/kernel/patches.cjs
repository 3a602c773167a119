// @ts-check
// Installs the kernel's two fixes to tslab 1.0.22 in this process, or checks that they would apply (setup).
'use strict';
const { readFileSync, writeSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { installCompileCache, patchConverterForCache } = require('./compile-cache.cjs');
const { patchConverterSource, KernelPatchError } = require('./converter-timers.cjs');
const { serialiseSends } = require('./serial-send.cjs');

const PROJECT_ROOT = join(__dirname, '..', '..');
const ZEROMQ_MAJOR = '6.';
/** Lines the kernel writes on its own stderr start with this, so the runner can tell them from noise. */
const KERNEL_REPORT_PREFIX = 'tslab-kernel:';

/** @param {string} request @param {string} from */
function resolveFrom(request, from) {
  return require.resolve(request, { paths: [from] });
}

/** Where tslab and the zeromq it loads live, with their versions. */
function locateTslab(projectRoot = PROJECT_ROOT) {
  const tslabPackage = resolveFrom('tslab/package.json', projectRoot);
  const tslabDir = dirname(tslabPackage);
  const zeromqPackage = resolveFrom('zeromq/package.json', tslabDir);
  const zeromqVersion = JSON.parse(readFileSync(zeromqPackage, 'utf8')).version;
  if (!String(zeromqVersion).startsWith(ZEROMQ_MAJOR)) {
    throw new KernelPatchError(`zeromq ${zeromqVersion} is installed for tslab; tools/kernel/serial-send.cjs wraps zeromq 6's async send. Run \`npm run setup\`.`);
  }
  return {
    tslabVersion: String(JSON.parse(readFileSync(tslabPackage, 'utf8')).version),
    converterPath: join(tslabDir, 'dist', 'converter.js'),
    zeromqPath: resolveFrom('zeromq', tslabDir),
    zeromqVersion: String(zeromqVersion),
  };
}

/** What setup runs: the rewrite must apply to the installed tslab. Returns a one-line summary. */
function checkKernelPatches(projectRoot = PROJECT_ROOT) {
  const tslab = locateTslab(projectRoot);
  patchConverter(readFileSync(tslab.converterPath, 'utf8'), tslab.tslabVersion);
  return `tslab ${tslab.tslabVersion} and zeromq ${tslab.zeromqVersion}: kernel fixes apply`;
}

/** Both rewrites of tslab's converter: the queued timers, then the compile cache. @param {string} source @param {string} version */
function patchConverter(source, version) {
  return patchConverterForCache(patchConverterSource(source, version), version);
}

/** @param {string} line */
function reportOnKernelStderr(line) {
  // fd 2 itself: during a cell tslab points process.stderr.write at IOPub, the very socket that failed.
  writeSync(2, `${KERNEL_REPORT_PREFIX} ${line}\n`);
}

/** Installs both fixes and the compile cache before tslab loads its compiler and zeromq (tools/tslab-kernel preloads this). */
function installKernelPatches(projectRoot = PROJECT_ROOT) {
  const tslab = locateTslab(projectRoot);
  const zeromq = require(tslab.zeromqPath);
  serialiseSends(zeromq, (error, socket) => {
    const kind = socket && typeof socket === 'object' ? socket.constructor.name : 'socket';
    reportOnKernelStderr(`a message on the ${kind} socket could not be sent and was dropped: ${error instanceof Error ? error.message : String(error)}`);
  });
  installCompileCache(projectRoot, reportOnKernelStderr);
  const moduleWithCompile = /** @type {{ prototype: { _compile: (content: string, filename: string) => unknown } }} */ (/** @type {unknown} */ (Module));
  const compile = moduleWithCompile.prototype._compile;
  moduleWithCompile.prototype._compile = function compileWithConverterPatch(content, filename) {
    if (filename !== tslab.converterPath) return compile.call(this, content, filename);
    moduleWithCompile.prototype._compile = compile;
    return compile.call(this, patchConverter(content, tslab.tslabVersion), filename);
  };
}

module.exports = { checkKernelPatches, installKernelPatches, locateTslab, KERNEL_REPORT_PREFIX };
