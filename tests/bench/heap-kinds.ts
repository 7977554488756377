/**
 * Where a page's JS heap goes, by kind of V8 object, from a heap snapshot (`HeapProfiler.takeHeapSnapshot`). The
 * added-heap figure says how much an SDK costs; this says what it is made of (compiled code, caches, strings,
 * objects), which is what decides how to make it smaller. Only what `JSHeapUsedSize` counts is summed: Blink's own
 * objects and external string payloads (a script's source text) live outside V8's heap and are left out.
 */

/** The parts of a V8 heap snapshot this reads (its JSON: a flat array of nodes described by `meta`). */
export interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** The kinds reported, in report order. */
export const HEAP_KINDS = [
  'bytecode and function data',
  'machine code (baseline, regexp)',
  'number-to-string caches',
  'strings',
  'closures',
  'objects, arrays, contexts, shapes',
  'V8 internals (templates, tables)',
] as const;

/** One of the kinds. */
export type HeapKind = (typeof HEAP_KINDS)[number];

/** The kind a node counts as, or undefined when it is not in V8's heap. */
export function heapKindOf(type: string, name: string): HeapKind | undefined {
  if (/StringCache$/.test(name)) return 'number-to-string caches';
  if (type === 'code') return /InstructionStream|^system \/ Code(Wrapper)?$/.test(name) ? HEAP_KINDS[1] : HEAP_KINDS[0];
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return 'strings';
  if (type === 'closure') return 'closures';
  if (type === 'native' || type === 'synthetic')
    return name.startsWith('system / ') && name !== 'system / ExternalStringData' ? HEAP_KINDS[6] : undefined;
  return HEAP_KINDS[5];
}

/** Bytes of V8 heap per kind in a snapshot. */
export function heapKinds(snapshot: HeapSnapshot): Record<HeapKind, number> {
  const {
    node_fields: fields,
    node_types: [types],
  } = snapshot.snapshot.meta;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [
    number,
    number,
    number,
  ];
  const totals = Object.fromEntries(HEAP_KINDS.map((kind) => [kind, 0])) as Record<HeapKind, number>;
  for (let at = 0; at < snapshot.nodes.length; at += width) {
    const kind = heapKindOf(types[snapshot.nodes[at + typeAt]!]!, snapshot.strings[snapshot.nodes[at + nameAt]!]!);
    if (kind) totals[kind] += snapshot.nodes[at + sizeAt]!;
  }
  return totals;
}
