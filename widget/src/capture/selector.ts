/**
 * A selector for an element that survives re-renders: an id, a test id, a `data-insights-event` name or an
 * aria-label pins it; otherwise the tag with up to two classes, under its nearest pinned ancestor (three levels).
 * Generated class names (CSS modules, styled-components hashes) are skipped.
 */
export function stableSelector(element: Element | null): string {
  const parts: string[] = [];
  for (let node = element, depth = 0; node && node.nodeType === 1 && depth < 3; node = node.parentElement, depth++) {
    const pinned = pin(node);
    if (pinned) {
      parts.unshift(pinned);
      break;
    }
    const classes = Array.from(node.classList)
      .filter((name) => !/\d{2,}|^css-|__|^sc-/.test(name))
      .slice(0, 2);
    parts.unshift(node.tagName.toLowerCase() + classes.map((name) => `.${name}`).join(''));
  }
  return parts.join(' > ');
}

function pin(node: Element): string | undefined {
  const tag = node.tagName.toLowerCase();
  if (node.id && !/\d{3,}/.test(node.id)) return `#${node.id}`;
  for (const attribute of ['data-testid', 'data-insights-event', 'aria-label', 'name']) {
    const value = node.getAttribute(attribute);
    if (value) return `${tag}[${attribute}="${value.slice(0, 60)}"]`;
  }
  return undefined;
}
