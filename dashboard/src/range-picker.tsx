import { navigate, withParams } from './use-location.ts';
import { dayOf, RANGES } from './time-range.ts';
import type { TimeRange } from './time-range.ts';

/** The time-range picker: presets and custom dates, written to the URL so the view can be shared. */
export function RangePicker({ range }: { range: TimeRange | { error: string } }) {
  const key = 'key' in range ? range.key : 'custom';
  const choose = (value: string) => {
    if (value !== 'custom') return navigate(withParams({ range: value, since: undefined, until: undefined }));
    const until = 'until' in range ? range.until : Date.now();
    const since = 'since' in range ? range.since : until - 7 * 86_400_000;
    navigate(withParams({ range: 'custom', since: dayOf(since), until: dayOf(until - 1) }));
  };
  return (
    <div class="range-picker">
      <label for="range">Time range</label>
      <select id="range" value={key} onChange={(event) => choose(event.currentTarget.value)}>
        {RANGES.map((preset) => (
          <option key={preset.key} value={preset.key}>
            {preset.label}
          </option>
        ))}
        <option value="custom">Custom dates</option>
      </select>
      {key === 'custom' ? (
        <>
          <label for="since">From</label>
          <input
            id="since"
            type="date"
            value={'since' in range ? dayOf(range.since) : ''}
            onChange={(event) => navigate(withParams({ since: event.currentTarget.value }))}
          />
          <label for="until">to</label>
          <input
            id="until"
            type="date"
            value={'until' in range ? dayOf(range.until - 1) : ''}
            onChange={(event) => navigate(withParams({ until: event.currentTarget.value }))}
          />
        </>
      ) : null}
    </div>
  );
}
