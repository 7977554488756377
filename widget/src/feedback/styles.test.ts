import { describe, expect, it } from 'vitest';
import { mergeStrings } from './strings.ts';
import { themeCss } from './styles.ts';

describe('themeCss', () => {
  it.each([
    [undefined, ''],
    [{ accent: '#c00' }, ':host { --ci-accent: #c00; }'],
    [{ accent: 'red; } body { display: none' }, ''],
    [{ font: 'Inter, sans-serif', radius: '2px' }, ':host { --ci-font: Inter, sans-serif; --ci-radius: 2px; }'],
    [{ unknown: 'x' } as Record<string, string>, ''],
  ])('%o → %s', (theme, css) => {
    expect(themeCss(theme)).toBe(css);
  });
});

describe('mergeStrings', () => {
  it('replaces known strings with strings only', () => {
    const strings = mergeStrings({ send: 'Senden', close: 42 as unknown as string, bogus: 'x' } as Record<
      string,
      string
    >);
    expect([strings.send, strings.close, 'bogus' in strings]).toEqual(['Senden', 'Close', false]);
  });
});
