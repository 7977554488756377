import { useState } from 'preact/hooks';
import { Dialog } from './dialog.tsx';
import type { FeedbackStrings } from './strings.ts';

/** Props of the NPS survey: the result goes to `onAnswer`, a close without answer to `onDismiss`. */
export interface NpsSurveyProps {
  strings: FeedbackStrings;
  onAnswer: (score: number, comment: string | undefined) => void;
  onDismiss: () => void;
  onDone: () => void;
}

const SCORES = Array.from({ length: 11 }, (_, score) => score);

/** The follow-up question for a score: detractors (0–6), passives (7–8) and promoters (9–10) are asked differently. */
function followUpQuestion(score: number, strings: FeedbackStrings): string {
  if (score <= 6) return strings.npsFollowUpDetractor;
  if (score <= 8) return strings.npsFollowUpPassive;
  return strings.npsFollowUpPromoter;
}

/**
 * A 0–10 scale of native radio buttons (arrow keys move, Space selects, screen readers announce "7, radio, 8 of
 * 11"), then the follow-up question for the chosen score, then thanks.
 */
export function NpsSurvey({ strings, onAnswer, onDismiss, onDone }: NpsSurveyProps) {
  const [score, setScore] = useState<number | undefined>();
  const [step, setStep] = useState<'score' | 'comment' | 'thanks'>('score');
  const [comment, setComment] = useState('');
  const finish = (withComment: boolean) => {
    onAnswer(score!, withComment && comment.trim() ? comment.trim() : undefined);
    setStep('thanks');
  };
  const close = () => (step === 'thanks' ? onDone() : step === 'comment' ? finish(false) : onDismiss());

  return (
    <Dialog title={strings.npsTitle} closeLabel={strings.close} onClose={close} step={step}>
      {step === 'score' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (score !== undefined) setStep('comment');
          }}
        >
          <fieldset>
            <legend>{strings.npsQuestion}</legend>
            <div class="scale">
              {SCORES.map((value) => (
                <label key={value}>
                  <input
                    type="radio"
                    name="score"
                    value={value}
                    checked={score === value}
                    data-autofocus={value === 0 ? true : undefined}
                    aria-label={
                      value === 0 ? `0, ${strings.npsLow}` : value === 10 ? `10, ${strings.npsHigh}` : String(value)
                    }
                    onChange={() => setScore(value)}
                  />
                  <span aria-hidden="true">{value}</span>
                </label>
              ))}
            </div>
            <div class="ends" aria-hidden="true">
              <span>{strings.npsLow}</span>
              <span>{strings.npsHigh}</span>
            </div>
          </fieldset>
          <div class="actions">
            <button type="submit" class="primary" disabled={score === undefined}>
              {strings.next}
            </button>
          </div>
        </form>
      )}
      {step === 'comment' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            finish(true);
          }}
        >
          <label class="field" for="ci-nps-comment">
            {followUpQuestion(score!, strings)}
          </label>
          <textarea
            id="ci-nps-comment"
            data-autofocus
            maxLength={2000}
            value={comment}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
          <div class="actions">
            <button type="button" onClick={() => finish(false)}>
              {strings.skip}
            </button>
            <button type="submit" class="primary">
              {strings.send}
            </button>
          </div>
        </form>
      )}
      {step === 'thanks' && (
        <div>
          <p role="status">{strings.thanks}</p>
          <div class="actions">
            <button type="button" class="primary" data-autofocus onClick={onDone}>
              {strings.close}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
