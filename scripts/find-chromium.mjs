// Finds a Chromium for the browser tests: $CHROMIUM_PATH, then Debian's /usr/bin/chromium. With --install, on a
// Debian machine as root, installs Debian's chromium package when none is found; elsewhere says what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean);

/** The path of a usable Chromium, or undefined. */
export function findChromium() {
  return CANDIDATES.find((path) => existsSync(path));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let found = findChromium();
  if (!found && process.argv.includes('--install')) {
    const debian = existsSync('/etc/debian_version');
    const root = process.getuid?.() === 0;
    if (debian && root) {
      console.log("No Chromium found: installing Debian's chromium package (apt-get install -y chromium)…");
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
      found = findChromium();
    }
  }
  if (!found) {
    console.error(
      'The browser tests need Chromium and none was found.\n' +
        '  Debian/Ubuntu: sudo apt-get install chromium   (or run the tests as root and they install it)\n' +
        '  Elsewhere: set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
    process.exit(1);
  }
  console.log(`Chromium: ${found}`);
}
