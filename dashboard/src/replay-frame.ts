import '@rrweb/replay/dist/style.css';
import './replay-frame.css';
import type { SessionReplay } from '../../server/src/replay/session-replay.ts';
import { mountPlayer } from '../../demo/replay/mount-player.ts';
import { replayEventsOf } from '../../demo/replay/replay-events.ts';

/**
 * The dashboard's replay frame (`/dashboard/replay.html?session=<id>`): the demo viewer's player, fed with the
 * session cookie instead of a typed key. It is its own page because rrweb needs inline styles inside its iframe,
 * which the dashboard's CSP refuses; the Sessions page frames it. A session longer than one answer plays in parts:
 * `&cursor=` (the answer's `nextCursor`, behind "Play the next part") plays the next one.
 */
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = byId<HTMLParagraphElement>('status');

async function start(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const sessionId = query.get('session') ?? '';
  const cursor = query.get('cursor');
  try {
    const part = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const response = await fetch(`/api/replay/sessions/${encodeURIComponent(sessionId)}${part}`, {
      credentials: 'same-origin',
    });
    const body = (await response.json().catch(() => ({}))) as SessionReplay & { error?: string };
    if (!response.ok) throw new Error(body.error ?? `the API answered ${response.status}`);
    const { events, notes } = replayEventsOf(body);
    if (events.length < 2) throw new Error('this session has too few replay events to play');
    byId('controls').hidden = false;
    mountPlayer(events, {
      root: byId('player'),
      playPause: byId('play-pause'),
      progress: byId('progress'),
      time: byId('time'),
    });
    status.textContent = notes.join(' · ');
    if (body.nextCursor) showNextPart(sessionId, body.nextCursor);
  } catch (error) {
    status.textContent = `No replay: ${(error as Error).message}`;
    status.classList.add('error');
  }
}

/** Links the next part of a session too long for one answer: this frame again, from the answer's `nextCursor`. */
function showNextPart(sessionId: string, nextCursor: string): void {
  const link = byId<HTMLAnchorElement>('next-part');
  link.href = `?${new URLSearchParams({ session: sessionId, cursor: nextCursor })}`;
  link.hidden = false;
}

void start();
