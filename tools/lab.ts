// `npm run lab`: JupyterLab from .venv on the notebooks; extra arguments go to `jupyter lab` (e.g. -- --port=9000).
import { spawn } from 'node:child_process';
import { JUPYTER, labArguments } from './jupyter-lab';

const lab = spawn(JUPYTER, labArguments(['--LabApp.default_url=/lab/tree/notebooks', ...process.argv.slice(2)]), {
  stdio: 'inherit',
});
// Ctrl-C reaches JupyterLab directly from the terminal, and it asks before shutting down: this process waits for
// its answer instead of dying first and leaving the server without its parent.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => lab.kill('SIGTERM'));
lab.on('error', (error) => {
  console.error(`could not start ${JUPYTER}: ${error.message}. Run \`npm run setup\` to create .venv.`);
  process.exit(1);
});
lab.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
