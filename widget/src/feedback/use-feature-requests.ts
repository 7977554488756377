import { useEffect, useState } from 'preact/hooks';
import { apiError } from './api-error.ts';
import type { FeedbackStrings } from './strings.ts';
import type { FeedbackUiHost } from './ui-host.ts';

/** A request as `GET /feature-requests` lists it. */
export interface RankedRequest {
  id: string;
  title: string;
  description?: string;
  votes: number;
  voted: boolean;
}

/** The response when it is a success, else an error with the API's message. */
async function successOf(response: Response): Promise<Response> {
  if (!response.ok) throw new Error(await apiError(response));
  return response;
}

/** The board's top ten requests (undefined while loading), its last error, and `vote` and `add`, true on success. */
export function useFeatureRequests(host: FeedbackUiHost, strings: FeedbackStrings) {
  const [requests, setRequests] = useState<RankedRequest[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const voterId = () => host.who().userId ?? host.who().anonymousId;

  const load = async () => {
    try {
      const path = `/feature-requests?voterId=${encodeURIComponent(voterId())}&limit=10`;
      const response = await successOf(await host.request(path));
      setRequests(((await response.json()) as { requests: RankedRequest[] }).requests);
    } catch (cause) {
      setError(`${strings.featureLoadFailed} ${(cause as Error).message}`);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the list loads once when the view opens; writes reload it.
  useEffect(() => void load(), []);

  // One write at a time (`busy` disables the buttons); the reload after it brings the server's counts and votes.
  const write = async (run: () => Promise<Response>) => {
    setBusy(true);
    setError(undefined);
    try {
      await successOf(await run());
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
    write(() =>
      host.request(`/feature-requests/${encodeURIComponent(id)}/votes`, {
        method: 'POST',
        body: { voterId: voterId() },
      }),
    );
  const add = (title: string, description: string | undefined) => {
    const who = host.who();
    const body = { title, description, userId: who.userId, anonymousId: who.anonymousId };
    return write(() => host.request('/feature-requests', { method: 'POST', keepalive: true, body }));
  };
  return { requests, error, busy, vote, add };
}
