import { evaluateAllFlags } from '../../shared/flags/evaluate-flag.ts';
import type { ExperimentAssignment, FlagsConfig } from '../../shared/flags/types.ts';
import type { Random } from './scale-random.ts';

/** One simulated CRM user: one device (anonymous id), an account id, traits, and how active they are. */
export interface SimUser {
  index: number;
  anonymousId: string;
  userId: string;
  traits: { plan: string; role: string; company_size: number; country: string; industry: string };
  /** The experiment's assignment by the flags engine the widget runs (GrowthBook-compatible hashing). */
  assignment?: ExperimentAssignment;
  /** Users who sign up during the window: the day of their first session (others were there before it). */
  signupDay?: number;
}

/** The user pool, and a weighted pick of who starts the next session (a few users are far more active). */
export interface UserPool {
  users: SimUser[];
  pick(random: Random): SimUser;
}

const PLANS = ['free', 'starter', 'pro', 'enterprise'] as const;
const ROLES = ['admin', 'manager', 'rep', 'rep', 'rep', 'viewer'] as const;
const COUNTRIES = ['US', 'US', 'US', 'GB', 'DE', 'FR', 'NL', 'CA', 'AU', 'IN', 'BR', 'ES'] as const;
const INDUSTRIES = ['software', 'finance', 'retail', 'health', 'manufacturing', 'education', 'services'] as const;
/** Share of users whose sign-up falls inside the window. */
const NEW_USER_SHARE = 0.15;

/** Makes `count` users; `experiment` is the flag key whose experiment assigns them (none: nobody is assigned). */
export function createUserPool(
  random: Random,
  count: number,
  days: number,
  flags: FlagsConfig | undefined,
  experiment: string,
): UserPool {
  const users: SimUser[] = [];
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let index = 0; index < count; index++) {
    const userId = `user_${index + 1}`;
    const assignment = flags
      ? evaluateAllFlags(flags, { id: userId }, undefined, { keys: [experiment] })[experiment]?.detail.experiment
      : undefined;
    users.push({
      index,
      anonymousId: random.uuid(),
      userId,
      traits: {
        plan: random.pick(PLANS),
        role: random.pick(ROLES),
        company_size: Math.round(random.logNormal(40, 1.2)) + 1,
        country: random.pick(COUNTRIES),
        industry: random.pick(INDUSTRIES),
      },
      ...(assignment ? { assignment } : {}),
      ...(random.chance(NEW_USER_SHARE) ? { signupDay: random.int(days) } : {}),
    });
    // Activity follows a heavy tail (a Pareto-like weight): power users open many sessions, most users a few.
    total += Math.min(50, 1 / (1 - random.next()) ** 0.7);
    cumulative[index] = total;
  }
  return {
    users,
    pick(source) {
      const target = source.next() * total;
      let low = 0;
      let high = count - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (cumulative[middle]! < target) low = middle + 1;
        else high = middle;
      }
      return users[low]!;
    },
  };
}
