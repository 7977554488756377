import type { LiveEvent } from '../../shared/bridge.ts';
import { summarizeEvent } from '../lib/live-events.ts';

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

/** The events shown, newest first; `open` is the open row's key (the event's id). */
export function EventList({
  events,
  open,
  toggle,
}: {
  events: LiveEvent[];
  open: string | undefined;
  toggle: (key: string) => void;
}) {
  return (
    <ol class="events" data-testid="live-events">
      {events.map((event) => (
        <EventRow key={event.id} event={event} open={open === event.id} toggle={() => toggle(event.id)} />
      ))}
    </ol>
  );
}
