import { gzipSync } from 'node:zlib';
import { REPLAY_DATA_MAX_CHARS } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import type { Storage, StoredEvent } from '../../../server/src/storage/types.ts';

const WORDS = 'deal contact pipeline stage owner amount close won lost note task call email meeting'.split(' ');

/** Text of CRM words from a seeded generator, so that it compresses as a page's text does. */
function crmText(chars: number, next: () => number): string {
  let text = '';
  while (text.length < chars) text += `${WORDS[Math.floor(next() * WORDS.length)]} `;
  return text;
}

/** A full snapshot of a page of 1500 rows (about 300 KB of JSON) and a few seconds of text changes (about 13 KB). */
function recordedSegments(): { snapshot: string; changes: string[] } {
  let seed = 1;
  const next = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const rows = Array.from({ length: 1500 }, (_, id) => ({
    type: 2,
    id,
    tagName: 'div',
    attributes: { class: `row r${id % 17}` },
    childNodes: [{ type: 3, id: id + 100_000, textContent: crmText(120, next) }],
  }));
  const snapshot = [
    { type: 4, timestamp: 1, data: { href: 'https://crm.example/deals', width: 1280, height: 800 } },
    { type: 2, timestamp: 1, data: { node: { type: 0, childNodes: rows } } },
  ];
  const change = (index: number) =>
    Array.from({ length: 40 }, (_, event) => ({
      type: 3,
      timestamp: index * 5000 + event * 100,
      data: {
        source: 0,
        texts: [{ id: Math.floor(next() * 1500), value: crmText(200, next) }],
        attributes: [],
        adds: [],
      },
    }));
  const encode = (events: unknown[]) => gzipSync(JSON.stringify(events)).toString('base64');
  return { snapshot: encode(snapshot), changes: Array.from({ length: 8 }, (_, index) => encode(change(index))) };
}

/**
 * Stores `count` replay chunks of one recording in session `sessionId` through the events repository, as a long
 * `session`-mode recording sends them: a segment of changes every 5 s (about 3.5 KB gzipped and base64-encoded), a
 * checkout every 60 segments (about 50 KB, one or two chunks). Returns the characters of chunk data stored.
 */
export async function storeLongRecording(storage: Storage, sessionId: string, count: number, now: number) {
  const { snapshot, changes } = recordedSegments();
  const replayId = uuidv7(now - 86_400_000);
  let batch: StoredEvent[] = [];
  let stored = 0;
  for (let seq = 0, segment = 0; seq < count; segment++) {
    const data = segment % 60 === 0 ? snapshot : changes[segment % changes.length]!;
    const parts = Math.ceil(data.length / REPLAY_DATA_MAX_CHARS);
    for (let part = 0; part < parts && seq < count; part++, seq++) {
      const slice = data.slice(part * REPLAY_DATA_MAX_CHARS, (part + 1) * REPLAY_DATA_MAX_CHARS);
      const ts = now - 86_400_000 + seq * 5000;
      const props = { replayId, seq, part, final: part === parts - 1, encoding: 'gzip', mode: 'session' };
      batch.push({
        id: uuidv7(ts),
        type: 'replay',
        ts,
        correctedTs: ts,
        receivedAt: ts,
        sessionId,
        anonymousId: sessionId,
        data: slice,
        props,
      });
      stored += slice.length;
      if (batch.length === 500) {
        await storage.insertEvents(batch);
        batch = [];
      }
    }
  }
  await storage.insertEvents(batch);
  return stored;
}
