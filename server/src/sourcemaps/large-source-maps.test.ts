import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEvent } from '../../../tests/support/error-props.ts';
import type { StackFrame } from '../../../shared/events.ts';
import { startServer } from '../node-server.ts';
import type { RunningServer } from '../node-server.ts';
import { buildBundle } from './bundle-fixture.ts';
import type { BuiltBundle } from './bundle-fixture.ts';
import { createSourceMapRepository } from './source-map-repository.ts';

const WRITE = 'pk_large_maps';
const STAFF = 'staff_large_maps';

/** An error of `release` with two frames in `file`, at the column of `code` where `toFixed` is called. */
function errorIn(file: string, code: string, release: string) {
  const column = code.indexOf('toFixed') + 1;
  const frames = [1, 2].map(() => ({ file: `https://crm.example/assets/${file}`, line: 1, column, inApp: true }));
  return errorEvent(release, frames, { message: 'deal has no lines', fingerprint: 'custom-large-maps' });
}

describe('source maps larger than the limit', () => {
  let dir: string;
  /** A chunk's map of about 1.8 MB, and one of 18.5 MB (17.6 MiB): 400 modules bundled as one chunk. */
  let small: BuiltBundle;
  let large: BuiltBundle;
  let server: RunningServer;
  const post = (path: string, body: unknown, key: string) =>
    fetch(`${server.origin}/api${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const storedFrames = async (id: string) => {
    const events = (await server.storage.listEvents({ limit: 1000 })).events;
    return (events.find((event) => event.id === id)!.props as { frames: StackFrame[] }).frames;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-large-maps-'));
    small = await buildBundle(join(dir, 'small'), 40);
    large = await buildBundle(join(dir, 'large'), 400);
    server = await startServer({
      host: '127.0.0.1',
      port: 0,
      dataDir: join(dir, 'data'),
      writeKey: WRITE,
      readKey: 'sk_large_maps',
      staffTokens: [STAFF],
      publicDir: dir,
      generatedKeys: [],
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an upload holding one with a 413 naming the file and the limit, storing nothing of it', async () => {
    const files = [
      { name: 'chunk-small.js', map: small.map },
      { name: 'chunk-large.js', map: large.map },
    ];
    const response = await post('/sourcemaps', { release: 'refused', files }, STAFF);
    expect(response.status).toBe(413);
    const message = await response.text();
    expect(message).toContain(`files[chunk-large.js] is a source map of ${Buffer.byteLength(large.map)} bytes`);
    expect(message).toContain('16 MiB');
    expect(await createSourceMapRepository(server.storage.db).list('refused')).toEqual([]);
  });

  it('leaves as sent the errors of one stored before uploads were limited, and resolves the others of the batch', async () => {
    const repository = createSourceMapRepository(server.storage.db);
    await repository.put('stored', 'chunk-large.js', large.map, Date.now());
    expect(
      (await post('/sourcemaps', { release: 'stored', files: [{ name: 'chunk-small.js', map: small.map }] }, STAFF))
        .status,
    ).toBe(201);

    const inSmall = errorIn('chunk-small.js', small.code, 'stored');
    const inLarge = errorIn('chunk-large.js', large.code, 'stored');
    expect((await post('/errors', { sentAt: Date.now(), events: [inSmall, inLarge] }, WRITE)).status).toBe(200);
    expect((await storedFrames(inSmall.id)).every((frame) => 'minified' in frame)).toBe(true);
    expect(await storedFrames(inLarge.id)).toEqual(inLarge.props.frames);
  });
});
