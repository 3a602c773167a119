import assert from 'node:assert/strict';
import { join } from 'node:path';
import ts from 'typescript';
import { validationCount } from '../lib/config/combinations';
import { parseSetting, PARAMETER_NAMES, PRESET_NAMES, PRESETS, PROFILES, resolveConfig, type ParameterSet } from '../lib/config/index';
import { trainingCount } from '../lib/data/subsets';
import { ConfigError } from '../lib/errors';
import { NOISE_TYPES } from '../lib/noise/types';
import { PROJECT_ROOT } from '../lib/paths';

function rejects(set: Record<string, unknown>, pattern: RegExp): void {
  assert.throws(() => resolveConfig({ set }), (error: Error) => error instanceof ConfigError && pattern.test(error.message));
}

describe('config', () => {
  it('gives every preset a value for every parameter, each one valid', () => {
    for (const [name, preset] of Object.entries(PRESETS)) {
      assert.deepEqual(Object.keys(preset).sort(), [...PARAMETER_NAMES].sort(), name);
      assert.doesNotThrow(() => resolveConfig({ preset: name, set: preset }));
    }
  });

  it('nests the parameters and records preset and profile', () => {
    const config = resolveConfig({ preset: 'reference' });
    assert.equal(config.classifier.architecture, 'mlp');
    assert.equal(config.autoencoder.epochs, 100);
    assert.equal(config.noise.level, 0.6);
    assert.equal(config.preset, 'reference');
    assert.equal(config.profile, 'full');
    assert.equal(config.parameters['classifier.epochs'], 30);
  });

  it('shrinks data and epochs in the smoke profile, and user settings win over it', () => {
    const smoke = resolveConfig({ profile: 'smoke' });
    assert.ok(smoke.data.trainSize <= 2000);
    assert.equal(smoke.classifier.epochs, 1);
    assert.equal(smoke.classifier.architecture, 'cnn');
    assert.equal(resolveConfig({ profile: 'smoke', set: { 'classifier.epochs': 2 } }).classifier.epochs, 2);
  });

  it('rejects bad values naming the parameter, the value and the allowed range', () => {
    rejects({ 'classifier.epochs': 0 }, /classifier\.epochs = 0 .*an integer from 1 to 1000/);
    rejects({ 'autoencoder.epochs': -3 }, /autoencoder\.epochs = -3/);
    rejects({ 'classifier.epochs': 2.5 }, /classifier\.epochs = 2\.5/);
    rejects({ 'noise.level': Number.NaN }, /noise\.level = NaN .*a number greater than 0/);
    rejects({ 'noise.level': 11 }, /noise\.level = 11 .*for noise\.type 'uniform' .*from 0 to 10/);
    rejects({ 'noise.type': 'poisson', 'noise.level': 0.5 }, /noise\.level = 0\.5 .*'poisson'.*from 1 to 1000000/);
    assert.equal(resolveConfig({ set: { 'noise.type': 'poisson', 'noise.level': 20, 'evaluation.sweepLevels': [5, 20] } }).noise.level, 20);
    rejects({ 'noise.type': 'pink' }, /noise\.type = "pink" .*'uniform', 'gaussian'/);
    rejects({ 'evaluation.sweepLevels': [] }, /sweepLevels/);
  });

  it("noise.testLevel: 'same' follows noise.level; a number is checked against the noise type's range like noise.level", () => {
    assert.equal(resolveConfig().noise.testLevel, 'same');
    assert.equal(resolveConfig({ set: { 'noise.testLevel': 0.1 } }).noise.testLevel, 0.1);
    rejects({ 'noise.testLevel': 11 }, /noise\.testLevel = 11 .*for noise\.type 'uniform' .*from 0 to 10/);
    rejects({ 'noise.type': 'poisson', 'noise.level': 20, 'noise.testLevel': 0.5 }, /noise\.testLevel = 0\.5 .*'poisson'.*from 1 to 1000000/);
    rejects({ 'noise.testLevel': 0 }, /noise\.testLevel = 0 .*'same', or a number greater than 0/);
    rejects({ 'noise.testLevel': 'train' }, /noise\.testLevel = "train" .*'same'/);
  });

  it("the 'tutorial' preset is the Keras tutorials' setup: their autoencoder, gaussian σ 0.3, BCE, batch 200, 10 fixed epochs", () => {
    const config = resolveConfig({ preset: 'tutorial' });
    assert.deepEqual(
      { ...config.autoencoder, noise: config.noise.type, level: config.noise.level, classifier: config.classifier.architecture },
      { architecture: 'tutorial', epochs: 10, batchSize: 200, learningRate: 0.001, patience: 0, loss: 'binaryCrossentropy', noise: 'gaussian', level: 0.3, classifier: 'cnn' },
    );
  });

  it('rejects a batch size larger than the training images left after the validation split', () => {
    rejects({ 'data.trainSize': 100, 'classifier.batchSize': 128 }, /classifier\.batchSize = 128 .*at most 90/);
  });

  it('holds out exactly what lib/data/subsets.ts holds out: refuses a split that trainingCount would refuse in notebook 03', () => {
    for (const trainSize of [1, 2, 3, 5, 7, 10, 19, 100]) {
      for (const split of [0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5]) {
        const set = { 'data.trainSize': trainSize, 'data.validationSplit': split, 'classifier.batchSize': 1, 'autoencoder.batchSize': 1 };
        let expected: number | undefined;
        try {
          expected = trainSize - trainingCount(trainSize, split);
        } catch {
          expected = undefined;
        }
        if (expected === undefined) rejects(set, /data\.validationSplit = .*holds out at least one image and keeps at least one/);
        else assert.equal(validationCount(trainSize, split), expected, `${trainSize} × ${split}`);
        if (expected !== undefined) assert.doesNotThrow(() => resolveConfig({ set }), `${trainSize} × ${split}`);
      }
    }
    rejects({ 'data.trainSize': 5, 'data.validationSplit': 0.05, 'classifier.batchSize': 4, 'autoencoder.batchSize': 4 }, /data\.validationSplit = 0\.05 .*data\.trainSize = 5 .*holds out 0\); set data\.validationSplit to at least 0\.1/);
  });

  it('every noise type with every preset and profile: its suggested levels resolve; the type set alone resolves or is refused with fixes that resolve', () => {
    for (const preset of PRESET_NAMES) {
      for (const profile of PROFILES) {
        for (const info of NOISE_TYPES) {
          const label = `${preset}/${profile}/${info.type}`;
          const suggested = resolveConfig({ preset, profile, set: { 'noise.type': info.type, 'noise.level': info.typicalLevel, 'evaluation.sweepLevels': info.sweepLevels } });
          assert.deepEqual(suggested.evaluation.sweepLevels, info.sweepLevels, label);
          let set: Record<string, unknown> = { 'noise.type': info.type };
          let config;
          for (let retry = 0; config === undefined; retry++) {
            try {
              config = resolveConfig({ preset, profile, set });
            } catch (error) {
              assert.ok(error instanceof ConfigError && retry < 2, `${label}: ${(error as Error).message}`);
              assert.match(error.message, new RegExp(`for noise\\.type '${info.type}' \\(`), label);
              const fixes = [...error.message.matchAll(/e\.g\. ([\w.]+=(?:\[[^\]]*\]|[\d.]*\d))/g)].map((match) => parseSetting(match[1]!));
              assert.ok(fixes.length > 0, `${label}: no fix suggested in ${error.message}`);
              set = { ...set, ...Object.fromEntries(fixes) };
            }
          }
          const inRange = (level: number) => level >= info.min && level <= info.max;
          assert.ok(inRange(config.noise.level) && config.evaluation.sweepLevels.every(inRange), `${label}: ${JSON.stringify(config.parameters)}`);
        }
      }
    }
  });

  it("refuses sweep levels outside the noise type's range, or repeated, saying which and what to set instead", () => {
    rejects({ 'noise.type': 'poisson', 'noise.level': 10 }, /^parameter evaluation\.sweepLevels = \[0\.2,0\.4,0\.6,0\.8,1\] .*for noise\.type 'poisson' .*each from 1 to 1000000 \(0\.2, 0\.4, 0\.6, 0\.8 are outside it\), e\.g\. evaluation\.sweepLevels=\[3,5,10,20,50\]\.$/);
    rejects({ 'noise.type': 'salt-and-pepper', 'evaluation.sweepLevels': [0.5, 2] }, /sweepLevels = \[0\.5,2\] .*from 0 to 1 \(2 is outside it\), e\.g\. evaluation\.sweepLevels=\[0\.05,0\.1,0\.15,0\.2,0\.25\]/);
    rejects({ 'evaluation.sweepLevels': [0.2, 0.4, 0.2] }, /sweepLevels = \[0\.2,0\.4,0\.2\] .*distinct levels.*\(0\.2 is repeated\)/);
    assert.deepEqual(resolveConfig({ set: { 'noise.type': 'poisson', 'noise.level': 10, 'evaluation.sweepLevels': [5, 50, 500] } }).evaluation.sweepLevels, [5, 50, 500]);
  });

  it("training.executor: 'graph' in every preset, 'eager' accepted, anything else refused naming both choices", () => {
    for (const name of PRESET_NAMES) assert.equal(resolveConfig({ preset: name }).training.executor, 'graph', name);
    assert.equal(resolveConfig({ set: { 'training.executor': 'eager' } }).training.executor, 'eager');
    rejects({ 'training.executor': 'xla' }, /training\.executor = "xla" .*one of 'eager', 'graph'/);
    rejects({ 'training.executor': true }, /training\.executor = true .*one of 'eager', 'graph'/);
  });

  it('rejects unknown presets, profiles and parameter names, suggesting the closest name', () => {
    assert.throws(() => resolveConfig({ preset: 'fast' }), /preset = "fast" .*'default', 'reference'/);
    assert.throws(() => resolveConfig({ profile: 'tiny' }), /profile = "tiny"/);
    rejects({ 'classifer.epochs': 3 }, /classifer\.epochs .*did you mean 'classifier\.epochs'/);
  });

  it('nests every parameter of the schema under its dotted name, with the value the flat set holds', () => {
    const config = resolveConfig({ preset: 'reference' }) as unknown as Record<string, unknown>;
    for (const name of PARAMETER_NAMES) {
      const value = name.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
      assert.deepEqual(value, (config['parameters'] as Record<string, unknown>)[name], name);
    }
  });

  it('types the nested config from the schema: known fields compile with their types, a misspelled one does not', function () {
    this.timeout(60_000);
    const probe = join(PROJECT_ROOT, 'test', '__config-type-probe.ts');
    const source = [
      "import { resolveConfig } from '../lib/config/index';",
      "import type { AutoencoderArchitecture } from '../lib/models/names';",
      'const config = resolveConfig();',
      'const epochs: number = config.classifier.epochs;',
      'const architecture: AutoencoderArchitecture = config.autoencoder.architecture;',
      'const named: typeof config.autoencoder.architecture = architecture;',
      'const levels: readonly number[] = config.evaluation.sweepLevels;',
      '// @ts-expect-error misspelled parameter',
      'config.classifier.epoch;',
      '// @ts-expect-error a number is not a noise type',
      "const type: number = config.noise.type;",
      'export { epochs, architecture, named, levels, type };',
    ].join('\n');
    const host = ts.createCompilerHost({});
    const readFile = host.readFile;
    host.readFile = (file) => (file === probe ? source : readFile(file));
    const fileExists = host.fileExists;
    host.fileExists = (file) => file === probe || fileExists(file);
    const options = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true, types: ['node'] };
    const program = ts.createProgram([probe], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(problems, []);
  });

  it('checks preset values by the same rules as --set, naming the preset and the value', () => {
    const presets = PRESETS as Record<string, ParameterSet>;
    presets['broken'] = { ...PRESETS['default']!, 'classifier.epochs': 0 };
    presets['partial'] = Object.fromEntries(Object.entries(PRESETS['default']!).filter(([name]) => name !== 'seed')) as unknown as ParameterSet;
    try {
      assert.throws(() => resolveConfig({ preset: 'broken' }), /classifier\.epochs = 0 is not allowed/);
      assert.throws(() => resolveConfig({ preset: 'partial' }), /preset = "partial" .*it lacks seed/);
    } finally {
      delete presets['broken'];
      delete presets['partial'];
    }
  });

  it("reads 'conv', the U-Net's earlier name, as 'unet'", () => {
    assert.equal(resolveConfig({ set: { 'autoencoder.architecture': 'conv' } }).autoencoder.architecture, 'unet');
    assert.equal(resolveConfig().autoencoder.architecture, 'unet');
  });

  it('parses --set values as JSON when they parse, as text otherwise', () => {
    assert.deepEqual(parseSetting('classifier.epochs=5'), ['classifier.epochs', 5]);
    assert.deepEqual(parseSetting('noise.type=gaussian'), ['noise.type', 'gaussian']);
    assert.deepEqual(parseSetting('evaluation.sweepLevels=[0.1,0.5]'), ['evaluation.sweepLevels', [0.1, 0.5]]);
    assert.deepEqual(parseSetting('noise.level=NaN'), ['noise.level', 'NaN']);
    assert.throws(() => parseSetting('epochs'), /name=value/);
  });
});
