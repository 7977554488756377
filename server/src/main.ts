import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCommand } from './commands.ts';
import { startServer } from './node-server.ts';
import { readSettings } from './settings.ts';

/**
 * The Node runner behind `npm start` and `npm run serve`: settings from the environment, then serve. With a
 * command (`migrate`, `purge`, `export`, `rebuild-analytics`) it runs that against the database instead and exits.
 */
async function main(): Promise<void> {
  const settings = readSettings();
  const [command, ...args] = process.argv.slice(2);
  if (command) return runCommand(command, settings, args);
  const server = await startServer(settings);
  const extensionDir = resolve(settings.publicDir, '../extension/chrome-mv3');
  const note = (key: 'writeKey' | 'readKey') =>
    settings.generatedKeys.includes(key) ? ' (generated, kept in DATA_DIR/keys.json)' : '';
  console.log(
    [
      `crm-insights API listening on ${server.origin}/api (storage: ${server.storage.kind} in ${settings.dataDir})`,
      `  dashboard:  ${server.origin}/dashboard/ (sign in with the read key or a staff token)`,
      `  demo CRM:   ${server.origin}/demo/`,
      `  widget:     ${server.origin}/insights.js`,
      `  write key:  ${settings.writeKey}${note('writeKey')}`,
      `  read key:   ${settings.readKey}${note('readKey')}`,
      `  staff:      ${settings.staffTokens?.length ? `${settings.staffTokens.length} token(s) from INSIGHTS_STAFF_TOKENS` : 'no staff tokens (set INSIGHTS_STAFF_TOKENS)'}`,
      `  analytics:  projection in ${settings.analytics?.projectionFile}, fed from the record by a worker thread`,
      `  retention:  ${settings.retentionDays ? `${settings.retentionDays} days` : 'keep everything'}; rate limit: ${settings.rateLimitPerMinute ? `${settings.rateLimitPerMinute}/min per key and client` : 'off'}`,
      `  outbound:   webhooks never reach internal addresses${settings.outboundAllow?.length ? ` except ${settings.outboundAllow.join(', ')}` : ''} (INSIGHTS_OUTBOUND_ALLOW)`,
      `  tracking plan: ${settings.trackingPlan === false ? 'not checked (TRACKING_PLAN=off)' : 'track events that break the CRM plan are stored tagged off-plan (TRACKING_PLAN=off to stop)'}`,
      existsSync(extensionDir)
        ? `  extension:  load unpacked from ${extensionDir}`
        : '  extension:  not built (run npm run build)',
    ].join('\n'),
  );
  const stop = () => {
    setTimeout(() => process.exit(0), 3000).unref();
    void server.close().then(() => process.exit(0));
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
