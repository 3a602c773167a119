// `npm run clean-notebooks`: strips outputs and volatile metadata from notebooks/ before a commit.
import { EXIT, runCommand } from './command';
import { cleanNotebook, dirtiness, listNotebooks, readNotebook, writeNotebook } from './runner/notebooks';

runCommand(() => {
  for (const notebook of listNotebooks()) {
    const content = readNotebook(notebook.path);
    const problems = dirtiness(content);
    if (problems.length === 0) continue;
    writeNotebook(notebook.path, cleanNotebook(content));
    console.log(`${notebook.name}: stripped ${problems.join(', ')}`);
  }
  return EXIT.done;
});
