import { REVENUE_EVENT } from '../../../../shared/events.ts';
import { isOverridden } from '../../flags/is-overridden.ts';
import { OFF_PLAN } from '../../plan-tags.ts';
import type { StoredEvent } from '../../storage/types.ts';
import { fingerprintOf } from '../error-groups.ts';
import type { EventRow } from './schema.ts';
import { routeTemplate } from './route-template.ts';

type Json = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const finite = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
/**
 * Most a single payment may be, in any currency. A larger amount is a mistake or an attack: a few near 1e308 sum to
 * Infinity in the revenue rollup, which JSON cannot carry, for good. At this cap no number of events can overflow.
 */
const MAX_REVENUE_AMOUNT = 1e12;
const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

/** The top-level scalar entries of an object as JSON, or null when there are none (nested values are not read). */
function scalarJson(source: Json): string | null {
  const entries = Object.entries(source).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value));
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : null;
}

/**
 * The projection row of one recorded event at record position `seq`. Pure. Each derived column repeats the
 * definition the JS reads use, so SQL over the columns answers what they answered: the vital's metric id (only
 * for a vital with a name and a numeric value, as the vitals read model kept), the error's group key and the
 * latest-occurrence fields, the exposure's unit, the NPS score (a whole 0–10 number), revenue, API timing.
 */
export function toEventRow(event: StoredEvent, seq: number): EventRow {
  const props = record(event.props);
  const context = record(event.context);
  const tags = event.tags ?? [];
  const isVital = event.type === 'vital' && !!event.name && typeof props.value === 'number';
  const isError = event.type === 'error';
  const isApi = event.type === 'api';
  const score = npsScore(event, props);
  const amount = finite(props.amount);
  const isRevenue =
    event.name === REVENUE_EVENT &&
    amount !== null &&
    Math.abs(amount) <= MAX_REVENUE_AMOUNT &&
    typeof props.currency === 'string';
  // One object literal, not per-kind parts spread together: measured on the widget's mix, a row took 2 µs to
  // build this way and 60-100 µs with seven spread parts, at every row the projector commits.
  return {
    seq,
    id: event.id,
    type: event.type,
    name: event.name ?? null,
    ts: event.correctedTs,
    client_ts: event.ts,
    received_at: event.receivedAt,
    session_id: event.sessionId,
    anonymous_id: event.anonymousId,
    user_id: event.userId ?? null,
    path: event.page ? event.page.path : null,
    route: isApi && typeof props.route === 'string' ? routeTemplate(props.route) : routeTemplate(event.page?.path),
    experiment: text(props.experiment),
    variation: props.variation === undefined ? null : String(props.variation),
    unit: event.type === 'exposure' ? exposureUnit(event, props) : null,
    overridden: isOverridden(event),
    forced: props.forced === true,
    override_tag: tags.includes('override'),
    value: finite(props.value),
    metric_id: isVital ? (typeof props.id === 'string' && props.id ? props.id : event.id) : null,
    rating: isVital ? text(props.rating) : null,
    fingerprint: isError ? fingerprintOf(event) : null,
    error_count: isError ? (typeof props.count === 'number' && props.count >= 1 ? props.count : 1) : null,
    error_type: isError ? (text(props.type) ?? event.name ?? 'Error') : null,
    error_kind: isError ? (text(props.kind) ?? 'js') : null,
    message: isError ? (text(props.message) ?? '') : null,
    frames: isError ? JSON.stringify(Array.isArray(props.frames) ? props.frames : []) : null,
    release: text(context.release) ?? text(props.release),
    score,
    survey_id: score === null ? null : (text(props.surveyId) ?? 'nps'),
    comment: score !== null && typeof props.comment === 'string' && props.comment ? props.comment : null,
    amount: isRevenue ? amount : null,
    currency: isRevenue ? text(props.currency) : null,
    method: isApi ? text(props.method) : null,
    status: isApi ? finite(props.status) : null,
    duration: isApi ? finite(props.duration) : null,
    off_plan: tags.includes(OFF_PLAN),
    props: scalarJson(props),
    traits: scalarJson(record(event.type === 'identify' ? props.traits : context.user)),
  };
}

/** An NPS answer's score: a whole number from 0 to 10, else null (not an answer at all). */
function npsScore(event: StoredEvent, props: Json): number | null {
  const { score } = props;
  return event.type === 'nps' && typeof score === 'number' && Number.isInteger(score) && score >= 0 && score <= 10
    ? score
    : null;
}

/** What an exposure was assigned by: its hash attribute and value, or the anonymous id when it has no hash value. */
function exposureUnit(event: StoredEvent, props: Json): string {
  const hashValue = typeof props.hashValue === 'string' && props.hashValue ? props.hashValue : undefined;
  return hashValue ? `${String(props.hashAttribute ?? 'id')}:${hashValue}` : `anonymousId:${event.anonymousId}`;
}
