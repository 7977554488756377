import { describe, expect, it } from 'vitest';
import { readLoadTestOptions } from './loadtest-options.ts';

const TARGET = ['--target', 'http://127.0.0.1:8787'];

describe('readLoadTestOptions', () => {
  it('asks for the usage before it checks anything else', () => {
    expect(readLoadTestOptions(['--help'], {})).toBe('help');
  });

  it('takes a fixed-rate run by default, with the write key from the environment', () => {
    expect(readLoadTestOptions(TARGET, { INSIGHTS_WRITE_KEY: 'pk_env' })).toEqual({
      target: 'http://127.0.0.1:8787',
      writeKey: 'pk_env',
      batchSize: 20,
      run: { mode: 'fixed', eventsPerSecond: 500, durationMs: 60_000 },
    });
  });

  it('takes a ramp in milliseconds, --key over the environment, and where to write the JSON', () => {
    const args = [
      ...TARGET,
      '--ramp',
      '--rate',
      '100',
      '--step-seconds',
      '2',
      '--key',
      'pk_flag',
      '--json',
      'out.json',
    ];
    expect(readLoadTestOptions(args, { INSIGHTS_WRITE_KEY: 'pk_env' })).toEqual({
      target: 'http://127.0.0.1:8787',
      writeKey: 'pk_flag',
      batchSize: 20,
      json: 'out.json',
      run: { mode: 'ramp', firstRate: 100, stepMs: 2000, maxRate: 50_000, p99LimitMs: 250 },
    });
  });

  it.each([
    [[], /--target must be the server's URL/],
    [['--target', '127.0.0.1:8787', '--key', 'k'], /--target must be the server's URL/],
    [TARGET, /--key \(or INSIGHTS_WRITE_KEY\) is required/],
    [[...TARGET, '--key', 'k', '--batch', '501'], /--batch must be a number from 1 to 500, got "501"/],
    [[...TARGET, '--key', 'k', '--rate', 'fast'], /--rate must be a number from 1 to 1000000, got "fast"/],
    [[...TARGET, '--key', 'k', '--duration', '0'], /--duration must be a number from 1 to 3600/],
    [[...TARGET, '--key', 'k', '--ramp', '--p99-limit', '0'], /--p99-limit must be a number from 1 to 60000/],
    [[...TARGET, '--key', 'k', '--ramp', '--max-rate', '2e6'], /--max-rate must be a number from 1 to 1000000/],
  ])('refuses %j, saying which option is wrong and how to use it', (args, message) => {
    expect(() => readLoadTestOptions(args, {})).toThrow(message);
    expect(() => readLoadTestOptions(args, {})).toThrow(/usage: npm run loadtest/);
  });

  it('checks only the options of the mode it runs', () => {
    const fixed = readLoadTestOptions([...TARGET, '--key', 'k', '--max-rate', 'none'], {});
    expect(fixed).toMatchObject({ run: { mode: 'fixed' } });
    const ramp = readLoadTestOptions([...TARGET, '--key', 'k', '--ramp', '--duration', 'none'], {});
    expect(ramp).toMatchObject({ run: { mode: 'ramp' } });
  });
});
