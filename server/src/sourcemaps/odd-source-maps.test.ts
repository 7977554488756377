import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEvent } from '../../../tests/support/error-props.ts';
import { createApp } from '../app.ts';
import { openSqliteDatabase } from '../storage/sqlite.ts';
import { storageOn } from '../storage/storage.ts';
import type { Storage } from '../storage/types.ts';
import { createSourceMapRepository } from './source-map-repository.ts';

const WRITE = 'pk_odd_maps';
const STAFF = 'staff_odd_maps';
const FILE = 'https://crm.example/assets/app.js';
/** A well-formed map: line 1 column 0 of `app.js` is `saveDeal` in `deal.js`. */
const GOOD_MAP = { version: 3, sources: ['deal.js'], sourcesContent: ['a\nb'], names: ['saveDeal'], mappings: 'AAAAA' };

let storedReleases = 0;
/** An error of `release` with `frames` in the app's file. */
function errorWith(frames: { line: number; column: number }[], release: string) {
  const inFile = frames.map((frame) => ({ file: FILE, inApp: true, ...frame }));
  return errorEvent(release, inFile, { message: 'odd', fingerprint: 'custom-odd' });
}

describe('source maps and frames that do not fit together', () => {
  let dir: string;
  let storage: Storage;
  const post = (path: string, body: unknown, key: string) =>
    createApp({ storage, writeKey: WRITE, readKey: 'sk_odd_maps', staffTokens: [STAFF] }).request(`/api${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const upload = (release: string, map: unknown) =>
    post('/sourcemaps', { release, files: [{ name: 'app.js', map: JSON.stringify(map) }] }, STAFF);
  const storedFrames = async (id: string) => {
    const event = (await storage.listEvents({ limit: 1000 })).events.find((stored) => stored.id === id);
    return (event!.props as { frames: Record<string, unknown>[] }).frames;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-odd-maps-'));
    storage = await storageOn(openSqliteDatabase(join(dir, 'insights.sqlite')));
  });
  afterAll(async () => {
    await storage?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a frame at line 0 or column 0 (position unknown) as sent, beside one it resolves', async () => {
    expect((await upload('zero', GOOD_MAP)).status).toBe(201);
    const event = errorWith(
      [
        { line: 0, column: 0 },
        { line: 1, column: 0 },
        { line: 1, column: 1 },
      ],
      'zero',
    );
    expect((await post('/errors', { sentAt: Date.now(), events: [event] }, WRITE)).status).toBe(200);
    const frames = await storedFrames(event.id);
    expect(frames.slice(0, 2)).toEqual([
      { file: FILE, line: 0, column: 0, inApp: true },
      { file: FILE, line: 1, column: 0, inApp: true },
    ]);
    expect(frames[2]).toMatchObject({ file: 'deal.js', line: 1, column: 1 });
  });

  it.each([
    ['sourcesContent that is not text', { ...GOOD_MAP, sourcesContent: [123] }],
    ['names that are not text', { ...GOOD_MAP, names: [{ evil: true }] }],
    ['sources that are not text', { ...GOOD_MAP, sources: [42] }],
    ['mappings given as decoded arrays', { ...GOOD_MAP, mappings: [[[0, 0, 'x', 0]]] }],
    ['mappings with a null segment', { ...GOOD_MAP, mappings: [[null]] }],
  ])('refuses an upload with %s (400, nothing stored)', async (_, map) => {
    const response = await upload('refused', map);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/files\[app\.js\] is not a source map/);
    expect(await createSourceMapRepository(storage.db).list('refused')).toEqual([]);
  });

  it.each([
    ['sourcesContent that is not text', { ...GOOD_MAP, sourcesContent: [123] }],
    ['names that are not text', { ...GOOD_MAP, names: [{ evil: true }] }],
    ['mappings given as decoded arrays', { ...GOOD_MAP, mappings: [[[0, 0, 'x', 0, 0]]] }],
    ['mappings with a null segment', { ...GOOD_MAP, mappings: [[null]] }],
  ])('stores errors whole, without foreign values, under a map with %s stored earlier', async (_, map) => {
    const release = `stored-${++storedReleases}`;
    await createSourceMapRepository(storage.db).put(release, 'app.js', JSON.stringify(map), Date.now());
    const event = errorWith(
      [
        { line: 1, column: 1 },
        { line: 1, column: 1 },
      ],
      release,
    );
    expect((await post('/errors', { sentAt: Date.now(), events: [event] }, WRITE)).status).toBe(200);
    for (const frame of await storedFrames(event.id)) {
      expect(typeof frame.line).toBe('number');
      expect(['string', 'undefined']).toContain(typeof frame.function);
      expect(['object', 'undefined']).toContain(typeof frame.source);
      if (frame.source) expect(typeof (frame.source as { line: unknown }).line).toBe('string');
    }
  });
});
