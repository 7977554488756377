/** An answer the API refused, with its status and its own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly items?: { path?: string; message: string }[],
  ) {
    super(message);
  }
}

/** The API path with its query, dropping empty parameters. */
export function apiUrl(
  path: string,
  params: Record<string, string | number | readonly string[] | undefined> = {},
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const each of value) query.append(name, each);
    else query.set(name, String(value));
  }
  const text = query.toString();
  return `/api${path}${text ? `?${text}` : ''}`;
}

/**
 * Calls the API with the session cookie (same origin only) and answers the parsed JSON, or throws an ApiError
 * carrying the API's own message. Mutations send JSON; the browser adds the Origin header the API checks.
 */
export async function callApi<T>(
  method: string,
  url: string,
  body?: unknown,
  fetcher: typeof fetch = fetch,
): Promise<T> {
  let response: Response;
  try {
    response = await fetcher(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'the API did not answer: is the server running?');
  }
  const answer = (await response.json().catch(() => undefined)) as
    | (T & { error?: string; items?: ApiError['items'] })
    | undefined;
  if (!response.ok)
    throw new ApiError(response.status, answer?.error ?? `the API answered ${response.status}`, answer?.items);
  return answer as T;
}
