import type { eventWithTime } from '@rrweb/types';
import { sanitizeReplayEvent } from '../../shared/replay-sanitize.ts';
import type { SessionReplay } from '../../server/src/replay/session-replay.ts';

/** The problem an answer names where it stopped at its limits (it then gives `nextCursor`). */
const ANSWER_CUT = /: left out, this answer holds its limit of /;

/**
 * One event list for the player from a session's recordings (one per page load), oldest first, and notes on what
 * is missing, so a viewer can tell a gap in the recording from a quiet user.
 */
export function replayEventsOf(replay: SessionReplay): { events: eventWithTime[]; notes: string[] } {
  // The API strips handlers and script URLs already; doing it again here keeps the player safe against any server.
  const events = replay.recordings.flatMap((recording) =>
    (recording.events as eventWithTime[]).map(sanitizeReplayEvent),
  );
  const missing = replay.recordings.reduce((sum, recording) => sum + recording.missingSeqs.length, 0);
  const pending = replay.recordings.reduce((sum, recording) => sum + recording.pendingChunks, 0);
  // Where an answer stopped at its limits is named among the problems (server/src/replay/session-replay.ts, `stop`);
  // with `nextCursor` the viewer says it in words of its own below.
  const problems = replay.recordings
    .flatMap((recording) => recording.problems)
    .filter((problem) => !(replay.nextCursor && ANSWER_CUT.test(problem)));
  const skipped = replay.recordings.reduce((sum, recording) => sum + recording.skippedEvents, 0);
  const notes = [
    `${replay.recordings.length} page load${replay.recordings.length === 1 ? '' : 's'}`,
    `${events.length} events`,
  ];
  if (missing) notes.push(`${missing} chunks never arrived (their segments are skipped)`);
  if (pending) notes.push(`${pending} chunks of a segment still uploading`);
  if (problems.length) notes.push(`problems: ${problems.join('; ')}`);
  if (skipped) notes.push(`${skipped} events skipped until the next full snapshot`);
  if (replay.nextCursor) notes.push('a long session: this is one part of it, the rest plays in the next part');
  return { events, notes };
}

/** `m:ss` for a duration in milliseconds. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
