// Where the project keeps its files, resolved from this file so it works from any working directory.
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..');
export const DATA_DIR = join(PROJECT_ROOT, 'data');
export const FASHION_MNIST_CACHE_DIR = join(DATA_DIR, 'fashion-mnist');
/** Run folders and the model cache; RUNS_DIR in the environment moves them (the test suite uses a temporary one). */
export const RUNS_DIR = process.env.RUNS_DIR ? resolve(process.env.RUNS_DIR) : join(PROJECT_ROOT, 'runs');
/** Sample photographs from scikit-image's wheel, put there by `npm run setup` (tools/setup/photos.ts). */
export const PHOTOS_DIR = join(DATA_DIR, 'photos');
