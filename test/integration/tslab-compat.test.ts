// Notebooks import lib/ through tslab, which type-checks it with its own TypeScript and options (not
// tsconfig.json: no strict mode, declaration emit, ES2020 library). Code that passes `tsc` can fail there.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';

const ts = require('@tslab/typescript-for-tslab') as typeof import('typescript');

function libFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return libFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('lib/ under tslab\'s compiler', function () {
  this.timeout(120_000);

  it('type-checks with tslab\'s TypeScript and compiler options', () => {
    const options: import('typescript').CompilerOptions = {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2020,
      lib: ['lib.es2020.d.ts'],
      declaration: true,
      experimentalDecorators: true,
      resolveJsonModule: true,
      skipLibCheck: true,
      rootDir: PROJECT_ROOT,
      outDir: join(PROJECT_ROOT, '.cache', 'tslab-compat'),
      noEmit: true,
    };
    const program = ts.createProgram(libFiles(join(PROJECT_ROOT, 'lib')), options);
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${relative(PROJECT_ROOT, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    assert.deepEqual(problems, [], `TypeScript ${ts.version} under tslab's options reports:\n${problems.join('\n')}`);
  });
});
