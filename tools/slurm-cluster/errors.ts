// Why the local test cluster could not start: named, with what to do, and never a silent skip.
import { ProjectError } from '../../lib/errors';

export class SlurmClusterError extends ProjectError {
  override name = 'SlurmClusterError';
}
