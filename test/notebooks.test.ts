// Runs every notebook headless in the smoke profile, as `npm start -- --profile smoke` does, and checks what it left.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { listNotebooks, readNotebook } from '../tools/runner/notebooks';
import { temporaryDir } from './helpers/idx-files';
import { runRunner } from './helpers/runner';

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
}

describe('notebooks, smoke profile', function () {
  this.timeout(30 * 60_000);
  const runsDir = temporaryDir('fmd-runs-');
  let runDir = '';
  let runnerOutput = '';

  before(() => {
    const runner = runRunner(['--profile', 'smoke'], runsDir, 30 * 60_000);
    runnerOutput = runner.output;
    assert.equal(runner.status, 0, `the runner failed:\n${runnerOutput.slice(-6000)}`);
    runDir = realpathSync(join(runsDir, 'latest'));
  });

  it('records preset, profile and a wall time for every notebook in results.json', () => {
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(results.profile, 'smoke');
    assert.equal(results.preset, 'default');
    const times = results.wall_time_s as Record<string, number>;
    for (const notebook of listNotebooks()) assert.ok(times[notebook.name]! > 0, `${notebook.name} has no wall time`);
  });

  for (const notebook of listNotebooks()) {
    it(`${notebook.name}: ran without errors, shows at least one image, exported HTML`, () => {
      const executed = readNotebook(join(runDir, `${notebook.name}.ipynb`));
      const outputs = executed.cells.flatMap((cell) => (cell.outputs ?? []) as Output[]);
      const errors = outputs.filter((output) => output.output_type === 'error' || output.name === 'stderr');
      assert.deepEqual(errors, [], `${notebook.name} has error output`);
      const images = outputs.filter((output) => output.data && 'image/png' in output.data);
      assert.ok(images.length >= 1, `${notebook.name} shows no image/png output`);
      assert.ok(existsSync(join(runDir, `${notebook.name}.html`)), `${notebook.name}.html is missing`);
    });
  }
});
