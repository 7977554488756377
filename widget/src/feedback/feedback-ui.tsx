import { render } from 'preact';
import { BugReportForm } from './bug-report-form.tsx';
import { FeatureRequests } from './feature-requests.tsx';
import { FeedbackForm } from './feedback-form.tsx';
import { NpsSurvey } from './nps-survey.tsx';
import { adoptStyles, createShadowHost } from './shadow-host.ts';
import type { ShadowHost } from './shadow-host.ts';
import { mergeStrings } from './strings.ts';
import type { FeedbackStrings } from './strings.ts';
import { BUTTON_CSS, UI_CSS } from './styles.ts';
import type { FeedbackTheme } from './styles.ts';
import type { FeedbackUi, FeedbackUiHost, SurveyHandlers } from './ui-host.ts';

/** Look and language of the UI. */
export interface FeedbackUiOptions {
  strings?: Partial<Record<keyof FeedbackStrings, string>>;
  theme?: FeedbackTheme;
  button?: boolean;
}

type View =
  | { kind: 'none' }
  | { kind: 'feedback'; prompt?: string }
  | { kind: 'survey'; handlers: SurveyHandlers }
  | { kind: 'features' }
  | { kind: 'bug' };

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
  const close = () => show({ kind: 'none' });

  const draw = () =>
    render(
      <>
        {button && view.kind === 'none' && (
          <button type="button" class="fab" aria-haspopup="dialog" onClick={() => show({ kind: 'feedback' })}>
            {strings.feedbackButton}
          </button>
        )}
        {view.kind === 'feedback' && (
          <FeedbackForm
            strings={strings}
            prompt={view.prompt}
            onSubmit={(text) => host.submitFeedback(text, view.kind === 'feedback' ? view.prompt : undefined)}
            onClose={close}
          />
        )}
        {view.kind === 'survey' && (
          <SurveyView
            strings={strings}
            handlers={view.handlers}
            onDone={() => {
              view = { kind: 'none' };
              draw();
            }}
          />
        )}
        {view.kind === 'features' && <FeatureRequests host={host} strings={strings} onClose={close} />}
        {view.kind === 'bug' && <BugReportForm host={host} strings={strings} onClose={close} />}
      </>,
      shadow.root,
    );
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

/** The survey with its outcome wired: answering or dismissing ends it exactly once. */
function SurveyView({
  strings,
  handlers,
  onDone,
}: {
  strings: FeedbackStrings;
  handlers: SurveyHandlers;
  onDone: () => void;
}) {
  return (
    <NpsSurvey
      strings={strings}
      onAnswer={handlers.onAnswer}
      onDismiss={() => {
        handlers.onDismiss();
        onDone();
      }}
      onDone={onDone}
    />
  );
}
