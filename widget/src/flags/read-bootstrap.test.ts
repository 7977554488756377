import { describe, expect, it, vi } from 'vitest';
import { readBootstrap } from './read-bootstrap.ts';

const page = (elements: Record<string, string>) => ({
  getElementById: (id: string) => (id in elements ? ({ textContent: elements[id] } as HTMLElement) : null),
});

describe('readBootstrap', () => {
  it('reads the config from the named JSON element', () => {
    const warn = vi.fn();
    expect(
      readBootstrap(
        'flags',
        page({ flags: '{"version":3,"flags":{"a":{"type":"boolean","defaultValue":true}}}' }),
        warn,
      ),
    ).toEqual({
      version: 3,
      flags: { a: { type: 'boolean', defaultValue: true } },
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['no such element', {}, /no element with that id/],
    ['not JSON', { flags: '{oops' }, /no usable config in that element \(.*JSON/],
    ['JSON without flags', { flags: '{"version":1}' }, /it has no "flags" object/],
    ['null', { flags: 'null' }, /it has no "flags" object/],
  ])('warns and gives none for %s', (_case, elements, message) => {
    const warn = vi.fn();
    expect(readBootstrap('flags', page(elements), warn)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(message));
    expect(warn.mock.calls[0]![0]).toMatch(/^data-flags-bootstrap="flags": /);
  });
});
