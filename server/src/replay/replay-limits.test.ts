import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { REPLAY_DATA_MAX_CHARS } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { createApp } from '../app.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { Storage } from '../storage/types.ts';
import { REPLAY_ANSWER_LIMITS } from './session-replay.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';
const NOW = 1_700_000_100_000;

/** A recording's segments as the widget sends them: each JSON text gzipped, base64, cut into parts. */
function chunkEvents(sessionId: string, segments: string[]) {
  const replayId = uuidv7();
  let seq = 0;
  return segments.flatMap((json) => {
    const data = gzipSync(json, { level: 9 }).toString('base64');
    const parts = Math.ceil(data.length / REPLAY_DATA_MAX_CHARS);
    return Array.from({ length: parts }, (_, part) => ({
      id: uuidv7(),
      type: 'replay',
      ts: NOW - 1000,
      sessionId,
      anonymousId: sessionId,
      data: data.slice(part * REPLAY_DATA_MAX_CHARS, (part + 1) * REPLAY_DATA_MAX_CHARS),
      props: { replayId, seq: seq++, part, final: part === parts - 1, encoding: 'gzip' },
    }));
  });
}

const snapshot = (timestamp: number) => JSON.stringify([{ type: 2, timestamp, data: { node: { type: 0 } } }]);

forEachTestDatabase('replay answers with hostile recordings', (open) => {
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    storage = await storageOn(await open());
    app = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => NOW });
  });
  afterEach(async () => {
    await storage.close();
  });

  const ingest = async (events: unknown[]) => {
    // One event per batch keeps every batch under the batch limit whatever the parts weigh.
    for (const event of events) {
      const response = await app.request('/api/analytics/events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${WRITE}` },
        body: JSON.stringify({ sentAt: NOW, events: [event] }),
      });
      expect(response.status).toBe(200);
    }
  };
  const replayOf = async (sessionId: string, cursor = '') => {
    const response = await app.request(`/api/replay/sessions/${sessionId}${cursor && `?cursor=${cursor}`}`, {
      headers: { Authorization: `Bearer ${READ}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      recordings: { events: unknown[]; problems: string[] }[];
      nextCursor?: string;
    };
    return { ...body.recordings[0]!, nextCursor: body.nextCursor };
  };

  it('names a segment nested deeper than a serializer survives as a problem and plays the rest', async () => {
    const sessionId = uuidv7();
    const deep = `[{"type":3,"timestamp":2,"data":${'['.repeat(20_000)}${']'.repeat(20_000)}}]`;
    await ingest(chunkEvents(sessionId, [snapshot(1), deep, snapshot(3)]));
    const recording = await replayOf(sessionId);
    expect(recording.problems).toEqual([expect.stringMatching(/^segment from seq 1: .*nested deeper than/)]);
    expect(recording.events).toEqual([
      expect.objectContaining({ timestamp: 1 }),
      expect.objectContaining({ timestamp: 3 }),
    ]);
  });

  it('stops decoding once an answer holds its limit, naming where, and goes on from there with nextCursor', async () => {
    const sessionId = uuidv7();
    // Each segment is a few dozen KB gzipped and 28 MB decoded: sixteen of them took an answer past 400 MB of JSON.
    const bomb = (timestamp: number) =>
      `[{"type":2,"timestamp":${timestamp},"data":{"text":"${'a'.repeat(28_000_000)}"}}]`;
    const bombs = Array.from({ length: 16 }, (_, index) => bomb(index));
    await ingest(chunkEvents(sessionId, bombs));
    const recording = await replayOf(sessionId);
    expect(JSON.stringify(recording.events).length).toBeLessThanOrEqual(REPLAY_ANSWER_LIMITS.decodedChars);
    expect(recording.events).toEqual([expect.objectContaining({ timestamp: 0 })]);
    expect(recording.problems).toEqual([
      expect.stringMatching(/^from seq 1 on: left out, this answer holds its limit of 33554432 decoded characters/),
    ]);
    const next = await replayOf(sessionId, recording.nextCursor);
    expect(next.events).toEqual([expect.objectContaining({ timestamp: 1 })]);
    expect(next.problems).toEqual([expect.stringMatching(/^from seq 2 on: left out/)]);
  });
});
