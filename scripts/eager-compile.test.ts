import { runInNewContext } from 'node:vm';
import { minify } from 'terser';
import { describe, expect, it } from 'vitest';
import { eagerFunctionNames, eagerFunctions } from '../tests/support/eager-functions.ts';
import { eagerCompile } from './eager-compile.mjs';
import { functionsIn, sourceNamer } from './start-functions.mjs';

// Every form a minified build has functions in, each doing something a changed meaning would show.
const SAMPLE = `"use strict";
(() => {
  const log = [];
  log.push(early(2));
  function early(n) { return n * later(); }
  function later() { return 10; }
  const square = (x) => x * x;
  const pair = (a, b) => ({ a, b });
  const bare = y => y + 1;
  const later2 = async (z) => z * 3;
  const withDefault = (f = (v) => v - 1) => f(5);
  const counter = {
    count: 0,
    bump(by = 1) { this.count += by; return this.count; },
    get double() { return this.count * 2; },
    arrowThis() { return [1, 2].map(() => this.count); },
    *pairs() { yield 1; yield 2; },
    async wait() { return 'waited'; },
    args() { return (() => arguments.length)(); },
  };
  class Shape { constructor(n) { this.n = n; } area() { return square(this.n); } }
  function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }
  function outer() { function first() { return second() + 1; } function second() { return 1; } return first(); }
  const expression = function named(k) { return k ? named(k - 1) + 1 : 0; };
  log.push(square(3), pair(1, 2), bare(4), withDefault(), counter.bump(), counter.bump(2), counter.double);
  log.push(counter.arrowThis(), [...counter.pairs()], counter.args(1, 2, 3), new Shape(4).area(), fact(5));
  log.push(expression(3), early.name, later.length, outer());
  globalThis.result = { log, pending: Promise.all([later2(2), counter.wait()]) };
})();
`;

async function built(sample = SAMPLE) {
  const { code, map } = await minify(
    { 'sample.js': sample },
    {
      compress: false,
      mangle: false,
      sourceMap: { includeSources: true },
    },
  );
  return { code: code ?? '', map: JSON.parse(String(map)) as object };
}

/** Runs a build of the sample and gives what it computed. */
async function run(code: string) {
  const context: { result?: { log: unknown[]; pending: Promise<unknown> } } = {};
  runInNewContext(code, { globalThis: context });
  return { log: JSON.parse(JSON.stringify(context.result?.log)), pending: await context.result?.pending };
}

describe('eager compilation from the start profile', () => {
  it('keeps what every function does, with all of them or some of them made eager', async () => {
    const { code, map } = await built();
    const expected = await run(code);
    expect(expected.log[0]).toBe(20);
    const name = sourceNamer(code, map);
    const all = functionsIn(code, { module: false }).map((fn) => name(fn.start) ?? '');
    for (const profiled of [
      all,
      all.filter((_, index) => index % 2 === 0),
      all.filter((_, index) => index % 3 === 1),
    ]) {
      const eager = eagerCompile(code, map, new Set(profiled), { module: false, file: 'sample.js' });
      expect(await run(eager.code)).toEqual(expected);
    }
  });

  it('makes exactly the profiled functions parenthesized expressions, and its map still names them', async () => {
    const { code, map } = await built();
    const name = sourceNamer(code, map);
    const functions = functionsIn(code, { module: false });
    const profiled = new Set(functions.filter((_, index) => index % 2 === 1).map((fn) => name(fn.start) ?? ''));
    const eager = eagerCompile(code, map, profiled, { module: false, file: 'sample.js' });
    // Accessors and class members keep their form (lazy).
    const kept = [...profiled].filter((key) => !eager.found.has(key));
    expect(kept.length).toBeLessThanOrEqual(2);
    expect(eager.found.size).toBeGreaterThan(8);
    // Compiled as the script loads: the profiled functions, and what was in parentheses already (the function the
    // script runs in, an arrow called where it is written). The wrapper's name may be another's, since the
    // declarations made eager move to the top of its body, before anything of its own that maps.
    const wrapper = name(functions[0]!.start) ?? '?';
    const already = eagerFunctionNames(code, map, { module: false });
    const names = eagerFunctionNames(eager.code, eager.map, { module: false });
    const both = [...eager.found].filter((key) => already.has(key)).length;
    expect(eagerFunctions(eager.code, { module: false })).toHaveLength(eager.found.size + already.size - both);
    expect([...eager.found].filter((key) => !names.has(key))).toEqual([]);
    expect([...names].filter((key) => !eager.found.has(key) && !already.has(key) && key !== wrapper)).toEqual([]);
    for (const key of eager.found) expect(key).toMatch(/^sample\.js:\(anonymous\)\/[\w/()]+$/);
  });

  it('still finds the profiled functions after the code above them moved', async () => {
    const { code, map } = await built();
    const name = sourceNamer(code, map);
    const profiled = new Set(functionsIn(code, { module: false }).map((fn) => name(fn.start) ?? ''));
    const before = eagerCompile(code, map, profiled, { module: false, file: 'sample.js' });
    const edited = await built(SAMPLE.replace('const log = [];', 'const log = [];\n\n  log.push(1);\n  log.pop();\n'));
    const after = eagerCompile(edited.code, edited.map, profiled, { module: false, file: 'sample.js' });
    expect(after.found).toEqual(before.found);
    expect(after.found.size).toBeGreaterThan(10);
  });

  it('compiles nothing else eagerly when the profile is empty, but what was in parentheses already', async () => {
    const { code, map } = await built();
    const eager = eagerCompile(code, map, new Set(), { module: false, file: 'sample.js' });
    expect(eager.found.size).toBe(0);
    // The function the script runs in, `(()=>{…})()`, is an arrow in parentheses: V8 compiles it as the script loads.
    expect(eager.code).toBe(code);
    expect(code.startsWith('"use strict";(()=>{')).toBe(true);
    expect(eagerFunctions(code, { module: false }).map(({ node }) => node.start)).toContain(
      functionsIn(code, { module: false })[0]!.start,
    );
  });
});
