import { describe, expect, it } from 'vitest';
import { isActiveAttribute, sanitizeReplayEvent } from './replay-sanitize.ts';

describe('isActiveAttribute', () => {
  it.each([
    ['onerror', 'alert(1)', true],
    ['ONLOAD', 'x()', true],
    ['onclick', '', true],
    ['srcdoc', '<script>alert(1)</script>', true],
    ['href', 'javascript:alert(1)', true],
    ['href', '  JaVaScRiPt:alert(1)', true],
    ['href', 'java\tscr\nipt:alert(1)', true],
    ['href', '\u0001javascript:alert(1)', true],
    ['xlink:href', 'javascript:alert(1)', true],
    ['src', 'data:text/html,<script>alert(1)</script>', true],
    ['action', 'vbscript:msgbox', true],
    ['formaction', 'javascript:void 0', true],
    ['href', 'https://crm.example.com/deals?x=javascript:', false],
    ['href', '/contacts/7', false],
    ['src', 'data:image/png;base64,iVBORw0KGgo=', false],
    ['title', 'javascript: the good parts', false],
    ['class', 'onboarding', false],
    ['data-onclick', 'x', false],
    ['aria-label', 'onerror', false],
  ])('%s=%j active: %s', (name, value, active) => {
    expect(isActiveAttribute(name, value)).toBe(active);
  });
});

const element = (id: number, tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({
  type: 2,
  id,
  tagName,
  attributes,
  childNodes,
});

describe('sanitizeReplayEvent', () => {
  it('strips handlers, script URLs and scripts from a full snapshot, keeping everything else', () => {
    const snapshot = {
      type: 2,
      timestamp: 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            element(2, 'html', {}, [
              element(3, 'head', {}, [
                element(4, 'meta', { 'http-equiv': 'Refresh', content: '0;url=javascript:alert(1)' }),
                element(5, 'script', { src: '/app.js' }, [{ type: 3, id: 6, textContent: 'alert(1)' }]),
              ]),
              element(7, 'body', { onload: 'steal()', class: 'page' }, [
                element(8, 'img', { src: 'x.png', onerror: 'alert(1)', alt: 'logo' }),
                element(9, 'a', { href: 'javascript:alert(1)', title: 'Docs' }, [
                  { type: 3, id: 10, textContent: 'docs' },
                ]),
                element(11, 'iframe', { srcdoc: '<img src=x onerror=alert(1)>', src: 'https://example.com/' }),
                element(12, 'a', { href: 'https://crm.example.com/deals' }),
              ]),
            ]),
          ],
        },
      },
    };
    const out = sanitizeReplayEvent(structuredClone(snapshot));
    const html = out.data.node.childNodes[0]!;
    const [head, body] = html.childNodes as ReturnType<typeof element>[];
    expect(head!.childNodes).toEqual([element(4, 'meta', { 'http-equiv': 'Refresh' }), element(5, 'noscript', {})]);
    expect(body!.attributes).toEqual({ class: 'page' });
    expect(body!.childNodes.map((node) => (node as ReturnType<typeof element>).attributes)).toEqual([
      { src: 'x.png', alt: 'logo' },
      { title: 'Docs' },
      { src: 'https://example.com/' },
      { href: 'https://crm.example.com/deals' },
    ]);
    expect(JSON.stringify(out)).not.toMatch(/onerror|onload|javascript:|alert/);
  });

  it('strips them from mutations: added nodes and attribute changes', () => {
    const mutation = {
      type: 3,
      timestamp: 2,
      data: {
        source: 0,
        texts: [{ id: 10, value: 'onerror=alert(1) as text is fine' }],
        attributes: [{ id: 9, attributes: { href: ' javascript:alert(1)', onclick: 'x()', class: 'active' } }],
        removes: [],
        adds: [{ parentId: 7, nextId: null, node: element(20, 'img', { src: 'y.png', onerror: 'alert(1)' }) }],
      },
    };
    const out = sanitizeReplayEvent(structuredClone(mutation));
    expect(out.data.attributes).toEqual([{ id: 9, attributes: { class: 'active' } }]);
    expect(out.data.adds[0]!.node.attributes).toEqual({ src: 'y.png' });
    expect(out.data.texts).toEqual(mutation.data.texts);
  });

  it.each([
    null,
    'text',
    { type: 3, data: { source: 2, x: 1 } },
    { type: 4, data: { href: 'javascript:x' } },
    { type: 2 },
  ])('leaves %j alone', (event) => {
    expect(sanitizeReplayEvent(structuredClone(event))).toEqual(event);
  });

  it('walks trees deeper than the call stack', () => {
    let node: ReturnType<typeof element> = element(0, 'img', { onerror: 'alert(1)' });
    for (let depth = 1; depth < 100_000; depth++) node = element(depth, 'div', {}, [node]);
    sanitizeReplayEvent({ type: 2, data: { node } });
    let inner: ReturnType<typeof element> = node;
    while (inner.childNodes.length) inner = inner.childNodes[0] as ReturnType<typeof element>;
    expect(inner.attributes).toEqual({});
  });
});
