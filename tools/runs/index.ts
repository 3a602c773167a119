// `npm run runs`: one line per run folder under runs/ with what it changed, its state, accuracies, image quality
// and wall time; see `npm run runs -- --help`.
import { RUNS_DIR } from '../../lib/paths';
import { readRunsIndex, sortRuns } from '../../lib/run/runs-index';
import { EXIT, runCommand } from '../command';
import { parseArgs, USAGE } from './args';
import { runsTable } from './table';

runCommand((argv) => {
  if (argv.includes('--help')) {
    console.log(USAGE);
    return EXIT.done;
  }
  const options = parseArgs(argv);
  const rows = sortRuns(readRunsIndex([RUNS_DIR]), options.sort);
  if (options.json) console.log(JSON.stringify(rows, null, 2));
  else if (rows.length === 0) console.log(`no run folders in ${RUNS_DIR} yet; \`npm start\` makes one`);
  else console.log(runsTable(rows, process.stdout.isTTY ? process.stdout.columns : undefined));
  return EXIT.done;
});
