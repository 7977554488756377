import { Dialog } from './dialog.tsx';
import { FeatureRequestList } from './feature-request-list.tsx';
import { NewFeatureRequestForm } from './new-feature-request-form.tsx';
import type { FeedbackStrings } from './strings.ts';
import type { FeedbackUiHost } from './ui-host.ts';
import { useFeatureRequests } from './use-feature-requests.ts';

/** Props of the feature-request board. */
export interface FeatureRequestsProps {
  host: FeedbackUiHost;
  strings: FeedbackStrings;
  onClose: () => void;
}

/** The top requests by votes, a vote button per request (once per user: the server enforces it) and a form to add one. */
export function FeatureRequests({ host, strings, onClose }: FeatureRequestsProps) {
  const { requests, error, busy, vote, add } = useFeatureRequests(host, strings);
  return (
    <Dialog title={strings.featureTitle} closeLabel={strings.close} onClose={onClose}>
      <h3 class="sr-only">{strings.featureTop}</h3>
      {requests === undefined && !error && <p aria-busy="true">…</p>}
      {requests?.length === 0 && <p>{strings.featureNone}</p>}
      {requests && requests.length > 0 && (
        <FeatureRequestList requests={requests} strings={strings} busy={busy} onVote={vote} />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <NewFeatureRequestForm strings={strings} busy={busy} onSubmit={add} />
    </Dialog>
  );
}
