import type { BugReportInput } from '../../shared/protocol.ts';

/** Panel → background: screenshot the tab (captureVisibleTab runs only in the background), or file a report. */
export type BugReportRequest =
  | { type: 'capture-screenshot'; tabId: number }
  | { type: 'submit-bug-report'; report: BugReportInput };

/** What the background answers. */
export type ScreenshotAnswer = { ok: true; dataUrl: string } | { ok: false; error: string };
export type SubmitAnswer = { ok: true; id: string; category: string } | { ok: false; error: string };
