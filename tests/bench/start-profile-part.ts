import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../support/browser.ts';
import { peerDir, publicDir, root, settings } from './bench-config.ts';
import { startBenchServer } from './bench-server.ts';
import { benchPageHtml, scenarios } from './scenarios.ts';
import { recordStartProfile } from './start-profile.ts';

/**
 * `BENCH_ONLY=start-profile` (`npm run profile:start`): records which functions the demo page runs at start into
 * widget/start-profile.json (see start-profile.ts), then builds the widget again with it.
 */
export async function writeStartProfile(): Promise<void> {
  const tags = scenarios().find((scenario) => scenario.id === 'crm-insights')?.tags ?? '';
  const pages = { 'crm-insights': benchPageHtml(readFileSync(join(publicDir, 'demo/index.html'), 'utf8'), tags) };
  const server = await startBenchServer({ publicDir, peerDir, pages, capturePage: '' });
  const browser = await launchBrowser();
  try {
    const { runs: loads, windowMs, cpuThrottle } = settings;
    const profile = await recordStartProfile(browser, server, { publicDir, loads, windowMs, cpuThrottle });
    writeFileSync(join(root, 'widget/start-profile.json'), `${JSON.stringify(profile, null, 2)}\n`);
    for (const [script, names] of Object.entries(profile.scripts))
      console.log(`${script}: ${names.length} functions ran in the first ${windowMs / 1000} s`);
  } finally {
    await browser.close();
    await server.close();
  }
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'widget'], { stdio: 'inherit' });
}
