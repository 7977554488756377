import { BUG_SEVERITIES } from '../../shared/protocol.ts';
import type { BugSeverity } from '../../shared/protocol.ts';
import { AttachmentSummary } from './attachment-summary.tsx';
import type { FormState } from './file-bug-report.ts';
import { MyReports } from './my-reports.tsx';
import { onSubmit } from './on-submit.ts';
import type { TabProps } from './panel-tabs.ts';
import { RedactableScreenshot } from './redactable-screenshot.tsx';
import { useBugReport } from './use-bug-report.ts';
import type { BugReportFormData } from './use-bug-report.ts';

/** The report just filed: its id and category, a link to it in the dashboard, and a way to report another. */
function FiledNotice({ filed, onAnother }: { filed: Extract<FormState, { kind: 'filed' }>; onAnother: () => void }) {
  return (
    <div class="filed" role="status">
      <p>
        Filed as <code data-testid="bug-report-id">{filed.id}</code> (category {filed.category || 'none'}).{' '}
        <a href={filed.link} target="_blank" rel="noreferrer" data-testid="bug-report-link">
          Open in the dashboard
        </a>
      </p>
      <blockquote data-testid="bug-report-description">{filed.description}</blockquote>
      <button type="button" onClick={onAnother}>
        Report another
      </button>
    </div>
  );
}

/** Take (or retake) the screenshot, why a panel may not be allowed to, and the screenshot to black out areas of. */
function ScreenshotPart({ form, tabId }: { form: BugReportFormData; tabId: number | undefined }) {
  const { screenshot } = form;
  return (
    <>
      <button
        type="button"
        data-testid="capture-screenshot"
        disabled={tabId === undefined || form.state.kind === 'busy'}
        onClick={() => void form.capture()}
      >
        {screenshot ? 'Retake screenshot' : 'Take screenshot'}
      </button>
      {form.fromPanel === false && !screenshot ? (
        <p class="muted" data-testid="screenshot-hint">
          Chrome screenshots a tab only right after a click on the crm-insights toolbar button there, or with Settings →
          "Screenshots from the panel".
        </p>
      ) : null}
      {screenshot ? (
        <RedactableScreenshot image={screenshot} boxes={form.boxes} setBoxes={form.setBoxes} canvas={form.canvas} />
      ) : null}
    </>
  );
}

/** The severity picker, over the protocol's severities. */
function SeveritySelect({
  severity,
  setSeverity,
}: {
  severity: BugSeverity;
  setSeverity: (value: BugSeverity) => void;
}) {
  return (
    <label>
      Severity
      <select
        data-testid="bug-severity"
        value={severity}
        onChange={(event) => setSeverity((event.target as HTMLSelectElement).value as BugSeverity)}
      >
        {BUG_SEVERITIES.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The form: screenshot, what went wrong, severity, what will be attached, and why the last attempt failed. */
function BugReportForm({ form, tabId }: { form: BugReportFormData; tabId: number | undefined }) {
  const { state, description } = form;
  return (
    <form class="stack" onSubmit={onSubmit(form.submit)}>
      <ScreenshotPart form={form} tabId={tabId} />
      <label>
        What went wrong?
        <textarea
          data-testid="bug-description"
          rows={4}
          required
          maxLength={8000}
          value={description}
          onInput={(event) => form.setDescription((event.target as HTMLTextAreaElement).value)}
        />
      </label>
      <SeveritySelect severity={form.severity} setSeverity={form.setSeverity} />
      <AttachmentSummary lookup={form.bundle} />
      {state.kind === 'error' ? (
        <p role="alert" class="error">
          {state.message}
        </p>
      ) : null}
      <button
        type="submit"
        class="primary"
        data-testid="submit-bug-report"
        disabled={!description.trim() || state.kind === 'busy'}
      >
        File bug report
      </button>
    </form>
  );
}

/**
 * "Report a bug" for support staff: screenshot the inspected tab and black out what must not leave, attach what
 * the widget buffered and the overrides set here, and file it with the staff credential; then link to the report
 * in the dashboard and list "My reports" with their status.
 */
export function BugReportTab(props: TabProps) {
  const form = useBugReport(props);
  return (
    <section class="bug-report">
      {form.state.kind === 'filed' ? (
        <FiledNotice filed={form.state} onAnother={form.reportAnother} />
      ) : (
        <BugReportForm form={form} tabId={props.tabId} />
      )}
      <MyReports api={props.api} refreshKey={form.filed} />
    </section>
  );
}
