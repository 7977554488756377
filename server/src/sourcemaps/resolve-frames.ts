import { originalPositionFor, sourceContentFor } from '@jridgewell/trace-mapping';
import type { TraceMap } from '@jridgewell/trace-mapping';
import type { StackFrame } from '../../../shared/events.ts';

/** Lines of original source shown around a resolved frame's line. */
const CONTEXT_LINES = 3;

/** A frame after source-map resolution: the original place, the code around it, and where it was in the build. */
export interface ResolvedFrame extends StackFrame {
  /** The original source: a few lines before, the line itself, a few after. */
  source?: { pre: string[]; line: string; post: string[] };
  /** The frame as the browser reported it, in the minified build. */
  minified?: { function?: string; file?: string; line?: number; column?: number };
}

/**
 * Resolves frames (innermost first) with the map of each one's file; `mapFor` returns undefined when there is
 * none, and such frames stay as they are. A minified function name cannot be looked up at the frame's own
 * position (that is where the code ran, not where the function is named), so a frame's original function name is
 * taken from its caller's position, which is the call expression naming it — the same approach as
 * https://github.com/stacktracejs/stacktrace-gps. The outermost frame has no caller and keeps no function name.
 */
export function resolveFrames(
  frames: readonly StackFrame[],
  mapFor: (file: string) => TraceMap | undefined,
): ResolvedFrame[] {
  const positions = frames.map((frame) => lookUp(frame, mapFor));
  return frames.map((frame, index) => {
    const found = positions[index];
    if (!found) return frame;
    const caller = positions[index + 1];
    const name = caller?.position.name ?? undefined;
    const resolved: ResolvedFrame = {
      ...(name ? { function: name } : {}),
      file: found.position.source,
      line: found.position.line,
      column: found.position.column + 1,
      inApp: frame.inApp && !found.position.source.includes('/node_modules/'),
      minified: { function: frame.function, file: frame.file, line: frame.line, column: frame.column },
    };
    const source = contextAround(sourceContentFor(found.map, found.position.source), found.position.line);
    return source ? { ...resolved, source } : resolved;
  });
}

/** An original position as the map gave it, once its values are known to be of the types the spec says. */
interface Found {
  map: TraceMap;
  position: { source: string; line: number; column: number; name: string | null };
}

/**
 * The frame's original position, or undefined when the frame has none to look up or its map gives no usable
 * answer. Positions are 1-based, so 0 means the browser did not know (trace-mapping throws on it); a map stored
 * before uploads were checked may hold decoded mappings of any shape, so a lookup that throws or answers other
 * types than the spec's resolves nothing rather than failing the event or storing what no frame may hold.
 */
function lookUp(frame: StackFrame, mapFor: (file: string) => TraceMap | undefined): Found | undefined {
  if (!frame.file || !frame.line || !frame.column) return undefined;
  const map = mapFor(frame.file);
  if (!map) return undefined;
  try {
    // V8 columns are 1-based; source maps count columns from 0.
    const { source, line, column, name } = originalPositionFor(map, { line: frame.line, column: frame.column - 1 });
    if (typeof source !== 'string' || !Number.isInteger(line) || !Number.isInteger(column)) return undefined;
    return { map, position: { source, line: line!, column: column!, name: typeof name === 'string' ? name : null } };
  } catch {
    return undefined;
  }
}

function contextAround(content: unknown, line: number): ResolvedFrame['source'] | undefined {
  if (typeof content !== 'string') return undefined;
  const lines = content.split('\n');
  const index = line - 1;
  if (index < 0 || index >= lines.length) return undefined;
  const clip = (text: string) => text.slice(0, 300);
  return {
    pre: lines.slice(Math.max(0, index - CONTEXT_LINES), index).map(clip),
    line: clip(lines[index]!),
    post: lines.slice(index + 1, index + 1 + CONTEXT_LINES).map(clip),
  };
}
