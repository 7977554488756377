import '@rrweb/replay/dist/style.css';
import './replay-frame.css';
import type { SessionReplay } from '../../server/src/replay/session-replay.ts';
import { mountPlayer } from '../../demo/replay/mount-player.ts';
import { replayEventsOf } from '../../demo/replay/replay-events.ts';

/**
 * The dashboard's replay frame (`/dashboard/replay.html?session=<id>`): the demo viewer's player, fed with the
 * session cookie instead of a typed key. It is its own page because rrweb needs inline styles inside its iframe,
 * which the dashboard's CSP refuses; the Sessions page frames it.
 */
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = byId<HTMLParagraphElement>('status');

async function start(): Promise<void> {
  const sessionId = new URLSearchParams(location.search).get('session') ?? '';
  try {
    const response = await fetch(`/api/replay/sessions/${encodeURIComponent(sessionId)}`, {
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
  } catch (error) {
    status.textContent = `No replay: ${(error as Error).message}`;
    status.classList.add('error');
  }
}

void start();
