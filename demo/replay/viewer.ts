import '@rrweb/replay/dist/style.css';
import './viewer.css';
import type { SessionReplay } from '../../server/src/replay/session-replay.ts';
import { mountPlayer } from './mount-player.ts';
import { replayEventsOf } from './replay-events.ts';

/**
 * The replay viewer: asks for the read key and a session id, fetches the session's reassembled replay from the
 * API and plays it with rrweb's Replayer inside a sandboxed iframe. No inline script, no eval: it runs under the
 * page's strict CSP.
 */
const KEY_STORAGE = 'crm-insights:viewer-read-key';
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = element<HTMLFormElement>('load-form');
const keyInput = element<HTMLInputElement>('read-key');
const sessionInput = element<HTMLInputElement>('session-id');
const status = element<HTMLParagraphElement>('status');
const sessionList = element<HTMLUListElement>('sessions');
const playerSection = element<HTMLElement>('player-section');
const playerRoot = element<HTMLDivElement>('player');
const playPause = element<HTMLButtonElement>('play-pause');
const progress = element<HTMLInputElement>('progress');
const time = element<HTMLSpanElement>('time');
const summary = element<HTMLParagraphElement>('summary');
let stopPlayer: (() => void) | undefined;

function say(message: string, isError = false): void {
  status.textContent = message;
  status.classList.toggle('error', isError);
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`/api/replay/${path}`, {
    headers: { Authorization: `Bearer ${keyInput.value.trim()}` },
  });
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `the API answered ${response.status}`);
  return body;
}

async function listSessions(): Promise<void> {
  say('Loading sessions…');
  try {
    const { sessions } = await api<{ sessions: { sessionId: string; lastAt: number; chunks: number }[] }>(
      'sessions?limit=20',
    );
    sessionList.replaceChildren(
      ...sessions.map((session) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = session.sessionId;
        button.addEventListener('click', () => {
          sessionInput.value = session.sessionId;
          void load();
        });
        item.append(button, ` ${new Date(session.lastAt).toLocaleString()} · ${session.chunks} chunks`);
        return item;
      }),
    );
    say(sessions.length ? '' : 'No session has a replay yet.');
  } catch (error) {
    say(`Could not list sessions: ${(error as Error).message}`, true);
  }
}

async function load(): Promise<void> {
  const sessionId = sessionInput.value.trim();
  sessionStorage.setItem(KEY_STORAGE, keyInput.value.trim());
  history.replaceState(null, '', `?session=${encodeURIComponent(sessionId)}`);
  say('Loading replay…');
  try {
    const replay = await api<SessionReplay>(`sessions/${encodeURIComponent(sessionId)}`);
    const { events, notes } = replayEventsOf(replay);
    if (events.length < 2) throw new Error('this session has too few replay events to play');
    play(events);
    summary.textContent = notes.join(' · ');
    say('');
  } catch (error) {
    say(`Could not load the replay: ${(error as Error).message}`, true);
  }
}

function play(events: ReturnType<typeof replayEventsOf>['events']): void {
  stopPlayer?.();
  playerSection.hidden = false;
  stopPlayer = mountPlayer(events, { root: playerRoot, playPause, progress, time });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void load();
});
element<HTMLButtonElement>('list-sessions').addEventListener('click', () => void listSessions());

keyInput.value = sessionStorage.getItem(KEY_STORAGE) ?? '';
sessionInput.value = new URLSearchParams(location.search).get('session') ?? '';
