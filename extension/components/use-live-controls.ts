import { useState } from 'preact/hooks';
import type { LiveEvent } from '../../shared/bridge.ts';
import type { LiveFilter } from '../lib/live-events.ts';

/** The Live tab's controls: type filter, search, events frozen by Pause, when the list was cleared, the open row. */
export function useLiveControls() {
  const [filter, setFilter] = useState<LiveFilter>('all');
  const [search, setSearch] = useState('');
  const [paused, setPaused] = useState<LiveEvent[] | undefined>();
  const [clearedAt, setClearedAt] = useState(0);
  const [open, setOpen] = useState<string | undefined>();
  // One row (vital or event) is open at a time; toggling the open one closes it.
  const toggle = (key: string) => setOpen(open === key ? undefined : key);
  return { filter, setFilter, search, setSearch, paused, setPaused, clearedAt, setClearedAt, open, toggle };
}

/** The Live tab's controls and their setters, as `useLiveControls` returns them. */
export type LiveControls = ReturnType<typeof useLiveControls>;
