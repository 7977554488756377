import { setFlagsFromString } from 'node:v8';

let enabled = false;

/**
 * Makes V8 finish any regular expression that backtracks excessively (over 50 000 backtracks by default) on its
 * linear-time engine instead, with the same result. Targeting patterns are checked when a config is saved
 * (shared/flags/regex-safety.ts refuses what that engine cannot run: backreferences, lookarounds), so this is the
 * server's second line against a slow pattern in a config stored before those checks, or one they miss. The flag
 * is V8's own (what Chrome ships); see https://v8.dev/blog/non-backtracking-regexp
 */
export function enableLinearRegexFallback(): void {
  if (enabled) return;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  enabled = true;
}
