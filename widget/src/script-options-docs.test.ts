import { expect, it } from 'vitest';
import { codeSpans, markdownTables } from '../../tests/support/markdown-tables.ts';
import { optionsFromScript } from './script-options.ts';

/** The guides whose option tables name the script tag's attributes. */
const GUIDES = ['widget.md', 'delivery.md', 'flags.md', 'replay.md'];

/** The `data-*` attributes the script tag reads, recorded as it reads a tag that has only the two it needs. */
function attributesRead(): string[] {
  const read = new Set<string>();
  const given: Record<string, string> = { endpoint: '/api', key: 'pk' };
  const dataset = new Proxy({} as DOMStringMap, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      read.add(`data-${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
      return given[name];
    },
  });
  const script = { src: 'https://cdn.example/insights.js', dataset } as unknown as HTMLScriptElement;
  optionsFromScript(script, () => () => undefined);
  return [...read];
}

it('documents every attribute the script tag reads in an options table', () => {
  const documented = new Set(
    GUIDES.flatMap((file) =>
      markdownTables(file).flatMap((table) =>
        table.slice(1).flatMap((row) => row.flatMap(codeSpans).map((span) => span.replace(/=.*$/, ''))),
      ),
    ),
  );
  const read = attributesRead();
  expect(read).toEqual(expect.arrayContaining(['data-endpoint', 'data-flush-delay', 'data-replay', 'data-production']));
  expect(read.filter((attribute) => !documented.has(attribute))).toEqual([]);
});
