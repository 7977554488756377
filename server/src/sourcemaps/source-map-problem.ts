import { TraceMap } from '@jridgewell/trace-mapping';
import * as v from 'valibot';
import { describeIssues } from '../../../shared/protocol.ts';

/**
 * The most text one map may have, in bytes (UTF-8), so that the source map thread can parse any bundler's map. A
 * map takes about its text plus 96 bytes a mapping segment once decoded: 16 MiB is some 150 MB with the sources'
 * text (an esbuild chunk of 400 modules), 300 MB of mappings alone. Beside the 256 MiB of maps the thread keeps, a
 * batch at its budget plus one such map took it 0.7 s within its 768 MB heap, where one of 32 MiB (mappings alone)
 * stopped it after 4.5 s. Reading and sending a map of 16 MiB holds the API's event loop 20-35 ms (48 MiB: 100 ms).
 */
export const SOURCE_MAP_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The fields a lookup reads, as the spec has them (https://tc39.es/ecma426/#sec-source-map-format): `mappings`
 * is the VLQ text (trace-mapping would also take it as arrays, unchecked, which later lookups would choke on or
 * copy into stored frames), and sources, names and contents are text.
 */
const SourceMapSchema = v.object({
  version: v.literal(3, 'version must be 3'),
  mappings: v.string('mappings must be text'),
  sources: v.array(v.nullable(v.string('must be text or null'))),
  names: v.optional(v.array(v.string('must be text'))),
  sourcesContent: v.optional(v.array(v.nullable(v.string('must be text or null')))),
});

/** Why `text` is not a source map the symbolicator can use, or undefined when it is one. */
export function sourceMapProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  const shape = v.safeParse(SourceMapSchema, parsed, { abortEarly: true });
  if (!shape.success) return describeIssues(shape.issues);
  try {
    new TraceMap(parsed as ConstructorParameters<typeof TraceMap>[0]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return undefined;
}
