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
    /** The nodes this one called (its callees on the sampled stacks). */
    children?: number[];
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
  return ranked(
    chargeSamples(profile, matches, (node) => node, locate),
    limit,
  );
}

/**
 * The `limit` ways into the matching scripts that cost the most: each sample in them is charged to the outermost
 * matching function on its stack (the script's top level, an event listener, a timer, a promise callback), so the
 * time of everything an SDK does from one start (its boot, its first send, its vitals) adds up under one name.
 */
export function entryFunctions(
  profile: CpuProfile,
  matches: (url: string) => boolean,
  limit = 10,
  locate: Locate = () => undefined,
): HotFunction[] {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const outermost = (node: CpuProfile['nodes'][number]) => {
    let entry = node;
    for (let at = parents.get(node.id); at !== undefined; at = parents.get(at)) {
      const caller = byId.get(at)!;
      if (caller.callFrame.url && matches(caller.callFrame.url)) entry = caller;
    }
    return entry;
  };
  return ranked(chargeSamples(profile, matches, outermost, locate), limit);
}

/**
 * Milliseconds per function name: each sample in a matching script is charged the time until the next one, to the
 * function `chargedTo` picks for its node.
 */
function chargeSamples(
  profile: CpuProfile,
  matches: (url: string) => boolean,
  chargedTo: (node: CpuProfile['nodes'][number]) => CpuProfile['nodes'][number],
  locate: Locate,
): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byName = new Map<string, number>();
  for (let index = 0; index < samples.length; index++) {
    const node = nodes.get(samples[index]!);
    if (!node?.callFrame.url || !matches(node.callFrame.url)) continue;
    const name = frameName(chargedTo(node).callFrame, locate);
    byName.set(name, (byName.get(name) ?? 0) + (deltas[index + 1] ?? 0) / 1000);
  }
  return byName;
}

/** A frame named as DevTools names it, `name (file:line:column)`, or by its original source where a map says. */
function frameName(frame: CallFrame, locate: Locate): string {
  const file = frame.url.slice(frame.url.lastIndexOf('/') + 1);
  const located = locate(frame);
  // V8 names a script's own top-level code as an anonymous function at its very start, where no source map maps.
  if (!located && !frame.functionName && !frame.lineNumber && !frame.columnNumber) return `(top level) (${file})`;
  // Bundles are minified onto one line, so the column is what finds the function (in a source-mapped build).
  const place = located ?? `${file}:${(frame.lineNumber ?? 0) + 1}:${(frame.columnNumber ?? 0) + 1}`;
  return `${frame.functionName || '(anonymous)'} (${place})`;
}

/** The `limit` names with the most time, most first. */
export function ranked(byName: ReadonlyMap<string, number>, limit: number): HotFunction[] {
  return [...byName]
    .map(([name, selfMs]) => ({ name, selfMs }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, limit);
}
