import { OpenFeature, ProviderStatus } from '@openfeature/server-sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/src/node-server.ts';
import type { RunningServer } from '../../../server/src/node-server.ts';
import { crmInsightsServerProvider } from './server-provider.ts';

const WRITE = 'pk_openfeature';

describe('the OpenFeature server provider against the real API', () => {
  let server: RunningServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'crm-insights-openfeature-'));
    server = await startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      writeKey: WRITE,
      readKey: 'sk_openfeature',
      publicDir: resolve('dist/public'),
      generatedKeys: [],
    });
  });
  afterAll(async () => {
    await OpenFeature.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('assigns every user the variation the API assigns them, from the config it fetched', async () => {
    const provider = crmInsightsServerProvider({
      endpoint: `${server.origin}/api`,
      writeKey: WRITE,
      refreshInterval: 0,
    });
    await OpenFeature.setProviderAndWait('server-values', provider);
    const features = OpenFeature.getClient('server-values');
    expect(features.providerStatus).toBe(ProviderStatus.READY);
    expect(provider.config()?.flags['pipeline-layout']).toBeDefined();
    const seen = new Set<string>();
    for (let index = 0; index < 20; index++) {
      const id = `user-${index}`;
      const detail = await features.getStringDetails('pipeline-layout', 'fallback', { targetingKey: id });
      const answer = await fetch(`${server.origin}/api/experiments/assignments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ attributes: { id }, flags: ['pipeline-layout'] }),
      });
      const assigned = ((await answer.json()) as { flags: Record<string, { value: string }> }).flags['pipeline-layout']!
        .value;
      expect(detail).toMatchObject({ value: assigned, variant: assigned, reason: 'SPLIT' });
      seen.add(assigned);
    }
    // Twenty users split 50/50 see both variations, or the comparison above proved little.
    expect([...seen].sort()).toEqual(['B', 'control']);
  });

  it('reports an unreachable API as a provider error and answers defaults with PROVIDER_NOT_READY', async () => {
    const provider = crmInsightsServerProvider({
      endpoint: 'http://127.0.0.1:9/api',
      writeKey: WRITE,
      refreshInterval: 0,
    });
    await OpenFeature.setProviderAndWait('server-down', provider).catch(() => undefined);
    const features = OpenFeature.getClient('server-down');
    expect(features.providerStatus).toBe(ProviderStatus.ERROR);
    const detail = await features.getBooleanDetails('reports-enabled', false, { targetingKey: 'u' });
    expect(detail).toMatchObject({ value: false, reason: 'ERROR' });
  });
});
