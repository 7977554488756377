/**
 * Attribution of main-thread script time to the scripts that spent it, from a CDP CPU profile
 * (`Profiler.stop`). Page-wide ScriptDuration mixes the CRM's own JavaScript with the SDK's, and on a shared
 * machine their difference is mostly noise; the profile says which script each sample was in.
 */

/** The parts of a CDP `Profiler.Profile` this needs. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { url: string; functionName?: string; lineNumber?: number; columnNumber?: number };
  }[];
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Milliseconds of self time spent in functions whose script URL matches: each sample is charged the time until
 * the next one, as DevTools does.
 */
export function selfTimeMs(profile: CpuProfile, matches: (url: string) => boolean): number {
  const urls = new Map(profile.nodes.map((node) => [node.id, node.callFrame.url]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let micros = 0;
  for (let index = 0; index < samples.length; index++) {
    const url = urls.get(samples[index]!);
    // timeDeltas[i] is the time since the previous sample, so sample i lasted until sample i + 1.
    if (url && matches(url)) micros += deltas[index + 1] ?? 0;
  }
  return micros / 1000;
}

/** One function's self time, named as DevTools names it: `name (file:line:column)`, 1-based. */
export interface HotFunction {
  name: string;
  selfMs: number;
}

/** A profile frame's place in a script: URL, 0-based line and column, as CDP gives them. */
export type CallFrame = CpuProfile['nodes'][number]['callFrame'];

/** Finds where a frame of a minified script was in its sources (`widget/src/load-chunk.ts:39`), if a map says. */
export type Locate = (frame: CallFrame) => string | undefined;

/**
 * The `limit` functions with the most self time among scripts whose URL matches: where an SDK's time goes. With
 * `locate`, a function a source map knows is named by its original source (`loadChunk (widget/src/load-chunk.ts:39)`),
 * so the table reads without the build beside it.
 */
export function hotFunctions(
  profile: CpuProfile,
  matches: (url: string) => boolean,
  limit = 5,
  locate: Locate = () => undefined,
): HotFunction[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byName = new Map<string, number>();
  for (let index = 0; index < samples.length; index++) {
    const frame = nodes.get(samples[index]!)?.callFrame;
    if (!frame?.url || !matches(frame.url)) continue;
    const file = frame.url.slice(frame.url.lastIndexOf('/') + 1);
    // Bundles are minified onto one line, so the column is what finds the function (in a source-mapped build).
    const place = locate(frame) ?? `${file}:${(frame.lineNumber ?? 0) + 1}:${(frame.columnNumber ?? 0) + 1}`;
    const name = `${frame.functionName || '(anonymous)'} (${place})`;
    byName.set(name, (byName.get(name) ?? 0) + (deltas[index + 1] ?? 0) / 1000);
  }
  return [...byName]
    .map(([name, selfMs]) => ({ name, selfMs }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, limit);
}
