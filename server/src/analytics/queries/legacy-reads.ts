import { Hono } from 'hono';
import { npsAnswer } from '../../feedback/feedback-events.ts';
import { npsSummary, weeklyNpsTrend } from '../../feedback/nps-score.ts';
import { commentSentiment } from '../../feedback/sentiment.ts';
import { renderError } from '../../http-errors.ts';
import { queryTime } from '../../query-params.ts';
import type { Storage, StoredEvent } from '../../storage/types.ts';
import { createErrorStatusRepository } from '../error-status-repository.ts';
import { errorImpact } from '../error-impact.ts';
import { fingerprintOf, groupErrors } from '../error-groups.ts';
import { computeFunnel } from '../funnel.ts';
import type { FunnelEvent } from '../funnel.ts';
import { FunnelQuerySchema, parseOr400, RangeQuerySchema, resolveRange } from '../query-schemas.ts';
import { FIRST_MONDAY_MS, retentionCohorts, WEEK_MS, weekIndex } from '../retention.ts';
import { summarizeVitals } from '../vitals-summary.ts';
import type { VitalRow } from '../vitals-summary.ts';

/**
 * Test support: the JS reads the routes answered with before the analytics engine, kept as the oracle the SQL
 * reads are held to. They load every event into memory and loop over it, which is exactly why the routes no
 * longer use them; here they run on small fixtures only. Events come in record order (rowid).
 */
export function legacyReadApp(storage: Storage, now: () => number = Date.now): Hono {
  const app = new Hono();
  const all = async (): Promise<StoredEvent[]> =>
    (await storage.db.all<{ body: string }>('SELECT body FROM events ORDER BY rowid')).map(
      (row) => JSON.parse(row.body) as StoredEvent,
    );
  const inRange = (event: StoredEvent, since: number, until: number) =>
    event.correctedTs >= since && event.correctedTs < until;
  const byTime = (a: StoredEvent, b: StoredEvent) =>
    a.correctedTs - b.correctedTs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const errorEvents = async (since: number, until: number, fingerprint?: string) =>
    (await all())
      .filter(
        (event) =>
          event.type === 'error' &&
          inRange(event, since, until) &&
          (fingerprint === undefined || fingerprintOf(event) === fingerprint),
      )
      .sort(byTime);
  // The vitals read model as ingest kept it: the last report of each metric id, in record order.
  const vitals = async (since: number, until: number, path?: string) => {
    const latest = new Map<string, VitalRow & { sessionId: string; ts: number }>();
    for (const event of await all()) {
      const props = event.props ?? {};
      if (event.type !== 'vital' || !event.name || typeof props.value !== 'number') continue;
      const rating = typeof props.rating === 'string' ? props.rating : null;
      latest.set(typeof props.id === 'string' && props.id ? props.id : event.id, {
        path: event.page?.path ?? '',
        name: event.name,
        value: props.value,
        rating,
        sessionId: event.sessionId,
        ts: event.correctedTs,
      });
    }
    return [...latest.values()].filter(
      (row) => row.ts >= since && row.ts < until && (path === undefined || row.path === path),
    );
  };

  app.get('/api/analytics/funnels', async (context) => {
    const query = parseOr400(FunnelQuerySchema, context.req.query(), 'funnel query');
    const range = resolveRange(query, now(), 30);
    const names = query.steps.filter((step) => !step.startsWith('page:'));
    const events = (await all())
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
      result: computeFunnel(events, query.steps, query.windowMs, range),
    };
    if (!query.experiment) return context.json(funnel);
    const variations = new Map<string, string>();
    for (const event of (await all())
      .filter((each) => each.type === 'exposure' && each.correctedTs < range.until + query.windowMs)
      .sort(byTime)) {
      const props = event.props ?? {};
      if (
        props.experiment !== query.experiment ||
        props.variation === undefined ||
        props.forced === true ||
        event.tags?.includes('override')
      )
        continue;
      if (!variations.has(event.anonymousId)) variations.set(event.anonymousId, String(props.variation));
    }
    const split = [...new Set(variations.values())].sort().map((variation) => ({
      variation,
      result: computeFunnel(
        events.filter((event) => variations.get(event.actor) === variation),
        query.steps,
        query.windowMs,
        range,
      ),
    }));
    return context.json({ ...funnel, experiment: query.experiment, variations: split });
  });

  app.get('/api/analytics/retention', async (context) => {
    const range = resolveRange(parseOr400(RangeQuerySchema, context.req.query(), 'retention query'), now(), 56);
    const activity = new Map<string, { actor: string; week: number }>();
    for (const event of (await all()).filter((each) => inRange(each, range.since, range.until))) {
      const week = Math.trunc((event.correctedTs - FIRST_MONDAY_MS) / WEEK_MS);
      activity.set(`${event.anonymousId} ${week}`, { actor: event.anonymousId, week });
    }
    return context.json({ ...range, cohorts: retentionCohorts([...activity.values()], weekIndex(range.until - 1)) });
  });

  app.get('/api/analytics/vitals', async (context) => {
    const query = parseOr400(RangeQuerySchema, context.req.query(), 'vitals query');
    const range = resolveRange(query, now(), 28);
    return context.json({ ...range, vitals: summarizeVitals(await vitals(range.since, range.until, query.path)) });
  });

  app.get('/api/errors/groups', async (context) => {
    const query = parseOr400(RangeQuerySchema, context.req.query(), 'error groups query');
    const range = resolveRange(query, now(), 30);
    const groups = groupErrors(
      await errorEvents(range.since, range.until),
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
    const events = (await all()).filter((event) => inRange(event, since, until));
    return context.json(
      errorImpact({
        fingerprint,
        conversionEvent: query.conversion ?? '',
        sessions: [...new Set(events.map((event) => event.sessionId))].sort(),
        affectedSessions: new Set((await errorEvents(since, until, fingerprint)).map((event) => event.sessionId)),
        convertedSessions: new Set(
          events.filter((event) => event.name === query.conversion).map((event) => event.sessionId),
        ),
        vitals: await vitals(since, until),
      }),
    );
  });

  app.get('/api/feedback/nps', async (context) => {
    const query = context.req.query();
    const since = queryTime(query.since, 'since');
    const until = queryTime(query.until, 'until');
    const answers = (await all())
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

  app.onError(renderError);
  return app;
}
