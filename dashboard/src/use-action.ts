import { useCallback, useState } from 'preact/hooks';
import { ApiError } from './api.ts';

/**
 * A change a page makes through the API (resolve, set a status, pair…): runs it and keeps its refusal, with
 * the API's own message, for the page to show next to the control.
 */
export function useAction() {
  const [failure, setFailure] = useState<ApiError>();
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setFailure(undefined);
    try {
      return await work();
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, String(error)));
      return undefined;
    }
  }, []);
  return { failure, run };
}
