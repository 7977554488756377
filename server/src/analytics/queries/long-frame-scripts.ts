import type { AnalyticsDb } from './analytics-db.ts';
import { IS_JSON_NUMBER } from './sql-parts.ts';

/** A long-animation-frame scripts read: a range, optionally one route template, and how many scripts to rank. */
export interface LongFrameScriptsParams {
  since: number;
  until: number;
  route?: string;
  limit: number;
}

/** One script (source URL and function, and what invoked it) behind long animation frames. */
interface LongFrameScript {
  /** The script's URL, empty when the browser gave none (an inline or extension script). */
  source: string;
  /** The function that ran, empty when the browser gave none. */
  function: string;
  /** What called the script (`BUTTON#save.onclick`, `Promise.then`, `TimerHandler:setTimeout`), empty when unknown. */
  invoker: string;
  /** Frames over 50 ms in which this script ran longest. */
  frames: number;
  /**
   * Sum, nearest-rank p75 and maximum of the script's own run time in those frames, in ms: its
   * `PerformanceScriptTiming.duration`, not the frame's, which also holds rendering and other scripts. A frame
   * sent without it (by a widget from before it was sent, or with no script named) counts its frame's duration.
   */
  totalMs: number;
  p75Ms: number;
  maxMs: number;
  /** Sum of the frames' blocking durations (the part over 50 ms of their long tasks), in ms. */
  blockingMs: number;
  /** Route templates where it happened, most frames first (at most 3). */
  routes: string[];
}

/** What `GET /analytics/long-frame-scripts` answers: scripts by their total run time, longest first. */
export interface LongFrameScriptsAnswer {
  since: number;
  until: number;
  /** Scripts in the range, before `limit` cut the list. */
  scriptCount: number;
  frames: number;
  scripts: LongFrameScript[];
}

interface ScriptRow {
  script: string;
  invoker: string;
  frames: number;
  total_ms: number;
  p75_ms: number;
  max_ms: number;
  blocking_ms: number;
  routes: string[];
  script_count: number;
  all_frames: number;
}

const number = (field: string) =>
  `CASE WHEN ${IS_JSON_NUMBER} THEN CAST(json_extract_string(props, '${field}') AS DOUBLE) END`;

/**
 * The widget's `long-animation-frame` events (each a frame over 50 ms with the script that ran longest in it and
 * that script's own duration, https://w3c.github.io/long-animation-frames/#sec-PerformanceScriptTiming) grouped
 * by script and invoker: frames, total / p75 / max script run time and the frames' blocking time, ranked by the
 * scripts' total run time. A script that ran 20 ms in a 300 ms frame weighs 20 ms, not 300.
 */
export async function longFrameScriptsQuery(
  db: AnalyticsDb,
  { since, until, route, limit }: LongFrameScriptsParams,
): Promise<LongFrameScriptsAnswer> {
  const routeFilter = route === undefined ? '' : ' AND route = ?';
  const rows = await db.all<ScriptRow>(
    `WITH frames AS (
       SELECT coalesce(json_extract_string(props, '$.script'), '') AS script,
              coalesce(json_extract_string(props, '$.invoker'), '') AS invoker,
              coalesce(${number('$.scriptDuration')}, ${number('$.duration')}) AS duration,
              coalesce(${number('$.blockingDuration')}, 0) AS blocking,
              coalesce(route, '') AS route
       FROM events
       WHERE type = 'resource' AND name = 'long-animation-frame' AND ts >= ? AND ts < ?${routeFilter}),
     per_route AS (
       SELECT script, invoker, route, count(*) AS n FROM frames WHERE duration IS NOT NULL AND route <> '' GROUP BY ALL),
     top_routes AS (
       SELECT script, invoker, list(route ORDER BY n DESC, route)[1:3] AS routes FROM per_route GROUP BY ALL),
     scripts AS (
       SELECT script, invoker, count(*) AS frames, sum(duration) AS total_ms, quantile_disc(duration, 0.75) AS p75_ms,
              max(duration) AS max_ms, sum(blocking) AS blocking_ms
       FROM frames WHERE duration IS NOT NULL GROUP BY script, invoker)
     SELECT scripts.*, coalesce(top_routes.routes, []) AS routes,
            count(*) OVER () AS script_count, sum(frames) OVER () AS all_frames
     FROM scripts LEFT JOIN top_routes USING (script, invoker)
     ORDER BY total_ms DESC, frames DESC, script, invoker LIMIT ?`,
    [
      '$.scriptDuration',
      '$.duration',
      '$.blockingDuration',
      since,
      until,
      ...(route === undefined ? [] : [route]),
      limit,
    ],
  );
  return {
    since,
    until,
    scriptCount: Number(rows[0]?.script_count ?? 0),
    frames: Number(rows[0]?.all_frames ?? 0),
    scripts: rows.map((row) => ({
      ...splitScript(row.script),
      invoker: row.invoker,
      frames: Number(row.frames),
      totalMs: row.total_ms,
      p75Ms: row.p75_ms,
      maxMs: row.max_ms,
      blockingMs: row.blocking_ms,
      routes: row.routes,
    })),
  };
}

/** The widget sends `"<sourceURL> <function>"` trimmed: a first word with a `/` or `:` is the URL. */
export function splitScript(script: string): { source: string; function: string } {
  const space = script.indexOf(' ');
  const first = space < 0 ? script : script.slice(0, space);
  if (!/[/:]/.test(first)) return { source: '', function: script };
  return { source: first, function: space < 0 ? '' : script.slice(space + 1) };
}
