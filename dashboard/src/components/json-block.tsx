/**
 * A JSON value shown as text, for answers whose shape the dashboard does not chart (yet). Focusable, so keyboard
 * users can scroll it (axe: scrollable-region-focusable).
 */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre class="json" tabIndex={0} role="region" aria-label={label}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
