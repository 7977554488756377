import type { FlagsConfig } from '../../shared/flags/types.ts';
import type { InsightEvent } from '../../shared/protocol.ts';
import { createBugs } from './scale-catalog.ts';
import { seededRandom } from './scale-random.ts';
import type { Random } from './scale-random.ts';
import { simulateSession } from './scale-session.ts';
import type { SessionWorld } from './scale-session.ts';
import { createUserPool } from './scale-users.ts';

/** What traffic to make: the same options give the same events, session for session. */
export interface TrafficOptions {
  seed: number;
  users: number;
  days: number;
  /** The window ends here (epoch ms); the history fills the `days` before it, live traffic follows it. */
  endMs: number;
  /** Events in the history; sessions after it are "live" traffic, one every 2 s of simulated time from `endMs`. */
  events: number;
  /** The flags config whose experiment assigns users; `experiment` is its flag key. */
  flags?: FlagsConfig;
  experiment: string;
  /** Error fingerprints in the app (default 40). */
  bugs?: number;
}

/** A stream of sessions, oldest first, then live ones. */
export interface Traffic {
  /** The next session's events. */
  next(): InsightEvent[];
  /** Events made so far. */
  readonly generated: number;
}

const DAY_MS = 86_400_000;
const MAX_SESSION_MS = 3 * 3_600_000;
/** The experiment's true effect: variation B wins deals more often and bigger ones (so results have something to find). */
export const EXPERIMENT_EFFECT: Pick<SessionWorld, 'winRate' | 'dealValue'> = {
  winRate: { control: 0.08, B: 0.1, default: 0.08 },
  dealValue: { control: 12_000, B: 13_200, default: 12_000 },
};

/** How far the traffic has got: events and sessions made so far. */
interface Made {
  events: number;
  sessions: number;
}

/** A session's start (epoch ms) and the day of the window it falls on (`days` for live sessions). */
interface SessionStart {
  start: number;
  day: number;
}

/**
 * The sessions' starts in time order: the history's days in turn, weekends lighter, then live sessions one every
 * 2 s of simulated time from `endMs`. Each call takes how far the traffic has got, which sizes the next day's plan.
 */
function sessionStarts(random: Random, options: TrafficOptions): (made: Made) => SessionStart {
  const windowStart = options.endMs - options.days * DAY_MS;
  // Weekdays carry a CRM's traffic; weekends a third of it.
  const weights = Array.from({ length: options.days }, (_, day) =>
    [0, 6].includes(new Date(windowStart + day * DAY_MS).getUTCDay()) ? 0.35 : 1,
  );
  let day = -1;
  let starts: number[] = [];
  let live = 0;
  let lastStart = 0;
  // A session lasts at most MAX_SESSION_MS, so every history event falls before `endMs`.
  const latestStart = options.endMs - MAX_SESSION_MS;

  // Each day gets its share of the events still to make, at the mean session size seen so far, so the history
  // ends close to `events` whatever the mix, in time order.
  const planDay = (made: Made) => {
    const mean = made.sessions ? made.events / made.sessions : 40;
    const remainingWeight = weights.slice(day).reduce((total, weight) => total + weight, 0);
    const count = Math.max(1, Math.round(((options.events - made.events) * weights[day]!) / remainingWeight / mean));
    const dayStart = windowStart + day * DAY_MS;
    // A second plan for the last day (the history fell short) starts after what was already sent.
    const from = Math.max(dayStart, lastStart);
    const at = () => dayStart + (random.chance(0.85) ? (8 + random.next() * 10) * 3_600_000 : random.next() * DAY_MS);
    starts = Array.from({ length: count }, () => Math.max(from, Math.min(latestStart, at()))).sort((a, b) => b - a);
  };

  return (made) => {
    if (made.events < options.events) {
      while (!starts.length) {
        if (day < options.days - 1) day += 1;
        planDay(made);
      }
      lastStart = Math.round(starts.pop()!);
      return { start: lastStart, day };
    }
    return { start: options.endMs + 2000 * live++, day: options.days };
  };
}

/** Creates the traffic; building the user pool (and their assignments) takes about a second per 100,000 users. */
export function createTraffic(options: TrafficOptions): Traffic {
  const random = seededRandom(options.seed);
  const pool = createUserPool(random, options.users, options.days, options.flags, options.experiment);
  const world: SessionWorld = { bugs: createBugs(random, options.bugs ?? 40), ...EXPERIMENT_EFFECT };
  const seen = new Uint8Array(options.users);
  const nextStart = sessionStarts(random, options);
  const made: Made = { events: 0, sessions: 0 };
  return {
    next() {
      const { start, day: today } = nextStart(made);
      let user = pool.pick(random);
      for (let retry = 0; retry < 10 && (user.signupDay ?? -1) > today; retry++) user = pool.pick(random);
      const firstVisit = user.signupDay !== undefined && user.signupDay <= today && !seen[user.index];
      seen[user.index] = 1;
      const events = simulateSession(random, user, start, world, firstVisit);
      made.events += events.length;
      made.sessions += 1;
      return events;
    },
    get generated() {
      return made.events;
    },
  };
}
