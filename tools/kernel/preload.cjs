// Loaded with `node --require` before tslab in every kernel of this project (tools/tslab-kernel).
'use strict';
const { installKernelPatches, KERNEL_REPORT_PREFIX } = require('./patches.cjs');

try {
  installKernelPatches();
} catch (error) {
  // A kernel without its fixes would die later, mid-run; refuse to start, saying why where the runner looks.
  process.stderr.write(`${KERNEL_REPORT_PREFIX} the kernel cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
