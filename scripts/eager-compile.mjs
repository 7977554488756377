// Compiles the functions a page runs at start eagerly, and only those. V8 compiles a function lazily, on the main
// thread at its first call, unless its script carries the compile hint (`//# allFunctionsCalledOnLoad`: every
// function compiled while the script streams in, used and unused alike, all of it heap) or the function is
// wrapped in parentheses, `(function…)`, which V8's parser takes for an immediately invoked function and compiles
// with the script ("PIFE": https://v8.dev/blog/preparser). Chromium ships V8's per-function hints switched
// off (`JavaScriptCompileHintsPerFunctionMagicRuntime`), so parentheses are how a script names its hot functions.
//
// Which functions run at start is measured, not guessed: `npm run profile:start` loads the demo CRM page in
// Chromium with V8's precise coverage and records the functions called in its first seconds, by source file and
// the chain of functions each sits in (scripts/function-paths.mjs), in `widget/start-profile.json`. A function the
// profile does not name (new, or renamed since the profile was made) compiles lazily, as without a hint: slower at
// its first call, never wrong.
import remapping from '@jridgewell/remapping';
import MagicString from 'magic-string';
import { parse } from 'acorn';
import { existsSync, readFileSync } from 'node:fs';
import { functionsIn, sourceNamer } from './start-functions.mjs';

/**
 * Rewrites `code` (minified, with its source map `map`) so that the functions whose source names are in `profiled`
 * are parenthesized function expressions. Returns the code, its source map (through to the original sources) and
 * which profiled names it found.
 */
export function eagerCompile(code, map, profiled, { module, file }) {
  const name = sourceNamer(code, map);
  const edit = new MagicString(code);
  const found = new Set();
  const declarations = [];
  for (const fn of functionsIn(code, { module })) {
    const key = name(fn.start) ?? '';
    const wrapper = wrapsTheScript(fn);
    if (!profiled.has(key) && !wrapper) continue;
    // esbuild wraps a classic script in `(()=>{…})()`: an arrow in parentheses already, so compiled with the script.
    if (wrapper && fn.node.type === 'ArrowFunctionExpression' && !fn.node.async) continue;
    if (fn.node.type === 'FunctionDeclaration') {
      if (hoistable(fn)) declarations.push(fn);
      else continue;
    } else if (!markEager(edit, code, fn)) continue;
    if (profiled.has(key)) found.add(key);
  }
  hoistAsExpressions(edit, declarations);
  const output = edit.toString();
  parse(output, { ecmaVersion: 'latest', sourceType: module ? 'module' : 'script' });
  const editMap = edit.generateMap({ hires: true, source: file, file });
  // The edit's one source is the minified file, whose own map leads to the original sources (where the tracing
  // stops, even when one of them bears the minified file's name).
  let traced = false;
  const composed = remapping(JSON.parse(editMap.toString()), (source) => {
    if (traced || source !== file) return null;
    traced = true;
    return map;
  });
  return { code: output, map: composed, found };
}

/** The function a classic script is wrapped in, `(()=>{…})()`: it runs as the script loads (and has no source). */
function wrapsTheScript({ node, parent, ancestors }) {
  return ancestors.length === 3 && parent.type === 'CallExpression' && parent.callee === node;
}

/**
 * The share of a script's profiled functions a build must still find for the profile to count as current: below it,
 * the build says to run `npm run profile:start`, and the end-to-end test fails.
 */
export const CURRENT_PROFILE_SHARE = 0.95;

/**
 * The start profile, as a set of source names per script (`insights.js`, `vitals.js`…); empty when
 * `INSIGHTS_START_PROFILE=off` (the profiler's own build) or when there is none yet.
 */
export function readStartProfile(file) {
  if (process.env.INSIGHTS_START_PROFILE === 'off' || !existsSync(file)) return {};
  const { scripts } = JSON.parse(readFileSync(file, 'utf8'));
  return Object.fromEntries(Object.entries(scripts).map(([script, names]) => [script, new Set(names)]));
}

/** Parenthesizes one function expression, method or arrow function; false where its meaning would change. */
function markEager(edit, code, { node, parent }) {
  if (parent?.type === 'MethodDefinition') return false;
  if (parent?.type === 'Property' && parent.value === node && (parent.method || parent.kind !== 'init')) {
    // `key(…){…}` → `key:(function(…){…})`; accessors, computed keys and `super` keep their method form.
    if (parent.kind !== 'init' || parent.computed || usesOwnReceiver(node, { superOnly: true })) return false;
    edit.overwrite(parent.start, node.start, `${code.slice(parent.key.start, parent.key.end)}:(${keyword(node)}`);
    edit.prependLeft(node.end, ')');
    return true;
  }
  // V8 compiles with the script a function expression, or an arrow whose head follows, an opening parenthesis
  // (`could_be_immediately_invoked` in
  // https://source.chromium.org/chromium/chromium/src/+/main:v8/src/parsing/parser-base.h).
  if (node.type === 'FunctionExpression' || !node.async) {
    edit.prependRight(node.start, '(');
    edit.prependLeft(node.end, ')');
    return true;
  }
  return markAsyncArrowEager(edit, code, node);
}

/** The keyword that starts `node` as a function expression: `function`, `async function`, `function*`… */
function keyword(node) {
  return `${node.async ? 'async ' : ''}function${node.generator ? '*' : ''}`;
}

/**
 * An async arrow V8 compiles lazily even in parentheses: `async(a)=>x` → `(async function(a){return x})`, unless
 * it reads the `this`, `arguments` or `super` around it.
 */
function markAsyncArrowEager(edit, code, node) {
  if (usesOwnReceiver(node, { superOnly: false })) return false;
  const [first] = node.params;
  const bare = node.params.length === 1 && first.type === 'Identifier' && code[first.end] !== ')';
  // The parenthesis goes before the function, not into the rewritten keyword, so the function still starts at a
  // position the source map names.
  edit.prependRight(node.start, '(');
  edit.overwrite(node.start, node.start + 'async'.length, 'async function', { contentOnly: true });
  if (bare) edit.overwrite(first.start, first.end, `(${first.name})`);
  const paramsEnd = node.params.length ? node.params.at(-1).end : node.start;
  const arrow = code.indexOf('=>', paramsEnd);
  const expression = node.body.type !== 'BlockStatement';
  if (expression) edit.overwrite(arrow, arrow + 2, '{return ');
  else edit.remove(arrow, arrow + 2);
  edit.prependLeft(node.end, expression ? '})' : ')');
  return true;
}

/** Whether `fn` reads `this`, `arguments`, `super` or `new.target` of the function around it (arrows do). */
function usesOwnReceiver(fn, { superOnly }) {
  const visit = (node) => {
    if (!node?.type) return false;
    if (node !== fn && (node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration')) return false;
    if (node.type === 'Super') return true;
    if (!superOnly && (node.type === 'ThisExpression' || node.type === 'MetaProperty')) return true;
    if (!superOnly && node.type === 'Identifier' && node.name === 'arguments') return true;
    return Object.values(node).some((value) => (Array.isArray(value) ? value.some(visit) : visit(value)));
  };
  return [...fn.params, fn.body].some(visit);
}

/** A declaration can become a `var` at the top of its function (or program): it is hoisted there anyway. */
function hoistable({ parent, ancestors }) {
  const owner = ancestors.at(-2);
  return parent.type === 'Program' || (parent.type === 'BlockStatement' && owner?.type.includes('Function'));
}

/**
 * `function f(…){…}` → `var f=(function(…){…})`, moved to where its scope starts, so it exists as early as
 * the declaration did. Declarations of one scope share one `var`.
 */
function hoistAsExpressions(edit, declarations) {
  const byScope = new Map();
  for (const declaration of declarations)
    byScope.set(declaration.parent, [...(byScope.get(declaration.parent) ?? []), declaration]);
  for (const [scope, group] of byScope) {
    const directives = scope.body.filter((statement) => statement.directive);
    let top = directives.length ? directives.at(-1).end : scope.type === 'Program' ? 0 : scope.start + 1;
    group.forEach(({ node }, index) => {
      edit.overwrite(node.start, node.id.end, keyword(node));
      edit.prependRight(node.start, `${index === 0 ? 'var ' : ','}${node.id.name}=(`);
      edit.appendLeft(node.end, index === group.length - 1 ? ');' : ')');
      // Moves to one place keep their order; a declaration already where the moved ones go stays, and they follow it.
      if (node.start === top) top = node.end;
      else edit.move(node.start, node.end, top);
    });
  }
}
