// The seed projects' catalog: each setup is valid here, a run is matched only to its own setup, and the table reads
// this run's numbers from results.json.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { resolveConfig } from '../lib/config/index';
import { MissingResultError } from '../lib/errors';
import { recordResults } from '../lib/run/results';
import { runsSeedSetup, SEED_PROJECTS, seedCommand, seedRows, type SeedProject } from '../lib/steps/seed-comparison';
import { temporaryDir } from './helpers/idx-files';

const seed = (project: string): SeedProject => SEED_PROJECTS.find((candidate) => candidate.project.startsWith(project))!;
const [PARTHO, VINEETH, RUTUJA] = [seed('partho2001'), seed('vineethm1627'), seed('rutujab11')];

describe('seed projects', () => {
  it('each setup is a valid configuration, rerun by one npm start command', () => {
    for (const project of SEED_PROJECTS) assert.doesNotThrow(() => resolveConfig({ preset: project.preset, set: project.set }), project.project);
    assert.equal(seedCommand(VINEETH), 'npm start -- --preset tutorial --set noise.testLevel=0.1');
    assert.equal(seedCommand(PARTHO), 'npm start -- --preset tutorial');
  });

  it('a run matches the one project whose setup it ran on the full dataset, with the test level resolved', () => {
    const matched = (config: ReturnType<typeof resolveConfig>) => SEED_PROJECTS.filter((project) => runsSeedSetup(config, project)).map((project) => project.project);
    assert.deepEqual(matched(resolveConfig({ preset: 'tutorial' })), [PARTHO.project]);
    assert.deepEqual(matched(resolveConfig({ preset: 'tutorial', set: { 'noise.testLevel': 0.3 } })), [PARTHO.project]);
    assert.deepEqual(matched(resolveConfig({ preset: 'tutorial', set: { 'noise.testLevel': 0.1 } })), [VINEETH.project]);
    assert.deepEqual(matched(resolveConfig({ preset: 'tutorial', set: { 'noise.level': 0.1 } })), [RUTUJA.project]);
    assert.deepEqual(matched(resolveConfig({ preset: 'tutorial', set: { 'autoencoder.epochs': 11 } })), []);
    assert.deepEqual(matched(resolveConfig({ preset: 'tutorial', profile: 'smoke' })), [], 'a subset is never set beside a published number');
  });

  describe('seedRows', () => {
    let runDir: string;
    beforeEach(() => {
      runDir = temporaryDir('fmd-seeds-');
      recordResults(runDir, 'autoencoder', { architecture: 'tutorial', psnr_noisy_db: 12.8, psnr_denoised_db: 20.5, ssim_noisy: 0.41, ssim_denoised: 0.7, test_bce: 0.31, train_bce: 0.3 });
    });
    afterEach(() => rmSync(runDir, { recursive: true, force: true }));

    it("puts this run's numbers beside its own project's only, and the rerun command beside the others", () => {
      const rows = seedRows({ config: resolveConfig({ preset: 'tutorial' }), runDir, cache: true, compare: 'complete' });
      const partho = rows.filter((row) => row.project === PARTHO.project);
      assert.deepEqual(partho.map((row) => [row.published, row.this_run, row.rerun]), [[0.3029, 0.31, 'this run'], [undefined, 20.5, 'this run'], [undefined, 0.7, 'this run']]);
      const others = rows.filter((row) => row.project !== PARTHO.project);
      assert.ok(others.every((row) => row.this_run === undefined && row.rerun.startsWith('npm start -- --preset ')));
      assert.deepEqual(rows.filter((row) => row.project === RUTUJA.project).map((row) => row.published), [0.2763, undefined, undefined]);
    });

    it('a matching run whose results lack a number says which notebook writes it', () => {
      assert.throws(() => seedRows({ config: resolveConfig({ preset: 'reference' }), runDir, cache: true, compare: 'complete' }), MissingResultError);
    });
  });
});
