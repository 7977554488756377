/** The slice of the widget's feedback API the demo uses (the loader stub does not queue these nested calls). */
interface FeedbackApi {
  feedback?: { configure(config: Record<string, unknown>): void };
  featureRequests?: { open(): void };
}

function api(): FeedbackApi & { q?: unknown } {
  return (window as unknown as { crmInsights?: FeedbackApi & { q?: unknown } }).crmInsights ?? {};
}

/** Runs `use` with the real widget API once `insights.js` has loaded (at once if it already has). */
function whenWidgetReady(use: (insights: FeedbackApi) => void): void {
  const insights = api();
  if (insights.feedback && !('q' in insights)) use(insights);
  else addEventListener('crm-insights:ready', () => use(api()), { once: true });
}

/**
 * The demo's feedback set-up, as a CRM team would write it: a floating feedback button, an NPS survey for users
 * who just won a deal (at most once in 90 days), and a contextual prompt after a contact is created.
 */
export function setUpFeedback(): void {
  whenWidgetReady((insights) =>
    insights.feedback?.configure({
      button: true,
      surveys: [{ id: 'nps-deal-won', afterEvent: 'Deal Won', throttleDays: 90 }],
      prompts: [{ event: 'Contact Created', question: 'Was creating this contact quick enough?' }],
    }),
  );
}

/** Opens the feature-request board. */
export function openFeatureRequests(): void {
  whenWidgetReady((insights) => insights.featureRequests?.open());
}
