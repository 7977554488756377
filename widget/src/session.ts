import { uuidv7 } from '../../shared/uuid.ts';

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

/**
 * Keeps `anonymousId` (persistent) and `sessionId` (renewed after 30 minutes of inactivity) in localStorage, so
 * the origin's tabs share one session; falls back to memory where storage is blocked.
 */
export function createIdentity(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = safeLocalStorage(), now: () => number = Date.now): Identity {
  let anonymousId = read(storage, ANONYMOUS_KEY) ?? write(storage, ANONYMOUS_KEY, uuidv7(now()));
  let memory: { id: string; lastActivity: number } | undefined;
  /** What this tab last wrote: while storage still holds it, no other tab has touched the session since. */
  let written: string | undefined;

  const current = () => {
    const stored = parseSession(read(storage, SESSION_KEY));
    return stored ?? memory;
  };
  const touch = () => {
    const time = now();
    const raw = read(storage, SESSION_KEY);
    // Parsing and writing on every event cost more than the rest of `track()`; activity a second stale does not
    // matter next to a 30-minute timeout, and any other tab's change (a reset, an opt-out) is still seen at once.
    if (memory && raw === written && time - memory.lastActivity < 1000) return memory.id;
    const session = parseSession(raw) ?? memory;
    const id = session && time - session.lastActivity < SESSION_TIMEOUT_MS ? session.id : uuidv7(time);
    memory = { id, lastActivity: time };
    written = write(storage, SESSION_KEY, JSON.stringify(memory));
    return id;
  };
  return {
    get anonymousId() {
      return anonymousId;
    },
    reset() {
      anonymousId = write(storage, ANONYMOUS_KEY, uuidv7(now()));
      memory = undefined;
      write(storage, SESSION_KEY, '');
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
  try {
    const value = JSON.parse(raw) as { id?: unknown; lastActivity?: unknown };
    return typeof value.id === 'string' && typeof value.lastActivity === 'number' ? { id: value.id, lastActivity: value.lastActivity } : undefined;
  } catch {
    return undefined;
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

function read(storage: Pick<Storage, 'getItem'> | undefined, key: string): string | undefined {
  try {
    return storage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function write(storage: Pick<Storage, 'setItem'> | undefined, key: string, value: string): string {
  try {
    storage?.setItem(key, value);
  } catch {
    // Quota or privacy mode: the value lives in memory for this page only.
  }
  return value;
}
