import { describe, expect, it } from 'vitest';
import { replayOptionsFromAttributes, sessionSampled } from './options.ts';

describe('replayOptionsFromAttributes', () => {
  it.each([
    { mode: undefined, rate: undefined, expected: { mode: 'off' } },
    { mode: '', rate: '0.5', expected: { mode: 'off' } },
    { mode: 'buffer', rate: undefined, expected: { mode: 'buffer' } },
    { mode: 'session', rate: '0.25', expected: { mode: 'session', sampleRate: 0.25 } },
    { mode: 'session', rate: '1', expected: { mode: 'session', sampleRate: 1 } },
    { mode: 'always', rate: undefined, warning: 'data-replay must be one of off, buffer, session (got "always")' },
    { mode: 'session', rate: '25%', warning: 'data-replay-sample-rate must be a number from 0 to 1 (got "25%")' },
    { mode: 'session', rate: '1.5', warning: 'data-replay-sample-rate must be a number from 0 to 1 (got "1.5")' },
  ])('data-replay=$mode data-replay-sample-rate=$rate', ({ mode, rate, expected, warning }) => {
    const warnings: string[] = [];
    expect(replayOptionsFromAttributes(mode, rate, (message) => warnings.push(message))).toEqual(expected);
    expect(warnings).toEqual(warning ? [`replay is off: ${warning}`] : []);
  });
});

describe('sessionSampled', () => {
  const ids = Array.from(
    { length: 2000 },
    (_, index) => `0193a1b2-c3d4-7e5f-8a9b-${index.toString(16).padStart(12, '0')}`,
  );

  it.each([0, 1])('samples none or all at rate %s', (rate) => {
    expect(ids.every((id) => sessionSampled(id, rate) === (rate === 1))).toBe(true);
  });

  it('decides the same way for the same session every time', () => {
    expect(ids.map((id) => sessionSampled(id, 0.3))).toEqual(ids.map((id) => sessionSampled(id, 0.3)));
  });

  it('samples roughly the configured share of sessions', () => {
    const share = ids.filter((id) => sessionSampled(id, 0.3)).length / ids.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
  });
});
