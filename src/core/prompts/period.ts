// The period a saved prompt names ("the last 7 days", « les 7 derniers jours »): a rolling span of
// days ending today, read here because the question parser takes "the last 7 days" for the single
// day a week ago; any other period is read as in a question.
import { parseTimeRange } from '../journal/time-range';

export interface PromptPeriod {
  start: number;
  end: number;
  text: string;
}

const LAST_DAYS = /(?:(?:les|ces)\s+(\d+)\s+derni(?:ers|ères)\s+jours|(?:the\s+)?(?:last|past)\s+(\d+)\s+days)/iu;

export function promptPeriod(text: string, now: Date): PromptPeriod | null {
  const m = LAST_DAYS.exec(text);
  if (m) {
    const days = Number(m[1] ?? m[2]);
    if (days > 0 && days <= 3660) {
      const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
      const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1 - days).getTime();
      return { start, end, text: m[0] };
    }
  }
  const range = parseTimeRange(text, now);
  return range ? { start: range.start, end: range.end, text: range.text } : null;
}
