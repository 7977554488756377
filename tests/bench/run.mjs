// `npm run bench`: the bench is TypeScript, and Node 20 cannot run TypeScript itself, so esbuild bundles it
// (dependencies left external) into the git-ignored results folder and Node runs that.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const outfile = `${benchDir}results/bench.mjs`;
await build({ entryPoints: [`${benchDir}main.ts`], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
// The bench finds the build, the demo and the server relative to the repository root, wherever it is started from.
process.chdir(fileURLToPath(new URL('../..', import.meta.url)));
await import(outfile);
