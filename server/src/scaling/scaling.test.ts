import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpReceiver } from '../../../tests/support/http-receiver.ts';
import type { HttpReceiver } from '../../../tests/support/http-receiver.ts';
import { runLoadTestToEnd } from '../../../tests/support/load-test-run.ts';
import { parsePrometheusText } from '../../../tests/support/prometheus-text.ts';
import { startTestServer, TEST_READ_KEY } from '../../../tests/support/server.ts';
import type { TestServer } from '../../../tests/support/server.ts';
import { createTestClock } from '../../../tests/support/test-clock.ts';
import type { ScalingDecision } from './scaling-history.ts';

const clock = createTestClock(Date.UTC(2026, 11, 6, 12, 0, 0));
const read = { Authorization: `Bearer ${TEST_READ_KEY}` };

describe('a scaling policy under generated load', () => {
  let server: TestServer;
  let slack: HttpReceiver;
  let dir: string;
  beforeAll(async () => {
    slack = await startHttpReceiver(200);
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-scaling-'));
    const file = join(dir, 'scaling.json');
    writeFileSync(
      file,
      JSON.stringify({
        policies: [
          {
            name: 'ingest',
            metric: 'ingest_events_per_second',
            threshold: 50,
            durationSeconds: 30,
            cooldownSeconds: 60,
            minReplicas: 1,
            maxReplicas: 3,
            channels: [{ type: 'slack', url: `${slack.origin}/services/T/B/X` }],
          },
        ],
      }),
    );
    server = await startTestServer(
      {
        scalingPoliciesFile: file,
        metricsSampleMs: 0,
        metricsToken: 'mt',
        outboundAllow: ['127.0.0.1'],
        trackingPlan: false,
      },
      { now: clock.now, alertEvaluateMs: 100, alertNotifyMs: 50 },
    );
  });
  afterAll(async () => {
    await server?.stop();
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Ten seconds of the test clock, then one metrics sample, with `load` self-load-test requests in between. */
  async function interval(load: number): Promise<void> {
    if (load) {
      const { finished } = await runLoadTestToEnd(
        (path, init) => fetch(`${server.origin}${path}`, init),
        read.Authorization,
        {
          requests: load,
          concurrency: 4,
          eventsPerBatch: 10,
        },
      );
      expect(finished.status).toBe('done');
    }
    clock.advance(10_000);
    await server.operations.sampler.sample();
    await new Promise((wake) => setTimeout(wake, 150));
  }

  async function decisions(): Promise<{ decisions: ScalingDecision[]; desiredReplicas: Record<string, number> }> {
    return (await (await fetch(`${server.origin}/api/infrastructure/scaling`, { headers: read })).json()) as {
      decisions: ScalingDecision[];
      desiredReplicas: Record<string, number>;
    };
  }

  it('scales out when the metric stays over the threshold, then in after the cooldown without load', {
    timeout: 60_000,
  }, async () => {
    for (let step = 0; step < 5; step++) await interval(30);
    const out = await decisions();
    expect(out.decisions).toHaveLength(1);
    expect(out.decisions[0]).toMatchObject({ policy: 'ingest', from: 1, to: 2 });
    expect(out.decisions[0]!.reason).toMatch(
      /^scale out to 2: ingest_events_per_second \d+(\.\d+)? events\/s or more for 30 s, over 50 events\/s$/,
    );
    expect(out.desiredReplicas).toEqual({ ingest: 2 });
    const metrics = parsePrometheusText(
      await (await fetch(`${server.origin}/metrics`, { headers: { Authorization: 'Bearer mt' } })).text(),
    );
    expect(
      metrics.find((sample) => sample.name === 'insights_desired_replicas' && sample.labels.policy === 'ingest')?.value,
    ).toBe(2);
    await slack.waitFor(1);
    expect(JSON.parse(slack.received[0]!.body).blocks[0].text.text).toBe('[SCALING] ingest: 1 → 2 replicas');

    // No load: the rate falls to 0 at once, but nothing changes until the 60 s cooldown has passed.
    const cooledAt = out.decisions[0]!.at + 60_000;
    while (clock.now() + 10_000 < cooledAt) await interval(0);
    expect((await decisions()).decisions).toHaveLength(1);
    for (let step = 0; step < 4 && (await decisions()).decisions.length < 2; step++) await interval(0);
    const back = await decisions();
    expect(back.decisions).toHaveLength(2);
    expect(back.decisions[0]).toMatchObject({ from: 2, to: 1 });
    expect(back.decisions[0]!.reason).toMatch(
      /^scale in to 1: ingest_events_per_second at most 0 events\/s for 30 s, under 25 events\/s$/,
    );
    expect(back.desiredReplicas).toEqual({ ingest: 1 });
  });
});
