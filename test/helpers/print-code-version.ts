// Child process for the code-version tests: loads the lib/ of the project copy in argv[2], prints its fingerprint,
// then appends a line to the file argv[3] (if given) and prints the fingerprint again, in the same process.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

async function main(): Promise<void> {
  const [root, edit] = process.argv.slice(2);
  const module = (await import(pathToFileURL(join(root!, 'lib', 'model-cache', 'code-version.ts')).href)) as typeof import('../../lib/model-cache/code-version');
  const versions = [module.trainingCodeVersion()];
  if (edit !== undefined) {
    appendFileSync(edit, '\n// edited while loaded\n');
    versions.push(module.trainingCodeVersion());
  }
  process.stdout.write(`${JSON.stringify(versions)}\n`);
}

void main();
