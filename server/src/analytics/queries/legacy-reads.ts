import { Hono } from 'hono';
import { npsAnswer } from '../../feedback/feedback-events.ts';
import { npsSummary, weeklyNpsTrend } from '../../feedback/nps-score.ts';
import { commentSentiment } from '../../feedback/sentiment.ts';
import { renderError } from '../../http-errors.ts';
import { queryTime } from '../../query-params.ts';
import type { Storage, StoredEvent } from '../../storage/types.ts';
import { createErrorStatusRepository } from '../error-status-repository.ts';
import { errorImpact } from '../error-impact.ts';
import { groupErrors } from '../error-groups.ts';
import { computeFunnel } from '../funnel.ts';
import type { FunnelEvent } from '../funnel.ts';
import { FunnelQuerySchema, parseOr400, RangeQuerySchema, resolveRange } from '../query-schemas.ts';
import { FIRST_MONDAY_MS, retentionCohorts, WEEK_MS, weekIndex } from '../retention.ts';
import { summarizeVitals } from '../vitals-summary.ts';
import { byTime, inRange, legacyEvents } from './legacy-events.ts';
import type { LegacyEvents } from './legacy-events.ts';

/** What every legacy read is given: the store (for the error statuses), its events and the clock. */
interface LegacyReadOptions {
  storage: Storage;
  events: LegacyEvents;
  now: () => number;
}

/**
 * Test support: the JS reads the routes answered with before the analytics engine, kept as the oracle the SQL
 * reads are held to. They load every event into memory and loop over it, which is exactly why the routes no
 * longer use them; here they run on small fixtures only. Events come in record order (rowid).
 */
export function legacyReadApp(storage: Storage, now: () => number = Date.now): Hono {
  const app = new Hono();
  const reads: LegacyReadOptions = { storage, events: legacyEvents(storage), now };
  registerFunnelRead(app, reads);
  registerRetentionAndVitalsReads(app, reads);
  registerErrorReads(app, reads);
  registerNpsRead(app, reads);
  app.onError(renderError);
  return app;
}

/** `GET /api/analytics/funnels`: the funnel over the range, and per variation when an experiment is named. */
function registerFunnelRead(app: Hono, { events, now }: LegacyReadOptions): void {
  app.get('/api/analytics/funnels', async (context) => {
    const query = parseOr400(FunnelQuerySchema, context.req.query(), 'funnel query');
    const range = resolveRange(query, now(), 30);
    const names = query.steps.filter((step) => !step.startsWith('page:'));
    const stepEvents = (await events.all())
      .filter((event) => inRange(event, range.since, range.until + query.windowMs))
      .flatMap((event) => {
        const matches: FunnelEvent[] = [];
        if (event.name && names.includes(event.name))
          matches.push({ actor: event.anonymousId, ts: event.correctedTs, step: event.name });
        if (event.type === 'page' && event.page && query.steps.includes(`page:${event.page.path}`))
          matches.push({ actor: event.anonymousId, ts: event.correctedTs, step: `page:${event.page.path}` });
        return matches;
      });
    const funnel = {
      steps: query.steps,
      windowMs: query.windowMs,
      ...range,
      result: computeFunnel(stepEvents, query.steps, query.windowMs, range),
    };
    if (!query.experiment) return context.json(funnel);
    const variations = firstVariations(await events.all(), query.experiment, range.until + query.windowMs);
    const split = [...new Set(variations.values())].sort().map((variation) => ({
      variation,
      result: computeFunnel(
        stepEvents.filter((event) => variations.get(event.actor) === variation),
        query.steps,
        query.windowMs,
        range,
      ),
    }));
    return context.json({ ...funnel, experiment: query.experiment, variations: split });
  });
}

/**
 * Each actor's first variation of `experiment` among the exposures before `until`, by time; forced and
 * override-tagged exposures, and those without a variation, do not count.
 */
function firstVariations(all: readonly StoredEvent[], experiment: string, until: number): Map<string, string> {
  const variations = new Map<string, string>();
  for (const event of all.filter((each) => each.type === 'exposure' && each.correctedTs < until).sort(byTime)) {
    const props = event.props ?? {};
    if (
      props.experiment !== experiment ||
      props.variation === undefined ||
      props.forced === true ||
      event.tags?.includes('override')
    )
      continue;
    if (!variations.has(event.anonymousId)) variations.set(event.anonymousId, String(props.variation));
  }
  return variations;
}

/** `GET /api/analytics/retention` (weekly cohorts of active actors) and `GET /api/analytics/vitals`. */
function registerRetentionAndVitalsReads(app: Hono, { events, now }: LegacyReadOptions): void {
  app.get('/api/analytics/retention', async (context) => {
    const range = resolveRange(parseOr400(RangeQuerySchema, context.req.query(), 'retention query'), now(), 56);
    const activity = new Map<string, { actor: string; week: number }>();
    for (const event of (await events.all()).filter((each) => inRange(each, range.since, range.until))) {
      const week = Math.trunc((event.correctedTs - FIRST_MONDAY_MS) / WEEK_MS);
      activity.set(`${event.anonymousId} ${week}`, { actor: event.anonymousId, week });
    }
    return context.json({ ...range, cohorts: retentionCohorts([...activity.values()], weekIndex(range.until - 1)) });
  });

  app.get('/api/analytics/vitals', async (context) => {
    const query = parseOr400(RangeQuerySchema, context.req.query(), 'vitals query');
    const range = resolveRange(query, now(), 28);
    return context.json({
      ...range,
      vitals: summarizeVitals(await events.vitals(range.since, range.until, query.path)),
    });
  });
}

/** `GET /api/errors/groups` and `GET /api/errors/groups/:fingerprint/impact`. */
function registerErrorReads(app: Hono, { storage, events, now }: LegacyReadOptions): void {
  app.get('/api/errors/groups', async (context) => {
    const query = parseOr400(RangeQuerySchema, context.req.query(), 'error groups query');
    const range = resolveRange(query, now(), 30);
    const groups = groupErrors(
      await events.errors(range.since, range.until),
      await createErrorStatusRepository(storage.db).list(),
    );
    return context.json({
      groups: (query.status ? groups.filter((group) => group.status === query.status) : groups).slice(0, query.limit),
    });
  });

  app.get('/api/errors/groups/:fingerprint/impact', async (context) => {
    const fingerprint = context.req.param('fingerprint');
    const query = parseOr400(RangeQuerySchema, context.req.query(), 'impact query');
    const { since, until } = resolveRange(query, now(), 30);
    const inPeriod = (await events.all()).filter((event) => inRange(event, since, until));
    return context.json(
      errorImpact({
        fingerprint,
        conversionEvent: query.conversion ?? '',
        sessions: [...new Set(inPeriod.map((event) => event.sessionId))].sort(),
        affectedSessions: new Set((await events.errors(since, until, fingerprint)).map((event) => event.sessionId)),
        convertedSessions: new Set(
          inPeriod.filter((event) => event.name === query.conversion).map((event) => event.sessionId),
        ),
        vitals: await events.vitals(since, until),
      }),
    );
  });
}

/** `GET /api/feedback/nps`: the score, its weekly trend, the comments' sentiment and the latest comments. */
function registerNpsRead(app: Hono, { events }: LegacyReadOptions): void {
  app.get('/api/feedback/nps', async (context) => {
    const query = context.req.query();
    const since = queryTime(query.since, 'since');
    const until = queryTime(query.until, 'until');
    const answers = (await events.all())
      .filter(
        (event) =>
          event.type === 'nps' &&
          (since === undefined || event.correctedTs >= since) &&
          (until === undefined || event.correctedTs < until),
      )
      .sort((a, b) => byTime(b, a))
      .map(npsAnswer)
      .filter((answer) => answer !== undefined)
      .filter((answer) => !query.surveyId || answer.surveyId === query.surveyId);
    const comments = answers
      .filter((answer) => answer.comment)
      .slice(0, 100)
      .map((answer) => ({ ...answer, sentiment: commentSentiment(answer.comment) }));
    const sentiment = { positive: 0, neutral: 0, negative: 0 };
    for (const answer of answers) if (answer.comment) sentiment[commentSentiment(answer.comment).label]++;
    return context.json({
      ...npsSummary(answers.map((answer) => answer.score)),
      trend: weeklyNpsTrend(answers),
      sentiment,
      comments,
    });
  });
}
