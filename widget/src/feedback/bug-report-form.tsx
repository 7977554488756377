import { useState } from 'preact/hooks';
import type { BugSeverity } from '../../../shared/protocol.ts';
import { BugReportFields } from './bug-report-fields.tsx';
import { CloseAction, Dialog } from './dialog.tsx';
import type { FeedbackStrings } from './strings.ts';
import type { FeedbackUiHost } from './ui-host.ts';

/** Props of the user's bug-report form. */
export interface BugReportFormProps {
  host: FeedbackUiHost;
  strings: FeedbackStrings;
  onClose: () => void;
}

type SendState = { kind: 'idle' | 'sending' } | { kind: 'error'; message: string } | { kind: 'sent'; id: string };

/** Description and severity; the host attaches page, errors, breadcrumbs, vitals, flags and replay, and files it. */
export function BugReportForm({ host, strings, onClose }: BugReportFormProps) {
  const [state, setState] = useState<SendState>({ kind: 'idle' });
  const submit = async (report: { description: string; severity: BugSeverity }) => {
    setState({ kind: 'sending' });
    try {
      setState({ kind: 'sent', id: await host.fileBugReport(report) });
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
        <BugReportFields
          strings={strings}
          sending={state.kind === 'sending'}
          error={state.kind === 'error' ? state.message : undefined}
          onSubmit={submit}
        />
      )}
    </Dialog>
  );
}
