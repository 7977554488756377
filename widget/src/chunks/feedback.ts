// The feedback UI chunk (Preact, shadow DOM), loaded with `loadChunk('feedback')` only when a survey, the
// feedback button or a form is needed. A `.ts` entry so the chunk build picks it up; the UI itself is TSX.
export { mountFeedbackUi } from '../feedback/feedback-ui.tsx';
export type { FeedbackUiOptions } from '../feedback/feedback-ui.tsx';
