// Which files count as images in a folder: one list, by format, shared by notebook 07 and `npm run denoise`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasImageExtension, IMAGE_EXTENSIONS, IMAGE_FORMATS } from '../lib/images/header';
import { photoFiles } from '../lib/steps/photos';
import { listInputs } from '../tools/denoise/inputs';
import { temporaryDir } from './helpers/idx-files';

/** The extensions each format's media type goes by in Debian's media-types list (/etc/mime.types). */
const REGISTERED: Readonly<Record<string, readonly string[]>> = {
  png: ['.png'],
  jpeg: ['.jpeg', '.jpg', '.jpe', '.jfif'],
  bmp: ['.bmp'],
  gif: ['.gif'],
};

describe('image file extensions', () => {
  it('every format the header reader knows brings its registered extensions, and nothing else is listed', () => {
    assert.deepEqual([...IMAGE_FORMATS].sort(), Object.keys(REGISTERED).sort());
    assert.deepEqual([...IMAGE_EXTENSIONS].sort(), Object.values(REGISTERED).flat().sort());
  });

  it('matches names in any case, and not hidden files, other extensions or names that merely contain one', () => {
    for (const name of ['a.png', 'B.JPE', 'c.Jpeg', 'd.jpg', 'e.bmp', 'f.GIF', 'g.jfif']) assert.ok(hasImageExtension(name), name);
    for (const name of ['.png', 'notes.txt', 'png', 'photo.png.zip', 'photo.tiff']) assert.ok(!hasImageExtension(name), name);
  });

  it('notebook 07 and npm run denoise take the same files from one folder', () => {
    const dir = temporaryDir('fmd-extensions-');
    const names = ['a.png', 'b.JPE', 'c.jpeg', 'd.jpg', 'e.bmp', 'f.gif', 'notes.txt', 'photo.png.zip'];
    for (const name of names) writeFileSync(join(dir, name), '');
    const denoiseFiles = listInputs([dir]).files.map((file) => file.slice(dir.length + 1));
    assert.deepEqual(photoFiles(dir), ['a.png', 'b.JPE', 'c.jpeg', 'd.jpg', 'e.bmp', 'f.gif']);
    assert.deepEqual(photoFiles(dir), denoiseFiles);
  });
});
