import { afterEach, beforeEach, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { startRecorder } from '../../../widget/src/replay/recorder.ts';
import type { RecordFunction } from '../../../widget/src/replay/recorder.ts';
import { REPLAY_DATA_MAX_CHARS } from '../../../shared/protocol.ts';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { createApp } from '../app.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { Storage } from '../storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';

interface RrwebLike {
  type: number;
  timestamp: number;
  data: Record<string, unknown>;
}

/**
 * Records with the widget's real recorder (real gzip through CompressionStream), turns the captured chunks into
 * events as the client would, and returns them with the rrweb events that went in.
 */
async function recordChunks(sessionId: string, anonymousId: string, count: number, startAt: number) {
  let emit: ((event: RrwebLike, isCheckout?: boolean) => void) | undefined;
  const record: RecordFunction<RrwebLike> = (options) => {
    emit = options.emit;
    return () => undefined;
  };
  const captured: InsightEvent[] = [];
  const recorder = startRecorder<RrwebLike>({
    mode: 'buffer',
    record,
    partMaxChars: REPLAY_DATA_MAX_CHARS,
    // Small segments so one upload spans several segments and parts.
    segmentMaxChars: 40_000,
    now: () => startAt + count,
    capture: (partial) =>
      captured.push({ ...partial, id: uuidv7(), ts: startAt + captured.length, sessionId, anonymousId }),
  });
  // Random text does not compress, so segments really do need several parts.
  const noise = (index: number) =>
    Array.from({ length: 40 }, (_, n) => ((index * 7919 + n * 104_729) % 1_000_003).toString(36)).join('');
  const recorded = Array.from({ length: count }, (_, index) => ({
    type: index === 0 ? 2 : 3,
    timestamp: startAt + index,
    data: { index, text: noise(index) },
  }));
  recorded.forEach((event, index) => {
    emit!(event, index === 0);
  });
  await recorder.upload('flush');
  return { captured, recorded };
}

forEachTestDatabase('the replay API', (open) => {
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    storage = await storageOn(await open());
    app = createApp({ storage, writeKey: WRITE, readKey: READ, now: () => 1_700_000_100_000 });
  });
  afterEach(async () => {
    await storage.close();
  });

  const ingest = (events: unknown[]) =>
    app.request('/api/analytics/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${WRITE}` },
      body: JSON.stringify({ sentAt: 1_700_000_100_000, events }),
    });
  const read = (path: string, key = READ) =>
    app.request(`/api/replay/${path}`, { headers: { Authorization: `Bearer ${key}` } });

  it("gives back a session's recordings in order, whatever order and however often chunks arrived", async () => {
    const sessionId = uuidv7();
    const anonymousId = uuidv7();
    const first = await recordChunks(sessionId, anonymousId, 600, 1_700_000_000_000);
    const second = await recordChunks(sessionId, anonymousId, 50, 1_700_000_050_000);
    expect(first.captured.length).toBeGreaterThan(3);
    // Reversed, split over batches, one batch sent twice: storage dedups by id, reassembly orders by seq.
    const all = [...first.captured, ...second.captured].reverse();
    for (const batch of [all.slice(0, 3), all.slice(3), all.slice(0, 3)])
      expect((await ingest(batch)).status).toBe(200);

    const response = await read(`sessions/${sessionId}`);
    expect(response.status).toBe(200);
    const replay = (await response.json()) as {
      sessionId: string;
      recordings: { events: RrwebLike[]; missingSeqs: number[]; problems: string[]; chunks: number }[];
    };
    expect(replay.sessionId).toBe(sessionId);
    expect(replay.recordings.map((recording) => recording.events)).toEqual([first.recorded, second.recorded]);
    expect(replay.recordings.map((recording) => recording.chunks)).toEqual([
      first.captured.length,
      second.captured.length,
    ]);
    expect(replay.recordings.flatMap((recording) => [...recording.missingSeqs, ...recording.problems])).toEqual([]);

    const sessions = (await (await read('sessions')).json()) as { sessions: { sessionId: string; chunks: number }[] };
    expect(sessions.sessions).toEqual([expect.objectContaining({ sessionId, chunks: all.length })]);
  });

  it('answers 400, 401, 403 and 404 with a reason', async () => {
    expect((await read('sessions/not-a-session')).status).toBe(400);
    expect((await read('sessions?limit=0')).status).toBe(400);
    expect((await app.request(`/api/replay/sessions/${uuidv7()}`)).status).toBe(401);
    expect((await read(`sessions/${uuidv7()}`, WRITE)).status).toBe(403);
    const missing = await read(`sessions/${uuidv7()}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no replay stored/);
  });

  it('rejects replay chunks without chunk props, and data on other events', async () => {
    const base = { ts: Date.now(), sessionId: uuidv7(), anonymousId: uuidv7() };
    const response = await ingest([
      { ...base, id: uuidv7(), type: 'replay', data: 'abc', props: { seq: 0 } },
      { ...base, id: uuidv7(), type: 'track', name: 'x', data: 'abc' },
      { ...base, id: uuidv7(), type: 'replay', props: { replayId: uuidv7(), seq: 0, final: true, encoding: 'gzip' } },
    ]);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { items: { index: number; message: string }[] };
    expect(body.items.map((item) => item.index)).toEqual([0, 1, 2]);
    expect(body.items[0]!.message).toMatch(/^props\.replayId/);
    expect(body.items[1]!.message).toBe('data: only replay events carry data');
    expect(body.items[2]!.message).toBe('data: a replay event needs its chunk data');
  });
});
