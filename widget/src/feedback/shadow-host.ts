import { themeCss } from './styles.ts';
import type { FeedbackTheme } from './styles.ts';

/** The element the feedback UI lives in, and its shadow root. */
export interface ShadowHost {
  element: HTMLElement;
  root: ShadowRoot;
  remove(): void;
}

/**
 * Appends `<crm-insights-feedback>` to the body with an open shadow root (page styles cannot leak in; tests and assistive tech can reach in) styled
 * with the stylesheets `css` and the theme (see `adoptStyles`).
 */
export function createShadowHost(
  css: string[],
  theme: FeedbackTheme | undefined,
  doc: Document = document,
): ShadowHost {
  const element = doc.createElement('crm-insights-feedback');
  const root = element.attachShadow({ mode: 'open' });
  adoptStyles(root, css, theme, doc);
  // An async script runs as soon as it has loaded, maybe while the parser is still in the head of a page that
  // streams its HTML (https://html.spec.whatwg.org/multipage/scripting.html#attr-script-async): there is no body
  // yet, so the host goes in <html> (it is fixed in place, so it shows the same) rather than throw into the page.
  (doc.body ?? doc.documentElement).appendChild(element);
  return { element, root, remove: () => element.remove() };
}

/** Styles `root` with the stylesheets `css`, then the theme, replacing what it had, as constructable stylesheets (no inline styles, so a strict CSP allows them). */
export function adoptStyles(
  root: ShadowRoot,
  css: string[],
  theme: FeedbackTheme | undefined,
  doc: Document = document,
): void {
  const view = doc.defaultView ?? window;
  root.adoptedStyleSheets = [...css, themeCss(theme)].filter(Boolean).map((text) => {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  });
}
