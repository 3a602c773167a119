// The kernel's compile cache (tools/kernel/compile-cache.cjs): what its key covers, and how entries are stored.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';
import { CACHE_FORMAT, compileCacheDir, programKey, pruneEntries, readEntry, writeEntry, type Entry } from '../tools/kernel/compile-cache.cjs';
import { temporaryDir } from './helpers/idx-files';

// The TypeScript that tslab compiles with, so that resolutions are recorded on source files as in the kernel.
const ts = createRequire(join(PROJECT_ROOT, 'node_modules', 'tslab', 'package.json'))('@tslab/typescript-for-tslab') as typeof import('typescript');
const SALT = 'test salt';
const COMPILE_CACHE = join(PROJECT_ROOT, 'tools', 'kernel', 'compile-cache.cjs');
const NO_CELLS: ReadonlySet<string> = new Set();

/** Builds a program over the files `<dir>/<name>` with `text`; the root is main.ts. */
function program(dir: string, files: Record<string, string>, options: import('typescript').CompilerOptions = {}) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return ts.createProgram([join(dir, 'main.ts')], { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Node10, noLib: true, types: [], ...options });
}

function entry(key: string, data = 'exports.a = 1;\n'): Entry {
  return { format: CACHE_FORMAT, key, checked: ['/p/lib/a.ts'], outputs: { '/p/lib/a.ts': { files: [{ path: '/p/lib/a.js', data }] } } };
}

describe('compile cache: the key', () => {
  const files = { 'main.ts': "import { a } from './a';\nexport const b = a;\n", 'a.ts': 'export const a = 1;\n' };

  it('is the same for the same files and options, and differs when a file or an option changes', () => {
    const dir = temporaryDir();
    const key = programKey(program(dir, files), NO_CELLS, SALT);
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(programKey(program(dir, files), NO_CELLS, SALT), key);
    assert.notEqual(programKey(program(dir, { ...files, 'a.ts': 'export const a = 2;\n' }), NO_CELLS, SALT), key, 'an edited file');
    assert.notEqual(programKey(program(dir, files, { target: ts.ScriptTarget.ES2020 }), NO_CELLS, SALT), key, 'a changed option');
    assert.notEqual(programKey(program(dir, files), NO_CELLS, 'another TypeScript'), key, 'another salt');
  });

  it('ignores the text of cell files but not how the other files resolve their imports', () => {
    const dir = temporaryDir();
    const cells = new Set([join(dir, 'main.ts')]);
    const key = programKey(program(dir, files), cells, SALT);
    assert.equal(programKey(program(dir, { ...files, 'main.ts': "import { a } from './a';\nexport const c = a + 1;\n" }), cells, SALT), key);
    // The same text of a.ts, but './b' now resolves to a .ts file where it resolved to nothing.
    const importing = { ...files, 'a.ts': "import type { B } from './b';\nexport const a = 1;\nexport type A = B;\n" };
    const unresolved = programKey(program(dir, importing), cells, SALT);
    const resolved = programKey(program(dir, { ...importing, 'b.ts': 'export type B = number;\n' }), cells, SALT);
    assert.notEqual(resolved, unresolved);
  });

  it('differs when an import of an unchanged file resolves elsewhere', () => {
    // The same files and texts, as TypeScript records them: only where './b' led differs.
    const resolvedTo = (target: string | undefined) => {
      const resolvedModules = { forEach: (callback: (value: unknown, name: string, mode: unknown) => void) => callback({ resolvedModule: target && { resolvedFileName: target, extension: '.ts' } }, './b', undefined) };
      const files = [{ fileName: '/p/a.ts', text: "import './b';\n", resolvedModules }, { fileName: '/p/b.ts', text: '' }, { fileName: '/p/b/index.ts', text: '' }];
      return { getSourceFiles: () => files, getCompilerOptions: () => ({}) };
    };
    const key = programKey(resolvedTo('/p/b.ts'), NO_CELLS, SALT);
    assert.equal(programKey(resolvedTo('/p/b.ts'), NO_CELLS, SALT), key);
    assert.notEqual(programKey(resolvedTo('/p/b/index.ts'), NO_CELLS, SALT), key);
    assert.notEqual(programKey(resolvedTo(undefined), NO_CELLS, SALT), key);
  });

  it('lives under the project by default, and where TSLAB_COMPILE_CACHE_DIR says otherwise', () => {
    assert.equal(compileCacheDir('/p', {}), join('/p', '.cache', 'tslab-compile'));
    assert.equal(compileCacheDir('/p', { TSLAB_COMPILE_CACHE_DIR: '/elsewhere' }), '/elsewhere');
    // .cache/ is ignored by git: entries never show up as changes.
    assert.match(readFileSync(join(PROJECT_ROOT, '.gitignore'), 'utf8'), /^\.cache\/$/m);
  });
});

describe('compile cache: entries', () => {
  const key = 'a'.repeat(64);

  it('reads back what it wrote, and leaves no temporary file behind', () => {
    const dir = join(temporaryDir(), 'nested');
    writeEntry(dir, entry(key));
    assert.deepEqual(readEntry(dir, key), entry(key));
    assert.deepEqual(readdirSync(dir), [`${key}.json`]);
    writeEntry(dir, entry(key, 'exports.a = 2;\n'));
    assert.equal(readEntry(dir, key)?.outputs['/p/lib/a.ts']?.files[0]?.data, 'exports.a = 2;\n');
  });

  it('treats a missing, truncated, corrupt or foreign entry as a miss', () => {
    const dir = temporaryDir();
    assert.equal(readEntry(dir, key), undefined);
    writeEntry(dir, entry(key));
    const path = join(dir, `${key}.json`);
    const whole = readFileSync(path, 'utf8');
    writeFileSync(path, whole.slice(0, whole.length / 2));
    assert.equal(readEntry(dir, key), undefined, 'truncated');
    writeFileSync(path, whole.replace('"files"', '"filez"'));
    assert.equal(readEntry(dir, key), undefined, 'another shape');
    writeFileSync(path, whole.replace(`"format":${CACHE_FORMAT}`, `"format":${CACHE_FORMAT + 1}`));
    assert.equal(readEntry(dir, key), undefined, 'another format');
    writeFileSync(path, whole.replace(key, 'b'.repeat(64)));
    assert.equal(readEntry(dir, key), undefined, 'the entry of another key');
    writeFileSync(path, Buffer.from([0xff, 0x00, 0x7b]));
    assert.equal(readEntry(dir, key), undefined, 'binary garbage');
  });

  it('writes atomically: a write that fails leaves the previous entry whole, and no partial file', () => {
    const dir = temporaryDir();
    writeEntry(dir, entry(key));
    // An output that cannot be serialised makes the write fail, as a full disk would.
    const broken = entry(key);
    broken.outputs['/p/lib/b.ts'] = { files: [{ path: '/p/lib/b.js', data: 1n as unknown as string }] };
    assert.throws(() => writeEntry(dir, broken), /BigInt/);
    assert.deepEqual(readEntry(dir, key), entry(key));
    assert.deepEqual(readdirSync(dir), [`${key}.json`]);
    // The data written in full, then the rename refused: the temporary file goes, and nothing is read.
    const other = 'c'.repeat(64);
    mkdirSync(join(dir, `${other}.json`, 'occupied'), { recursive: true });
    assert.throws(() => writeEntry(dir, entry(other)), /EISDIR|ENOTEMPTY|EEXIST/);
    assert.equal(readEntry(dir, other), undefined);
    assert.deepEqual(readdirSync(dir).sort(), [`${key}.json`, `${other}.json`]);
  });

  it('a writer killed mid-write leaves the previous entry whole', async () => {
    const dir = temporaryDir();
    writeEntry(dir, entry(key));
    // The writer builds a 64 MB entry itself, so that this process is free to watch the folder.
    const write = `const cache = require(${JSON.stringify(COMPILE_CACHE)});
const entry = ${JSON.stringify(entry(key))};
entry.outputs['/p/lib/a.ts'].files[0].data = 'x'.repeat(64 * 1024 * 1024);
cache.writeEntry(process.argv[1], entry);`;
    const child = spawn(process.execPath, ['-e', write, dir], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const target = join(dir, `${key}.json`);
    const before = statSync(target).size;
    // Kill the writer as soon as it has begun writing, wherever it writes.
    for (let polls = 0; polls < 5_000_000; polls++) {
      if (readdirSync(dir).length > 1 || statSync(target).size !== before) break;
    }
    child.kill('SIGKILL');
    await exited;
    assert.deepEqual(readEntry(dir, key), entry(key));
    // The killed writer's temporary file goes once it is older than any write could take.
    const leftovers = readdirSync(dir).filter((name) => name.endsWith('.tmp'));
    assert.equal(leftovers.length, 1);
    utimesSync(join(dir, leftovers[0]!), 1000, 1000);
    pruneEntries(dir);
    assert.deepEqual(readdirSync(dir), [`${key}.json`]);
  });

  it('keeps only the most recently used entries', () => {
    const dir = temporaryDir();
    const keys = ['1', '2', '3', '4'].map((digit) => digit.repeat(64));
    keys.forEach((each, index) => {
      writeEntry(dir, entry(each));
      utimesSync(join(dir, `${each}.json`), 1000 + index, 1000 + index);
    });
    pruneEntries(dir, 2);
    assert.deepEqual(keys.map((each) => existsSync(join(dir, `${each}.json`))), [false, false, true, true]);
  });
});
