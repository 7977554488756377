import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { functionsIn, sourceNamer } from '../../scripts/start-functions.mjs';
import type { BenchServer } from './bench-server.ts';

/** `widget/start-profile.json`: per script loaded at start, the source names of the functions it ran. */
export interface StartProfile {
  about: string;
  loads: number;
  windowMs: number;
  scripts: Record<string, string[]>;
}

interface Coverage {
  result: { url: string; functions: { ranges: { startOffset: number; count: number }[] }[] }[];
}

/**
 * `npm run profile:start`: loads the demo CRM page with the widget `loads` times, each in a fresh context with the
 * bench's CPU throttle, and records with V8's precise coverage which functions of the SDK's scripts ran in the first
 * `windowMs`. Run on a build without the profile (each script compiled whole), so every function is seen.
 */
export async function recordStartProfile(
  browser: Browser,
  server: BenchServer,
  options: { publicDir: string; loads: number; windowMs: number; cpuThrottle: number },
): Promise<StartProfile> {
  const ran = new Map<string, Set<string>>();
  for (let load = 0; load < options.loads; load++) {
    const coverage = await coverageOfOneLoad(browser, server, options);
    for (const script of coverage.result) {
      if (!script.url.startsWith(`${server.origin}/sdk/`) || script.url.includes('/sdk/peers/')) continue;
      const path = script.url.slice(`${server.origin}/sdk/`.length);
      const names = ran.get(basename(path)) ?? new Set<string>();
      for (const name of namesOfCalled(join(options.publicDir, path), script.functions)) names.add(name);
      ran.set(basename(path), names);
    }
  }
  return {
    about:
      'The functions the demo CRM page runs in its first seconds, by source file and the functions they sit in, per ' +
      'script it loads at start. ' +
      'Made by `npm run profile:start`; the build compiles these eagerly (scripts/eager-compile.mjs).',
    loads: options.loads,
    windowMs: options.windowMs,
    scripts: Object.fromEntries([...ran].sort().map(([script, names]) => [script, [...names].sort()])),
  };
}

async function coverageOfOneLoad(
  browser: Browser,
  server: BenchServer,
  options: { windowMs: number; cpuThrottle: number },
): Promise<Coverage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${server.origin}/blank`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuThrottle });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    await page.goto(`${server.origin}/demo/?sdk=crm-insights`, { waitUntil: 'commit' });
    await page.waitForTimeout(options.windowMs);
    return (await cdp.send('Profiler.takePreciseCoverage')) as unknown as Coverage;
  } finally {
    await context.close();
  }
}

/** The source names of the functions of the built `file` that coverage saw called. */
function namesOfCalled(file: string, functions: Coverage['result'][number]['functions']): string[] {
  const code = readFileSync(file, 'utf8');
  const name = sourceNamer(code, JSON.parse(readFileSync(`${file}.map`, 'utf8')));
  const called = new Set(
    functions.filter((fn) => (fn.ranges[0]?.count ?? 0) > 0).map((fn) => fn.ranges[0]!.startOffset),
  );
  const module = !file.endsWith('/insights.js');
  return functionsIn(code, { module })
    .filter((fn) => called.has(fn.start))
    .map((fn) => name(fn.start))
    .filter((value): value is string => value !== undefined);
}
