import { createShadowHost } from './shadow-host.ts';
import type { ShadowHost } from './shadow-host.ts';
import { BUTTON_CSS } from './styles.ts';
import type { FeedbackTheme } from './styles.ts';

/**
 * The floating feedback button on its own, for a page that only shows the button so far: one element in the UI's
 * own kind of shadow root, with the UI button's markup, class and rules (`BUTTON_CSS`), instead of the `feedback`
 * chunk (Preact and every form) while the page loads. Clicking it calls `open`, which loads the UI; the UI then takes this host over (see
 * `mountFeedbackUi`), so the button neither moves nor blinks. Remove the host to take the button away.
 */
export function showLoneButton(
  label: string,
  theme: FeedbackTheme | undefined,
  open: () => void,
  doc: Document = document,
): ShadowHost {
  const shadow = createShadowHost([BUTTON_CSS], theme, doc);
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'fab';
  button.setAttribute('aria-haspopup', 'dialog');
  button.textContent = label;
  button.addEventListener('click', open);
  shadow.root.append(button);
  return shadow;
}
