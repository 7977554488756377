import { follow } from '../app.tsx';
import { formatPercent, formatTime } from '../components/format.ts';
import { ErrorNote, Panel } from '../components/panel.tsx';
import type { PageProps } from '../page-props.ts';
import { useApi } from '../use-api.ts';
import type { ApiState } from '../use-api.ts';
import { pageHref } from '../use-location.ts';
import type { ErrorProps } from '../../../shared/events.ts';
import { isRecord } from '../../../shared/flags/config-values.ts';
import type { ErrorImpact } from '../../../server/src/analytics/error-impact.ts';
import type { StoredEvent } from '../../../server/src/storage/types.ts';
import { ErrorGroupTable } from './errors-page.tsx';
import type { ErrorGroupRow } from './error-group-types.ts';

/** An error event as `GET /analytics/events?type=error` lists it: a stored event with an error's props. */
type ErrorEvent = Omit<StoredEvent, 'props'> & { props?: Partial<ErrorProps> };

/**
 * One error group: its status and actions, the stack of the latest occurrence, the breadcrumbs and sessions of
 * recent occurrences (linking to their replay), and its impact on conversion and vitals.
 */
export function ErrorGroupView({
  fingerprint,
  range,
  role,
  groups,
}: {
  fingerprint: string;
  range: PageProps['range'];
  role: PageProps['role'];
  groups: ApiState<{ groups: ErrorGroupRow[] }> & { reload: () => void };
}) {
  const span = { since: range.since, until: range.until };
  const events = useApi<{ events: ErrorEvent[] }>('/analytics/events', { type: 'error', limit: 1000, ...span });
  const impact = useApi<ErrorImpact>(`/errors/groups/${encodeURIComponent(fingerprint)}/impact`, {
    conversion: 'Deal Won',
    ...span,
  });
  if (groups.status !== 'ok')
    return groups.status === 'error' ? (
      <ErrorNote status={groups.error.status} message={groups.error.message} />
    ) : (
      <p role="status">Loading…</p>
    );
  const group = groups.data.groups.find((each) => each.fingerprint === fingerprint);
  if (!group)
    return (
      <ErrorNote
        status={404}
        message={`no error group "${fingerprint}" in this range: widen the range or go back to the list`}
      />
    );
  return (
    <div class="grid">
      <p class="wide">
        <a href={pageHref('errors')} onClick={follow}>
          ← All error groups
        </a>
      </p>
      <section class="panel wide" aria-label="Error group">
        <ErrorGroupTable groups={[group]} role={role} onChanged={groups.reload} />
        <LatestStack frames={group.frames} />
      </section>
      <Occurrences fingerprint={fingerprint} events={events} />
      <ImpactPanel impact={impact} />
    </div>
  );
}

/** The stack of the group's latest occurrence, app frames told apart from library ones. */
export function LatestStack({ frames }: { frames: ErrorGroupRow['frames'] }) {
  // Ingest checks an error's props against ErrorPropsSchema now, but events stored before it did kept any JSON
  // object, and the groups take any array as `frames`: a frame may be null, a string, or hold objects where text
  // belongs, which threw here (`null.inApp`, or `join` on `{"toString": 1}`). Only objects are frames, and only text
  // and numbers are shown from them.
  const shown = (frames as unknown[]).filter(isRecord);
  return (
    <>
      <h3>Stack of the latest occurrence</h3>
      {shown.length ? (
        <ol class="stack-frames">
          {shown.map((frame, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a stack is a fixed, ordered snapshot: a frame is its position.
            <li key={index} class={frame.inApp ? 'in-app' : 'library'}>
              <code>{typeof frame.function === 'string' ? frame.function : '(anonymous)'}</code>{' '}
              <span class="muted">{[frame.file, frame.line, frame.column].filter(isPrintable).join(':')}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">This occurrence came without a stack.</p>
      )}
    </>
  );
}

/** Whether a stored value can be shown as text as it is. */
function isPrintable(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

/** The latest occurrences of the group among the range's errors: when, which session (linked), breadcrumbs. */
export function Occurrences({
  fingerprint,
  events,
}: {
  fingerprint: string;
  events: ApiState<{ events: ErrorEvent[] }>;
}) {
  return (
    <Panel
      title="Recent occurrences: breadcrumbs and sessions"
      state={events}
      wide
      isEmpty={(data) => !data.events.some((event) => event.props?.fingerprint === fingerprint)}
      empty="No occurrence of this group among the latest 1,000 errors of the range."
    >
      {(data) => (
        <ul class="plain">
          {data.events
            .filter((event) => event.props?.fingerprint === fingerprint)
            .slice(0, 10)
            .map((event) => (
              <li key={event.id} class="occurrence">
                <p>
                  {formatTime(event.correctedTs)} · session{' '}
                  <a href={pageHref('sessions', { session: event.sessionId })} onClick={follow}>
                    {event.sessionId}
                  </a>
                  {event.userId ? ` · user ${event.userId}` : ''}
                </p>
                <ol class="breadcrumbs">
                  {/* Stored before ingest checked props (see LatestStack): not always a list of objects. */}
                  {(Array.isArray(event.props?.breadcrumbs) ? event.props.breadcrumbs : [])
                    .filter(isRecord)
                    .map((crumb, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: breadcrumbs are a fixed, ordered snapshot.
                      <li key={index}>
                        <span class="muted">{crumb.category}</span> {crumb.message}
                      </li>
                    ))}
                </ol>
              </li>
            ))}
        </ul>
      )}
    </Panel>
  );
}

/** Sessions with the error against those without: conversion and vitals p75. */
function ImpactPanel({ impact }: { impact: ApiState<ErrorImpact> }) {
  return (
    <Panel title="Impact on conversion and vitals" state={impact} wide>
      {(data) => (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Sessions</th>
              <th scope="col">Count</th>
              <th scope="col">Reached {data.conversionEvent}</th>
              <th scope="col">Vitals p75</th>
            </tr>
          </thead>
          <tbody>
            {(['affected', 'unaffected'] as const).map((side) => (
              <tr key={side}>
                <th scope="row">{side === 'affected' ? 'With this error' : 'Without it'}</th>
                <td>{data[side].sessions}</td>
                <td>{formatPercent(data[side].conversion)}</td>
                <td>
                  {Object.entries(data[side].vitalsP75)
                    .map(([metric, value]) => `${metric} ${metric === 'CLS' ? value.toFixed(3) : Math.round(value)}`)
                    .join(' · ') || '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
