import { render } from 'preact';
import type { ComponentChildren } from 'preact';

/** The text a Preact tree renders to in a browser test's page (real DOM, hooks and all); unmounted again after. */
export function renderedText(node: ComponentChildren): string {
  const root = document.createElement('div');
  document.body.append(root);
  try {
    render(node, root);
    return root.textContent ?? '';
  } finally {
    render(null, root);
    root.remove();
  }
}
