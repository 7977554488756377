import type { LiveEvent } from '../../shared/bridge.ts';
import { LIVE_FILTERS, filterEvents, vitalSeries } from '../lib/live-events.ts';
import type { LiveFilter } from '../lib/live-events.ts';
import { EventList } from './event-list.tsx';
import type { TabProps } from './panel-tabs.ts';
import { useLiveControls } from './use-live-controls.ts';
import type { LiveControls } from './use-live-controls.ts';
import { VitalList } from './vital-list.tsx';

const SHOWN = 200;

/** Search, type filter, Pause (freezes the list on the events so far) and Clear (vitals stay). */
function LiveToolbar({ controls, events }: { controls: LiveControls; events: LiveEvent[] }) {
  const { search, setSearch, filter, setFilter, paused, setPaused, setClearedAt } = controls;
  return (
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
        onClick={() => setPaused(paused ? undefined : [...events])}
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
  );
}

/**
 * What the widget captured on this page, from the page load on (handed over on connect, then streamed): vitals
 * with their rating and updates, then every event, filtered by type and text, pausable and clearable.
 */
export function LiveTab({ view }: TabProps) {
  const controls = useLiveControls();
  const { filter, search, paused, clearedAt, open, toggle } = controls;
  if (!view?.found) return null;
  const all = (paused ?? view.page.events).filter((event) => event.ts > clearedAt);
  const shown = filterEvents(all, filter, search).reverse();
  return (
    <section class="live">
      <h2>Vitals</h2>
      <VitalList vitals={vitalSeries(view.page.events)} open={open} toggle={toggle} />
      <LiveToolbar controls={controls} events={view.page.events} />
      <p class="muted" data-testid="live-count">
        {paused ? 'Paused: ' : ''}
        {shown.length} of {all.length} event(s){shown.length > SHOWN ? `, newest ${SHOWN} shown` : ''}
      </p>
      {shown.length ? (
        <EventList events={shown.slice(0, SHOWN)} open={open} toggle={toggle} />
      ) : (
        <p class="muted">No events{search || filter !== 'all' ? ' match' : ' yet'}.</p>
      )}
    </section>
  );
}
