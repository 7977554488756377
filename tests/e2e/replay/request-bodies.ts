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
      const texts = bodies.map((body) => (body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString('utf8'));
      return [...texts, ...texts.flatMap(decodedReplaySegments)];
    },
  };
}

interface ChunkEvent {
  type: string;
  data?: string;
  props?: { replayId: string; seq: number; final: boolean; encoding: string };
}

/** The replay segments inside one request body, joined from their parts and decoded. */
function decodedReplaySegments(text: string): string[] {
  let events: ChunkEvent[];
  try {
    events = ((JSON.parse(text) as { events?: ChunkEvent[] }).events ?? []).filter((event) => event.type === 'replay' && event.props);
  } catch {
    return [];
  }
  // A segment's parts may span requests: also decode every part alone (gzip of a prefix yields a readable prefix).
  const segments: string[] = [];
  let joined = '';
  for (const event of events.sort((a, b) => a.props!.seq - b.props!.seq)) {
    joined += event.data ?? '';
    if (!event.props!.final) continue;
    segments.push(event.props!.encoding === 'gzip' ? gunzipSync(Buffer.from(joined, 'base64')).toString('utf8') : joined);
    joined = '';
  }
  return segments;
}
