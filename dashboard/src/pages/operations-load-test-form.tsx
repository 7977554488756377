/** The plan fields, their defaults and the API's bounds (`POST /api/load-tests/run`). */
export const PLAN = [
  { name: 'requests', label: 'Requests', value: 200, max: 2000 },
  { name: 'concurrency', label: 'Concurrency', value: 4, max: 16 },
  { name: 'eventsPerBatch', label: 'Events per batch', value: 10, max: 50 },
] as const;

/** The plan as the form holds it (the inputs' text), each field at its default. */
export function defaultPlan(): Record<string, string> {
  return Object.fromEntries(PLAN.map((field) => [field.name, String(field.value)]));
}

/** Staff's form to start a load test: one number input per plan field; disabled while a test runs. */
export function LoadTestForm({
  plan,
  onPlan,
  running,
  onSubmit,
}: {
  plan: Record<string, string>;
  onPlan: (plan: Record<string, string>) => void;
  running: boolean;
  onSubmit: (event: Event) => void;
}) {
  return (
    <form class="inline-form" onSubmit={onSubmit} aria-label="Run a load test">
      {PLAN.map((field) => (
        <span key={field.name}>
          <label for={`load-${field.name}`}>{field.label}</label>{' '}
          <input
            id={`load-${field.name}`}
            type="number"
            min={1}
            max={field.max}
            value={plan[field.name]}
            onInput={(event) => onPlan({ ...plan, [field.name]: event.currentTarget.value })}
          />
        </span>
      ))}
      <button type="submit" class="primary" disabled={running}>
        {running ? 'Running…' : 'Run load test'}
      </button>
    </form>
  );
}
