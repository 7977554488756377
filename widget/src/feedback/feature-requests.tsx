import { useEffect, useState } from 'preact/hooks';
import { Dialog } from './dialog.tsx';
import type { FeedbackStrings } from './strings.ts';
import { apiError } from './api-error.ts';
import type { FeedbackUiHost } from './ui-host.ts';

/** A request as `GET /feature-requests` lists it. */
export interface RankedRequest {
  id: string;
  title: string;
  description?: string;
  votes: number;
  voted: boolean;
}

/** Props of the feature-request board. */
export interface FeatureRequestsProps {
  host: FeedbackUiHost;
  strings: FeedbackStrings;
  onClose: () => void;
}

/** The top requests by votes, a vote button per request (once per user: the server enforces it) and a form to add one. */
export function FeatureRequests({ host, strings, onClose }: FeatureRequestsProps) {
  const [requests, setRequests] = useState<RankedRequest[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const voterId = () => host.who().userId ?? host.who().anonymousId;

  const load = async () => {
    try {
      const response = await host.request(`/feature-requests?voterId=${encodeURIComponent(voterId())}&limit=10`);
      if (!response.ok) throw new Error(await apiError(response));
      setRequests(((await response.json()) as { requests: RankedRequest[] }).requests);
    } catch (cause) {
      setError(`${strings.featureLoadFailed} ${(cause as Error).message}`);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the list loads once when the view opens; actions reload it.
  useEffect(() => void load(), []);

  const act = async (run: () => Promise<Response>) => {
    setBusy(true);
    setError(undefined);
    try {
      const response = await run();
      if (!response.ok) throw new Error(await apiError(response));
      await load();
      return true;
    } catch (cause) {
      setError(`${strings.sendFailed} ${(cause as Error).message}`);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const vote = (id: string) =>
    act(() =>
      host.request(`/feature-requests/${encodeURIComponent(id)}/votes`, {
        method: 'POST',
        body: { voterId: voterId() },
      }),
    );
  const submit = async () => {
    const who = host.who();
    const ok = await act(() =>
      host.request('/feature-requests', {
        method: 'POST',
        keepalive: true,
        body: {
          title: title.trim(),
          description: description.trim() || undefined,
          userId: who.userId,
          anonymousId: who.anonymousId,
        },
      }),
    );
    if (ok) {
      setTitle('');
      setDescription('');
    }
  };

  return (
    <Dialog title={strings.featureTitle} closeLabel={strings.close} onClose={onClose}>
      <h3 class="sr-only">{strings.featureTop}</h3>
      {requests === undefined && !error && <p aria-busy="true">…</p>}
      {requests?.length === 0 && <p>{strings.featureNone}</p>}
      {requests && requests.length > 0 && (
        <ol class="requests" aria-label={strings.featureTop}>
          {requests.map((request) => (
            <li key={request.id}>
              <span>
                {request.title}
                <span class="muted">
                  {' '}
                  · {request.votes} {strings.featureVotes}
                </span>
              </span>
              <button
                type="button"
                aria-pressed={request.voted}
                disabled={busy || request.voted}
                aria-label={`${request.voted ? strings.featureVoted : strings.featureVote}: ${request.title}`}
                onClick={() => void vote(request.id)}
              >
                {request.voted ? strings.featureVoted : strings.featureVote}
              </button>
            </li>
          ))}
        </ol>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (title.trim().length >= 3) void submit();
        }}
      >
        <h3>{strings.featureNewTitle}</h3>
        <label class="field" for="ci-feature-title">
          {strings.featureTitleLabel}
        </label>
        <input
          id="ci-feature-title"
          type="text"
          required
          minLength={3}
          maxLength={200}
          value={title}
          onInput={(event) => setTitle(event.currentTarget.value)}
        />
        <label class="field" for="ci-feature-description">
          {strings.featureDescriptionLabel}
        </label>
        <textarea
          id="ci-feature-description"
          maxLength={8000}
          value={description}
          onInput={(event) => setDescription(event.currentTarget.value)}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || title.trim().length < 3}>
            {busy ? strings.sending : strings.send}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
