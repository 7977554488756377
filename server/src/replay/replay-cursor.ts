import { REPLAY_MAX_SEQ } from '../../../shared/protocol.ts';

/** A place in a session's replay: a recording, and a sequence number in it. */
export interface ReplayPosition {
  replayId: string;
  seq: number;
}

const CURSOR = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(\d{1,7})$/i;

/** A cursor is opaque to clients, as the event listing's: base64url of the place the next answer starts. */
export function encodeReplayCursor({ replayId, seq }: ReplayPosition): string {
  return Buffer.from(`${replayId}:${seq}`).toString('base64url');
}

/** Reads a cursor back; a RangeError means the client made it up. */
export function decodeReplayCursor(cursor: string): ReplayPosition {
  const match = cursor.length <= 100 ? CURSOR.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  const seq = Number(match?.[2]);
  if (!match || seq > REPLAY_MAX_SEQ) throw new RangeError('cursor is not one this server issued');
  return { replayId: match[1]!, seq };
}
