import type { ProjectionProgress } from './protocol.ts';

/** One line of a rebuild's progress: `projected 120,000 of 1,000,000 events (12%), 34,000 events/s, about 26 s left`. */
export function progressLine({ done, total, eventsPerSecond }: ProjectionProgress): string {
  const count = (value: number) => value.toLocaleString('en-US');
  const share = total ? ` (${Math.min(100, Math.floor((done / total) * 100))}%)` : '';
  const left = eventsPerSecond && total > done ? `, about ${Math.ceil((total - done) / eventsPerSecond)} s left` : '';
  return `projected ${count(done)} of ${count(Math.max(total, done))} events${share}, ${count(eventsPerSecond)} events/s${left}`;
}
