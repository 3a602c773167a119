// @ts-check
// Rewrites tslab's cell compiler (dist/converter.js) as it loads, so file changes between cells cannot break it.
'use strict';

// tslab 1.0.22 compiles cells with a TypeScript watch program whose `sys.setTimeout` holds one pending timer
// and throws "Unexpected pending rebuildTimer" on a second. TypeScript (5.x, @tslab/typescript-for-tslab)
// keeps two: the program update, and the invalidation of failed module lookups that a change in a watched
// folder such as node_modules schedules. So `npm install`, or any file added or removed, killed the next cell.
// The rewrite queues every timer and runs them all, in order, where tslab ran its one. It also remembers files
// that changed after the kernel had compiled and loaded them: tslab caches loaded modules (and the modules
// that imported them), so the old code keeps running, and the next cell says so instead of hiding it.
const KNOWN_TSLAB_VERSIONS = ['1.0.22'];

/** @type {readonly { name: string, find: string, replace: string, occurrences?: number }[]} */
const REWRITES = [
  {
    name: 'the single-timer sys.setTimeout/clearTimeout',
    find: `    let rebuildTimer = null;
    sys.setTimeout = (callback) => {
        // TypeScript compier implements debouncing using a timer.
        // It clears a timer when a new change is notified before the timer
        // is fired and it starts rebuilding sources.
        //
        // In this converter, it often happens when notifyUpdateSrc and
        // notifyUpdateDecls are called in sequence.
        if (rebuildTimer) {
            throw new Error("Unexpected pending rebuildTimer");
        }
        rebuildTimer = {
            callback: () => {
                callback();
                rebuildTimer = null;
            },
        };
        return rebuildTimer;
    };
    sys.clearTimeout = (timeoutId) => {
        if (rebuildTimer === timeoutId) {
            rebuildTimer = null;
            return;
        }
        throw new Error("clearing unexpected tiemr");
    };
`,
    replace: `    const pendingTimers = new Map();
    sys.setTimeout = (callback, _ms, ...args) => {
        const timer = {};
        pendingTimers.set(timer, () => callback(...args));
        return timer;
    };
    sys.clearTimeout = (timer) => {
        pendingTimers.delete(timer);
    };
    function runPendingTimers() {
        if (pendingTimers.size === 0) {
            throw new Error("no program update is pending after a change");
        }
        while (pendingTimers.size > 0) {
            const [timer, run] = pendingTimers.entries().next().value;
            pendingTimers.delete(timer);
            run();
        }
    }
    const changedAfterLoad = new Set();
    function reportChangedAfterLoad() {
        for (const fileName of changedAfterLoad) {
            process.stderr.write("tslab kernel: " + path_1.default.relative(cwd, fileName) + " changed after this kernel loaded it, " +
                "and the kernel keeps running the code it loaded. Restart the kernel to use the change.\\n");
        }
        changedAfterLoad.clear();
    }
`,
  },
  {
    name: 'the file watcher callback',
    find: `        const cb = (fileName, eventKind) => {
            sideInputsConverted.delete(fileName);
`,
    replace: `        const cb = (fileName, eventKind) => {
            if (sideInputsConverted.delete(fileName)) {
                changedAfterLoad.add(fileName);
            }
`,
  },
  {
    name: 'the start of convert()',
    find: `    function convert(prevDecl, src) {
        updateContent(prevDecl, src);
`,
    replace: `    function convert(prevDecl, src) {
        reportChangedAfterLoad();
        updateContent(prevDecl, src);
`,
  },
  {
    name: 'the checks before a rebuild in updateContent() and addModuleWithPath()',
    occurrences: 2,
    find: `        if (!rebuildTimer) {
            throw new Error("rebuildTimer is not set properly");
        }
`,
    replace: '',
  },
  {
    name: 'the rebuild in updateContent() and addModuleWithPath()',
    occurrences: 2,
    find: `        rebuildTimer.callback();
`,
    replace: `        runPendingTimers();
`,
  },
];

class KernelPatchError extends Error {
  name = 'KernelPatchError';
}

/**
 * Returns converter.js with the rewrites applied; throws KernelPatchError naming what it could not find.
 * @param {string} source the text of tslab/dist/converter.js
 * @param {string} version tslab's package.json version
 * @returns {string}
 */
function patchConverterSource(source, version) {
  if (!KNOWN_TSLAB_VERSIONS.includes(version)) {
    throw new KernelPatchError(
      `tslab ${version} is installed; tools/kernel/converter-timers.cjs knows tslab ${KNOWN_TSLAB_VERSIONS.join(', ')}. ` +
        'Install the tslab version in package-lock.json (npm run setup), or check the rewrite against the new converter.js and add its version.',
    );
  }
  let patched = source;
  for (const { name, find, replace, occurrences = 1 } of REWRITES) {
    const pieces = patched.split(find);
    if (pieces.length - 1 !== occurrences) {
      throw new KernelPatchError(
        `tslab ${version}'s dist/converter.js contains ${name} ${pieces.length - 1} times, expected ${occurrences}; ` +
          'tools/kernel/converter-timers.cjs cannot rewrite it. Is node_modules/tslab modified? `npm ci` restores it.',
      );
    }
    patched = pieces.join(replace);
  }
  if (/\brebuildTimer\b/.test(patched)) {
    throw new KernelPatchError(`tslab ${version}'s dist/converter.js still uses rebuildTimer after the rewrite`);
  }
  return patched;
}

module.exports = { patchConverterSource, KernelPatchError, KNOWN_TSLAB_VERSIONS };
