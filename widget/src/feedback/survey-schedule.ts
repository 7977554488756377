/** A trait value a survey can target: equal to one value, or one of several. */
export type TraitCondition = string | number | boolean | readonly (string | number | boolean)[];

/** When and to whom an NPS survey shows. Every condition given must hold. */
export interface SurveyDefinition {
  /** Stable id; answers, dismissals and throttling are kept per id. */
  id: string;
  /** Show once the user has had at least this many sessions. */
  afterSessions?: number;
  /** Show once this many days have passed since surveys were first checked for this user in this browser. */
  afterDays?: number;
  /** Show only on pages whose path starts with this. */
  pagePrefix?: string;
  /** Show only right after this event is tracked (`crmInsights.track(name)`). */
  afterEvent?: string;
  /** Not again for the same user within this many days after it was shown (answered or dismissed). Default 90. */
  throttleDays?: number;
  /** Show only to users whose traits match, e.g. `{ plan: ['pro', 'enterprise'], admin: true }`. */
  traits?: Record<string, TraitCondition>;
}

/** What the widget remembers about one user's surveys (kept in localStorage). */
export interface SurveyHistory {
  firstSeenAt: number;
  sessions: number;
  lastSessionId?: string;
  /** When each survey was last shown. */
  shown: Record<string, number>;
  /** When each survey was last dismissed without an answer. */
  dismissed: Record<string, number>;
  /** When each survey was last answered. */
  answered: Record<string, number>;
}

/** The moment a decision is made for: the time, the page, the user's traits and the event just tracked. */
export interface SurveyContext {
  now: number;
  path: string;
  traits: Record<string, unknown>;
  event?: string;
}

/** `{ show: true }`, or why not, which debug mode prints. */
export type SurveyDecision = { show: true } | { show: false; reason: string };

const DAY_MS = 86_400_000;
/** Default days before the same user sees the same survey again. */
const DEFAULT_THROTTLE_DAYS = 90;
/** Default days between any two surveys for one user (the cap across all surveys). */
const DEFAULT_GLOBAL_GAP_DAYS = 14;

/** A fresh history for a user first seen at `now`. */
export function emptyHistory(now: number): SurveyHistory {
  return { firstSeenAt: now, sessions: 0, shown: {}, dismissed: {}, answered: {} };
}

/** Counts a session once per session id. */
export function countSession(history: SurveyHistory, sessionId: string): SurveyHistory {
  if (history.lastSessionId === sessionId) return history;
  return { ...history, sessions: history.sessions + 1, lastSessionId: sessionId };
}

/** True when the user's traits satisfy every targeted trait. */
export function traitsMatch(
  wanted: Record<string, TraitCondition> | undefined,
  traits: Record<string, unknown>,
): boolean {
  if (!wanted) return true;
  return Object.entries(wanted).every(([key, condition]) => {
    const value = traits[key];
    return Array.isArray(condition) ? condition.includes(value as never) : value === condition;
  });
}

/**
 * Decides whether `survey` shows now. Pure: the caller loads the history, calls this, and records `shown` when it
 * shows. `globalGapDays` caps surveys across all ids: none shows within that many days of any other.
 */
export function surveyDecision(
  survey: SurveyDefinition,
  history: SurveyHistory,
  context: SurveyContext,
  globalGapDays = DEFAULT_GLOBAL_GAP_DAYS,
): SurveyDecision {
  const throttleDays = survey.throttleDays ?? DEFAULT_THROTTLE_DAYS;
  const lastShown = history.shown[survey.id];
  if (lastShown !== undefined && context.now - lastShown < throttleDays * DAY_MS)
    return { show: false, reason: `shown ${ago(context.now, lastShown)}; throttled for ${throttleDays} days` };
  const lastAny = Math.max(-Infinity, ...Object.values(history.shown));
  if (context.now - lastAny < globalGapDays * DAY_MS)
    return {
      show: false,
      reason: `another survey showed ${ago(context.now, lastAny)}; at most one every ${globalGapDays} days`,
    };
  if (survey.afterSessions !== undefined && history.sessions < survey.afterSessions)
    return { show: false, reason: `${history.sessions} of ${survey.afterSessions} sessions so far` };
  if (survey.afterDays !== undefined && context.now - history.firstSeenAt < survey.afterDays * DAY_MS)
    return {
      show: false,
      reason: `user first seen ${ago(context.now, history.firstSeenAt)}; waits ${survey.afterDays} days`,
    };
  if (survey.pagePrefix !== undefined && !context.path.startsWith(survey.pagePrefix))
    return { show: false, reason: `only on pages under ${survey.pagePrefix}` };
  if (survey.afterEvent !== undefined && context.event !== survey.afterEvent)
    return { show: false, reason: `waits for the "${survey.afterEvent}" event` };
  if (!traitsMatch(survey.traits, context.traits)) return { show: false, reason: 'user traits do not match' };
  return { show: true };
}

function ago(now: number, then: number): string {
  const days = (now - then) / DAY_MS;
  return days < 1 ? `${Math.round(days * 24)} h ago` : `${Math.floor(days)} days ago`;
}
