import type { UserTraits } from '../../../shared/tracking-plan/user-properties.ts';
import { PRIVATE_TRAITS } from '../../../shared/tracking-plan/user-properties.ts';
import { jsonLimitProblem } from '../../../shared/wire.ts';

const USER_KEY = 'crm-insights:user';
/** Most characters of the kept user as JSON: every later event carries the traits, and must stay within 64 KB. */
const USER_MAX_CHARS = 8 * 1024;

/** The identified user: id and traits, kept across pages in (consent-aware) storage. */
export interface UserStore {
  userId(): string | undefined;
  /** The traits attached to every event: all but the ones that identify a person. */
  publicTraits(): UserTraits | undefined;
  /** Keeps the user and their traits; throws, keeping nothing, when the traits are not JSON within the wire limits. */
  identify(userId: string, traits?: UserTraits): void;
  reset(): void;
}

/** Makes the user store over `storage`. */
export function createUserStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): UserStore {
  let user: { id: string; traits: UserTraits } | undefined;
  try {
    const stored = JSON.parse(storage.getItem(USER_KEY) ?? 'null') as typeof user | null;
    if (stored && typeof stored.id === 'string') user = { id: stored.id, traits: stored.traits ?? {} };
  } catch {
    // A corrupt entry is as good as none.
  }
  return {
    userId: () => user?.id,
    publicTraits() {
      if (!user) return undefined;
      const traits = Object.fromEntries(
        Object.entries(user.traits).filter(([key, value]) => value !== undefined && !PRIVATE_TRAITS.includes(key)),
      );
      return Object.keys(traits).length ? traits : undefined;
    },
    identify(userId, traits = {}) {
      // A new user starts from their own traits; the same user's traits are merged.
      const next = { id: userId, traits: user?.id === userId ? { ...user.traits, ...traits } : { ...traits } };
      // Checked before they are kept: traits that are not JSON (a BigInt, a cycle), too big or too deep for the wire
      // limits throw here, to the caller, and never reach `context.user`, where every later event would carry them
      // (and be dropped for them). The traits are `context.user`, one level into an event's context.
      const json = JSON.stringify(next);
      if (json.length > USER_MAX_CHARS || jsonLimitProblem(next.traits, 1)) throw RangeError();
      storage.setItem(USER_KEY, json);
      user = next;
    },
    reset() {
      user = undefined;
      storage.removeItem(USER_KEY);
    },
  };
}
