// The README and docs/ as a reader follows them: every relative link and image resolves, every #anchor names a
// heading. markdown-link-check follows links and same-page anchors; an anchor into another page (docs/x.md#y) is
// checked here against that page's headings, as GitHub names them. Links to other sites are not fetched: CI has
// no internet.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../lib/paths';

interface LinkResult {
  readonly link: string;
  readonly status: 'alive' | 'dead' | 'ignored' | 'error';
  readonly statusCode: number;
  readonly err?: unknown;
}
type MarkdownLinkCheck = (markdown: string, options: object, callback: (error: Error | null, results: LinkResult[]) => void) => void;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const markdownLinkCheck = require('markdown-link-check') as MarkdownLinkCheck;

const PAGES = ['README.md', ...readdirSync(join(PROJECT_ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

function check(page: string): Promise<LinkResult[]> {
  const markdown = readFileSync(join(PROJECT_ROOT, page), 'utf8');
  const baseUrl = pathToFileURL(join(PROJECT_ROOT, page, '..')).href;
  return new Promise((resolve, reject) =>
    markdownLinkCheck(markdown, { baseUrl, ignorePatterns: [{ pattern: '^https?://' }] }, (error, results) => (error ? reject(error) : resolve(results))),
  );
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchorsOf(page: string): Set<string> {
  const text = readFileSync(join(PROJECT_ROOT, page), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6} +(.+)$/gm)].map((match) => headingAnchor(match[1]!.replace(/`/g, ''))));
}

/** `other.md#anchor` links of `page` whose anchor is not a heading of that page. */
function brokenCrossPageAnchors(page: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, page), 'utf8');
  return [...text.matchAll(/\]\(([^)#\s]+\.md)#([^)\s]+)\)/g)]
    .filter(([, target, anchor]) => !anchorsOf(join(page, '..', target!)).has(anchor!))
    .map(([, target, anchor]) => `${target}#${anchor}`);
}

describe('README and docs links', () => {
  let checked = 0;
  for (const page of PAGES) {
    it(`${page}: every relative link, image and anchor resolves`, async () => {
      const results = await check(page);
      checked += results.filter((result) => result.status === 'alive').length;
      const dead = results.filter((result) => result.status === 'dead' || result.status === 'error').map((result) => `${result.link} (${result.statusCode})`);
      assert.deepEqual(dead, [], `${page} has broken links`);
      assert.deepEqual(brokenCrossPageAnchors(page), [], `${page} has anchors that name no heading of their page`);
    });
  }
  it('checked the README’s links among them (the checker read the pages)', () => assert.ok(checked >= 10, `only ${checked} links were found alive`));
});
