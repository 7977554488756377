import type { ExperimentRow, FlagRow } from '../../shared/bridge.ts';
import type { OriginOverrides, OverrideChange } from '../lib/override-store.ts';

/** One experiment: variations with weights, this user's variation and bucket, and a forced variation. */
function ExperimentCard({
  experiment,
  row,
  forced,
  change,
}: {
  experiment: ExperimentRow;
  row?: FlagRow;
  forced: unknown;
  change: (what: OverrideChange) => Promise<void>;
}) {
  const mine = row?.experiment?.key === experiment.key ? row.experiment : undefined;
  return (
    <li class="card" data-testid={`experiment-${experiment.key}`}>
      <div class="card-head">
        <strong class="key">{experiment.key}</strong>
        <code data-testid={`experiment-variation-${experiment.key}`}>
          {mine ? mine.variationKey : 'not in experiment'}
        </code>
        {experiment.active ? null : <span class="badge">inactive</span>}
      </div>
      <p class="why">
        {experiment.variations
          .map((variation, index) => `${variation} ${Math.round((experiment.weights[index] ?? 0) * 1000) / 10}%`)
          .join(' · ')}
        {mine?.bucket !== undefined ? ` — this user: ${mine.hashAttribute ?? 'id'} hashes to ${mine.bucket}` : ''}
        {mine?.stickyBucketUsed ? ' (kept by a sticky bucket)' : ''}
      </p>
      <select
        aria-label={`Force a variation of ${experiment.key}`}
        data-testid={`force-experiment-${experiment.key}`}
        value={forced === undefined ? '' : String(forced)}
        onChange={(event) => {
          const value = (event.target as HTMLSelectElement).value;
          void change({ kind: 'experiment', key: experiment.key, variation: value === '' ? undefined : value });
        }}
      >
        <option value="">hashed assignment</option>
        {experiment.variations.map((variation) => (
          <option key={variation} value={variation}>
            force {variation}
          </option>
        ))}
      </select>
    </li>
  );
}

/** The page's experiments whose key or flag matches the search, each with this user's row of its flag. */
export function ExperimentList({
  experiments,
  flags,
  entry,
  matches,
  change,
}: {
  experiments: ExperimentRow[];
  flags: FlagRow[];
  entry: OriginOverrides | undefined;
  matches: (key: string) => boolean;
  change: (what: OverrideChange) => Promise<void>;
}) {
  const byKey = new Map<string, FlagRow>(flags.map((flag) => [flag.key, flag]));
  return (
    <ul class="cards">
      {experiments
        .filter((experiment) => matches(experiment.key) || matches(experiment.flag))
        .map((experiment) => (
          <ExperimentCard
            key={experiment.key}
            experiment={experiment}
            row={byKey.get(experiment.flag)}
            forced={entry?.overrides.experiments?.[experiment.key]}
            change={change}
          />
        ))}
    </ul>
  );
}
