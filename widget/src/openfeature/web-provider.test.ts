import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateFlag } from '../../../shared/flags/evaluate-flag.ts';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { createFlagsClient } from '../flags/flags-client.ts';
import type { Exposure } from '../flags/flags-client.ts';
import { crmInsightsWebProvider } from './web-provider.ts';

const CONFIG = JSON.parse(readFileSync('server/flags.example.json', 'utf8')) as FlagsConfig;

function widgetFlags() {
  const exposures: Exposure[] = [];
  const flags = createFlagsClient(
    {
      endpoint: 'https://api.example/api',
      writeKey: 'pk',
      identity: () => ({ anonymousId: 'anon-1', sessionId: 's1' }),
      expose: (exposure) => exposures.push(exposure),
    },
    { bootstrap: CONFIG, fetchConfig: false },
    {
      fetch,
      now: Date.now,
      setInterval: (run, ms) => setInterval(run, ms),
      clearInterval: (handle) => clearInterval(handle as number),
    },
  );
  return { client: { flagDetail: flags.flagDetail, flags }, flags, exposures };
}

describe('the OpenFeature web provider', () => {
  afterAll(() => OpenFeature.close());

  it('answers through the OpenFeature client with the engine values, reasons and variants, and reports exposures', async () => {
    const { client, exposures } = widgetFlags();
    await OpenFeature.setProviderAndWait('web-values', crmInsightsWebProvider(client), {
      targetingKey: 'user-42',
      plan: 'enterprise',
    });
    const features = OpenFeature.getClient('web-values');
    const attributes = { id: 'user-42', anonymousId: 'anon-1', sessionId: 's1', plan: 'enterprise' };

    const layout = features.getStringDetails('pipeline-layout', 'fallback');
    const expected = evaluateFlag('pipeline-layout', CONFIG, attributes).detail;
    expect(layout).toMatchObject({
      value: expected.value,
      reason: 'SPLIT',
      variant: expected.experiment!.variationKey,
      flagMetadata: { experiment: 'pipeline-layout', source: 'experiment' },
    });
    expect(exposures).toEqual([
      expect.objectContaining({
        experiment: 'pipeline-layout',
        variation: expected.experiment!.variationKey,
        hashValue: 'user-42',
      }),
    ]);

    expect(features.getNumberDetails('contacts-page-size', 10)).toMatchObject({
      value: 100,
      reason: 'TARGETING_MATCH',
      variant: 'big-accounts',
    });
    expect(features.getBooleanDetails('reports-enabled', false)).toMatchObject({ value: true, reason: 'DEFAULT' });
    expect(features.getBooleanValue('deal-value-badge', true)).toBe(
      evaluateFlag('deal-value-badge', CONFIG, attributes).value,
    );
  });

  it('answers a missing flag and a wrong type with the default and OpenFeature error codes', async () => {
    const { client } = widgetFlags();
    await OpenFeature.setProviderAndWait('web-errors', crmInsightsWebProvider(client), { targetingKey: 'user-1' });
    const features = OpenFeature.getClient('web-errors');
    expect(features.getBooleanDetails('no-such-flag', true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(features.getBooleanDetails('contacts-page-size', false)).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
      errorMessage: 'flag "contacts-page-size" is a number, not a boolean',
    });
    expect(features.getObjectDetails('welcome-banner', { text: 'none' })).toMatchObject({
      value: { text: 'none' },
      errorCode: 'TYPE_MISMATCH',
    });
  });

  it('follows context changes and tells OpenFeature when overrides change values', async () => {
    const { client, flags } = widgetFlags();
    await OpenFeature.setProviderAndWait('web-changes', crmInsightsWebProvider(client), {
      targetingKey: 'user-1',
      plan: 'free',
    });
    const features = OpenFeature.getClient('web-changes');
    expect(features.getNumberValue('contacts-page-size', 0)).toBe(25);
    await OpenFeature.setContext('web-changes', { targetingKey: 'user-1', plan: 'enterprise' });
    expect(features.getNumberValue('contacts-page-size', 0)).toBe(100);

    const changed = new Promise<void>((resolve) =>
      features.addHandler(ProviderEvents.ConfigurationChanged, () => resolve()),
    );
    await flags.applyOverrides({ flags: { 'reports-enabled': false } });
    await changed;
    expect(features.getBooleanDetails('reports-enabled', true)).toMatchObject({
      value: false,
      reason: 'OVERRIDE',
      flagMetadata: { forced: true },
    });
  });
});
