// `npm run clean-notebooks`: strips outputs and volatile metadata from notebooks/ before a commit.
import { writeFileSync } from 'node:fs';
import { cleanNotebook, dirtiness, listNotebooks, readNotebook } from './runner/notebooks';

for (const notebook of listNotebooks()) {
  const content = readNotebook(notebook.path);
  const problems = dirtiness(content);
  if (problems.length === 0) continue;
  writeFileSync(notebook.path, `${JSON.stringify(cleanNotebook(content), null, 1)}\n`);
  console.log(`${notebook.name}: stripped ${problems.join(', ')}`);
}
