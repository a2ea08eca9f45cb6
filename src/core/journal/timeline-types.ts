// What a timeline answer knows about the entries it was given: how many there were, how many
// are shown, and for an empty period the nearest entries on either side.
import type { QuestionIntent } from '../question/intent';

export interface TimelineNeighbour {
  path: string;
  title: string;
  date: number;
}

export interface TimelineInfo {
  intent: Exclude<QuestionIntent, 'fact'>;
  /** Journal entries in the period (period) or about the topic (evolution, first/last). */
  total: number;
  /** Of those, how many are among the sources. */
  shown: number;
  /** The period, when the question names one: [start, end), local timestamps. */
  start?: number;
  end?: number;
  /** The period as written in the question ("en mars 2025"). */
  text?: string;
  /** For an empty period: the nearest entries before and after it. */
  before?: TimelineNeighbour;
  after?: TimelineNeighbour;
  /** The topic notes the question was resolved to (evolution, first/last). */
  topics?: string[];
}
