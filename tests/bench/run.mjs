// `npm run bench`: the bench is TypeScript, and Node 20 cannot run TypeScript itself, so esbuild bundles it
// (dependencies left external) into the git-ignored results folder and Node runs that.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const outfile = `${benchDir}results/bench.mjs`;
// The scale part's traffic generator runs in a worker thread, so it is a second entry point.
await build({
  entryPoints: { bench: `${benchDir}main.ts`, 'scale-worker': `${benchDir}scale-worker.ts` },
  outdir: `${benchDir}results`,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
// The bench finds the build, the demo and the server relative to the repository root, wherever it is started from.
process.chdir(fileURLToPath(new URL('../..', import.meta.url)));
await import(outfile);
