import { build } from 'esbuild';
import { join } from 'node:path';
import { squeeze } from '../../scripts/squeeze.mjs';

/** The peer SDKs the bench compares against, each bundled from `peers/<name>.ts`. */
export const PEER_NAMES = ['posthog', 'sentry-errors', 'sentry-replay', 'growthbook'] as const;
/** One of the peers' names. */
export type PeerName = (typeof PEER_NAMES)[number];

/**
 * Bundles each peer the way a customer's build would (esbuild, minified, production mode, the widget's browser
 * targets) into `<outDir>/<name>.js`, an IIFE for a plain script tag, then gives it the same second minification
 * pass as the widget's own files. A peer that fails to bundle is reported, not fatal.
 */
export async function bundlePeers(benchDir: string, outDir: string): Promise<Record<PeerName, string | undefined>> {
  const failures = {} as Record<PeerName, string | undefined>;
  for (const name of PEER_NAMES) {
    try {
      await build({
        entryPoints: [join(benchDir, 'peers', `${name}.ts`)],
        outfile: join(outDir, `${name}.js`),
        bundle: true,
        minify: true,
        format: 'iife',
        target: ['chrome109', 'firefox115', 'safari16'],
        legalComments: 'none',
        logLevel: 'silent',
        define: { 'process.env.NODE_ENV': '"production"' },
      });
      await squeeze([join(outDir, `${name}.js`)], { module: false });
      failures[name] = undefined;
    } catch (error) {
      failures[name] = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
  }
  return failures;
}
