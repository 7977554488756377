import { gunzipSync } from 'node:zlib';
import type { Page, Request } from 'playwright-core';

/**
 * Every byte a page sends, as text: each request body as sent (gunzipped when it is gzip), and, since replay data
 * travels gzipped and base64-encoded inside JSON, each replay chunk's segment decoded as well. A secret that is
 * absent from all of these never left the page in any form the server could read.
 */
export function captureRequestBodies(page: Page): { texts(): string[]; requests(): number } {
  const bodies: Buffer[] = [];
  page.on('request', (request: Request) => {
    const body = request.postDataBuffer();
    if (body) bodies.push(body);
  });
  return {
    requests: () => bodies.length,
    texts() {
      const texts = bodies.map((body) =>
        (body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString('utf8'),
      );
      return [...texts, ...decodedReplaySegments(texts)];
    },
  };
}

interface ChunkEvent {
  type: string;
  data?: string;
  props?: { replayId: string; seq: number; part: number; final: boolean; encoding: string };
}

/**
 * The replay segments inside all request bodies, joined from their parts and decoded. Parts of one segment may
 * travel in different requests (and a part may be sent twice), so chunks are gathered from every body first.
 * Throws when a segment cannot be decoded: a search that silently skipped it would prove nothing.
 */
function decodedReplaySegments(texts: readonly string[]): string[] {
  const chunks = new Map<string, ChunkEvent>();
  for (const text of texts) {
    let events: ChunkEvent[] = [];
    try {
      events = (JSON.parse(text) as { events?: ChunkEvent[] }).events ?? [];
    } catch {
      continue;
    }
    for (const event of events)
      if (event.type === 'replay' && event.props) chunks.set(`${event.props.replayId}:${event.props.seq}`, event);
  }
  const ordered = [...chunks.values()].sort((a, b) =>
    a.props!.replayId < b.props!.replayId
      ? -1
      : a.props!.replayId > b.props!.replayId
        ? 1
        : a.props!.seq - b.props!.seq,
  );
  const segments: string[] = [];
  let joined = '';
  for (const event of ordered) {
    if (event.props!.part === 0) joined = '';
    joined += event.data ?? '';
    if (!event.props!.final) continue;
    segments.push(
      event.props!.encoding === 'gzip' ? gunzipSync(Buffer.from(joined, 'base64')).toString('utf8') : joined,
    );
    joined = '';
  }
  return segments;
}
