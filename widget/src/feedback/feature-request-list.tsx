import type { FeedbackStrings } from './strings.ts';
import type { RankedRequest } from './use-feature-requests.ts';

/** Props of the list of top requests. */
export interface FeatureRequestListProps {
  requests: RankedRequest[];
  strings: FeedbackStrings;
  busy: boolean;
  onVote: (id: string) => void;
}

/** The top requests with their votes; a request's button is pressed, and off, once the user voted for it. */
export function FeatureRequestList({ requests, strings, busy, onVote }: FeatureRequestListProps) {
  return (
    <ol class="requests" aria-label={strings.featureTop}>
      {requests.map((request) => {
        const action = request.voted ? strings.featureVoted : strings.featureVote;
        return (
          <li key={request.id}>
            <span>
              {request.title}
              <span class="muted">
                {' '}
                · {request.votes} {request.votes === 1 ? strings.featureOneVote : strings.featureVotes}
              </span>
            </span>
            <button
              type="button"
              aria-pressed={request.voted}
              disabled={busy || request.voted}
              aria-label={`${action}: ${request.title}`}
              onClick={() => onVote(request.id)}
            >
              {action}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
