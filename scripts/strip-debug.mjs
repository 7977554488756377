// Compiles the widget's debug messages out of the production script-tag build. Every debug message goes through a
// logger's `warn` (`log.warn(…)`, `deps.log.warn(…)`, `environment.log?.warn(…)`) or a `warn` callback handed down
// from it, and prints only in debug mode; so in the production build each such call is replaced by `void 0` before
// esbuild sees the file, and the message strings (and whatever only they used) are gone from the bundle. esbuild's
// own `pure` option cannot do this: it matches global names only, and these loggers are locals and parameters.
// Sentry reaches the same end with `DEBUG_BUILD &&` at every call site; this keeps the call sites as they are.
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

/** Whether a call is a debug message: its callee is `warn` (a name or a member), on anything but `console`. */
function isDebugCall(node) {
  if (!ts.isCallExpression(node)) return false;
  let callee = node.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  if (ts.isIdentifier(callee)) return callee.text === 'warn';
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'warn') return false;
  return !(ts.isIdentifier(callee.expression) && callee.expression.text === 'console');
}

/** The debug calls of a source file, outermost first, each with its position and the string fragments it prints. */
export function debugCalls(source, fileName = 'file.ts') {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const calls = [];
  const visit = (node) => {
    if (isDebugCall(node)) {
      calls.push({ start: node.getStart(file), end: node.getEnd(), messages: fragments(node.arguments[0]) });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return calls;
}

/** The literal text of a message argument: a string, or the fixed parts of a template. */
function fragments(node) {
  if (!node) return [];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
  return [];
}

function scriptKind(fileName) {
  return fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

/** The source with every debug call replaced by `(void 0)`. */
export function stripDebugCalls(source, fileName) {
  let out = source;
  // From the end, so earlier positions stay valid.
  for (const call of debugCalls(source, fileName).reverse())
    out = `${out.slice(0, call.start)}(void 0)${out.slice(call.end)}`;
  return out;
}

/** The esbuild plugin: strips debug calls from the widget's own TypeScript sources under `root`. */
export function stripDebugPlugin(root) {
  return {
    name: 'strip-debug',
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        if (!args.path.startsWith(root) || args.path.includes('node_modules')) return undefined;
        const source = await readFile(args.path, 'utf8');
        return { contents: stripDebugCalls(source, args.path), loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
      });
    },
  };
}
