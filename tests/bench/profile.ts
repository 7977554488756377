/**
 * Attribution of main-thread script time to the scripts that spent it, from a CDP CPU profile
 * (`Profiler.stop`). Page-wide ScriptDuration mixes the CRM's own JavaScript with the SDK's, and on a shared
 * machine their difference is mostly noise; the profile says which script each sample was in.
 */

/** The parts of a CDP `Profiler.Profile` this needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName?: string } }[];
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
