import { describe, expect, it } from 'vitest';
import { functionPaths } from './function-paths.mjs';

const SOURCE = `import { safely } from './safely.ts';

export function createStore(options: { size: number }) {
  let count = 0;
  const bump = (by: number) => (count += by);
  request.onsuccess = () => bump(1);
  void load().then((value) => value, () => undefined);
  return {
    get size() { return count; },
    add(item: string) { return safely(() => item.length); },
    remove: function (item: string) { return [item].map((x) => x); },
  };
}

export class Queue {
  constructor(private readonly limit: number) {}
  async drain(): Promise<void> {}
}

export function overloaded(a: string): string;
export function overloaded(a: number): number;
export function overloaded(a: unknown) { return a; }
`;

/** The path of the function around the first occurrence of `marker` in SOURCE. */
function pathAt(source: string, marker: string) {
  const offset = source.indexOf(marker);
  const before = source.slice(0, offset).split('\n');
  return functionPaths('store.ts', source)(before.length, before.at(-1)!.length);
}

describe('function paths', () => {
  it('names each function by the functions around it and what it is declared, assigned or passed as', () => {
    expect(pathAt(SOURCE, 'let count')).toBe('createStore');
    expect(pathAt(SOURCE, '(count += by)')).toBe('createStore/bump');
    expect(pathAt(SOURCE, 'bump(1)')).toBe('createStore/onsuccess');
    expect(pathAt(SOURCE, 'value, ()')).toBe('createStore/then()');
    expect(pathAt(SOURCE, 'undefined)')).toBe('createStore/then()#2');
    expect(pathAt(SOURCE, 'return count')).toBe('createStore/get size');
    expect(pathAt(SOURCE, 'item.length')).toBe('createStore/add/safely()');
    expect(pathAt(SOURCE, '(x) => x')).toBe('createStore/remove/map()');
    expect(pathAt(SOURCE, 'private readonly')).toBe('Queue/constructor');
    expect(pathAt(SOURCE, 'Promise<void> {}')).toBe('Queue/drain');
    expect(pathAt(SOURCE, 'return a;')).toBe('overloaded');
  });

  it('gives nothing outside every function', () => {
    expect(pathAt(SOURCE, 'import')).toBeUndefined();
    expect(pathAt(SOURCE, 'class Queue')).toBeUndefined();
  });

  it('keeps every name when code above a function moves it', () => {
    const edited = SOURCE.replace("from './safely.ts';", "from './safely.ts';\n\nconst spare = 1;\n\n");
    for (const marker of ['let count', 'bump(1)', 'undefined)', 'item.length', 'return a;'])
      expect(pathAt(edited, marker)).toBe(pathAt(SOURCE, marker));
  });
});
