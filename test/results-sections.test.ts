// Each results section records the configuration it was made with; a folder whose sections disagree is mixed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../lib/config/index';
import { readResults, recordSection, runParameters, RESULTS_FILE } from '../lib/run/results';
import { temporaryDir } from './helpers/idx-files';

describe('results sections and their parameters', () => {
  it('records each section with the preset, profile and parameters of the notebook that wrote it', () => {
    const runDir = temporaryDir();
    const config = resolveConfig({ profile: 'smoke' });
    recordSection({ runDir, config }, 'classifier', { clean_accuracy: 0.9 });
    recordSection({ runDir, config }, 'autoencoder', { psnr_denoised_db: 20 });
    const results = readResults(runDir);
    assert.deepEqual(results.made_with, {
      classifier: { preset: 'default', profile: 'smoke', parameters: config.parameters },
      autoencoder: { preset: 'default', profile: 'smoke', parameters: config.parameters },
    });
    assert.deepEqual(runParameters(results), { state: 'agree', preset: 'default', profile: 'smoke', parameters: config.parameters });
  });

  it('calls a folder mixed when one notebook reran with other parameters, naming the values and sections', () => {
    const runDir = temporaryDir();
    for (const section of ['noise', 'classifier', 'autoencoder'] as const) recordSection({ runDir, config: resolveConfig({ profile: 'smoke' }) }, section, { x: 1 });
    recordSection({ runDir, config: resolveConfig({ profile: 'smoke', set: { 'noise.level': 0.4 } }) }, 'composite', { accuracy: 0.5 });
    assert.deepEqual(runParameters(readResults(runDir)), { state: 'mixed', differences: ['noise.level: 0.6 (noise, classifier, autoencoder), 0.4 (composite)'] });
  });

  it('reads a folder from before sections recorded theirs by its top-level fields', () => {
    const runDir = temporaryDir();
    const parameters = resolveConfig().parameters;
    writeFileSync(join(runDir, RESULTS_FILE), JSON.stringify({ preset: 'default', profile: 'full', parameters, classifier: { clean_accuracy: 0.9 } }));
    assert.deepEqual(runParameters(readResults(runDir)), { state: 'agree', preset: 'default', profile: 'full', parameters });
    assert.deepEqual(runParameters({ wall_time_s: { '01-data': 3 } }), { state: 'none' });
  });

  it('counts the sections of such a folder as made with its top-level parameters when one notebook reruns', () => {
    const runDir = temporaryDir();
    const parameters = resolveConfig({ profile: 'smoke' }).parameters;
    writeFileSync(join(runDir, RESULTS_FILE), JSON.stringify({ preset: 'default', profile: 'smoke', parameters, classifier: { clean_accuracy: 0.9 }, wall_time_s: { '03': 1 } }));
    recordSection({ runDir, config: resolveConfig({ profile: 'smoke', set: { 'noise.level': 0.4 } }) }, 'composite', { accuracy: 0.5 });
    assert.deepEqual(runParameters(readResults(runDir)), { state: 'mixed', differences: ['noise.level: 0.6 (classifier), 0.4 (composite)'] });
  });
});
