// Journals: which notes are dated entries, what they say about other notes, and
// which period a question is about.

export { DEFAULT_JOURNAL_CONFIG, dateInFrontmatter, dateInTitle, dateValue, detectJournal, isUnderFolder } from './detect';
export type { JournalCandidate, JournalConfig } from './detect';
export { parseDailyNoteFormat } from './daily-note-format';
export type { DailyNoteMatcher } from './daily-note-format';
export { DEFAULT_EXCERPT_CHARS, paragraphAround } from './excerpt';
export type { Excerpt, ExcerptOptions } from './excerpt';
export { JournalGraph } from './graph';
export type { GraphEntry, ResolveLink } from './graph';
export { BEGINNING_OF_TIME, parseTimeRange } from './time-range';
export type { TimeGranularity, TimeRange } from './time-range';
