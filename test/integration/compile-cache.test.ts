// The kernel's compile cache across real kernels: a second kernel is served lib/ from the first one's entry and
// prints the same, and an edited lib/ file is compiled again.
import assert from 'node:assert/strict';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { installCompileCache, patchConverterForCache } from '../../tools/kernel/compile-cache.cjs';
import { patchConverterSource } from '../../tools/kernel/converter-timers.cjs';
import { readNotebook } from '../../tools/runner/notebooks';
import { temporaryDir } from '../helpers/idx-files';
import { writeTestNotebook } from '../helpers/notebooks';
import { runRunner } from '../helpers/runner';

const NAME = '01-compile-cache';

describe("tslab's compile cache across kernels", function () {
  this.timeout(300_000);
  const probeName = `compile-cache-probe-${process.pid}`;
  const probe = join(PROJECT_ROOT, 'lib', `${probeName}.ts`);
  const cacheDir = temporaryDir();
  const eventsFile = join(temporaryDir(), 'events.jsonl');
  const saved = { dir: process.env.TSLAB_COMPILE_CACHE_DIR, events: process.env.TSLAB_COMPILE_CACHE_EVENTS };

  before(() => {
    process.env.TSLAB_COMPILE_CACHE_DIR = cacheDir;
    process.env.TSLAB_COMPILE_CACHE_EVENTS = eventsFile;
  });
  after(() => {
    rmSync(probe, { force: true });
    for (const [name, value] of [['TSLAB_COMPILE_CACHE_DIR', saved.dir], ['TSLAB_COMPILE_CACHE_EVENTS', saved.events]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  /** Runs the notebook in a new kernel; returns the cache's events in that kernel and what the cells printed. */
  function runKernel(): { events: Array<{ event: string; files: number }>; printed: string[] } {
    writeFileSync(eventsFile, '');
    const notebooks = temporaryDir();
    const runs = temporaryDir();
    writeTestNotebook(notebooks, NAME, [
      `import { IMAGE_SIZE, CLASS_NAMES } from './lib/index';\nimport { probe } from './lib/${probeName}';`,
      "console.log('size', IMAGE_SIZE, 'classes', CLASS_NAMES.join(','));",
      "console.log('probe', probe);",
      "import { IMAGE_SIZE as SIDE } from './lib/index';\nSIDE * SIDE",
    ]);
    const result = runRunner(['--notebooks', notebooks], runs, 240_000);
    assert.equal(result.status, 0, result.output.slice(-3000));
    const executed = readNotebook(join(realpathSync(join(runs, 'latest')), `${NAME}.ipynb`));
    const printed = executed.cells.slice(1).map((cell) => JSON.stringify(cell.outputs ?? []));
    const events = readFileSync(eventsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { event: string; files: number });
    return { events, printed };
  }

  it('the second kernel is a hit and prints the same; an edited lib/ file is a miss and its new value is printed', () => {
    writeFileSync(probe, 'export const probe = 1;\n');
    const first = runKernel();
    assert.equal(first.events[0]?.event, 'miss', JSON.stringify(first.events));
    assert.ok(first.events[0]!.files > 100, `the first import compiled only ${first.events[0]!.files} files`);
    assert.equal(first.events[1]?.event, 'store', JSON.stringify(first.events));
    assert.match(first.printed.join('\n'), /probe 1/);

    const second = runKernel();
    assert.deepEqual(second.events.map((each) => each.event), ['hit', 'hit'], JSON.stringify(second.events));
    assert.equal(second.events[0]!.files, first.events[0]!.files);
    assert.deepEqual(second.printed, first.printed);

    writeFileSync(probe, 'export const probe = 2;\n');
    const edited = runKernel();
    assert.equal(edited.events[0]?.event, 'miss', JSON.stringify(edited.events));
    assert.match(edited.printed.join('\n'), /probe 2/);
    assert.deepEqual(edited.printed.filter((text) => !/probe/.test(text)), first.printed.filter((text) => !/probe/.test(text)));
  });
});

interface Converter {
  convert(prevDecl: string, src: string): { declOutput?: string; diagnostics: unknown[] };
  close(): void;
}

/** Loads tslab's converter.js as the kernel does, with the cache's rewrite or without it, and starts one. */
function startConverter(withCache: boolean): Converter {
  const path = join(PROJECT_ROOT, 'node_modules', 'tslab', 'dist', 'converter.js');
  const timersOnly = patchConverterSource(readFileSync(path, 'utf8'), '1.0.22');
  const loaded = new Module(path) as Module & { _compile(content: string, filename: string): void; paths: string[] };
  loaded.filename = path;
  loaded.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(path));
  loaded._compile(withCache ? patchConverterForCache(timersOnly, '1.0.22') : timersOnly, path);
  return (loaded.exports as { createConverter(): Converter }).createConverter();
}

describe("tslab's compile cache against tslab without it, in one process", function () {
  this.timeout(600_000);
  const cwd = process.cwd();
  const cells = [
    "import { IMAGE_SIZE, CLASS_NAMES } from './lib/index';",
    'const area = IMAGE_SIZE * IMAGE_SIZE;\narea',
    "const wrong: string = IMAGE_SIZE;",
    "import { CLASS_NAMES as NAMES } from './lib/index';\nconst count: string = NAMES.length;",
    "import { IMAGE_SIZE as SIDE } from './lib/index';\nSIDE",
  ];

  /** Each cell's result (output, declarations, diagnostics, side outputs, last expression) in a new converter. */
  function results(withCache: boolean): string[] {
    const converter = startConverter(withCache);
    try {
      let prevDecl = '';
      return cells.map((cell) => {
        const result = converter.convert(prevDecl, cell);
        if (result.diagnostics.length === 0) prevDecl = result.declOutput ?? prevDecl;
        return JSON.stringify(result);
      });
    } finally {
      converter.close();
    }
  }

  before(() => process.chdir(PROJECT_ROOT));
  after(() => process.chdir(cwd));

  it('a cold and a warm cache give what tslab gives: outputs, the files of lib/, type errors', () => {
    const events = join(temporaryDir(), 'events.jsonl');
    installCompileCache(PROJECT_ROOT, (line) => assert.fail(line), { TSLAB_COMPILE_CACHE_DIR: temporaryDir(), TSLAB_COMPILE_CACHE_EVENTS: events });
    const plain = results(false);
    assert.match(plain[2]!, /Type 'number' is not assignable to type 'string'/);
    assert.match(plain[3]!, /Type 'number' is not assignable to type 'string'/);
    assert.deepEqual(results(true), plain, 'cold');
    assert.deepEqual(results(true), plain, 'warm');
    const seen = readFileSync(events, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { event: string }).event);
    // Cold: the first import compiles lib/ and stores it; the two later imports find it. Warm: all three do.
    assert.deepEqual(seen, ['miss', 'store', 'hit', 'hit', 'hit', 'hit', 'hit']);
  });
});
