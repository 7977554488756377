/** The floating button's label, on its own so the button shown alone (before the UI loads) needs no other text. */
export const FEEDBACK_BUTTON_LABEL = 'Feedback';

/** Every text the feedback UI shows; pass a partial object to replace any of them (e.g. for another language). */
const DEFAULT_STRINGS = {
  close: 'Close',
  send: 'Send',
  sending: 'Sending…',
  next: 'Next',
  skip: 'Skip',
  thanks: 'Thank you!',
  sendFailed: 'Could not send. Please try again.',
  npsTitle: 'Quick question',
  npsQuestion: 'How likely are you to recommend us to a friend or colleague?',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  npsFollowUpDetractor: 'What disappointed you?',
  npsFollowUpPassive: 'What would make it a 10?',
  npsFollowUpPromoter: 'What do you like most?',
  feedbackButton: FEEDBACK_BUTTON_LABEL,
  feedbackTitle: 'Send feedback',
  feedbackLabel: 'Your feedback',
  feedbackYouWrote: 'You wrote:',
  featureTitle: 'Feature requests',
  featureTop: 'Top requests',
  featureNone: 'No requests yet. Be the first!',
  featureVote: 'Vote',
  featureVoted: 'Voted',
  featureVotes: 'votes',
  featureOneVote: 'vote',
  featureNewTitle: 'Request a feature',
  featureTitleLabel: 'Title',
  featureDescriptionLabel: 'Details (optional)',
  featureLoadFailed: 'Could not load feature requests.',
  bugTitle: 'Report a bug',
  bugDescription: 'What went wrong?',
  bugSeverity: 'How bad is it?',
  bugSeverityLow: 'Low: cosmetic',
  bugSeverityMedium: 'Medium: annoying',
  bugSeverityHigh: 'High: blocks my work',
  bugSeverityCritical: 'Critical: data loss or outage',
  bugAttached: 'Attached: page, recent errors, clicks, performance and flags.',
  bugCreated: 'Report filed. Reference:',
};

/** The UI's texts; see `DEFAULT_STRINGS`. */
export type FeedbackStrings = typeof DEFAULT_STRINGS;

/** Overlays the page's replacements (only string values are taken) on the defaults. */
export function mergeStrings(overrides: Partial<Record<keyof FeedbackStrings, unknown>> | undefined): FeedbackStrings {
  const strings = { ...DEFAULT_STRINGS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (key in strings && typeof value === 'string') strings[key as keyof FeedbackStrings] = value;
  }
  return strings;
}
