import { useState } from 'preact/hooks';
import { CloseAction, Dialog } from './dialog.tsx';
import { NpsScoreForm } from './nps-score-form.tsx';
import type { FeedbackStrings } from './strings.ts';

/** Props of the NPS survey: the result goes to `onAnswer`, a close without answer to `onDismiss`. */
export interface NpsSurveyProps {
  strings: FeedbackStrings;
  onAnswer: (score: number, comment: string | undefined) => void;
  onDismiss: () => void;
  onDone: () => void;
}

/** The follow-up question for a score: detractors (0–6), passives (7–8) and promoters (9–10) are asked differently. */
function followUpQuestion(score: number, strings: FeedbackStrings): string {
  if (score <= 6) return strings.npsFollowUpDetractor;
  if (score <= 8) return strings.npsFollowUpPassive;
  return strings.npsFollowUpPromoter;
}

/** The 0–10 scale, then the follow-up question for the chosen score, then thanks. */
export function NpsSurvey({ strings, onAnswer, onDismiss, onDone }: NpsSurveyProps) {
  const [score, setScore] = useState<number | undefined>();
  const [step, setStep] = useState<'score' | 'comment' | 'thanks'>('score');
  const finish = (comment: string | undefined) => {
    onAnswer(score!, comment);
    setStep('thanks');
  };
  const close = () => (step === 'thanks' ? onDone() : step === 'comment' ? finish(undefined) : onDismiss());

  return (
    <Dialog title={strings.npsTitle} closeLabel={strings.close} onClose={close} step={step}>
      {step === 'score' && (
        <NpsScoreForm
          strings={strings}
          onScore={(chosen) => {
            setScore(chosen);
            setStep('comment');
          }}
        />
      )}
      {step === 'comment' && (
        <NpsCommentForm question={followUpQuestion(score!, strings)} strings={strings} onFinish={finish} />
      )}
      {step === 'thanks' && (
        <div>
          <p role="status">{strings.thanks}</p>
          <CloseAction label={strings.close} onClose={onDone} />
        </div>
      )}
    </Dialog>
  );
}

/** The follow-up question; Send gives `onFinish` the trimmed comment (none when blank), Skip gives none. */
function NpsCommentForm({
  question,
  strings,
  onFinish,
}: {
  question: string;
  strings: FeedbackStrings;
  onFinish: (comment: string | undefined) => void;
}) {
  const [comment, setComment] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onFinish(comment.trim() || undefined);
      }}
    >
      <label class="field" for="ci-nps-comment">
        {question}
      </label>
      <textarea
        id="ci-nps-comment"
        data-autofocus
        maxLength={2000}
        value={comment}
        onInput={(event) => setComment(event.currentTarget.value)}
      />
      <div class="actions">
        <button type="button" onClick={() => onFinish(undefined)}>
          {strings.skip}
        </button>
        <button type="submit" class="primary">
          {strings.send}
        </button>
      </div>
    </form>
  );
}
