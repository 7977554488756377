import { useState } from 'preact/hooks';
import type { LiveEvent } from '../../shared/bridge.ts';
import { LIVE_FILTERS, filterEvents, formatVital, summarizeEvent, vitalSeries } from '../lib/live-events.ts';
import type { LiveFilter } from '../lib/live-events.ts';
import type { TabProps } from './panel-tabs.ts';
import { Sparkline } from './sparkline.tsx';

/** web-vitals' rating colours (good, needs improvement, poor). */
const RATING_COLOR: Record<string, string> = { good: '#0c7d4f', 'needs-improvement': '#b26b00', poor: '#c62828' };
const SHOWN = 200;

/** One vital: its latest value in its rating's colour and a sparkline of its updates; a click shows its attribution. */
function VitalCard({
  name,
  updates,
  open,
  toggle,
}: {
  name: string;
  updates: LiveEvent[];
  open: boolean;
  toggle: () => void;
}) {
  const latest = updates.at(-1)!;
  const rating = String(latest.props?.rating ?? '');
  const color = RATING_COLOR[rating] ?? '#4a5568';
  return (
    <li class={open ? 'vital open' : 'vital'} data-testid={`vital-${name}`}>
      <button type="button" class="vital-line" aria-expanded={open} onClick={toggle}>
        <span class="vital-name">{name}</span>
        <strong style={{ color }}>{formatVital(name, Number(latest.props?.value))}</strong>
        <span class="vital-rating" style={{ color }}>
          {rating || 'unrated'}
        </span>
        <Sparkline values={updates.map((update) => Number(update.props?.value) || 0)} color={color} />
      </button>
      {open ? <pre class="json">{JSON.stringify(latest.props?.attribution ?? latest.props ?? {}, null, 2)}</pre> : null}
    </li>
  );
}

/** One event row; a click shows its JSON. */
function EventRow({ event, open, toggle }: { event: LiveEvent; open: boolean; toggle: () => void }) {
  return (
    <li class={`event event-${event.type}`}>
      <button type="button" class="event-line" aria-expanded={open} onClick={toggle}>
        <time>{new Date(event.ts).toLocaleTimeString()}</time>
        <span class="event-type">{event.type}</span>
        <span class="event-text">{summarizeEvent(event)}</span>
      </button>
      {open ? <pre class="json">{JSON.stringify(event, null, 2)}</pre> : null}
    </li>
  );
}

/**
 * What the widget captured on this page, from the page load on (handed over on connect, then streamed): vitals
 * with their rating and updates, then every event, filtered by type and text, pausable and clearable.
 */
export function LiveTab({ view }: TabProps) {
  const [filter, setFilter] = useState<LiveFilter>('all');
  const [search, setSearch] = useState('');
  const [paused, setPaused] = useState<LiveEvent[] | undefined>();
  const [clearedAt, setClearedAt] = useState(0);
  const [open, setOpen] = useState<string | undefined>();
  if (!view?.found) return null;
  const all = (paused ?? view.page.events).filter((event) => event.ts > clearedAt);
  const vitals = vitalSeries(view.page.events);
  const shown = filterEvents(all, filter, search).reverse();
  return (
    <section class="live">
      <h2>Vitals</h2>
      {vitals.size ? (
        <ul class="vitals" data-testid="live-vitals">
          {[...vitals].map(([name, updates]) => (
            <VitalCard
              key={name}
              name={name}
              updates={updates}
              open={open === `vital:${name}`}
              toggle={() => setOpen(open === `vital:${name}` ? undefined : `vital:${name}`)}
            />
          ))}
        </ul>
      ) : (
        <p class="muted">No vitals reported on this page yet.</p>
      )}
      <div class="toolbar">
        <input
          type="search"
          placeholder="Search events"
          aria-label="Search events"
          value={search}
          onInput={(event) => setSearch((event.target as HTMLInputElement).value)}
        />
        <select
          aria-label="Event type"
          data-testid="live-filter"
          value={filter}
          onChange={(event) => setFilter((event.target as HTMLSelectElement).value as LiveFilter)}
        >
          {LIVE_FILTERS.map((name) => (
            <option key={name} value={name}>
              {name === 'all' ? 'all types' : name}
            </option>
          ))}
        </select>
        <button
          type="button"
          data-testid="live-pause"
          aria-pressed={!!paused}
          onClick={() => setPaused(paused ? undefined : [...view.page.events])}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          data-testid="live-clear"
          title="Clear the event list (vitals stay)"
          onClick={() => setClearedAt(Date.now())}
        >
          Clear
        </button>
      </div>
      <p class="muted" data-testid="live-count">
        {paused ? 'Paused: ' : ''}
        {shown.length} of {all.length} event(s){shown.length > SHOWN ? `, newest ${SHOWN} shown` : ''}
      </p>
      {shown.length ? (
        <ol class="events" data-testid="live-events">
          {shown.slice(0, SHOWN).map((event) => (
            <EventRow
              key={event.id}
              event={event}
              open={open === event.id}
              toggle={() => setOpen(open === event.id ? undefined : event.id)}
            />
          ))}
        </ol>
      ) : (
        <p class="muted">No events{search || filter !== 'all' ? ' match' : ' yet'}.</p>
      )}
    </section>
  );
}
