import { useState } from 'preact/hooks';
import type { BugSeverity } from '../../../shared/protocol.ts';
import { CloseAction, Dialog } from './dialog.tsx';
import type { FeedbackStrings } from './strings.ts';
import type { FeedbackUiHost } from './ui-host.ts';

const SEVERITY_LABELS: Record<BugSeverity, keyof FeedbackStrings> = {
  low: 'bugSeverityLow',
  medium: 'bugSeverityMedium',
  high: 'bugSeverityHigh',
  critical: 'bugSeverityCritical',
};
// Listed here rather than imported from the protocol module, which would pull the validation library into the chunk.
const SEVERITIES = Object.keys(SEVERITY_LABELS) as BugSeverity[];

/** Props of the user's bug-report form. */
export interface BugReportFormProps {
  host: FeedbackUiHost;
  strings: FeedbackStrings;
  onClose: () => void;
}

/** Description and severity; the host attaches page, errors, breadcrumbs, vitals, flags and replay, and files it. */
export function BugReportForm({ host, strings, onClose }: BugReportFormProps) {
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<BugSeverity>('medium');
  const [state, setState] = useState<
    { kind: 'idle' | 'sending' } | { kind: 'error'; message: string } | { kind: 'sent'; id: string }
  >({ kind: 'idle' });
  const submit = async () => {
    setState({ kind: 'sending' });
    try {
      setState({ kind: 'sent', id: await host.fileBugReport({ description: description.trim(), severity }) });
    } catch (error) {
      setState({ kind: 'error', message: `${strings.sendFailed} ${(error as Error).message}` });
    }
  };
  return (
    <Dialog
      title={strings.bugTitle}
      closeLabel={strings.close}
      onClose={onClose}
      step={state.kind === 'sent' ? 'sent' : 'form'}
    >
      {state.kind === 'sent' ? (
        <div>
          <p role="status">
            {strings.bugCreated} <code data-testid="bug-report-id">{state.id}</code>
          </p>
          <CloseAction label={strings.close} onClose={onClose} />
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (description.trim() && state.kind !== 'sending') void submit();
          }}
        >
          <label class="field" for="ci-bug-description">
            {strings.bugDescription}
          </label>
          <textarea
            id="ci-bug-description"
            required
            maxLength={8000}
            value={description}
            onInput={(event) => setDescription(event.currentTarget.value)}
          />
          <label class="field" for="ci-bug-severity">
            {strings.bugSeverity}
          </label>
          <select
            id="ci-bug-severity"
            value={severity}
            onChange={(event) => setSeverity(event.currentTarget.value as BugSeverity)}
          >
            {SEVERITIES.map((value) => (
              <option key={value} value={value}>
                {strings[SEVERITY_LABELS[value]]}
              </option>
            ))}
          </select>
          <p class="muted">{strings.bugAttached}</p>
          {state.kind === 'error' && (
            <p class="error" role="alert">
              {state.message}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary" disabled={!description.trim() || state.kind === 'sending'}>
              {state.kind === 'sending' ? strings.sending : strings.send}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
