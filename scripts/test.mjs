// `npm test`: finds (or on Debian installs) Chromium, lints, checks formatting (Biome) and dead code (knip), type-checks, builds, then
// runs every vitest project: unit (node), browser (vitest browser mode in Chromium) and e2e (Playwright, real server).
import { spawnSync } from 'node:child_process';

const step = (title, command, args) => {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
};

step('Chromium', process.execPath, ['scripts/find-chromium.mjs', '--install']);
step('Lint, format and dead code (Biome, knip)', 'npm', ['run', '--silent', 'lint']);
step('Typecheck', 'npm', ['run', '--silent', 'typecheck']);
step('Build', process.execPath, ['scripts/build.mjs']);
step('Tests', 'npx', ['vitest', 'run', ...process.argv.slice(2)]);
