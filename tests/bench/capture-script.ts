// Everything here but `captureScript` runs inside the capture page, and goes there as source text (see
// `captureScript`): it may use only its parameters, its own locals and the browser's globals.

/** What the page measured: each call's time, the loop's and until the last event was stored, and the events stored. */
export interface InPage {
  durations: number[];
  loopMs: number;
  persistMs: number;
  stored: number;
  isolated: boolean;
}

/** How many `track()` calls to time, after how many warm-up calls. */
interface CaptureRun {
  calls: number;
  warmup: number;
}

/** Polls every 20 ms until `ready` says yes; throws `failure` after 10 s. */
const pollUntil = async (ready: () => boolean | Promise<boolean>, failure: string): Promise<void> => {
  for (let waited = 0; !(await ready()); waited += 20) {
    if (waited > 10_000) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * Counts the widget's outbox through a second IndexedDB connection, as the e2e tests do: a record holds the events
 * written together, and its `by-count-bit` index has an entry per set bit of the record's event count, so the
 * records per bit, weighted by the bit, add up to the events (as the widget's own count does).
 */
const outboxCounter = () => {
  // One connection for all the counting, opened only once the widget has created the database (see runInPage).
  let connection: Promise<IDBDatabase> | undefined;
  const open = () =>
    (connection ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('crm-insights');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => resolve(request.result);
    }));
  const count = async () => {
    const database = await open();
    const index = database.transaction('outbox').objectStore('outbox').index('by-count-bit');
    const perBit = Array.from({ length: 16 }, (_, bit) => {
      return new Promise<number>((resolve, reject) => {
        const request = index.count(bit);
        request.onsuccess = () => resolve(request.result * 2 ** bit);
        request.onerror = () => reject(request.error);
      });
    });
    return (await Promise.all(perBit)).reduce((sum, events) => sum + events, 0);
  };
  return { count, close: async () => (await open()).close() };
};

/**
 * Naps between counts that end early when the widget has written: it posts "queued" on this channel after each
 * write, so a count then sees the write's end at once, where polling alone would see it up to one nap late.
 */
const outboxWrites = () => {
  const channel = new BroadcastChannel('crm-insights:outbox');
  let written = false;
  let wake = () => undefined as void;
  channel.onmessage = () => {
    written = true;
    wake();
  };
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      if (written) resolve();
      written = false;
      setTimeout(resolve, ms);
    });
  return { nap, close: () => channel.close() };
};

/** Waits until the outbox holds `target` events or has stopped growing for two seconds (a bounded outbox). */
const settleOutbox = async (count: () => Promise<number>, nap: (ms: number) => Promise<void>, target: number) => {
  let last = -1;
  let changed = performance.now();
  for (;;) {
    const now = await count();
    if (now >= target) return now;
    if (now !== last) [last, changed] = [now, performance.now()];
    else if (performance.now() - changed > 2000) return now;
    await nap(25);
  }
};

/** The helpers `runInPage` calls, passed to it in the page (see `captureScript`). */
interface Helpers {
  pollUntil: typeof pollUntil;
  outboxCounter: typeof outboxCounter;
  outboxWrites: typeof outboxWrites;
  settleOutbox: typeof settleOutbox;
}

/** Times `calls` track() calls after `warmup` stored ones, and counts what reached the outbox. */
const runInPage = async ({ calls, warmup }: CaptureRun, helpers: Helpers): Promise<InPage> => {
  const api = () =>
    (window as unknown as { crmInsights?: { track(name: string, props?: object): unknown } }).crmInsights;
  await helpers.pollUntil(
    () => Boolean(api()) && !Array.isArray(api()) && !('q' in (api() as object)),
    'window.crmInsights never started',
  );
  const insights = api()!;
  const outbox = helpers.outboxCounter();
  const writes = helpers.outboxWrites();
  const settle = (target: number) => helpers.settleOutbox(outbox.count, writes.nap, target);
  for (let index = 0; index < warmup; index++) insights.track('Bench Warmup', { index });
  // Opening a database that does not exist yet would create it empty and break the widget's own upgrade: wait for it.
  await helpers.pollUntil(
    async () => (await indexedDB.databases()).some((database) => database.name === 'crm-insights'),
    'the widget created no "crm-insights" database',
  );
  const base = await settle(warmup);
  const durations = new Array<number>(calls);
  const started = performance.now();
  for (let index = 0; index < calls; index++) {
    const before = performance.now();
    insights.track('Bench Event', { index, plan: 'pro', value: index * 3, source: 'bench' });
    durations[index] = performance.now() - before;
  }
  const loopMs = performance.now() - started;
  const stored = (await settle(base + calls)) - base;
  const persistMs = performance.now() - started;
  await outbox.close();
  writes.close();
  return { durations, loopMs, persistMs, stored, isolated: crossOriginIsolated };
};

/**
 * The capture run as one expression for `page.evaluate`. Playwright sends a function to the page as its source
 * text, so the helpers it calls travel the same way: their sources, in the object `runInPage` takes them from.
 */
export function captureScript(run: CaptureRun): string {
  const helpers = `{ pollUntil: ${pollUntil}, outboxCounter: ${outboxCounter}, outboxWrites: ${outboxWrites}, settleOutbox: ${settleOutbox} }`;
  return `(${runInPage})(${JSON.stringify(run)}, ${helpers})`;
}
