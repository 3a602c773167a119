// Command-line options of `npm run runs`, checked before any run folder is read.
import { ConfigError } from '../../lib/errors';
import { RUN_COLUMNS, type RunColumn } from '../../lib/run/runs-index';
import { optionValue } from '../options';

export interface RunsOptions {
  /** The column rows are ordered by. @default 'id' (time order) */
  readonly sort: RunColumn;
  /** Print the rows as one JSON array instead of a table. */
  readonly json: boolean;
}

const COLUMN_NAMES = Object.keys(RUN_COLUMNS);

export const USAGE = `usage: npm run runs -- [--sort COLUMN] [--json]
  COLUMN: ${COLUMN_NAMES.join(', ')} (numbers largest first, text alphabetically)`;

export function parseArgs(argv: readonly string[]): RunsOptions {
  let sort: RunColumn = 'id';
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--json') json = true;
    else if (flag === '--sort') {
      const column = optionValue(argv, i++, USAGE, 'a column name');
      if (!COLUMN_NAMES.includes(column)) throw new ConfigError(flag, column, `a column name: ${COLUMN_NAMES.join(', ')}`);
      sort = column as RunColumn;
    } else throw new ConfigError('option', flag, `a known option; ${USAGE}`);
  }
  return { sort, json };
}
