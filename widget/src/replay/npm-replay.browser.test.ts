import { describe, expect, it } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { startReplay } from '../index.ts';

/**
 * The npm entry's `startReplay`, in real Chromium with rrweb's real recorder (the replay chunk's own module): an
 * app that bundles the widget records the page in buffer mode and uploads the buffer when it asks.
 */
describe('startReplay from the npm entry', () => {
  it('records the page in buffer mode and uploads masked replay chunks on flush', async () => {
    document.body.innerHTML = '<main><h1>Deals</h1><input name="email" value="ada@example.com"></main>';
    const captured: Partial<InsightEvent>[] = [];
    const client = {
      capture: (event: Partial<InsightEvent>) => void captured.push(event),
      getSessionId: () => '0193a000-0000-7000-8000-000000000001',
    };
    const replay = startReplay(client, { mode: 'buffer' }, { load: () => import('../chunks/replay.ts') });
    expect(replay.mode).toBe('buffer');
    await new Promise((resolve) => setTimeout(resolve, 200));
    document.querySelector('h1')!.textContent = 'Deals (3)';
    await new Promise((resolve) => setTimeout(resolve, 100));

    const { chunks } = await replay.flush('test');
    expect(chunks).toBeGreaterThan(0);
    const replayEvents = captured.filter((event) => event.type === 'replay');
    expect(replayEvents).toHaveLength(chunks);
    const recording = await decode(replayEvents);
    // What the user saw is there (the heading and its change); the input's value is masked and never leaves the page.
    expect(recording).toContain('Deals (3)');
    expect(recording).not.toContain('ada@example.com');
    replay.stop();
  });
});

/** The recorded JSON: parts joined in order until `final` ends a segment, base64-decoded and gunzipped if gzip. */
async function decode(events: Partial<InsightEvent>[]): Promise<string> {
  let json = '';
  let segment = '';
  for (const event of [...events].sort((a, b) => Number(a.props?.seq) - Number(b.props?.seq))) {
    segment += String((event as { data?: string }).data ?? '');
    if (!event.props?.final) continue;
    if (event.props.encoding === 'gzip') {
      const bytes = Uint8Array.from(atob(segment), (char) => char.charCodeAt(0));
      json += await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    } else json += segment;
    segment = '';
  }
  return json;
}
