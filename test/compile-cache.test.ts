// The kernel's compile cache (tools/kernel/compile-cache.cjs): what its key covers, and how entries are stored.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';
import { CACHE_FORMAT, compileCacheDir, programKey, pruneEntries, readEntry, writeEntry, type Entry } from '../tools/kernel/compile-cache.cjs';
import { temporaryDir } from './helpers/idx-files';

// The TypeScript that tslab compiles with, so that resolutions are recorded on source files as in the kernel.
const ts = createRequire(join(PROJECT_ROOT, 'node_modules', 'tslab', 'package.json'))('@tslab/typescript-for-tslab') as typeof import('typescript');
const SALT = 'test salt';
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
