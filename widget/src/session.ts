import { uuidv7 } from '../../shared/uuid.ts';
import { safely } from './safely.ts';

/** Sessions end after this much inactivity, as in GA4, PostHog and Amplitude. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

const ANONYMOUS_KEY = 'crm-insights:anonymous-id';
const SESSION_KEY = 'crm-insights:session';

/** The identity a client stamps on events. `touch` extends (or renews) the session on activity. */
export interface Identity {
  anonymousId: string;
  sessionId(): string;
  touch(): string;
  /** Starts over (logout): a new anonymous id and a new session. */
  reset(): void;
}

/** Storage that never throws: the client's consent storage, which falls back to memory where localStorage fails. */
export type SafeStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * Keeps `anonymousId` (persistent) and `sessionId` (renewed after 30 minutes of inactivity) in `storage`, so the
 * origin's tabs share one session.
 */
export function createIdentity(storage: SafeStorage, now: () => number = Date.now): Identity {
  const read = (key: string) => storage.getItem(key) ?? undefined;
  const write = (key: string, value: string) => {
    storage.setItem(key, value);
    return value;
  };
  let anonymousId = read(ANONYMOUS_KEY) ?? write(ANONYMOUS_KEY, uuidv7(now()));
  let memory: { id: string; lastActivity: number } | undefined;
  /** What this tab last wrote: while storage still holds it, no other tab has touched the session since. */
  let written: string | undefined;

  const current = () => {
    const stored = parseSession(read(SESSION_KEY));
    return stored ?? memory;
  };
  const touch = () => {
    const time = now();
    const raw = read(SESSION_KEY);
    // Parsing and writing on every event cost more than the rest of `track()`; activity a second stale does not
    // matter next to a 30-minute timeout, and any other tab's change (a reset, an opt-out) is still seen at once.
    if (memory && raw === written && time - memory.lastActivity < 1000) return memory.id;
    const session = parseSession(raw) ?? memory;
    const id = session && time - session.lastActivity < SESSION_TIMEOUT_MS ? session.id : uuidv7(time);
    memory = { id, lastActivity: time };
    written = write(SESSION_KEY, JSON.stringify(memory));
    return id;
  };
  return {
    get anonymousId() {
      return anonymousId;
    },
    reset() {
      anonymousId = write(ANONYMOUS_KEY, uuidv7(now()));
      memory = undefined;
      write(SESSION_KEY, '');
      touch();
    },
    sessionId: () => {
      const session = current();
      return session && now() - session.lastActivity < SESSION_TIMEOUT_MS ? session.id : touch();
    },
    touch,
  };
}

function parseSession(raw: string | undefined): { id: string; lastActivity: number } | undefined {
  if (!raw) return undefined;
  return safely(() => {
    const value = JSON.parse(raw) as { id?: unknown; lastActivity?: unknown };
    return typeof value.id === 'string' && typeof value.lastActivity === 'number'
      ? { id: value.id, lastActivity: value.lastActivity }
      : undefined;
  });
}
