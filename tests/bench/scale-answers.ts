import { readFileSync } from 'node:fs';
import type { FlagsConfig } from '../../shared/flags/types.ts';
import { benchSchema, READ_KEY, startServerProcess } from './ingest.ts';
import type { ScaleSettings, ScalePaths } from './scale.ts';
import { readTimeoutEnv, waitForProjection } from './scale.ts';
import { startBatchFeed } from './scale-feed.ts';
import { scaleReads } from './scale-reads.ts';
import { sendFromFeed } from './scale-send.ts';

/** One read asked of both stores over the same events: whether the answers are the same JSON. */
export interface AnswerComparison {
  id: string;
  label: string;
  /** HTTP status on SQLite and on PostgreSQL. */
  status: [number, number];
  bytes: number;
  same: boolean;
  /** Where the answers first differ (a JSON path and both values), when they do. */
  difference?: string;
}

/** `BENCH_ONLY=scale-answers`: the same generated history on SQLite and PostgreSQL, every scale read compared. */
export interface ScaleAnswers {
  events: number;
  /** Events each store accepted (both must hold the whole history for the comparison to mean anything). */
  stored: [number, number];
  reads: AnswerComparison[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Loads the same generated history (same seed, count and window end) into a fresh SQLite store and a fresh
 * PostgreSQL schema through the real ingest API, waits for each projection, and compares every read's JSON.
 */
export async function compareScaleAnswers(
  paths: ScalePaths,
  settings: ScaleSettings,
  databaseUrl: string,
): Promise<ScaleAnswers> {
  const endMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  // A window fixed once for both stores: "until now" would differ between the two servers' reads.
  const window = { since: endMs - settings.days * DAY_MS, until: endMs + HOUR_MS };
  const reads = scaleReads(window, settings.experiment, settings.trendsSeries);
  const sqlite = await answersOn(paths, settings, endMs, reads);
  const postgres = await answersOn(paths, settings, endMs, reads, databaseUrl);
  return {
    events: settings.events,
    stored: [sqlite.stored, postgres.stored],
    reads: reads.map((read, index) => {
      const [a, b] = [sqlite.answers[index]!, postgres.answers[index]!];
      const difference = a.text === b.text ? undefined : firstDifference(parse(a.text), parse(b.text), '$');
      return {
        id: read.id,
        label: read.label,
        status: [a.status, b.status],
        bytes: a.text.length,
        same: a.status === b.status && !difference,
        ...(difference ? { difference } : {}),
      };
    }),
  };
}

/** One store: a fresh server, the history loaded, the projection caught up, every read asked once. */
async function answersOn(
  paths: ScalePaths,
  settings: ScaleSettings,
  endMs: number,
  reads: ReturnType<typeof scaleReads>,
  databaseUrl?: string,
): Promise<{ stored: number; answers: { status: number; text: string }[] }> {
  const schema = databaseUrl ? await benchSchema(databaseUrl) : undefined;
  const server = await startServerProcess(paths.serverFile, paths.publicDir, schema?.url, {
    env: readTimeoutEnv(settings),
  });
  const flags = JSON.parse(readFileSync(paths.flagsFile, 'utf8')) as FlagsConfig;
  const key = { events: settings.events, users: settings.users, days: settings.days, seed: settings.seed };
  const feed = startBatchFeed(paths.workerFile, { ...key, endMs, flags, experiment: settings.experiment }, 50);
  try {
    console.log(
      `  scale answers: loading ${settings.events.toLocaleString('en-US')} events into ${databaseUrl ? 'postgres' : 'sqlite'}…`,
    );
    const load = await sendFromFeed(server.origin, feed, {
      concurrency: settings.concurrency,
      stopBefore: (next) => next.live,
    });
    const projection = await waitForProjection(server.origin, settings.engineStatusPath);
    if (projection.skipped) throw new Error(`the projection did not catch up: ${projection.skipped}`);
    const answers = [];
    for (const read of reads) {
      const response = await fetch(server.origin + read.path, { headers: { Authorization: `Bearer ${READ_KEY}` } });
      answers.push({ status: response.status, text: await response.text() });
    }
    return { stored: load.accepted, answers };
  } finally {
    await feed.close();
    await server.stop();
    await schema?.drop();
  }
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** The first place two JSON values differ, as `path: a ≠ b`; none when they are equal. */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  const show = (value: unknown) => JSON.stringify(value)?.slice(0, 80);
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return `${path}: ${show(a)} ≠ ${show(b)}`;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const found = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`,
    );
    if (found) return found;
  }
  return undefined;
}

/** The comparison as a Markdown table, one row per read. */
export function answersTable(answers: ScaleAnswers): string {
  const rows = answers.reads.map(
    (read) =>
      `| ${read.label} | ${read.status.join(' / ')} | ${(read.bytes / 1024).toFixed(1)} KB | ${read.same ? 'same' : `**differ**: ${read.difference ?? 'status'}`} |`,
  );
  return [
    `Same answers on SQLite and PostgreSQL: ${answers.events.toLocaleString('en-US')} events generated, stored ${answers.stored.map((count) => count.toLocaleString('en-US')).join(' / ')}`,
    '',
    '| read | HTTP (sqlite / postgres) | answer | JSON |',
    '| --- | --- | ---: | --- |',
    ...rows,
  ].join('\n');
}
