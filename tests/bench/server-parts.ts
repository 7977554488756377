import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { numberFromEnv, publicDir, resultsDir, root, settings } from './bench-config.ts';
import { measureDashboard } from './dashboard.ts';
import { dashboardStoreSettings } from './dashboard-store.ts';
import { firstLineOfError } from './format.ts';
import { measureGeneratorCeiling, measureIngest } from './ingest.ts';
import type { BenchResults } from './results.ts';
import { measureScaleStore } from './scale.ts';
import { scalePaths, scaleSettingsFromEnv } from './scale-settings.ts';
import type { ScaleStoreResult } from './scale-store-result.ts';
import { answersTable, compareScaleAnswers } from './scale-answers.ts';

/** `ingest`: 50-event batches into the built server on SQLite, and on PostgreSQL when a database URL is set. */
export async function measureIngestPart(results: BenchResults): Promise<void> {
  const serverFile = join(root, 'dist/server/main.js');
  console.log('ingest: 50-event batches into the built server…');
  results.ingest.generator = await measureGeneratorCeiling({ ...settings.ingest, maxSeconds: 5 });
  if (!existsSync(serverFile)) {
    results.ingest.sqlite = { skipped: 'not built: dist/server/main.js' };
    return;
  }
  results.ingest.sqlite = await measureIngest(serverFile, publicDir, settings.ingest).catch((error: unknown) => ({
    skipped: `failed: ${firstLineOfError(error)}`,
  }));
  const databaseUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  results.ingest.postgres = databaseUrl
    ? await measureIngest(serverFile, publicDir, settings.ingest, databaseUrl).catch((error: unknown) => ({
        skipped: `the server did not run on PostgreSQL: ${firstLineOfError(error)}`,
      }))
    : { skipped: 'TEST_DATABASE_URL / DATABASE_URL not set' };
}

/** `BENCH_ONLY=scale`: the analytics-at-volume run on SQLite and/or PostgreSQL (`SCALE_STORE=sqlite,postgres`). */
export async function measureScalePart(results: BenchResults): Promise<void> {
  const settings = scaleSettingsFromEnv(process.env, numberFromEnv);
  const paths = scalePaths(root, resultsDir);
  const stores: Record<string, ScaleStoreResult | { skipped: string }> = {};
  results.scale = { settings, stores };
  const events = settings.events.toLocaleString('en-US');
  const arriving = `${settings.backgroundEventsPerSecond} events/s keep arriving…`;
  for (const store of (process.env.SCALE_STORE ?? 'sqlite').split(',')) {
    console.log(`scale on ${store}: ${events} events, then every read ${settings.readCalls}× while ${arriving}`);
    const databaseUrl = store === 'postgres' ? process.env.TEST_DATABASE_URL || process.env.DATABASE_URL : undefined;
    if (store !== 'sqlite' && store !== 'postgres')
      stores[store] = { skipped: 'unknown store: use sqlite or postgres' };
    else if (!existsSync(paths.serverFile)) stores[store] = { skipped: 'not built: dist/server/main.js' };
    else if (store === 'postgres' && !databaseUrl)
      stores[store] = { skipped: 'TEST_DATABASE_URL / DATABASE_URL not set' };
    else
      stores[store] = await measureScaleStore(paths, settings, databaseUrl).catch((error: unknown) => ({
        skipped: `failed: ${firstLineOfError(error)}`,
      }));
  }
}

/**
 * `BENCH_ONLY=scale-answers`: the same generated history (`SCALE_EVENTS`, 50,000 unless set) on SQLite and on
 * PostgreSQL, every scale read's JSON compared; any difference fails the run.
 */
export async function compareAnswersPart(results: BenchResults): Promise<void> {
  const env = { SCALE_EVENTS: '50000', ...process.env };
  const settings = scaleSettingsFromEnv(env, (name, fallback) => numberFromEnv(name, fallback, env));
  const databaseUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  const paths = scalePaths(root, resultsDir);
  if (!databaseUrl) results.scaleAnswers = { skipped: 'TEST_DATABASE_URL / DATABASE_URL not set' };
  else if (!existsSync(paths.serverFile)) results.scaleAnswers = { skipped: 'not built: dist/server/main.js' };
  else
    results.scaleAnswers = await compareScaleAnswers(paths, settings, databaseUrl).catch((error: unknown) => ({
      skipped: `failed: ${firstLineOfError(error)}`,
    }));
  console.log(
    'reads' in results.scaleAnswers
      ? answersTable(results.scaleAnswers)
      : `scale answers: ${results.scaleAnswers.skipped}`,
  );
}

/**
 * `BENCH_ONLY=dashboard` (after the scale part in a full run): every dashboard page timed in Chromium on the scale
 * bench's store (`SCALE_DATA_DIR`), or on one seeded here at `SCALE_EVENTS`.
 */
export async function measureDashboardPart(results: BenchResults): Promise<void> {
  const paths = scalePaths(root, resultsDir);
  console.log("dashboard: every page in Chromium on the scale bench's data…");
  if (!existsSync(paths.serverFile) || !existsSync(join(publicDir, 'dashboard/index.html')))
    results.dashboard = { skipped: 'not built: dist/server/main.js and dist/public/dashboard' };
  else
    results.dashboard = await measureDashboard(
      paths,
      dashboardStoreSettings(scaleSettingsFromEnv(process.env, numberFromEnv), process.env),
      process.env,
      numberFromEnv('DASHBOARD_RUNS', settings.runs),
    ).catch((error: unknown) => ({ skipped: `failed: ${firstLineOfError(error)}` }));
  if ('chromium' in results.dashboard) results.machine.chromium ??= results.dashboard.chromium;
}
