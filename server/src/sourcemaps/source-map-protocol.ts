import type { StackFrame } from '../../../shared/events.ts';
import type { ResolvedFrame } from './resolve-frames.ts';

/** The parsed maps the source map worker keeps, in MiB of estimated heap (docs/source-maps.md, "Costs"). */
export const PARSED_MAPS_MB = 256;

/** One error's frames, with the key of the map for each frame file that may have one (Maps survive postMessage). */
export interface FramesToResolve {
  frames: StackFrame[];
  mapKeys: Map<string, string>;
}

/**
 * Frames to resolve, with the text of maps the worker does not hold yet (null: there is no map). Unless `final`,
 * the worker answers the keys it lacks instead of resolving; a final request resolves with what it has. The caller
 * stops waiting at `deadline` (epoch ms), so the worker drops a request it has not finished by then, unanswered.
 */
export interface ResolveRequest {
  id: number;
  kind: 'resolve';
  errors: FramesToResolve[];
  maps: Map<string, string | null>;
  final: boolean;
  deadline: number;
}

/** Drops every map whose key starts with `prefix` (a release's maps, after an upload replaced them). */
interface ForgetRequest {
  kind: 'forget';
  prefix: string;
}

export type SourceMapRequest = ResolveRequest | ForgetRequest;

/** The maps a request's errors need that the worker does not hold. */
interface MissingReply {
  id: number;
  missing: string[];
}

/** Each error's frames once resolved, in the request's order; null when none of them resolved. */
interface ResolvedReply {
  id: number;
  resolved: (ResolvedFrame[] | null)[];
}

export type SourceMapReply = MissingReply | ResolvedReply;

/** Everything the worker posts: `ready` once it listens, then one reply per resolve request. */
export type SourceMapMessage = SourceMapReply | { ready: true };
