import { BugReportForm } from './bug-report-form.tsx';
import { FeatureRequests } from './feature-requests.tsx';
import { FeedbackForm } from './feedback-form.tsx';
import { NpsSurvey } from './nps-survey.tsx';
import type { FeedbackStrings } from './strings.ts';
import type { FeedbackUiHost, SurveyHandlers } from './ui-host.ts';

/** What the feedback UI shows: no view (the button at most), or one. */
export type View =
  | { kind: 'none' }
  | { kind: 'feedback'; prompt?: string }
  | { kind: 'survey'; handlers: SurveyHandlers }
  | { kind: 'features' }
  | { kind: 'bug' };

/** Props of the feedback UI's content; `show` replaces the view (`{ kind: 'none' }` closes it). */
export interface FeedbackViewsProps {
  host: FeedbackUiHost;
  strings: FeedbackStrings;
  view: View;
  button: boolean;
  show: (next: View) => void;
}

/** The floating button while no view is open, and the open view with its outcome wired to the host. */
export function FeedbackViews({ host, strings, view, button, show }: FeedbackViewsProps) {
  // Closing does not dismiss a survey (only replacing it does), so answering or dismissing ends it exactly once.
  const close = () => show({ kind: 'none' });
  return (
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
          onSubmit={(text) => host.submitFeedback(text, view.prompt)}
          onClose={close}
        />
      )}
      {view.kind === 'survey' && (
        <NpsSurvey
          strings={strings}
          onAnswer={view.handlers.onAnswer}
          onDismiss={() => {
            view.handlers.onDismiss();
            close();
          }}
          onDone={close}
        />
      )}
      {view.kind === 'features' && <FeatureRequests host={host} strings={strings} onClose={close} />}
      {view.kind === 'bug' && <BugReportForm host={host} strings={strings} onClose={close} />}
    </>
  );
}
