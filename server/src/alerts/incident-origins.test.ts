import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { StoredEvent, Storage } from '../storage/types.ts';
import { createAlertRepository } from './alert-repository.ts';
import type { Incident } from './alert-repository.ts';
import type { AlertRule } from './alert-rule.ts';
import { originSource, originsOf } from './incident-origins.ts';

const NOW = Date.parse('2026-12-06T08:00:00Z');
const A = 'https://crm-a.example.com';
const B = 'https://crm-b.example.com';

function event(type: 'error' | 'vital', url: string | undefined, fields: Partial<StoredEvent> = {}): StoredEvent {
  const ts = fields.ts ?? NOW - 60_000;
  return {
    id: uuidv7(ts),
    type,
    ts,
    correctedTs: ts,
    receivedAt: ts,
    sessionId: uuidv7(ts),
    anonymousId: uuidv7(ts),
    ...(url ? { page: { url, path: new URL(url).pathname } } : {}),
    ...fields,
  };
}

describe('the sites an incident concerns', () => {
  it.each<[string, AlertRule['kind'], string, StoredEvent[], string[]]>([
    [
      'an error group: the pages its fingerprint was thrown on',
      'error.spike',
      'fp-1',
      [
        event('error', `${A}/deals`, { props: { fingerprint: 'fp-1' } }),
        event('error', `${B}/deals`, { props: { fingerprint: 'fp-2' } }),
        event('error', `${A}/contacts`, { props: { fingerprint: 'fp-1' } }),
      ],
      [A],
    ],
    [
      'a route template: the pages of that route only',
      'vitals.p75',
      'LCP /contacts/:id',
      [
        event('vital', `${B}/contacts/42`, { name: 'LCP', props: { value: 4000 } }),
        event('vital', `${A}/deals`, { name: 'LCP', props: { value: 4000 } }),
      ],
      [B],
    ],
    [
      'pages without an address name no site',
      'error.new',
      'fp-1',
      [event('error', undefined, { props: { fingerprint: 'fp-1' } })],
      [],
    ],
  ])('%s', (_name, kind, key, events, origins) => {
    const source = originSource({ kind }, key, NOW)!;
    expect(originsOf(events, source)).toEqual(origins);
  });

  it('names no site for kinds that watch the whole service', () => {
    for (const kind of ['nps.drop', 'experiment.srm', 'client.drops', 'ingest.errors', 'health.score'] as const)
      expect(originSource({ kind }, 'nps', NOW)).toBeUndefined();
  });

  it("looks back over the rule's window (its kind's default when the rule gives none)", () => {
    expect(originSource({ kind: 'error.spike', windowMinutes: 10 }, 'fp', NOW)!.since).toBe(NOW - 600_000);
    expect(originSource({ kind: 'vitals.p75' }, 'LCP /', NOW)!.since).toBe(NOW - 3_600_000);
  });
});

forEachTestDatabase('incidents by origin', (open) => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await storageOn(await open());
  });
  afterEach(() => storage.close());

  const rule = (id: string, kind: AlertRule['kind']): AlertRule => ({
    id,
    name: id,
    kind,
    cooldownMinutes: 60,
    enabled: true,
    channels: [],
    source: 'api',
    updatedAt: NOW,
  });
  const incident = (ruleId: string, key: string, openedAt = NOW): Incident => ({
    id: uuidv7(openedAt),
    ruleId,
    key,
    status: 'open',
    openedAt,
    value: 1,
    summary: `${ruleId} ${key}`,
    page: 'errors',
  });

  it('records where an incident happened when it opens, and lists one site’s incidents with the service-wide ones', async () => {
    const repository = createAlertRepository(storage.db, storage.analytics);
    await repository.saveRule(rule('errors', 'error.new'));
    await repository.saveRule(rule('nps', 'nps.drop'));
    await storage.insertEvents([
      event('error', `${A}/deals`, { props: { fingerprint: 'fp-a' } }),
      event('error', `${B}/deals`, { props: { fingerprint: 'fp-b' } }),
      event('error', `${B}/x`, { props: { fingerprint: 'fp-a' }, ts: NOW - 3_600_000 }),
    ]);
    const onA = incident('errors', 'fp-a');
    const onB = incident('errors', 'fp-b');
    const everywhere = incident('nps', 'nps');
    for (const each of [onA, onB, everywhere]) expect(await repository.openIncident(each, [])).toBe(true);
    // An evaluator that knows the sites says so itself.
    const told = { ...incident('errors', 'fp-told'), origins: [B, A] };
    expect(await repository.openIncident(told, [])).toBe(true);

    const forA = await repository.listIncidents({ status: 'open', origin: A, limit: 10 });
    expect(forA.map((each) => [each.key, each.origins])).toEqual(
      expect.arrayContaining([
        ['fp-a', [A]],
        ['nps', []],
        ['fp-told', [A, B]],
      ]),
    );
    expect(forA).toHaveLength(3);
    const all = await repository.listIncidents({ limit: 10 });
    expect(all.find((each) => each.key === 'fp-b')?.origins).toEqual([B]);
    // Resolved incidents keep their sites and leave the open list.
    expect(await repository.resolveIncident(onA.id, NOW + 1, [])).toBe(true);
    expect((await repository.listIncidents({ status: 'open', origin: A, limit: 10 })).map((each) => each.key)).toEqual(
      expect.not.arrayContaining(['fp-a']),
    );
  });

  it('finds every site at any volume: a rare group among thousands of newer errors, past the first page of sessions', async () => {
    const repository = createAlertRepository(storage.db, storage.analytics);
    await repository.saveRule(rule('errors', 'error.new'));
    const C = 'https://crm-c.example.com';
    const at = (index: number) => ({ ts: NOW - 4 * 60_000 + index * 40 });
    await storage.insertEvents([
      // The group's only event on site A, older than 5,000 other errors (all in the kind's default 5 minutes).
      event('error', `${A}/deals`, { props: { fingerprint: 'fp-rare' }, ...at(0) }),
      ...Array.from({ length: 5_000 }, (_, index) =>
        event('error', `${B}/deals`, { props: { fingerprint: 'fp-noise' }, ...at(index + 1) }),
      ),
    ]);
    // fp-wide: its oldest session was on site C, then 600 newer sessions on A (more than one page of sessions).
    await storage.insertEvents([
      event('error', `${C}/x`, { props: { fingerprint: 'fp-wide' }, ...at(1) }),
      ...Array.from({ length: 600 }, (_, index) =>
        event('error', `${A}/y`, { props: { fingerprint: 'fp-wide' }, ...at(index + 2) }),
      ),
    ]);
    const rare = incident('errors', 'fp-rare');
    const wide = incident('errors', 'fp-wide');
    for (const each of [rare, wide]) expect(await repository.openIncident(each, [])).toBe(true);
    const listed = await repository.listIncidents({ limit: 10 });
    expect(listed.find((each) => each.key === 'fp-rare')?.origins).toEqual([A]);
    expect(listed.find((each) => each.key === 'fp-wide')?.origins).toEqual([A, C]);
  }, 60_000);
});
