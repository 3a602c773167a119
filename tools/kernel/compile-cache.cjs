// @ts-check
// A persistent cache of what tslab's compiler made of imported files (lib/), shared by every kernel of the project.
'use strict';

// A kernel's first `import … from './lib/index'` spends seconds type-checking and emitting every file of lib/,
// though lib/ rarely changes between kernels. The rewrite below makes tslab's convert() ask this cache first.
// An entry says: in a program whose non-cell files, module resolutions and compiler options hash to its key,
// these files had no diagnostics, and emitted this JavaScript. A hit skips their check and emit; the cell itself
// is still checked and emitted as before. Only an entry that the cell cannot have influenced is stored.
const { createHash, randomBytes } = require('node:crypto');
const { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { KernelPatchError } = require('./converter-timers.cjs');

/** Bumped when an entry's shape or meaning changes, so that older entries are never read as new ones. */
const CACHE_FORMAT = 1;
/** Entries kept, newest used first: each lib/ edit makes a new one, and one is about 1 MB. */
const MAX_ENTRIES = 24;
const ENTRY_SUFFIX = '.json';
const TEMPORARY_SUFFIX = '.tmp';
const STALE_TEMPORARY_MS = 60 * 60 * 1000;
/**
 * A cell or an earlier cell's declarations can change how other files type-check only through augmentations:
 * everything else in them is module-scoped (tslab prefixes cells with `export {}`).
 */
const AUGMENTATION = /\bdeclare\s+(global|module)\b/;
/** The name tslab gives a last expression unless the cell declares it (then tsLastExpr0, …, which is not cached). */
const LAST_EXPRESSION_VAR = 'tsLastExpr';

/** @param {string} projectRoot @param {NodeJS.ProcessEnv} env */
function compileCacheDir(projectRoot, env = process.env) {
  return env.TSLAB_COMPILE_CACHE_DIR || join(projectRoot, '.cache', 'tslab-compile');
}

/** @param {string} text */
function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so that equal options give equal keys. @param {unknown} value @returns {string} */
function stableJson(value) {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = /** @type {Record<string, unknown>} */ (value);
    return `{${Object.keys(record).sort().filter((key) => record[key] !== undefined && typeof record[key] !== 'function')
      .map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * @typedef {{ forEach(callback: (value: any, name: string, mode: unknown) => void): void }} ModeAwareCache
 * @typedef {{ fileName: string, text: string, resolvedModules?: ModeAwareCache, resolvedTypeReferenceDirectiveNames?: ModeAwareCache }} SourceFile
 * @typedef {{ getSourceFiles(): readonly SourceFile[], getCompilerOptions(): object, getAutomaticTypeDirectiveResolutions?(): ModeAwareCache | undefined }} Program
 */

/** @param {ModeAwareCache | undefined} cache @param {string} field @returns {string[]} */
function resolutions(cache, field) {
  /** @type {string[]} */
  const lines = [];
  cache?.forEach((value, name, mode) => {
    const resolved = value?.[field];
    lines.push(stableJson([name, mode ?? null, resolved ? [resolved.resolvedFileName, resolved.extension ?? null, !!resolved.isExternalLibraryImport] : null]));
  });
  return lines.sort();
}

/** Digests of file texts, by SourceFile: TypeScript reuses the object while a file is unchanged. */
const textDigests = new WeakMap();

/** @param {SourceFile} file */
function textDigest(file) {
  let digest = textDigests.get(file);
  if (digest === undefined) {
    digest = sha256(file.text);
    textDigests.set(file, digest);
  }
  return digest;
}

/**
 * The key of a program: every file's name, text and module resolutions except the cells', the compiler options,
 * and `salt` (the versions of TypeScript and tslab and the text of the compiler code that made the entry).
 * @param {Program} program @param {ReadonlySet<string>} cellFiles @param {string} salt
 */
function programKey(program, cellFiles, salt) {
  const hash = createHash('sha256');
  hash.update(`${CACHE_FORMAT}\n${salt}\n${stableJson(program.getCompilerOptions())}\n`);
  for (const line of resolutions(program.getAutomaticTypeDirectiveResolutions?.(), 'resolvedTypeReferenceDirective')) hash.update(`types ${line}\n`);
  const files = program.getSourceFiles().filter((file) => !cellFiles.has(file.fileName));
  for (const file of [...files].sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0))) {
    hash.update(`file ${JSON.stringify(file.fileName)} ${textDigest(file)}\n`);
    for (const line of resolutions(file.resolvedModules, 'resolvedModule')) hash.update(`module ${line}\n`);
    for (const line of resolutions(file.resolvedTypeReferenceDirectiveNames, 'resolvedTypeReferenceDirective')) hash.update(`reference ${line}\n`);
  }
  return hash.digest('hex');
}

/**
 * What one imported file emitted: its JavaScript, and the name tslab gave the file's last expression statement
 * (tslab rewrites it into an export and, by accident, reports it as the cell's last expression).
 * @typedef {{ path: string, data: string }} SideOutput
 * @typedef {{ files: SideOutput[], lastExpressionVar?: string }} FileOutput
 * @typedef {{ format: number, key: string, checked: string[], outputs: Record<string, FileOutput> }} Entry
 */

/** @param {unknown} value @returns {value is FileOutput} */
function isFileOutput(value) {
  if (!value || typeof value !== 'object') return false;
  const output = /** @type {Partial<FileOutput>} */ (value);
  return Array.isArray(output.files) && output.files.every((file) => typeof file?.path === 'string' && typeof file.data === 'string') &&
    (output.lastExpressionVar === undefined || output.lastExpressionVar === LAST_EXPRESSION_VAR);
}

/** @param {unknown} value @param {string} key @returns {value is Entry} */
function isEntry(value, key) {
  if (!value || typeof value !== 'object') return false;
  const entry = /** @type {Partial<Entry>} */ (value);
  return entry.format === CACHE_FORMAT && entry.key === key && Array.isArray(entry.checked) && entry.checked.every((name) => typeof name === 'string') &&
    !!entry.outputs && typeof entry.outputs === 'object' && Object.values(entry.outputs).every(isFileOutput);
}

/** The entry stored under `key`, or undefined when there is none or it cannot be read whole. @param {string} dir @param {string} key */
function readEntry(dir, key) {
  try {
    const entry = JSON.parse(readFileSync(join(dir, key + ENTRY_SUFFIX), 'utf8'));
    return isEntry(entry, key) ? entry : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the entry whole or not at all: readers see the old file or the new one, never a part (rename is atomic).
 * @param {string} dir @param {Entry} entry
 */
function writeEntry(dir, entry) {
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `.${entry.key}.${process.pid}.${randomBytes(4).toString('hex')}${TEMPORARY_SUFFIX}`);
  try {
    writeFileSync(temporary, JSON.stringify(entry));
    renameSync(temporary, join(dir, entry.key + ENTRY_SUFFIX));
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Deletes all but the `keep` most recently used entries, and temporary files that a killed kernel left (any
 * older than a write can take).
 * @param {string} dir @param {number} keep
 */
function pruneEntries(dir, keep = MAX_ENTRIES) {
  const names = readdirSync(dir);
  for (const name of names.filter((each) => each.endsWith(TEMPORARY_SUFFIX))) {
    try {
      if (Date.now() - statSync(join(dir, name)).mtimeMs > STALE_TEMPORARY_MS) rmSync(join(dir, name), { force: true });
    } catch {
      // Renamed or removed by its writer meanwhile.
    }
  }
  const entries = names.filter((name) => name.endsWith(ENTRY_SUFFIX)).flatMap((name) => {
    try {
      return [{ name, used: statSync(join(dir, name)).mtimeMs }];
    } catch {
      return [];
    }
  });
  entries.sort((a, b) => b.used - a.used);
  for (const { name } of entries.slice(keep)) rmSync(join(dir, name), { force: true });
}

/**
 * @typedef {{ file?: { fileName: string }, code: number, messageText: string | object }} Diagnostic
 * @typedef {{ hit: boolean, servedOutput(name: string): FileOutput, recordFile(name: string, file: SideOutput): void,
 *   recordLastExpression(name: string, lastExpressionVar: string): void,
 *   store(diagnostics: readonly Diagnostic[], optionsDiagnostics: readonly Diagnostic[]): void }} Lookup
 */

/** @param {Diagnostic} diagnostic */
function diagnosticText(diagnostic) {
  return `${diagnostic.code} ${stableJson(diagnostic.messageText)}`;
}

/** A lookup that leaves tslab to check and emit everything, and keeps nothing. @type {Lookup} */
const BYPASS = Object.freeze({
  hit: false,
  servedOutput: () => ({ files: [] }),
  recordFile() {},
  recordLastExpression() {},
  store() {},
});

/**
 * The cache as one converter uses it. `lookup` is called once per convert() that has imported files.
 * @param {{ dir: string, salt: string, cellFiles: ReadonlySet<string>, report: (line: string) => void, eventsFile?: string }} options
 */
function createCompileCache({ dir, salt, cellFiles, report, eventsFile }) {
  let failureReported = false;
  /** @param {string} event @param {number} files */
  function note(event, files) {
    if (eventsFile) appendFileSync(eventsFile, `${JSON.stringify({ event, files })}\n`);
  }
  /** @param {unknown} error */
  function reportFailure(error) {
    if (failureReported) return;
    failureReported = true;
    report(`the compile cache in ${dir} cannot be written, so kernels compile lib/ in full: ${error instanceof Error ? error.message : String(error)}`);
  }

  /**
   * @param {Program & { getOptionsDiagnostics(): readonly Diagnostic[] }} program
   * @param {{ src: string, prevDecl: string, locals: ReadonlySet<string> }} cell the cell's source, the declarations
   *   of earlier cells, and the names the cell declares
   * @param {readonly string[]} dependencies the cell file and the files it imports (tslab's getAllSrcDependencies)
   * @param {ReadonlySet<string>} converted files this kernel has already emitted
   */
  function lookup(program, cell, dependencies, converted) {
    const imported = dependencies.filter((name) => !cellFiles.has(name));
    const pending = imported.filter((name) => !converted.has(name));
    if (imported.length === 0) return BYPASS;
    if (AUGMENTATION.test(cell.src) || AUGMENTATION.test(cell.prevDecl) || cell.locals.has(LAST_EXPRESSION_VAR)) {
      note('bypass', imported.length);
      return BYPASS;
    }
    const key = programKey(program, cellFiles, salt);
    const stored = readEntry(dir, key);
    const checked = new Set(stored?.checked);
    if (stored && imported.every((name) => checked.has(name)) && pending.every((name) => Object.hasOwn(stored.outputs, name))) {
      note('hit', pending.length);
      try {
        const now = new Date();
        utimesSync(join(dir, key + ENTRY_SUFFIX), now, now);
      } catch {
        // Only the pruning order depends on it.
      }
      return { ...BYPASS, hit: true, servedOutput: (/** @type {string} */ name) => stored.outputs[name] };
    }
    note('miss', pending.length);
    /** @type {Record<string, FileOutput>} */
    const outputs = {};
    let refused = false;
    return {
      ...BYPASS,
      /** @param {string} name @param {SideOutput} file */
      recordFile(name, file) {
        (outputs[name] ??= { files: [] }).files.push(file);
      },
      /** @param {string} name @param {string} lastExpressionVar */
      recordLastExpression(name, lastExpressionVar) {
        if (lastExpressionVar !== LAST_EXPRESSION_VAR) refused = true;
        (outputs[name] ??= { files: [] }).lastExpressionVar = lastExpressionVar;
      },
      /**
       * @param {readonly Diagnostic[]} diagnostics of the cell and its imports, before tslab filters them
       * @param {readonly Diagnostic[]} optionsDiagnostics the program's, which a hit reports as well
       */
      store(diagnostics, optionsDiagnostics) {
        // tslab hides diagnostics without a file and those of files outside the project, but a hit would skip
        // them too: only the cell's own and the options' (which do not depend on the imported files) are allowed.
        const fromOptions = new Set(optionsDiagnostics.map(diagnosticText));
        const clean = diagnostics.every((diagnostic) => (diagnostic.file ? cellFiles.has(diagnostic.file.fileName) : fromOptions.has(diagnosticText(diagnostic))));
        if (refused || !clean || pending.some((name) => !Object.hasOwn(outputs, name))) return;
        const entry = {
          format: CACHE_FORMAT,
          key,
          checked: [...new Set([...checked, ...imported])].sort(),
          outputs: { ...stored?.outputs, ...outputs },
        };
        try {
          writeEntry(dir, entry);
          pruneEntries(dir);
          note('store', Object.keys(entry.outputs).length);
        } catch (error) {
          reportFailure(error);
        }
      },
    };
  }

  return { lookup };
}

/** @type {readonly { name: string, find: string, replace: string }[]} */
const REWRITES = [
  {
    name: 'the set of converted imported files',
    find: `    const sideInputsConverted = new Set();
`,
    replace: `    const sideInputsConverted = new Set();
    const compileCache = require(__COMPILE_CACHE_MODULE__).compileCacheForConverter(new Set([srcFilename, declFilename]), __COMPILE_CACHE_SALT__ + ts.version);
`,
  },
  {
    name: 'the check of the cell and its imports in convert()',
    find: `        asMutable(srcFile).parent = declsFile;
        const diag = convertDiagnostics(getPreEmitDiagnosticsWithDependencies(builder, srcFile));
`,
    replace: `        asMutable(srcFile).parent = declsFile;
        const cached = compileCache.lookup(builder.getProgram(), { src, prevDecl, locals: keys }, getAllSrcDependencies(builder, srcFile), sideInputsConverted);
        const rawDiagnostics = cached.hit ? ts.getPreEmitDiagnosticsOfFiles(builder.getProgram(), [srcFile]) : getPreEmitDiagnosticsWithDependencies(builder, srcFile);
        const diag = convertDiagnostics(rawDiagnostics);
`,
  },
  {
    name: 'the emit loop of convert()',
    find: `            if (dep !== srcFilename) {
                sideInputsConverted.add(dep);
            }
            builder.emit(`,
    replace: `            if (dep !== srcFilename) {
                sideInputsConverted.add(dep);
                if (cached.hit) {
                    const served = cached.servedOutput(dep);
                    if (served.files.length > 0) {
                        sideOutputs = (sideOutputs || []).concat(served.files);
                    }
                    if (served.lastExpressionVar !== undefined) {
                        lastExpressionVar = served.lastExpressionVar;
                    }
                    continue;
                }
            }
            builder.emit(`,
  },
  {
    name: 'the side output of an imported file',
    find: `                sideOutputs.push({
                    path: (0, tspath_1.normalizeJoin)(cwd, rel),
                    data: esModuleToCommonJSModule(data, transpileTarget),
                });
`,
    replace: `                const sideOutput = {
                    path: (0, tspath_1.normalizeJoin)(cwd, rel),
                    data: esModuleToCommonJSModule(data, transpileTarget),
                };
                sideOutputs.push(sideOutput);
                cached.recordFile(dep, sideOutput);
`,
  },
  {
    name: 'the last-expression callback of the emit',
    find: `                lastExpressionVar = name;
            }));
        }
        if (sideOutputs) {
`,
    replace: `                lastExpressionVar = name;
                if (dep !== srcFilename) {
                    cached.recordLastExpression(dep, name);
                }
            }));
        }
        cached.store(rawDiagnostics, builder.getProgram().getOptionsDiagnostics());
        if (sideOutputs) {
`,
  },
];

/**
 * Returns converter.js (already through converter-timers.cjs) with convert() asking the cache first.
 * @param {string} source @param {string} version tslab's version, for the error message
 */
function patchConverterForCache(source, version) {
  let patched = source;
  for (const { name, find, replace } of REWRITES) {
    const pieces = patched.split(find);
    if (pieces.length !== 2) {
      throw new KernelPatchError(
        `tslab ${version}'s dist/converter.js contains ${name} ${pieces.length - 1} times, expected 1; ` +
          'tools/kernel/compile-cache.cjs cannot rewrite it. Is node_modules/tslab modified? `npm ci` restores it.',
      );
    }
    patched = pieces.join(replace);
  }
  // The salt covers the compiler code that makes entries (tslab's converter as rewritten, and this file); the
  // rewritten converter adds the version of the TypeScript it loads.
  const salt = `tslab ${version} ${sha256(`${source}\n${readFileSync(__filename, 'utf8')}`)} typescript `;
  return patched.replace('__COMPILE_CACHE_MODULE__', JSON.stringify(__filename)).replace('__COMPILE_CACHE_SALT__', JSON.stringify(salt));
}

/** Set by installCompileCache: where entries live, and how the kernel reports. */
let settings = /** @type {{ dir: string, report: (line: string) => void, eventsFile?: string } | undefined} */ (undefined);

/** @param {string} projectRoot @param {(line: string) => void} report */
function installCompileCache(projectRoot, report, env = process.env) {
  settings = { dir: compileCacheDir(projectRoot, env), report, eventsFile: env.TSLAB_COMPILE_CACHE_EVENTS || undefined };
}

/** Called by the rewritten converter. @param {ReadonlySet<string>} cellFiles @param {string} salt */
function compileCacheForConverter(cellFiles, salt) {
  if (!settings) throw new KernelPatchError('tslab was rewritten to use the compile cache, but installCompileCache() was not called');
  return createCompileCache({ ...settings, salt, cellFiles });
}

module.exports = {
  CACHE_FORMAT,
  compileCacheDir,
  compileCacheForConverter,
  createCompileCache,
  installCompileCache,
  patchConverterForCache,
  programKey,
  pruneEntries,
  readEntry,
  writeEntry,
};
