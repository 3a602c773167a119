// Saves killed by SIGKILL at each rename: the previous save must load whole.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, MODEL_FILE, saveModel, WEIGHTS_MANIFEST_FILE } from '../../lib/artifacts/model-files';
import { temporaryDir } from '../helpers/idx-files';
import { disposeModel } from '../helpers/models';

const SAVE_LOOP = join(__dirname, '..', 'helpers', 'save-loop.ts');
const weightsFiles = (dir: string) => readdirSync(dir).filter((name) => /^weights-.*\.bin$/.test(name));

describe('a save killed by SIGKILL', function () {
  this.timeout(120_000);
  const PAUSE_DEADLINE_MS = 60_000;

  /**
   * Starts the save loop at `start` and kills it inside its second save, just before it renames the temporary file
   * of the target matching `pauseBefore`. Returns the temporary file and the target, as they were when it was killed.
   */
  async function killBeforeRename(dir: string, start: number, pauseBefore: string): Promise<{ temporary: string; target: string }> {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', SAVE_LOOP, dir, String(start), pauseBefore], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    const tail = () => output.slice(-2000);
    let paused: { temporary: string; target: string };
    try {
      paused = await new Promise<{ temporary: string; target: string }>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`the save loop never paused before renaming a file matching ${pauseBefore} within ${PAUSE_DEADLINE_MS} ms; the end of its output: ${tail()}`)), PAUSE_DEADLINE_MS);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /^paused (\S+) (\S+)$/m.exec(output);
          if (match) {
            clearTimeout(deadline);
            resolve({ temporary: match[1]!, target: match[2]! });
          }
        });
        child.on('exit', (code) => {
          clearTimeout(deadline);
          reject(new Error(`save loop exited with ${code} before pausing; the end of its output: ${tail()}`));
        });
      });
      assert.match(output, new RegExp(`^saved ${start}$`, 'm'), 'the loop paused before its first save was complete');
      assert.ok(paused.temporary !== paused.target && statSync(paused.temporary).size > 0, `${paused.temporary}: no temporary file beside ${paused.target} when the save is killed`);
    } finally {
      child.kill('SIGKILL');
    }
    assert.equal(await exited, 'SIGKILL', 'the save loop ended before it was killed');
    return paused;
  }

  for (const pauseBefore of [String.raw`^weights-[0-9a-f]+\.bin$`, String.raw`^weights\.json$`, String.raw`^model\.json$`]) {
    it(`killed before renaming ${pauseBefore}: the previous save loads whole, the temporary file is left and cleared by the next save`, async () => {
      const dir = temporaryDir();
      try {
        const start = 100;
        const { temporary, target } = await killBeforeRename(dir, start, pauseBefore);
        assert.ok(existsSync(temporary), `${temporary} was renamed or removed: the kill did not land mid-save`);
        const model = await loadModel(dir);
        const values = new Set(model.getWeights().flatMap((w) => Array.from(new Set(w.dataSync()))));
        assert.deepEqual([...values], [start], `weights ${[...values].slice(0, 5)} are not the complete save ${start} (the one before ${target} was killed)`);
        await saveModel(model, dir);
        assert.deepEqual(readdirSync(dir).sort(), [MODEL_FILE, WEIGHTS_MANIFEST_FILE, ...weightsFiles(dir)].sort());
        disposeModel(model);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
