import type { StackFrame } from './events.ts';
import { LIMITS, MAX_STACK_POSITION } from './wire.ts';

/**
 * Parses `Error.stack` from V8 (Chrome, Edge, Node), SpiderMonkey (Firefox) and JavaScriptCore (Safari) into
 * frames, innermost first. Pure and isomorphic. Lines that are not frames (the message, `[native code]`) are skipped.
 */

// V8: `    at fn (file:1:2)`, `    at file:1:2`, `    at async fn (file:1:2)`, `    at new Foo (file:1:2)`.
const V8 =
  /^\s*at (?:(.+?) \()?((?:[a-z][\w+.-]*:\/\/|\/|[a-z]:\\|<anonymous>|native|node:)[^()]*?|[^()\s]+?)(?::(\d+))?(?::(\d+))?\)?\s*$/i;
// V8 eval frames carry the real location inside: `at eval (eval at fn (file:1:2), <anonymous>:3:4)`.
const V8_EVAL = /\((\S+):(\d+):(\d+)\),/;
// Firefox and Safari: `fn@file:1:2`, `@file:1:2`, `global code@file:1:2`, Firefox's `fn/<@file:1:2`.
// The location is a URL (or an absolute path, or the console's `debugger eval code`) ending in a line number, so
// Safari's `map@[native code]` and message text with an `@` (`jane@example.com:8080`) are no frames.
const GECKO_JSC = /^\s*(.*?)@((?:(?:blob:)?[a-z][\w+.-]*:\/\/|\/|debugger eval code).*?):(\d+)(?::(\d+))?\s*$/i;

/** Decides which frames are the app's own; the default drops browser extensions, the widget itself and node_modules. */
type InAppTest = (file: string | undefined) => boolean;

/** The default in-app test. */
const defaultInApp: InAppTest = (file) =>
  !!file &&
  !/^(?:chrome|moz|safari|safari-web)-extension:|^webkit-masked-url:|\/node_modules\/|\/insights(?:\.js|\/)|^node:|^<anonymous>$|^native$/.test(
    file,
  );

/** How to parse a stack: which frames are in-app, how many to keep, the message header to cut, a line cleaner. */
export interface ParseStackOptions {
  inApp?: InAppTest;
  /** Most frames returned. Default 50. */
  limit?: number;
  /** What V8 prints before the frames, `String(error)` (`${name}: ${message}`): never parsed, however many lines it spans. */
  header?: string;
  /**
   * Runs on each line (at most 1 KB) before it is split into function and file, e.g. a scrubber: a line is whole
   * here, so an email in it is still recognisable, and no line is longer than the parser reads anyway.
   */
  clean?: (line: string) => string;
}

/** Parses one stack into at most `limit` frames, innermost first. */
export function parseStack(
  stack: string | undefined,
  { inApp = defaultInApp, limit = 50, header, clean }: ParseStackOptions = {},
): StackFrame[] {
  if (!stack) return [];
  const frames: StackFrame[] = [];
  for (const line of withoutHeader(stack, header).split('\n')) {
    if (frames.length >= limit) break;
    if (line.length > 1024 || !line.trim()) continue;
    const frame = parseLine(clean ? clean(line) : line);
    if (frame) frames.push({ ...frame, inApp: inApp(frame.file) });
  }
  return frames;
}

/**
 * V8 starts `error.stack` with the message (https://v8.dev/docs/stack-trace-api), Firefox and Safari do not.
 * Without the exact header to cut, everything before V8's first `    at ` line is message text.
 */
function withoutHeader(stack: string, header: string | undefined): string {
  if (header && stack.startsWith(header)) return stack.slice(header.length);
  const firstFrame = stack.search(/^\s+at \S/m);
  return firstFrame > 0 ? stack.slice(firstFrame) : stack;
}

function parseLine(line: string): Omit<StackFrame, 'inApp'> | undefined {
  if (/^\s*at /.test(line)) {
    const inner = line.includes('(eval at ') ? V8_EVAL.exec(line) : null;
    if (inner) return frame('eval', inner[1], inner[2], inner[3]);
    const match = V8.exec(line);
    if (!match) return undefined;
    const [, fn, file, row, column] = match;
    return frame(fn?.replace(/^(?:async|new) /, ''), file, row, column);
  }
  if (!line.includes('@')) {
    // Safari prints frames without a function name as a bare location; anything else is message text.
    const bare = /^\s*((?:[a-z][\w+.-]*:\/\/)\S+?):(\d+):(\d+)\s*$/i.exec(line);
    return bare ? frame(undefined, bare[1], bare[2], bare[3]) : undefined;
  }
  const match = GECKO_JSC.exec(line);
  if (!match?.[2]) return undefined;
  const [, fn, file, row, column] = match;
  // Firefox marks anonymous inner functions `outer/<` and `outer/inner<`; the outer name is what people know.
  const name = fn?.replace(/\/<.*$|<$/, '').replace(/^global code$/, '') || undefined;
  return frame(name, file, row, column);
}

function frame(
  fn: string | undefined,
  file: string | undefined,
  row: string | undefined,
  column: string | undefined,
): Omit<StackFrame, 'inApp'> {
  const result: Omit<StackFrame, 'inApp'> = {};
  // A name is cut to the wire's name length: a generated or minified method can be named by hundreds of characters.
  if (fn && fn !== '<anonymous>' && fn !== 'Object.<anonymous>') result.function = fn.slice(0, LIMITS.nameLength);
  if (file && file !== '<anonymous>') result.file = file;
  const lineNumber = position(row);
  const columnNumber = position(column);
  if (lineNumber !== undefined) result.line = lineNumber;
  if (columnNumber !== undefined) result.column = columnNumber;
  return result;
}

/** A line or column number, or undefined past `MAX_STACK_POSITION`: no real file has it, a stack made by hand may. */
function position(digits: string | undefined): number | undefined {
  const value = Number(digits);
  return digits && value <= MAX_STACK_POSITION ? value : undefined;
}
