import { render } from 'preact';
import { FeedbackViews } from './feedback-views.tsx';
import type { View } from './feedback-views.tsx';
import { adoptStyles, createShadowHost } from './shadow-host.ts';
import type { ShadowHost } from './shadow-host.ts';
import { mergeStrings } from './strings.ts';
import type { FeedbackStrings } from './strings.ts';
import { BUTTON_CSS, UI_CSS } from './styles.ts';
import type { FeedbackTheme } from './styles.ts';
import type { FeedbackUi, FeedbackUiHost } from './ui-host.ts';

/** Look and language of the UI. */
export interface FeedbackUiOptions {
  strings?: Partial<Record<keyof FeedbackStrings, string>>;
  theme?: FeedbackTheme;
  button?: boolean;
}

/**
 * Mounts the feedback UI in its own shadow root and returns the controller the core drives. One view at a time;
 * opening another replaces the current one (a survey that is replaced counts as dismissed). `takeOver` is the host of
 * a button shown alone before the UI loaded (see lone-button.ts): the UI restyles and fills it in the same task.
 */
export function mountFeedbackUi(
  host: FeedbackUiHost,
  options: FeedbackUiOptions = {},
  doc: Document = document,
  takeOver?: ShadowHost,
): FeedbackUi {
  const strings = mergeStrings(options.strings);
  const shadow = takeOver ?? createShadowHost([BUTTON_CSS, UI_CSS], options.theme, doc);
  if (takeOver) {
    takeOver.root.replaceChildren();
    adoptStyles(takeOver.root, [BUTTON_CSS, UI_CSS], options.theme, doc);
  }
  let view: View = { kind: 'none' };
  let button = options.button ?? false;

  const show = (next: View) => {
    if (view.kind === 'survey' && next.kind !== 'none') view.handlers.onDismiss();
    view = next;
    draw();
  };
  const draw = () =>
    render(<FeedbackViews host={host} strings={strings} view={view} button={button} show={show} />, shadow.root);
  draw();

  return {
    openFeedback: (prompt) => show({ kind: 'feedback', prompt }),
    openSurvey: (handlers) => show({ kind: 'survey', handlers }),
    openFeatureRequests: () => show({ kind: 'features' }),
    openBugReport: () => show({ kind: 'bug' }),
    setButton(visible) {
      button = visible;
      draw();
    },
    destroy() {
      render(null, shadow.root);
      shadow.remove();
    },
  };
}
