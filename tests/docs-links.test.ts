import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, brokenLink, headingAnchor, relativeLinks } from './support/markdown-links.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GUIDES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

describe('links between the README and the guides', () => {
  it.each(GUIDES)('%s links only to files and headings that exist', (guide) => {
    const file = join(ROOT, guide);
    const broken = relativeLinks(readFileSync(file, 'utf8')).flatMap((link) => {
      const problem = brokenLink(file, link);
      return problem ? [`${guide}:${link.line}: ${problem}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('finds a broken anchor, a missing file and a repeated heading', () => {
    const file = join(ROOT, 'README.md');
    expect(brokenLink(file, { line: 1, target: 'docs/widget.md#no-such-heading' })).toBe(
      'no heading for #no-such-heading',
    );
    expect(brokenLink(file, { line: 1, target: 'docs/missing.md' })).toBe('no file docs/missing.md');
    expect(brokenLink(file, { line: 1, target: '#quick-start' })).toBeUndefined();
    expect(anchorsOf('# A\n## A\n```\n# not a heading\n```\n')).toEqual(new Set(['a', 'a-1']));
    expect(headingAnchor('Rollups (`copyNarrow`, both: `f(a, b)`)')).toBe('rollups-copynarrow-both-fa-b');
    expect(relativeLinks('[a](b.md) `[c](d.md)` [e](https://x.test)\n```\n[f](g.md)\n```')).toEqual([
      { line: 1, target: 'b.md' },
    ]);
  });
});
