// `npm run setup`, steps 2–6: Python environment, tslab kernel, native backend, dataset, sample photographs. Each is idempotent.
import { EXIT, runCommand, type ExitCode } from '../command';
import { ensureNativeBackend } from './backend';
import { ensureFashionMnist } from './dataset';
import { ensurePhotos } from './photos';
import { ensurePythonEnvironment, ensureTslabKernel } from './python';
import { SetupStepError } from './shell';

interface Step {
  readonly title: string;
  readonly run: () => string | Promise<string>;
}

const STEPS: readonly Step[] = [
  { title: 'Python environment (.venv: JupyterLab, nbclient, nbconvert, TensorBoard)', run: ensurePythonEnvironment },
  { title: 'tslab kernel', run: ensureTslabKernel },
  { title: 'native TensorFlow backend', run: ensureNativeBackend },
  { title: 'Fashion-MNIST', run: () => ensureFashionMnist() },
  { title: 'sample photographs (scikit-image 0.26.0 wheel → data/photos)', run: () => ensurePhotos() },
];
const TOTAL_STEPS = STEPS.length + 1;

async function main(): Promise<ExitCode> {
  const summary = [`Node dependencies: ${process.env.SETUP_STEP1_SUMMARY ?? 'done'}`];
  for (const [index, step] of STEPS.entries()) {
    const number = index + 2;
    console.log(`[setup ${number}/${TOTAL_STEPS}] ${step.title}`);
    const started = Date.now();
    try {
      const result = await step.run();
      console.log(`            ${result} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      summary.push(`${step.title}: ${result}`);
    } catch (error) {
      const remedy = error instanceof SetupStepError ? `\n  What you can do: ${error.remedy}` : '';
      console.error(`\nsetup failed at step ${number} (${step.title}): ${(error as Error).message}${remedy}`);
      return EXIT.failed;
    }
  }
  console.log(`setup complete:\n  ${summary.join('\n  ')}`);
  return EXIT.done;
}

runCommand(main);
