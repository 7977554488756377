import type { WxtBrowser } from 'wxt/browser';
import type { LiveEvent } from '../../shared/bridge.ts';
import type { LiveLookup } from '../lib/messages.ts';
import { usePolled, useTargetTab } from './use-target-tab.ts';

/** A vital's rating from its props, as web-vitals reports it. */
function vitalText(event: LiveEvent): string {
  const props = event.props ?? {};
  const value = typeof props.value === 'number' ? Math.round(props.value * 1000) / 1000 : props.value;
  return `${String(props.name ?? event.name ?? '?')} ${String(value ?? '')} ${props.rating ? `(${String(props.rating)})` : ''}`;
}

/** The page's vitals with ratings, its errors and the live event stream (the outbox and session sit above every tab). */
export function LiveTab({ api }: { api: WxtBrowser }) {
  const { tabId } = useTargetTab(api);
  const live = usePolled<LiveLookup>(api, tabId, { type: 'get-live' }, 'live-event');
  const events = live?.events ?? [];
  const vitals = new Map<string, LiveEvent>();
  for (const event of events) if (event.type === 'vital') vitals.set(String(event.props?.name ?? event.name), event);
  const errors = events.filter((event) => event.type === 'error');
  return (
    <section>
      <h2>Vitals</h2>
      {vitals.size ? (
        <ul data-testid="live-vitals">
          {[...vitals.values()].map((event) => (
            <li key={event.id}>{vitalText(event)}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">No vitals reported since the panel connected.</p>
      )}
      <h2>Errors</h2>
      {errors.length ? (
        <ul data-testid="live-errors">
          {errors.map((event) => (
            <li key={event.id}>{String(event.props?.message ?? event.name ?? 'error')}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">No errors.</p>
      )}
      <h2>Events</h2>
      <ol data-testid="live-events" reversed>
        {[...events].reverse().slice(0, 100).map((event) => (
          <li key={event.id}>
            <code>{new Date(event.ts).toLocaleTimeString()}</code> {event.type} {event.name ?? ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
