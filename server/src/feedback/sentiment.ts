import Sentiment from 'sentiment';

/** The sentiment of a comment: the AFINN-165 score from the `sentiment` package and a label derived from it. */
export interface CommentSentiment {
  score: number;
  comparative: number;
  label: 'positive' | 'neutral' | 'negative';
}

const analyzer = new Sentiment();

/** Scores English text with `sentiment` (AFINN-165, negation-aware); empty text is neutral. */
export function commentSentiment(text: string | undefined): CommentSentiment {
  if (!text?.trim()) return { score: 0, comparative: 0, label: 'neutral' };
  const result = analyzer.analyze(text);
  const label = result.score > 0 ? 'positive' : result.score < 0 ? 'negative' : 'neutral';
  return { score: result.score, comparative: Math.round(result.comparative * 1000) / 1000, label };
}
