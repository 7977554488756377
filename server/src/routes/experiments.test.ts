import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { evaluateFlag } from '../../../shared/flags/evaluate-flag.ts';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { twoProportionZTest } from '../../../shared/stats/proportion-test.ts';
import { sampleRatioMismatch } from '../../../shared/stats/sample-ratio-mismatch.ts';
import { summarize, welchTTest } from '../../../shared/stats/welch-t-test.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { createApp } from '../app.ts';
import { RunningExperimentsAnswer } from './flag-responses.ts';
import { openStorage } from '../storage/storage.ts';
import type { Storage } from '../storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';
const NOW = 1_700_000_100_000;

describe('experiment routes on a real SQLite file', () => {
  let dir: string;
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-experiments-'));
    storage = await openStorage({ dataDir: dir });
    vi.stubEnv('FLAGS_FILE', 'server/flags.example.json');
    app = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => NOW });
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown, key = WRITE) =>
    app.request(path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const results = (query: string, key = READ) =>
    app.request(`/api/experiments/results?${query}`, { headers: { Authorization: `Bearer ${key}` } });

  describe('POST /api/experiments/assignments', () => {
    it('assigns on the server exactly as the shared engine does in the browser', async () => {
      const config = (await (
        await app.request('/api/flags/config', { headers: { Authorization: `Bearer ${WRITE}` } })
      ).json()) as FlagsConfig;
      const variations = new Set<string>();
      for (const id of ['user-1', 'user-2', 'user-3', 'user-4', 'user-5', 'user-6']) {
        const response = await post('/api/experiments/assignments', { attributes: { id, role: 'user' } });
        expect(response.status).toBe(200);
        const body = await response.json();
        expect(body.version).toBe(1);
        expect(body.flags['pipeline-layout']).toEqual(
          evaluateFlag('pipeline-layout', config, { id, role: 'user' }).detail,
        );
        expect(body.flags['deal-value-badge']).toEqual(
          evaluateFlag('deal-value-badge', config, { id, role: 'user' }).detail,
        );
        expect(body.experiments['pipeline-layout']).toMatchObject({
          flag: 'pipeline-layout',
          hashAttribute: 'id',
          hashValue: id,
        });
        variations.add(body.experiments['pipeline-layout'].variationKey);
      }
      expect([...variations].sort()).toEqual(['B', 'control']);
    });

    it('evaluates only the flags asked for and returns sticky docs to keep', async () => {
      const body = await (
        await post('/api/experiments/assignments', {
          attributes: { id: 'u9' },
          flags: ['pipeline-layout'],
          stickyBucketDocs: {},
        })
      ).json();
      expect(Object.keys(body.flags)).toEqual(['pipeline-layout']);
      const variation = body.experiments['pipeline-layout'].variationKey;
      expect(body.stickyBucketDocs).toEqual({
        'id||u9': { attributeName: 'id', attributeValue: 'u9', assignments: { 'pipeline-layout__0': variation } },
      });
    });

    it.each([
      [{}, 'body must be { "attributes": { "id": "…", … }, "flags"?: [keys], "stickyBucketDocs"?: {…} }'],
      [{ attributes: { id: 'u' }, flags: 'pipeline-layout' }, 'flags must be an array of at most 500 flag keys'],
      [
        { attributes: { id: 'u' }, stickyBucketDocs: [] },
        'stickyBucketDocs must be an object of sticky assignment documents',
      ],
    ])('refuses %j with a clear 400', async (body, error) => {
      const response = await post('/api/experiments/assignments', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error });
    });
  });

  describe('GET /api/experiments/results', () => {
    // A fixture data set: 150 users per variation; 30 control and 45 B users convert after exposure; 10 control
    // users fired the event only before their exposure (must not count); 20 QA users were forced into B and all
    // converted (must be excluded); 5 control users' conversions were made under an override (must be excluded);
    // 4 users were seen in both variations (excluded). Deal values give the continuous metric.
    async function ingestFixture() {
      const events: Record<string, unknown>[] = [];
      const user = () => ({ anonymousId: uuidv7(), sessionId: uuidv7() });
      const exposure = (who: ReturnType<typeof user>, variation: string, ts: number, forced = false) =>
        events.push({
          id: uuidv7(),
          type: 'exposure',
          ts,
          ...who,
          props: {
            experiment: 'pipeline-layout',
            variation,
            hashAttribute: 'id',
            hashValue: who.anonymousId,
            ...(forced ? { forced: true } : {}),
          },
        });
      const won = (who: ReturnType<typeof user>, ts: number, value: number, overridden = false) =>
        events.push({
          id: uuidv7(),
          type: 'track',
          name: 'Deal Won',
          ts,
          ...who,
          props: { value },
          ...(overridden ? { context: { overridden: true }, tags: ['overridden'] } : {}),
        });
      const values = { control: [] as number[], B: [] as number[] };
      for (const [variation, converters] of [
        ['control', 30],
        ['B', 45],
      ] as const) {
        for (let index = 0; index < 150; index++) {
          const who = user();
          exposure(who, variation, NOW - 100_000 + index);
          if (index < converters) {
            const value = 1000 + ((index * 37) % 500) + (variation === 'B' ? 120 : 0);
            won(who, NOW - 50_000 + index, value);
            values[variation].push(value);
          } else if (variation === 'control' && index < converters + 10) won(who, NOW - 200_000, 999);
          else if (variation === 'control' && index < converters + 15) won(who, NOW - 40_000, 5000, true);
        }
      }
      for (let index = 0; index < 20; index++) {
        const qa = user();
        exposure(qa, 'B', NOW - 90_000, true);
        won(qa, NOW - 10_000, 9999);
      }
      for (let index = 0; index < 4; index++) {
        const both = user();
        exposure(both, 'control', NOW - 90_000);
        exposure(both, 'B', NOW - 80_000);
        won(both, NOW - 10_000, 9999);
      }
      for (let start = 0; start < events.length; start += 400) {
        const response = await post('/api/analytics/events', { sentAt: NOW, events: events.slice(start, start + 400) });
        expect(response.status).toBe(200);
      }
      return values;
    }

    it('reports conversion and mean per variation with lifts, p-values, SRM and the sequential p-value, excluding forced traffic', async () => {
      const values = await ingestFixture();
      const response = await results(
        'experiment=pipeline-layout&metric=conversion:Deal%20Won&metric=mean:value:Deal%20Won',
      );
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({
        experiment: 'pipeline-layout',
        control: 'control',
        variations: ['control', 'B'],
        weights: [0.5, 0.5],
        users: { included: 300, excludedForced: 20, excludedMultipleVariations: 4, excludedUnknownVariation: 0 },
        srm: { observed: [150, 150], mismatch: false, pValue: sampleRatioMismatch([150, 150], [0.5, 0.5]).pValue },
      });

      const [conversion, mean] = body.metrics;
      expect(conversion.metric).toBe('conversion:Deal Won');
      expect(
        conversion.variations.map((row: { users: number; conversions: number }) => [row.users, row.conversions]),
      ).toEqual([
        [150, 30],
        [150, 45],
      ]);
      const expected = twoProportionZTest({ users: 150, conversions: 30 }, { users: 150, conversions: 45 });
      const b = conversion.variations[1].comparison;
      expect(b.pValue).toBeCloseTo(expected.pValue, 12);
      expect(b.absoluteLift).toEqual(expected.absoluteLift);
      expect(b.relativeLift.estimate).toBeCloseTo(0.5, 12);
      expect(b.sequentialPValue).toBeGreaterThan(b.pValue);
      expect(b.sequentialPValue).toBeLessThanOrEqual(1);
      expect(conversion.variations[0].comparison).toBeUndefined();

      expect(mean.metric).toBe('mean:value:Deal Won');
      const welch = welchTTest(summarize(values.control), summarize(values.B));
      expect(mean.variations.map((row: { usersWithValue: number }) => row.usersWithValue)).toEqual([30, 45]);
      expect(mean.variations[0].mean).toBeCloseTo(summarize(values.control).mean, 9);
      expect(mean.variations[1].comparison.pValue).toBeCloseTo(welch.pValue, 12);
      expect(mean.variations[1].comparison.degreesOfFreedom).toBeCloseTo(welch.degreesOfFreedom, 9);
    });

    it('flags a sample-ratio mismatch against the intended weights', async () => {
      const events = Array.from({ length: 300 }, (_, index) => {
        const anonymousId = uuidv7();
        return {
          id: uuidv7(),
          type: 'exposure',
          ts: NOW - 1000,
          anonymousId,
          sessionId: uuidv7(),
          props: {
            experiment: 'pipeline-layout',
            variation: index < 200 ? 'control' : 'B',
            hashAttribute: 'id',
            hashValue: anonymousId,
          },
        };
      });
      expect((await post('/api/analytics/events', { sentAt: NOW, events })).status).toBe(200);
      const body = await (await results('experiment=pipeline-layout')).json();
      expect(body.srm).toMatchObject({ observed: [200, 100], expected: [150, 150], mismatch: true });
      expect(body.srm.pValue).toBeLessThan(0.001);
      expect(body.metrics).toEqual([]);
    });

    it.each([
      ['', 400, 'experiment is required; known experiments: pipeline-layout'],
      ['experiment=nope', 404, 'no experiment "nope" in the current config; known: pipeline-layout'],
      [
        'experiment=pipeline-layout&metric=sum:x',
        400,
        'metric "sum:x" must be "conversion:<event name>" or "mean:<property>:<event name>"',
      ],
      [
        'experiment=pipeline-layout&since=yesterday',
        400,
        'since must be epoch milliseconds or an ISO 8601 date (2026-01-31 or 2026-01-31T09:30:00Z), between 1970 and 2200',
      ],
    ])('answers %s with %i', async (query, status, error) => {
      const response = await results(query);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error });
    });

    it('needs the read key', async () => {
      expect((await results('experiment=pipeline-layout', WRITE)).status).toBe(403);
    });

    it('answers every running experiment with the same results in one read, and leaves stopped ones out', async () => {
      await ingestFixture();
      const example = JSON.parse(readFileSync('server/flags.example.json', 'utf8')) as FlagsConfig;
      const experimentRule = (key: string, active: boolean) => ({
        id: `${key}-experiment`,
        key,
        variations: ['off', 'on'],
        hashAttribute: 'id',
        hashVersion: 2 as const,
        ...(active ? {} : { active: false }),
      });
      const flagsFile = join(dir, 'flags.json');
      writeFileSync(
        flagsFile,
        JSON.stringify({
          ...example,
          flags: {
            ...example.flags,
            'stopped-test': { type: 'string', defaultValue: 'off', rules: [experimentRule('stopped-test', false)] },
            'badge-test': { type: 'string', defaultValue: 'off', rules: [experimentRule('badge-test', true)] },
          },
        }),
      );
      vi.stubEnv('FLAGS_FILE', flagsFile);
      const withTwo = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => NOW });
      const read = (query: string, key = READ) =>
        withTwo.request(`/api/experiments/${query}`, { headers: { Authorization: `Bearer ${key}` } });
      const metrics = 'metric=conversion:Deal%20Won&metric=mean:value:Deal%20Won&since=0';
      const response = await read(`running?${metrics}`);
      expect(response.status).toBe(200);
      const body = v.parse(RunningExperimentsAnswer, await response.json());
      expect(body.experiments.map(({ key, name, flag, variations }) => ({ key, name, flag, variations }))).toEqual([
        { key: 'pipeline-layout', name: 'Pipeline layout', flag: 'pipeline-layout', variations: ['control', 'B'] },
        { key: 'badge-test', name: undefined, flag: 'badge-test', variations: ['0', '1'] },
      ]);
      for (const experiment of body.experiments)
        expect(experiment.results).toEqual(
          await (await read(`results?experiment=${experiment.key}&${metrics}`)).json(),
        );
      expect(body.experiments[0]!.results.users.included).toBe(300);
      expect(body.experiments[1]!.results.users.included).toBe(0);

      expect((await read('running?metric=sum:x')).status).toBe(400);
      expect(await (await read('running?until=later')).json()).toEqual({
        error:
          'until must be epoch milliseconds or an ISO 8601 date (2026-01-31 or 2026-01-31T09:30:00Z), between 1970 and 2200',
      });
      expect((await read('running', WRITE)).status).toBe(403);
    });
  });
});
