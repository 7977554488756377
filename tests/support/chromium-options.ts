/**
 * Flags for Chromium in this kind of environment: as root it needs --no-sandbox; the network is closed, so
 * everything that would phone home is switched off (otherwise it retries refused connections in a loop).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The Chromium binary the tests drive: $CHROMIUM_PATH or Debian's (`npm test` checks it exists first). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}
