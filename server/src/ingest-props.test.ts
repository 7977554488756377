import { afterEach, beforeEach, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/uuid.ts';
import { errorProps } from '../../tests/support/error-props.ts';
import { createApp } from './app.ts';
import { storageOn } from './storage/storage.ts';
import { forEachTestDatabase } from './storage/test-databases.ts';
import type { Storage } from './storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';
const NOW = Date.UTC(2026, 5, 1, 12);

const event = (type: string, name: string | undefined, props: Record<string, unknown>) => ({
  id: uuidv7(NOW),
  type,
  ...(name === undefined ? {} : { name }),
  ts: NOW - 5000,
  sessionId: uuidv7(NOW),
  anonymousId: uuidv7(NOW),
  ...(type === 'identify' ? { userId: 'user-1' } : {}),
  props,
});

const API_PROPS = {
  method: 'GET',
  origin: 'https://crm.example',
  route: '/deals/:id',
  status: 200,
  duration: 12,
  transport: 'fetch',
};

/** Each type with a props schema: a good event, the same made bad, and what the 400 says about the bad one. */
const TYPED: [string, (bad?: boolean) => ReturnType<typeof event>, RegExp][] = [
  [
    'vital',
    (bad) => event('vital', 'LCP', { id: 'v5-1', value: 1200, rating: bad ? 'great' : 'good' }),
    /^props\.rating: Invalid type: Expected \("good" \| "needs-improvement" \| "poor"\) but received "great"$/,
  ],
  [
    'error',
    (bad) => event('error', 'TypeError', { ...errorProps(), ...(bad ? { frames: 'none' } : {}) }),
    /^props\.frames: Invalid type: Expected Array but received "none"$/,
  ],
  [
    'api',
    (bad) => event('api', 'GET /deals/:id', { ...API_PROPS, ...(bad ? { status: 1000 } : {}) }),
    /^props\.status: must be an HTTP status \(0–999\)$/,
  ],
  [
    'page',
    (bad) => event('page', undefined, { cause: bad ? 'teleport' : 'load', route: '/deals/:id' }),
    /^props\.cause: Invalid type: Expected \(.*\) but received "teleport"$/,
  ],
  [
    'identify',
    (bad) => event('identify', undefined, bad ? { plan: 'pro' } : { traits: { plan: 'pro' } }),
    /^props\.traits: Invalid key: Expected "traits" but received undefined$/,
  ],
];

forEachTestDatabase('props checks on ingest', (open) => {
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    storage = await storageOn(await open());
    app = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => NOW });
  });
  afterEach(() => storage.close());

  const post = (path: string, events: unknown[]) =>
    app.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${WRITE}` },
      body: JSON.stringify({ sentAt: NOW, events }),
    });
  const storedCount = async () => Number((await storage.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM events'))?.n);

  it('stores a batch of every type whose props match its schema', async () => {
    const response = await post('/api/analytics/events', [
      event('track', 'Deal Won', { value: 5 }),
      ...TYPED.map(([, make]) => make()),
    ]);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 6, duplicates: 0 });
    expect(await storedCount()).toBe(6);
  });

  it.each(TYPED)(
    'refuses a batch with one %s event whose props do not match, naming it, and stores none of it',
    async (_type, make, message) => {
      const good = [event('track', 'Deal Won', { value: 5 }), ...TYPED.map(([, other]) => other())];
      const bad = make(true);
      const response = await post('/api/analytics/events', [...good, bad]);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: `1 of ${good.length + 1} events are invalid; none stored`,
        items: [{ index: good.length, id: bad.id, message: expect.stringMatching(message) }],
      });
      expect(await storedCount()).toBe(0);
    },
  );

  it('checks the error route by the same table: a bad error event there gets the same answer', async () => {
    const [, makeError, message] = TYPED.find(([type]) => type === 'error')!;
    const good = makeError();
    const bad = makeError(true);
    const response = await post('/api/errors', [good, bad]);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: '1 of 2 events are invalid; none stored',
      items: [{ index: 1, id: bad.id, message: expect.stringMatching(message) }],
    });
    expect(await storedCount()).toBe(0);
    expect((await post('/api/errors', [good])).status).toBe(200);
    expect(await storedCount()).toBe(1);
  });
});
