// Names the functions of one source file by where they sit in its code rather than by line and column, so the start
// profile still names a function after an edit above it moves it: `createDelivery/start`, `openOutbox/peek`,
// `watchPageLifecycle/addEventListener()`. A name is the chain of enclosing function names; two functions that
// would share one are told apart by their order (`…#2`), which only an edit within their common parent shifts.
import ts from 'typescript';

/**
 * For the source `text` (TypeScript or JavaScript, after `path`'s extension): a lookup from a position (line
 * 1-based, column 0-based, as source maps give them) to the path of the innermost function around it, or undefined
 * outside every function.
 */
export function functionPaths(path, text) {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  // Outer functions come before the functions inside them, so the last one around a position is the innermost.
  const functions = [];
  const seen = new Map();
  const visit = (node, outer) => {
    let inner = outer;
    // A class names no code of its own, but the methods in it: `Queue/drain`.
    if (isFunction(node) || ts.isClassLike(node)) {
      const base = outer ? `${outer}/${ownName(node)}` : ownName(node);
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      inner = count === 1 ? base : `${base}#${count}`;
      if (isFunction(node)) functions.push({ start: node.getStart(file), end: node.getEnd(), path: inner });
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(file, '');
  return (line, column) => {
    const offset = file.getPositionOfLineAndCharacter(line - 1, column);
    return functions.findLast(({ start, end }) => start <= offset && offset < end)?.path;
  };
}

function scriptKind(path) {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  return /\.[cm]?ts$/.test(path) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

/** A function with a body (an overload's signature has none, and is not code). */
function isFunction(node) {
  return ts.isFunctionLike(node) && node.body !== undefined;
}

/** The function's (or class's) own name: declared, or taken from what it is assigned to or passed to. */
function ownName(node) {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const prefix = ts.isGetAccessorDeclaration(node) ? 'get ' : ts.isSetAccessorDeclaration(node) ? 'set ' : '';
  if (node.name) return prefix + node.name.getText();
  const { parent } = node;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
    return parent.name.getText();
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    return lastName(parent.left);
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return `${lastName(parent.expression)}()`;
  if (ts.isParameter(parent)) return `${parent.name.getText()}=`;
  return '(anonymous)';
}

/** `a.b.onsuccess` → `onsuccess`; anything without a name → `(anonymous)`. */
function lastName(expression) {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner) || ts.isNonNullExpression(inner)) inner = inner.expression;
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.getText();
  return '(anonymous)';
}
