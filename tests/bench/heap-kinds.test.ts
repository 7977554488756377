import { describe, expect, it } from 'vitest';
import { heapKindOf, heapKinds } from './heap-kinds.ts';
import type { HeapSnapshot } from './heap-kinds.ts';

/** A snapshot of the given nodes (type, name, size), laid out as V8 writes it. */
function snapshotOf(nodes: [string, string, number][]): HeapSnapshot {
  const types = [...new Set(nodes.map(([type]) => type))];
  const strings = [...new Set(nodes.map(([, name]) => name))];
  return {
    snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'], node_types: [types] } },
    nodes: nodes.flatMap(([type, name, size], id) => [types.indexOf(type), strings.indexOf(name), id, size, 0]),
    strings,
  };
}

describe('heapKinds', () => {
  it('sums V8 heap by kind and leaves out what lives outside it', () => {
    const totals = heapKinds(
      snapshotOf([
        ['code', 'system / BytecodeArray', 100],
        ['code', 'system / ScopeInfo', 20],
        ['code', 'system / InstructionStream', 300],
        ['code', 'system / Code', 7],
        ['native', 'system / DoubleStringCache', 49_160],
        ['string', 'crm-insights', 40],
        ['concatenated string', 'a+b', 16],
        ['closure', 'send', 32],
        ['object', 'Object', 24],
        ['hidden', 'system / Context', 8],
        ['native', 'system / FunctionTemplateInfo', 64],
        ['native', 'system / ExternalStringData', 70_000],
        ['native', 'blink::OffsetMapping', 9_000],
      ]),
    );
    expect(totals).toEqual({
      'bytecode and function data': 120,
      'machine code (baseline, regexp)': 307,
      'number-to-string caches': 49_160,
      strings: 56,
      closures: 32,
      'objects, arrays, contexts, shapes': 32,
      'V8 internals (templates, tables)': 64,
    });
  });

  it('counts the Smi cache and code wrappers where they belong', () => {
    expect(heapKindOf('native', 'system / SmiStringCache')).toBe('number-to-string caches');
    expect(heapKindOf('code', 'system / CodeWrapper')).toBe('machine code (baseline, regexp)');
    expect(heapKindOf('synthetic', '(GC roots)')).toBeUndefined();
  });
});
