/** Lock names, per origin (Web Locks are scoped to the origin, like the outbox database). */
const LEADER_LOCK = 'crm-insights:sender';
const SEND_LOCK = 'crm-insights:send';

/** The part of `navigator.locks` delivery uses; injectable, and absent in old browsers. */
export type Locks = Pick<LockManager, 'request'>;

/**
 * Competes for the origin's one sender role: `onLeader` runs when this tab gets it, and the role passes to the
 * next waiting tab when this one closes, crashes or calls the returned release. Without Web Locks every tab
 * is its own sender (the send lock below then is a no-op too, and the server's dedup by id keeps it exact).
 */
export function electLeader(locks: Locks | undefined, onLeader: () => void): () => void {
  if (!locks) {
    onLeader();
    return () => undefined;
  }
  const controller = new AbortController();
  let release: () => void = () => undefined;
  locks
    .request(LEADER_LOCK, { signal: controller.signal }, () => {
      if (controller.signal.aborted) return undefined;
      onLeader();
      return new Promise<void>((resolve) => (release = resolve));
    })
    .catch(() => undefined);
  return () => {
    controller.abort();
    release();
  };
}

/**
 * Runs one drain of the outbox while holding the origin's send lock, so two tabs never send the same items at once
 * (an explicit `flush()` in a tab that is not the leader waits for the leader's current request to end).
 */
export function withSendLock<T>(locks: Locks | undefined, run: () => Promise<T>): Promise<T> {
  if (!locks) return run();
  return locks.request(SEND_LOCK, run) as Promise<T>;
}

/** This tab's standing in the election for the origin's sender role. */
export interface Leadership {
  /** Whether this tab holds the sender role now. */
  readonly leader: boolean;
  /** Enters (or re-enters) the election; `onLeader` runs when this tab wins. */
  compete(): void;
  /** Leaves the election and gives the role up, so a tab kept in the back/forward cache holds no lock. */
  stepDown(): void;
}

/** Makes this tab's candidacy for the sender role (see `electLeader`). */
export function createLeadership(locks: Locks | undefined, onLeader: () => void): Leadership {
  let leader = false;
  let release: () => void = () => undefined;
  return {
    get leader() {
      return leader;
    },
    compete() {
      release();
      release = electLeader(locks, () => {
        leader = true;
        onLeader();
      });
    },
    stepDown() {
      leader = false;
      release();
      release = () => undefined;
    },
  };
}
