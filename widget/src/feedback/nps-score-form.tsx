import { useState } from 'preact/hooks';
import type { FeedbackStrings } from './strings.ts';

const SCORES = Array.from({ length: 11 }, (_, score) => score);

/** A score's accessible name: the two ends also say what they mean. */
function scoreLabel(score: number, strings: FeedbackStrings): string {
  return score === 0 ? `0, ${strings.npsLow}` : score === 10 ? `10, ${strings.npsHigh}` : String(score);
}

/** The NPS question as a 0–10 scale of radio buttons; Next hands the chosen score to `onScore`. */
export function NpsScoreForm({ strings, onScore }: { strings: FeedbackStrings; onScore: (score: number) => void }) {
  const [score, setScore] = useState<number | undefined>();
  // Native radio buttons: arrow keys move, Space selects, screen readers announce "7, radio, 8 of 11".
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (score !== undefined) onScore(score);
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
                aria-label={scoreLabel(value, strings)}
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
  );
}
