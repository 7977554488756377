#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli, SERVER_VERSION, USAGE } from './cli.ts';
import { runCommand } from './commands.ts';
import { startServer } from './node-server.ts';
import { readSettings } from './settings.ts';

/**
 * The built widget and dashboard beside this file once bundled: `dist/public` for the repository's
 * `dist/server/main.js`, the package's `public/` for the installed `crm-insights-server`. From source there is
 * none, and the settings' default (`./dist/public`) stays.
 */
function bundledPublicDir(): Record<string, string> {
  const dir = fileURLToPath(new URL('../public', import.meta.url));
  return !import.meta.url.endsWith('.ts') && existsSync(dir) ? { PUBLIC_DIR: dir } : {};
}

/**
 * The `crm-insights-server` command, also behind `npm start` and `npm run serve`: settings from the environment
 * and the options, then serve. With a command (`migrate`, `purge`, `export`, `rebuild`, `sourcemaps upload`) it
 * runs that against the database instead and exits. `help` lists them all.
 */
async function main(): Promise<void> {
  const request = parseCli(process.argv.slice(2));
  if (request.kind === 'help') return console.log(USAGE);
  if (request.kind === 'version') return console.log(SERVER_VERSION);
  if (request.kind === 'error') {
    console.error(`crm-insights-server: ${request.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const settings = readSettings({ ...bundledPublicDir(), ...process.env, ...request.env });
  if (request.command !== 'serve') return runCommand(request.command, settings, request.args);
  const server = await startServer(settings);
  const extensionDir = resolve(settings.publicDir, '../extension/chrome-mv3');
  const note = (key: 'writeKey' | 'readKey') =>
    settings.generatedKeys.includes(key) ? ' (generated, kept in DATA_DIR/keys.json)' : '';
  console.log(
    [
      `crm-insights API listening on ${server.origin}/api (storage: ${server.storage.kind} in ${settings.dataDir})`,
      `  dashboard:  ${server.origin}/dashboard/ (sign in with the read key or a staff token)`,
      ...(existsSync(resolve(settings.publicDir, 'demo')) ? [`  demo CRM:   ${server.origin}/demo/`] : []),
      `  widget:     ${server.origin}/insights.js`,
      `  write key:  ${settings.writeKey}${note('writeKey')}`,
      `  read key:   ${settings.readKey}${note('readKey')}`,
      `  staff:      ${settings.staffTokens?.length ? `${settings.staffTokens.length} token(s) from INSIGHTS_STAFF_TOKENS` : 'no staff tokens (set INSIGHTS_STAFF_TOKENS)'}`,
      `  analytics:  projection in ${settings.analytics?.projectionFile}, fed from the record by a worker thread`,
      `  retention:  ${settings.retentionDays ? `${settings.retentionDays} days` : 'keep everything'}; rate limit: ${settings.rateLimitPerMinute ? `${settings.rateLimitPerMinute}/min per key and client` : 'off'}`,
      `  outbound:   webhooks never reach internal addresses${settings.outboundAllow?.length ? ` except ${settings.outboundAllow.join(', ')}` : ''} (INSIGHTS_OUTBOUND_ALLOW)`,
      `  tracking plan: ${settings.trackingPlan === false ? 'not checked (TRACKING_PLAN=off)' : 'track events that break the CRM plan are stored tagged off-plan (TRACKING_PLAN=off to stop)'}`,
      // The repository's build has the extension beside the public folder; the npm package has none.
      ...(existsSync(extensionDir) ? [`  extension:  load unpacked from ${extensionDir}`] : []),
    ].join('\n'),
  );
  const stop = () => {
    setTimeout(() => process.exit(0), 3000).unref();
    void server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`crm-insights: closing failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `crm-insights ${process.argv[2] ? `${process.argv[2]} failed` : 'server failed to start'}: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
