import { useState } from 'preact/hooks';
import type { BugSeverity } from '../../../shared/protocol.ts';
import type { FeedbackStrings } from './strings.ts';

const SEVERITY_LABELS: Record<BugSeverity, keyof FeedbackStrings> = {
  low: 'bugSeverityLow',
  medium: 'bugSeverityMedium',
  high: 'bugSeverityHigh',
  critical: 'bugSeverityCritical',
};
// Listed here rather than imported from the protocol module, which would pull the validation library into the chunk.
const SEVERITIES = Object.keys(SEVERITY_LABELS) as BugSeverity[];

/** Props of the bug report's fields; `error` is the last send's failure, shown above Send. */
export interface BugReportFieldsProps {
  strings: FeedbackStrings;
  sending: boolean;
  error: string | undefined;
  onSubmit: (report: { description: string; severity: BugSeverity }) => void;
}

/** The description and severity the user gives; Send is off while the description is blank or a send is under way. */
export function BugReportFields({ strings, sending, error, onSubmit }: BugReportFieldsProps) {
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<BugSeverity>('medium');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (description.trim() && !sending) onSubmit({ description: description.trim(), severity });
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
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={!description.trim() || sending}>
          {sending ? strings.sending : strings.send}
        </button>
      </div>
    </form>
  );
}
