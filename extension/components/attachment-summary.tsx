import type { BundleLookup } from '../lib/messages.ts';

/** What will be attached, and what cannot be and why. */
export function AttachmentSummary({ lookup }: { lookup: BundleLookup | undefined }) {
  if (!lookup) return <p aria-busy="true">Asking the page for its replay and logs…</p>;
  if (!lookup.found)
    return (
      <p class="notice" data-testid="bundle-missing">
        {lookup.reason}
      </p>
    );
  const { bundle } = lookup;
  return (
    <ul class="attachments" data-testid="bundle-summary">
      <li>
        Session {bundle.sessionId ?? 'unknown'}
        {bundle.userId ? `, user ${bundle.userId}` : ''}
      </li>
      {bundle.replayChunks !== undefined ? <li>Replay of the last minute uploaded with the session</li> : null}
      <li>
        {bundle.errors?.length ?? 0} recent error(s), {bundle.failedRequests?.length ?? 0} failed request(s),{' '}
        {bundle.breadcrumbs?.length ?? 0} breadcrumb(s)
      </li>
      <li>
        {bundle.vitals?.length ?? 0} vital(s), {Object.keys(bundle.flags ?? {}).length} flag(s)
      </li>
      {bundle.missing?.map((part) => (
        <li key={part.part}>
          Not attached: {part.part} ({part.reason})
        </li>
      ))}
    </ul>
  );
}
