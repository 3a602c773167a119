// `npm run denoise -- <image or folder>...`: denoises your own images with a trained autoencoder; see --help.
import './quiet-tensorflow';
import { runCommand } from '../command';
import { denoiseCommand } from './main';

runCommand((argv) => denoiseCommand(argv));
