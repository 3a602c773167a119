// Typed errors: each says what was expected, what was found, and what to do.

/** Base class of every error this project throws on purpose. */
export class ProjectError extends Error {
  override name = 'ProjectError';
}

/** An IDX file whose bytes do not match the format or the expected shape. */
export class IdxFormatError extends ProjectError {
  override name = 'IdxFormatError';
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}: expected ${expected}, found ${found}. Delete the file and run \`npm run setup\` to fetch it again.`);
  }
}

/** A dataset file whose content hash is not the published one. */
export class ChecksumError extends ProjectError {
  override name = 'ChecksumError';
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `${file}: SHA-256 of the decompressed content is ${found}, expected ${expected}. ` +
        'The file is corrupt or not the original Fashion-MNIST; delete it and run `npm run setup`.',
    );
  }
}

/** The dataset cache is missing a file. */
export class DatasetMissingError extends ProjectError {
  override name = 'DatasetMissingError';
  constructor(readonly file: string) {
    super(`${file} does not exist. Run \`npm run setup\` to fetch Fashion-MNIST into the cache (or set FASHION_MNIST_DIR).`);
  }
}

/** The native TensorFlow backend is not available. */
export class BackendError extends ProjectError {
  override name = 'BackendError';
}

/** A parameter outside its allowed values. */
export class ConfigError extends ProjectError {
  override name = 'ConfigError';
  constructor(
    readonly parameter: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`parameter ${parameter} = ${formatValue(value)} is not allowed: expected ${allowed}.`);
  }
}

/** JSON for most values, but NaN, Infinity and undefined as themselves: JSON would print them as null. */
function formatValue(value: unknown): string {
  if (typeof value === 'number' || value === undefined) return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** Data handed to a display function in a shape it cannot show. */
export class DisplayInputError extends ProjectError {
  override name = 'DisplayInputError';
  constructor(
    readonly subject: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${subject}: expected ${expected}, found ${found}.`);
  }
}

/** The environment cannot render or send a display (no fonts, tslab internals changed). */
export class DisplayEnvironmentError extends ProjectError {
  override name = 'DisplayEnvironmentError';
}

/** A saved model, weights file or results file that is missing, truncated or corrupt. */
export class ArtifactError extends ProjectError {
  override name = 'ArtifactError';
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly remedy: string,
  ) {
    super(`${path}: ${problem}. ${remedy}`);
  }
}

/** A model that the training loop cannot train as given (not compiled, several outputs, an unsupported part). */
export class ModelError extends ProjectError {
  override name = 'ModelError';
  constructor(
    readonly model: string,
    readonly problem: string,
    readonly remedy: string,
  ) {
    super(`model '${model}': ${problem}. ${remedy}`);
  }
}

/** tfjs's internal state, which lib reads in one adapter (lib/training/compiled.ts), is not where it was. */
export class TfjsInternalsError extends ProjectError {
  override name = 'TfjsInternalsError';
  constructor(
    readonly field: string,
    readonly found: string,
    readonly reader = 'lib/training/compiled.ts',
  ) {
    super(
      `tfjs has no usable '${field}' (found ${found}); ${reader} reads it as tfjs 4.22 ` +
        'keeps it. Use the tfjs version in package-lock.json, or adapt that file to the installed tfjs.',
    );
  }
}

/** One parameter a saved run model was trained with, against the value the notebook runs with. */
export interface ParameterDifference {
  readonly name: string;
  readonly saved: unknown;
  readonly wanted: unknown;
}

/** A model in the run folder trained with other parameters than the notebook that is about to use it runs with. */
export class RunMismatchError extends ProjectError {
  override name = 'RunMismatchError';
  constructor(
    readonly dir: string,
    readonly model: string,
    readonly differences: readonly ParameterDifference[],
    readonly command: string,
  ) {
    const listed = differences.map((d) => `${d.name}: trained with ${d.saved === undefined ? '(not recorded)' : formatValue(d.saved)}, this notebook has ${d.wanted === undefined ? '(not a parameter)' : formatValue(d.wanted)}`);
    super(
      `the ${model} in ${dir} was trained with other parameters than this notebook runs with, so nothing here would ` +
        `describe it: ${listed.join('; ')}. Nothing was computed. ${AGREE_LEAD}${command}${AGREE_END}`,
    );
  }
}

const AGREE_LEAD = 'To retrain it and what depends on it in this folder: ';
const AGREE_END = " (or set this notebook's values back to the ones it was trained with).";

/** The command a RunMismatchError's text gives (the runner sees the text only), or undefined in any other text. */
export function agreeCommandIn(text: string): string | undefined {
  const start = text.indexOf(AGREE_LEAD);
  const end = text.indexOf(AGREE_END, start);
  return text.includes('RunMismatchError') && start >= 0 && end > start ? text.slice(start + AGREE_LEAD.length, end) : undefined;
}

/** A results.json section, or a field of one, that a later notebook needs and its writer has not (yet) recorded. */
export class MissingResultError extends ProjectError {
  override name = 'MissingResultError';
  constructor(
    readonly path: string,
    readonly section: string,
    readonly missing: { readonly field: string; readonly kind: string; readonly found: unknown } | undefined,
    readonly writtenBy: string,
  ) {
    const what = missing === undefined
      ? `has no '${section}' section yet`
      : `has no ${missing.kind} '${missing.field}' in its '${section}' section (found ${formatValue(missing.found)}; an older version may have written it)`;
    const remedy = /^\d\d$/.test(writtenBy)
      ? `run notebook ${writtenBy} first with the same runDir (from a terminal: \`npm start -- --run latest --from ${writtenBy}\`)`
      : `it is written by ${writtenBy}`;
    super(`${path} ${what}: ${remedy}.`);
  }
}

/** A tensor or array whose shape or length does not fit what it is used with. */
export class ShapeError extends ProjectError {
  override name = 'ShapeError';
  constructor(
    readonly subject: string,
    readonly found: readonly number[] | number,
    readonly expected: string,
  ) {
    super(`${subject} is ${Array.isArray(found) ? `[${found.join(', ')}]` : String(found)}: expected ${expected}.`);
  }
}

/** An image file that cannot be read, decoded or accepted (empty, not an image, truncated, too large). */
export class ImageError extends ProjectError {
  override name = 'ImageError';
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly remedy: string,
  ) {
    super(`${path}: ${problem}. ${remedy}`);
  }
}

/** A training whose loss became NaN or infinite: its weights are ruined, so it stops rather than keep them. */
export class NonFiniteLossError extends ProjectError {
  override name = 'NonFiniteLossError';
  constructor(
    readonly model: string,
    readonly epoch: number,
    /** 1-based; undefined when it was the validation loss, computed after the epoch's last batch. */
    readonly batch: number | undefined,
    readonly batches: number,
    readonly loss: number,
  ) {
    const where = batch === undefined ? `the validation loss became ${loss} after epoch ${epoch}` : `the training loss became ${loss} at epoch ${epoch}, batch ${batch} of ${batches}`;
    super(`model '${model}': ${where}; training stopped and nothing of it was kept. Lower the learning rate (or look for NaN or infinite values in the data), then train again.`);
  }
}
