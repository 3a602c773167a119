// @ts-check
// Times what a new kernel spends compiling: tslab's compiler set up, then a first cell importing ./lib/index.
// Usage: node tools/kernel/first-import-time.cjs (TSLAB_COMPILE_CACHE_DIR=<empty folder> for a cold cache)
'use strict';
const { join } = require('node:path');
const { installKernelPatches } = require('./patches.cjs');

const PROJECT_ROOT = join(__dirname, '..', '..');
process.chdir(PROJECT_ROOT);
installKernelPatches(PROJECT_ROOT);
const { createConverter } = require(require.resolve('tslab/dist/converter.js', { paths: [PROJECT_ROOT] }));

let started = performance.now();
const converter = createConverter();
const setUp = performance.now() - started;
started = performance.now();
const result = converter.convert('', "import { IMAGE_SIZE } from './lib/index';\n");
const firstImport = performance.now() - started;
if (result.diagnostics.length > 0) throw new Error(`the import cell did not compile: ${JSON.stringify(result.diagnostics)}`);
console.log(`compiler set up ${(setUp / 1000).toFixed(1)} s, first import of lib/index ${(firstImport / 1000).toFixed(1)} s (${result.sideOutputs?.length ?? 0} files)`);
// tslab's file watchers would keep the process alive.
process.exit(0);
