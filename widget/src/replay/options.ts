/** How the widget records replays: not at all, the last minute kept in memory, or whole sampled sessions. */
export type ReplayMode = 'off' | 'buffer' | 'session';

/** The `replay` client option. */
export interface ReplayOptions {
  /** `off` (default), `buffer` (last 60 s in memory, uploaded on an error, a bug report or `replay.flush()`), `session`. */
  mode: ReplayMode;
  /** Share of sessions recorded in `session` mode, 0–1 (default 1); decided once per session id. */
  sampleRate?: number;
}

const MODES: readonly ReplayMode[] = ['off', 'buffer', 'session'];

/**
 * Reads `data-replay` and `data-replay-sample-rate`; undefined, with a warning that says why, when they are unusable.
 * The reason goes straight to `warn` (not returned) so the production build compiles the texts out with the call.
 */
export function replayOptionsFromAttributes(
  mode: string | undefined,
  sampleRate: string | undefined,
  warn: (message: string) => void,
): ReplayOptions | undefined {
  if (mode === undefined || mode === '') return { mode: 'off' };
  if (!MODES.includes(mode as ReplayMode))
    return void warn(`replay is off: data-replay must be one of ${MODES.join(', ')} (got "${mode}")`);
  if (sampleRate === undefined || sampleRate === '') return { mode: mode as ReplayMode };
  const rate = Number(sampleRate);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    return void warn(`replay is off: data-replay-sample-rate must be a number from 0 to 1 (got "${sampleRate}")`);
  return { mode: mode as ReplayMode, sampleRate: rate };
}

/**
 * Whether this session is in the sampled share. A hash of the session id rather than a coin flip, so every page
 * load and tab of one session decides the same way and a sampled session is recorded whole.
 */
export function sessionSampled(sessionId: string, sampleRate: number): boolean {
  if (sampleRate >= 1) return true;
  if (sampleRate <= 0) return false;
  // FNV-1a, 32 bits: tiny, and spreads UUID strings evenly enough for a sampling decision.
  let hash = 0x811c9dc5;
  for (let index = 0; index < sessionId.length; index++) {
    hash ^= sessionId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000 < sampleRate;
}

/** The mode in effect for this session: the configured one if the session is in the sample, else `off`. */
export function replayMode(sessionId: string, options: ReplayOptions | undefined): ReplayMode {
  const configured = options?.mode ?? 'off';
  const sampled =
    configured === 'session' ? sessionSampled(sessionId, options?.sampleRate ?? 1) : configured === 'buffer';
  return sampled ? configured : 'off';
}
