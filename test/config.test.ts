import assert from 'node:assert/strict';
import { join } from 'node:path';
import ts from 'typescript';
import { parseSetting, PARAMETER_NAMES, PRESETS, resolveConfig, type ParameterSet } from '../lib/config/index';
import { ConfigError } from '../lib/errors';
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
    assert.equal(resolveConfig({ set: { 'noise.type': 'poisson', 'noise.level': 20 } }).noise.level, 20);
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
