/**
 * Makes recorded DOM inert before a player rebuilds it. rrweb rebuilds what it recorded, event handler attributes
 * (`onerror`, `onload`…) and `javascript:` links included; the player's iframe sandbox is what stops them today.
 * This strips them from the events themselves, so a recording stays harmless in any player, sandboxed or not.
 * Pure and isomorphic; it edits the events in place (they are freshly decoded) and returns them.
 */

// rrweb's event and node numbering (https://github.com/rrweb-io/rrweb/blob/master/packages/types/src/index.ts).
const FULL_SNAPSHOT = 2;
const INCREMENTAL_SNAPSHOT = 3;
const MUTATION = 0;
const ELEMENT_NODE = 2;

// Attributes a browser follows as a URL (https://html.spec.whatwg.org/multipage/indices.html#attributes-3), plus
// SVG's `xlink:href`.
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'background',
  'ping',
  'cite',
  'codebase',
  'longdesc',
  'manifest',
  'icon',
  'lowsrc',
  'dynsrc',
]);
// Browsers drop ASCII tab and newline anywhere in a URL and leading control characters and spaces
// (https://url.spec.whatwg.org/#concept-basic-url-parser), so `java\tscript:` runs too.
const IGNORED_IN_URL = /[\u0000-\u0020]/g;
const ACTIVE_URL = /^(?:javascript:|vbscript:|data:text\/html|data:application\/xhtml)/i;

type Attributes = Record<string, unknown>;

/** True when an attribute would run script: an event handler, `srcdoc`, or a URL attribute with a script URL. */
export function isActiveAttribute(name: string, value: unknown): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith('on') || lower === 'srcdoc') return true;
  return URL_ATTRIBUTES.has(lower) && typeof value === 'string' && ACTIVE_URL.test(value.replace(IGNORED_IN_URL, ''));
}

/** Removes active attributes from one attribute map (a node's, or a mutation's changes). */
function stripAttributes(attributes: Attributes | undefined, tagName?: string): void {
  if (!attributes || typeof attributes !== 'object') return;
  for (const [name, value] of Object.entries(attributes)) {
    if (isActiveAttribute(name, value)) delete attributes[name];
  }
  // `<meta http-equiv="refresh" content="0;url=javascript:…">` navigates without any URL attribute.
  if (tagName === 'meta' && String(attributes['http-equiv'] ?? '').toLowerCase() === 'refresh')
    delete attributes.content;
}

/** Walks a serialized node tree without recursion (a recorded page may nest deeper than the call stack allows). */
function stripTree(root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length) {
    const node = pending.pop() as {
      type?: unknown;
      tagName?: unknown;
      attributes?: Attributes;
      childNodes?: unknown[];
    } | null;
    if (!node || typeof node !== 'object') continue;
    if (node.type === ELEMENT_NODE) {
      const tagName = typeof node.tagName === 'string' ? node.tagName.toLowerCase() : '';
      stripAttributes(node.attributes, tagName);
      // A recorded script never runs again: rebuilt as an inert element with nothing to load.
      if (tagName === 'script') {
        node.tagName = 'noscript';
        node.attributes = {};
        node.childNodes = [];
      }
    }
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) pending.push(child);
  }
}

/** Strips handlers, script URLs and scripts from full snapshots and DOM mutations; other events pass untouched. */
export function sanitizeReplayEvent<T>(event: T): T {
  const { type, data } = (event ?? {}) as { type?: unknown; data?: Record<string, unknown> };
  if (!data || typeof data !== 'object') return event;
  if (type === FULL_SNAPSHOT) stripTree(data.node);
  if (type === INCREMENTAL_SNAPSHOT && data.source === MUTATION) {
    if (Array.isArray(data.adds)) for (const add of data.adds as { node?: unknown }[]) stripTree(add?.node);
    if (Array.isArray(data.attributes))
      for (const change of data.attributes as { attributes?: Attributes }[]) stripAttributes(change?.attributes);
  }
  return event;
}
