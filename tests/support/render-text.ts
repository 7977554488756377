import type { ComponentChildren, VNode } from 'preact';

/**
 * The text a tree of hook-free Preact components renders to, without a DOM: each function component is called
 * with its props, so whatever it would throw in the browser it throws here. Objects that are not vnodes render
 * nothing, as in Preact (its vnodes alone have `constructor` undefined, which JSON cannot make). Components in
 * `skip` (those with hooks or a DOM of their own, such as charts) render nothing.
 */
export function renderText(node: ComponentChildren, skip: readonly unknown[] = []): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return String(node);
  if (Array.isArray(node)) return node.map((child) => renderText(child, skip)).join('');
  if (typeof node !== 'object' || node.constructor !== undefined) return '';
  const { type, props } = node as VNode<{ children?: ComponentChildren }>;
  if (skip.includes(type)) return '';
  if (typeof type === 'function') return renderText((type as (props: object) => ComponentChildren)(props), skip);
  return renderText(props.children, skip);
}
