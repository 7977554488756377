import { FEEDBACK_CSS, themeCss } from './styles.ts';
import type { FeedbackTheme } from './styles.ts';

/** The element the feedback UI lives in, and its shadow root. */
export interface ShadowHost {
  element: HTMLElement;
  root: ShadowRoot;
  remove(): void;
}

/**
 * Appends `<crm-insights-feedback>` to the body with an open shadow root (page styles cannot leak in; tests and assistive tech can reach in) whose styles are
 * constructable stylesheets (no inline styles, so a strict CSP allows them).
 */
export function createShadowHost(theme: FeedbackTheme | undefined, doc: Document = document): ShadowHost {
  const element = doc.createElement('crm-insights-feedback');
  const root = element.attachShadow({ mode: 'open' });
  const view = doc.defaultView ?? window;
  const sheets = [FEEDBACK_CSS, themeCss(theme)].filter(Boolean).map((css) => {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  });
  root.adoptedStyleSheets = sheets;
  doc.body.appendChild(element);
  return { element, root, remove: () => element.remove() };
}
