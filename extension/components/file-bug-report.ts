import type { WxtBrowser } from 'wxt/browser';
import type { BridgeOverrides } from '../../shared/bridge.ts';
import { BugReportSchema, validateWith } from '../../shared/protocol.ts';
import type { BugReportInput, BugSeverity } from '../../shared/protocol.ts';
import type { Answer, BackgroundRequest, BundleLookup } from '../lib/messages.ts';

/** Where the bug-report form is: being filled in, waiting, refused (with why), or filed. */
export type FormState =
  | { kind: 'idle' | 'busy' }
  | { kind: 'error'; message: string }
  | { kind: 'filed'; id: string; category: string; description: string; link: string };

/** What goes into a report besides the widget's bundle: what staff wrote and chose, and what the panel adds. */
interface ReportParts {
  description: string;
  severity: BugSeverity;
  lookup: BundleLookup | undefined;
  overrides: BridgeOverrides | undefined;
  screenshot: string | undefined;
}

/** The report to file: the form, the widget's bundle, the overrides and the screenshot; `missing` says what is not. */
export function assembleBugReport({
  description,
  severity,
  lookup,
  overrides,
  screenshot,
}: ReportParts): BugReportInput {
  const found = lookup?.found ? lookup.bundle : undefined;
  return {
    source: 'extension',
    description: description.trim(),
    severity,
    ...found,
    ...(overrides ? { overrides: overrides as BugReportInput['overrides'] } : {}),
    ...(screenshot ? { screenshot } : {}),
    missing: [
      ...(found?.missing ?? []),
      ...(found ? [] : [{ part: 'widget', reason: lookup && !lookup.found ? lookup.reason : 'no tab to ask' }]),
    ],
  };
}

/** Validates the report and has the background file it; the form's next state (filed, or why not). */
export async function fileBugReport(api: WxtBrowser, report: BugReportInput): Promise<FormState> {
  const valid = validateWith(BugReportSchema, report);
  if (!valid.ok) return { kind: 'error', message: `This report cannot be sent: ${valid.message}` };
  const request: BackgroundRequest = { type: 'submit-bug-report', report: valid.value };
  const answer = (await api.runtime.sendMessage(request)) as Answer<{ id: string; category: string; link: string }>;
  if (!answer?.ok) return { kind: 'error', message: answer?.error ?? 'The background did not answer.' };
  return {
    kind: 'filed',
    id: answer.id,
    category: answer.category,
    description: report.description,
    link: answer.link,
  };
}
