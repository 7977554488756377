import type { BugSeverity } from '../../../shared/protocol.ts';

/** What the feedback chunk needs from the core; the core builds it, so the chunk holds no client state. */
export interface FeedbackUiHost {
  /** Calls the API (`path` below the endpoint) with the write key. */
  request(path: string, init?: { method?: string; body?: unknown; keepalive?: boolean }): Promise<Response>;
  /** The voter / reporter: the user id when known, else the anonymous id. */
  who(): { userId?: string; anonymousId: string; sessionId: string };
  /** Records feedback text through the outbox (it survives reloads and is sent once). */
  submitFeedback(text: string, prompt?: string): void;
  /** Files a bug report (collecting the attachments) and resolves with its id. */
  fileBugReport(input: { description: string; severity: BugSeverity }): Promise<string>;
}

/** Callbacks for one survey showing. */
export interface SurveyHandlers {
  onAnswer(score: number, comment: string | undefined): void;
  onDismiss(): void;
}

/** The mounted UI, as the core drives it. */
export interface FeedbackUi {
  openFeedback(prompt?: string): void;
  openSurvey(handlers: SurveyHandlers): void;
  openFeatureRequests(): void;
  openBugReport(): void;
  /** Shows or hides the floating feedback button. */
  setButton(visible: boolean): void;
  destroy(): void;
}
