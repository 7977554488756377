import type * as v from 'valibot';

/** Who may call a route: nobody in particular, the public write key, the read key, a staff token, the metrics token. */
export type Caller = 'public' | 'write' | 'read' | 'staff' | 'metrics';

/** HTTP methods the API uses. */
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One status a route answers: what it means, and the schema of its body (JSON unless `contentType` says otherwise). */
export interface ApiResponse {
  description: string;
  schema?: v.GenericSchema;
  /** Default `application/json`; `null` for an empty body (204, 304). */
  contentType?: string | null;
  /** Response headers worth knowing, by name: what each means. */
  headers?: Record<string, string>;
}

/**
 * One route as the OpenAPI document describes it: the path exactly as the app registers it (`/api/x/:id`), who
 * may call it, its query (a valibot object schema of strings), its body and every status it answers with.
 * 401, 403 (for routes that take a key), 429 and the bad-URL 400 are added for every route by the document builder.
 */
export interface Operation {
  method: Method;
  path: string;
  /** The group it is listed under in the document and in docs/http-api.md. */
  tag: string;
  summary: string;
  /** Markdown: the behaviour a caller relies on, beyond the schemas. */
  description?: string;
  callers: readonly Caller[];
  query?: v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;
  /** Parameters' descriptions by name: path parameters (strings), and query parameters whose schema has none. */
  params?: Record<string, string>;
  body?: v.GenericSchema;
  /** Request body media types; default `application/json`. */
  bodyTypes?: readonly string[];
  /** Whether the body may be left out. */
  bodyOptional?: boolean;
  responses: Record<number, ApiResponse>;
  /** Statuses the standard set would add that this route never answers (e.g. 415 where the body is read as text). */
  omit?: readonly number[];
}
