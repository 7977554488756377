import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { createApp } from '../app.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { Storage, StoredEvent } from '../storage/types.ts';
import { REPLAY_SESSION_MAX_CHUNKS, replayChunksPastLimit } from './replay-session-limit.ts';

const WRITE = 'pk_write';
const NOW = 1_700_000_100_000;

/** A replay chunk of `sessionId` at `seq` (one whole segment). */
const replayChunk = (sessionId: string, replayId: string, seq: number): InsightEvent => ({
  id: uuidv7(),
  type: 'replay',
  ts: NOW - 1000,
  sessionId,
  anonymousId: sessionId,
  data: 'W10=',
  props: { replayId, seq, part: 0, final: true, encoding: 'none' },
});

describe('replayChunksPastLimit', () => {
  const A = uuidv7();
  const B = uuidv7();
  it.each([
    { name: 'room for all', stored: { [A]: 0 }, sessions: [A, A, A], past: [] },
    { name: 'room for some', stored: { [A]: 1 }, sessions: [A, A, A], past: [2] },
    { name: 'each session on its own', stored: { [A]: 3, [B]: 0 }, sessions: [A, B, A, B], past: [0, 2] },
  ])('$name', async ({ stored, sessions, past }) => {
    const events = sessions.map((sessionId, seq) => replayChunk(sessionId, A, seq));
    const counted: string[] = [];
    const storedChunks = async (sessionId: string) => {
      counted.push(sessionId);
      return stored[sessionId] ?? 0;
    };
    const items = await replayChunksPastLimit(events, storedChunks, 3);
    expect(items.map((item) => item.index)).toEqual(past);
    expect(counted).toEqual([...new Set(sessions)]);
  });
});

forEachTestDatabase('the per-session replay limit at ingest', (open) => {
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    storage = await storageOn(await open());
    app = createApp({ storage, writeKey: WRITE, readKey: 'sk_read', now: () => NOW });
  });
  afterEach(async () => {
    await storage.close();
  });

  it('answers 400 naming the chunks past a full session, stores nothing of the batch, and takes other sessions', async () => {
    const full = uuidv7();
    const replayId = uuidv7();
    const stored = Array.from({ length: REPLAY_SESSION_MAX_CHUNKS }, (_, seq) => ({
      ...replayChunk(full, replayId, seq),
      correctedTs: NOW - 1000,
      receivedAt: NOW,
    })) as StoredEvent[];
    for (let start = 0; start < stored.length; start += 1000)
      await storage.insertEvents(stored.slice(start, start + 1000));
    const other = uuidv7();
    const track = { id: uuidv7(), type: 'track', name: 'Deal Saved', ts: NOW, sessionId: full, anonymousId: full };
    const batch = [track, replayChunk(full, replayId, REPLAY_SESSION_MAX_CHUNKS), replayChunk(other, uuidv7(), 0)];
    const post = (events: unknown[]) =>
      app.request('/api/analytics/events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${WRITE}` },
        body: JSON.stringify({ sentAt: NOW, events }),
      });
    const refused = await post(batch);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { items: { index: number; id: string; message: string }[] };
    expect(body.items).toEqual([
      {
        index: 1,
        id: batch[1]!.id,
        message: `replay: this session already stores ${REPLAY_SESSION_MAX_CHUNKS} replay chunks, its limit`,
      },
    ]);
    expect((await storage.listEvents({ sessionId: other, limit: 10 })).events).toEqual([]);
    // What the widget does with such an answer: drop the items named, send the rest again.
    const resent = await post([batch[0], batch[2]]);
    expect(resent.status).toBe(200);
    expect(await resent.json()).toMatchObject({ accepted: 2 });
  }, 60_000);
});
