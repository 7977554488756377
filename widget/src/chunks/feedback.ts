// The feedback chunk (Preact UI in a shadow root, and the bug-report bundle and sender), loaded with
// `loadChunk('feedback')` only when a survey, the button, a form or a bug report is needed. A `.ts` entry so the
// chunk build picks it up; the UI itself is TSX.
export { mountFeedbackUi } from '../feedback/feedback-ui.tsx';
export type { FeedbackUiOptions } from '../feedback/feedback-ui.tsx';
export { browserEnvironment, collectBugBundle } from '../feedback/bug-bundle.ts';
export { bugReportOutbox } from '../feedback/bug-report-outbox.ts';
