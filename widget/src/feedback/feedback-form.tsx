import { useState } from 'preact/hooks';
import { CloseAction, Dialog } from './dialog.tsx';
import type { FeedbackStrings } from './strings.ts';

/** Props of the feedback form; `prompt` is the contextual question asked after an event, if any. */
export interface FeedbackFormProps {
  strings: FeedbackStrings;
  prompt?: string;
  onSubmit: (text: string) => void;
  onClose: () => void;
}

/**
 * A free-text feedback form. After sending it echoes the text back as a text node (Preact never parses strings
 * as HTML), so the user sees exactly what was recorded.
 */
export function FeedbackForm({ strings, prompt, onSubmit, onClose }: FeedbackFormProps) {
  const [text, setText] = useState('');
  const [sent, setSent] = useState<string | undefined>();
  return (
    <Dialog
      title={strings.feedbackTitle}
      closeLabel={strings.close}
      onClose={onClose}
      step={sent === undefined ? 'form' : 'sent'}
    >
      {sent === undefined ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const value = text.trim();
            if (!value) return;
            onSubmit(value);
            setSent(value);
          }}
        >
          <label class="field" for="ci-feedback-text">
            {prompt ?? strings.feedbackLabel}
          </label>
          <textarea
            id="ci-feedback-text"
            required
            maxLength={8000}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={!text.trim()}>
              {strings.send}
            </button>
          </div>
        </form>
      ) : (
        <div>
          <p role="status">{strings.thanks}</p>
          <p class="muted">{strings.feedbackYouWrote}</p>
          <blockquote data-testid="feedback-echo">{sent}</blockquote>
          <CloseAction label={strings.close} onClose={onClose} />
        </div>
      )}
    </Dialog>
  );
}
