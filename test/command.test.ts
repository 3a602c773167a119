// Every command's shared entry: the same exit codes, and a refusal printed as one line without a stack.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../lib/paths';

function runEntry(body: string): { status: number | null; stderr: string; stdout: string } {
  const script = `const { runCommand } = require('./tools/command'); const errors = require('./lib/errors'); runCommand(${body});`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('runCommand', function () {
  this.timeout(60_000);

  it('exits with the code the work returns', () => {
    assert.equal(runEntry('() => 0').status, 0);
    assert.equal(runEntry('async () => 1').status, 1);
  });

  it('a ProjectError (something the user can fix): "error: <message>" on one line, no stack, exit 2', () => {
    const result = runEntry("() => { throw new errors.ConfigError('--epochs', 'x', 'a number'); }");
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim(), 'error: parameter --epochs = "x" is not allowed: expected a number.');
  });

  it('any other error is a crash: its stack, exit 1', () => {
    const result = runEntry("async () => { throw new TypeError('boom'); }");
    assert.equal(result.status, 1);
    assert.match(result.stderr, /TypeError: boom\n\s+at /);
  });
});
