import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiUrl, callApi } from './api.ts';

/** What a read is doing: loading, failed with the API's message, or done with its answer. */
export type ApiState<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ok'; data: T };

/**
 * The one data hook: GETs `/api<path>` with `params` using the session cookie, re-fetching when either changes
 * or when `reload()` is called (after a change made on the page; the last answer stays shown meanwhile).
 */
export function useApi<T>(
  path: string | undefined,
  params: Record<string, string | number | readonly string[] | undefined> = {},
): ApiState<T> & { reload: () => void } {
  const url = path === undefined ? undefined : apiUrl(path, params);
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const shown = useRef<string>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `generation` (`reload()`) asks the same URL again.
  useEffect(() => {
    if (url === undefined) return;
    let current = true;
    // A reload of the same read keeps showing the last answer until the new one arrives, so a page does not
    // blank out (and lose its messages) after each change.
    if (shown.current !== url) setState({ status: 'loading' });
    shown.current = url;
    callApi<T>('GET', url).then(
      (data) => current && setState({ status: 'ok', data }),
      (error: unknown) =>
        current &&
        setState({ status: 'error', error: error instanceof ApiError ? error : new ApiError(0, String(error)) }),
    );
    return () => {
      current = false;
    };
  }, [url, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}
