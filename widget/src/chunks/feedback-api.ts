// The feedback API chunk: survey schedules, prompts, feature requests and bug reports behind
// `crmInsights.feedback`, `nps`, `featureRequests` and `reportBug`. The core loads it on the first of those calls
// (or when a bug report a reload interrupted waits to be sent), so pages that use none of them never pay for it.
export { createFeedbackApi } from '../feedback/feedback-api.ts';
