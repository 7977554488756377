import { readFileSync } from 'node:fs';
import type { FlagsConfig } from '../../shared/flags/types.ts';
import type { ApiProcessOnDataDir } from '../support/api-process.ts';
import { benchSchema } from './bench-schema.ts';
import { DAY_MS, HOUR_MS, readTimeoutEnv } from './scale-settings.ts';
import type { ScalePaths, ScaleSettings } from './scale-settings.ts';
import { startBatchFeed } from './scale-feed.ts';
import { scaleReads } from './scale-reads.ts';
import type { ScaleRead } from './scale-reads.ts';
import { sendFromFeed } from './scale-send.ts';
import { READ_KEY, startServerProcess } from './server-process.ts';
import { waitForProjection } from './wait-for-projection.ts';

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

/**
 * Loads the same generated history (same seed, count and window end) into a fresh SQLite store and a fresh
 * PostgreSQL schema through the real ingest API, each body sent to both servers at once, waits for both projections,
 * and compares every read's JSON.
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
  const schema = await benchSchema(databaseUrl);
  const env = readTimeoutEnv(settings);
  const servers: ApiProcessOnDataDir[] = [];
  const flags = JSON.parse(readFileSync(paths.flagsFile, 'utf8')) as FlagsConfig;
  const key = { events: settings.events, users: settings.users, days: settings.days, seed: settings.seed };
  const feed = startBatchFeed(paths.workerFile, { ...key, endMs, flags, experiment: settings.experiment }, 50);
  try {
    servers.push(await startServerProcess(paths.serverFile, paths.publicDir, undefined, { env }));
    servers.push(await startServerProcess(paths.serverFile, paths.publicDir, schema.url, { env }));
    console.log(`  scale answers: loading ${settings.events.toLocaleString('en-US')} events into sqlite and postgres…`);
    const origins = servers.map((server) => server.origin);
    // One body at a time, so both servers are idle when it arrives and store its events under (nearly) the same
    // skew; with requests queued, the two receive times drift apart by up to seconds on a busy machine.
    await sendFromFeed(origins, feed, { concurrency: 1, stopBefore: (next) => next.live });
    const [sqlite, postgres] = await Promise.all(origins.map((origin) => answersOn(origin, settings, reads)));
    return {
      events: settings.events,
      stored: [sqlite!.stored, postgres!.stored],
      reads: reads.map((read, index) => compareRead(read, sqlite!.answers[index]!, postgres!.answers[index]!)),
    };
  } finally {
    await feed.close();
    for (const server of servers) await server.stop();
    await schema.drop();
  }
}

/** One server once loaded: its projection caught up (how many rows it holds), then every read asked once. */
async function answersOn(
  origin: string,
  settings: ScaleSettings,
  reads: ScaleRead[],
): Promise<{ stored: number; answers: { status: number; text: string }[] }> {
  // The rollups too: the overview reads them, and they fold a pass after the append, so one store's overview could
  // otherwise be asked before its last rows were folded (an active-user count a dozen short).
  const projection = await waitForProjection(origin, settings.engineStatusPath, { rollups: true });
  if (projection.skipped) throw new Error(`the projection did not catch up: ${projection.skipped}`);
  const answers = [];
  for (const read of reads) {
    const response = await fetch(origin + read.path, { headers: { Authorization: `Bearer ${READ_KEY}` } });
    answers.push({ status: response.status, text: await response.text() });
  }
  return { stored: Number((projection.status as { rows?: number } | undefined)?.rows ?? 0), answers };
}

function compareRead(
  read: ScaleRead,
  a: { status: number; text: string },
  b: { status: number; text: string },
): AnswerComparison {
  const difference = a.text === b.text ? undefined : firstDifference(parse(a.text), parse(b.text), '$');
  return {
    id: read.id,
    label: read.label,
    status: [a.status, b.status],
    bytes: a.text.length,
    same: a.status === b.status && !difference,
    ...(difference ? { difference } : {}),
  };
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * The server stores each event at its client time shifted by its batch's clock skew (`receivedAt - sentAt`, see
 * server/src/event-time.ts): the same body reaches the two servers a few milliseconds apart, so the same event's
 * stored time differs by that much. Times (epoch milliseconds) within this are the same; every other number is exact.
 */
const TIME_TOLERANCE_MS = 1000;
const isEpochMs = (value: unknown): value is number => typeof value === 'number' && value > 1e12 && value < 1e13;
/** Fields that say when the answer was made, not what it is. */
const ANSWER_CLOCK = new Set(['now']);

/**
 * The first place two JSON values differ, as `path: a ≠ b`; none when they are equal (times within
 * `TIME_TOLERANCE_MS`, an answer's own `now` left out).
 */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (isEpochMs(a) && isEpochMs(b) && Math.abs(a - b) <= TIME_TOLERANCE_MS) return undefined;
  const show = (value: unknown) => JSON.stringify(value)?.slice(0, 80);
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return `${path}: ${show(a)} ≠ ${show(b)}`;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => !ANSWER_CLOCK.has(key));
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
