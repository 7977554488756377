import { describe, expect, it } from 'vitest';
import { optionsFromScript } from './script-options.ts';

/** A script tag as the browser gives it: its `src` and its `data-*` attributes by `dataset` name. */
function read(dataset: Record<string, string>) {
  const warnings: string[] = [];
  const script = { src: 'https://cdn.example/insights.js', dataset } as unknown as HTMLScriptElement;
  const options = optionsFromScript(script, () => (message) => warnings.push(message));
  return { options, warnings };
}

describe('the script tag’s options, read one way', () => {
  it.each([
    [{ key: 'pk' }, 'the script tag needs data-endpoint="https://your-api/api"'],
    [{ endpoint: '/api' }, 'the script tag needs data-key="<public write key>"'],
  ])('says what is missing: %j', (dataset, problem) => {
    expect(read(dataset).options).toBe(problem);
  });

  it('reads every area’s attributes, resolving the endpoint against the script’s own URL', () => {
    const { options, warnings } = read({
      endpoint: '/api/',
      key: 'pk',
      debug: '',
      release: 'web@2',
      apiOrigins: 'https://api.example, /graphql,',
      scrubParams: 'invite',
      disable: 'console,clicks',
      captureClicks: 'true',
      autoPageViews: 'false',
      trackingPlan: 'off',
      production: '',
      flagsRefresh: '60000',
      flagsBootstrap: 'flags-config',
      replay: 'buffer',
      replaySampleRate: '0.5',
      flushDelay: '500',
    });
    expect(warnings).toEqual([]);
    expect(options).toMatchObject({
      endpoint: 'https://cdn.example/api',
      writeKey: 'pk',
      debug: true,
      release: 'web@2',
      capture: {
        apiOrigins: ['https://api.example', '/graphql'],
        scrubParams: ['invite'],
        disable: ['console', 'clicks'],
        captureClicks: true,
        autoPageViews: false,
        trackingPlan: false,
      },
      flags: { productionMode: true, refreshInterval: 60000, bootstrapElement: 'flags-config' },
      replay: { mode: 'buffer', sampleRate: 0.5 },
      flushDelay: 500,
    });
  });

  it('leaves what is absent at its default, and "false" off', () => {
    const { options } = read({ endpoint: 'https://api.example/api', key: 'pk', debug: 'false', production: 'false' });
    expect(options).toMatchObject({
      debug: false,
      flags: { productionMode: false },
      capture: { captureClicks: false },
    });
    expect(options).not.toHaveProperty('capture.autoPageViews');
    expect(options).not.toHaveProperty('flags.refreshInterval');
  });

  it.each([
    [{ flagsRefresh: '500' }, 'data-flags-refresh="500" is not a number of milliseconds ≥ 1000; using 30000'],
    [{ flagsRefresh: 'soon' }, 'data-flags-refresh="soon" is not a number of milliseconds ≥ 1000; using 30000'],
    [{ replay: 'always' }, 'replay is off: data-replay must be one of off, buffer, session (got "always")'],
  ])('warns about a bad value and goes on without it: %j', (bad, warning) => {
    const { options, warnings } = read({ endpoint: '/api', key: 'pk', ...bad });
    expect(typeof options).toBe('object');
    expect(warnings).toEqual([warning]);
  });
});
