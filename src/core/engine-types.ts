// The contract between the core engine and its two hosts (CLI and plugin).
import type { ChatModel } from './ports';
import type { SearchResult, SkippedNote } from './types';
import type { IntentSetting, QuestionIntent } from './question/intent';
import type { TimelineInfo } from './journal/timeline-types';
import type { TimelineLine } from './answer/timeline-extractive';
import type { NoteJournals, NoteJournalsOptions } from './journal/note-journals';
import type { CoreNotice } from './notices';
import type { LlmErrorKind } from './http/errors';

export type SearchMode = 'hybrid' | 'lexical' | 'vector';

export interface IndexProgress {
  phase: 'scan' | 'parse' | 'embed' | 'write' | 'done';
  /** Notes handled so far, out of notesTotal. */
  notesDone: number;
  notesTotal: number;
  /** Chunks embedded so far, out of the chunks that need embedding. */
  chunksDone: number;
  chunksTotal: number;
  /** Estimated time left, from the measured rate; undefined until there is a rate. */
  etaMs?: number;
}

export interface IndexSummary {
  notes: number;
  chunks: number;
  embedded: number;
  reused: number;
  skipped: SkippedNote[];
  model: string | null;
  /** Notes removed from the index because they left the vault (or became excluded). */
  removed: number;
  renamed: number;
  /** One line: why embedding stopped during this run (what was embedded before is kept). */
  embedError?: string;
}

export interface SearchOptions {
  k?: number;
  mode?: SearchMode;
  /** Expand through the journal graph (default true). */
  expand?: boolean;
  now?: Date;
  signal?: AbortSignal;
  /** Forces the question's intent; default: the setting, else read from the question. */
  intent?: IntentSetting;
  /** The context the user chose (chips): notes, folders, tags, a date range. */
  scope?: import('./retrieval/scope').RetrievalScope;
  /** Only notes this accepts are searched and cited (a folder, tag or date filter of a client such as MCP). */
  pathFilter?: (path: string) => boolean;
}

export interface TimeScope {
  start: number;
  end: number;
  text: string;
}

export interface SearchResponse {
  results: SearchResult[];
  /** The mode actually used (hybrid falls back to lexical without a model). */
  mode: SearchMode;
  timeScope?: TimeScope;
  /** What the user should know, as codes each client words in its language. */
  notices: CoreNotice[];
  /** What the question was taken to ask (fact, period, evolution, first, last). */
  intent?: QuestionIntent;
  /** For period, evolution and first/last questions: counts of the entries and the period. */
  timeline?: TimelineInfo;
  /** The chosen context as applied, when `scope` was given (chips naming deleted notes are listed as dropped). */
  scope?: import('./retrieval/scope').ScopeReport;
  /** Set when a reranker ran (or failed: `applied` false): its name and time. */
  rerank?: import('./retrieval/rerank').RerankReport;
}

export type AnswerSegment =
  | { kind: 'text'; text: string }
  | { kind: 'citation'; raw: string; path: string; heading?: string; display: string }
  | { kind: 'bad-citation'; raw: string; reason: string };

export interface AnswerResponse {
  /** The answer as markdown, citations verified (bad ones are marked, never links). */
  markdown: string;
  /** The raw text the model streamed (or the extractive answer). */
  raw: string;
  segments: AnswerSegment[];
  sources: SearchResult[];
  complete: boolean;
  /** One-line reason when incomplete or when the LLM failed and we fell back. */
  error?: string;
  /** True when no LLM was used and the answer quotes passages. */
  extractive: boolean;
  notices: CoreNotice[];
  /** Which kind of failure `error` is, for the client to word it ('empty': the model said nothing). */
  errorKind?: LlmErrorKind | 'empty';
  intent?: QuestionIntent;
  timeline?: TimelineInfo;
  /** For a timeline: one line per dated source inside the period, in date order, with its best sentence. */
  timelineLines?: TimelineLine[];
  /** Earlier turns given to the model, and those left out for lack of room (model answers only). */
  history?: { kept: number; dropped: number };
}

export interface AskOptions extends SearchOptions {
  chat?: ChatModel | null;
  onToken?: (delta: string) => void;
  temperature?: number;
  maxContextTokens?: number;
  systemPrompt?: string;
  /** Answer language; default: the question's. */
  language?: 'fr' | 'en';
  /** Earlier turns of the conversation, oldest first; they reach the model within `historyTokens`. */
  history?: import('./answer/history').HistoryTurn[];
  /** Budget for the earlier turns; default: settings.chat.historyTokens. */
  historyTokens?: number;
}

export interface NoteEntry {
  path: string;
  title: string;
  aliases: string[];
  tags: string[];
}

export interface IndexStatus {
  notes: number;
  chunks: number;
  vectors: number;
  model: string | null;
  /** Notes that could not be indexed, with the reason. */
  failed: SkippedNote[];
  excluded: number;
  bytesOnDisk?: number;
  /** One-line warnings from opening the index (corrupt, rebuilt, model changed…), in English. */
  warnings: string[];
  /** Notices of this session (the embedding model could not be loaded…). */
  notices: CoreNotice[];
}

/**
 * What a host (CLI or plugin) can ask of the engine. Implemented by `Engine` in engine.ts.
 * All paths are vault-relative, '/'-separated.
 */
export interface AskEngine {
  /** Brings the index in line with the whole vault, incrementally; checkpoints as it goes. */
  sync(opts?: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void }): Promise<IndexSummary>;
  /** Re-indexes one created or modified note (no-op when its content hash is unchanged). */
  updateNote(path: string, opts?: { signal?: AbortSignal }): Promise<void>;
  removeNote(path: string): Promise<void>;
  /** A rename or move: re-embeds nothing. */
  renameNote(from: string, to: string): Promise<void>;
  /** Writes staged changes to disk (atomic). */
  flush(): Promise<void>;
  search(query: string, opts?: SearchOptions): Promise<SearchResponse>;
  ask(question: string, opts?: AskOptions): Promise<AnswerResponse>;
  /** Semantic and journal neighbours of a note. */
  related(path: string, k?: number): Promise<SearchResult[]>;
  /** The journal entries that link to (or name) a note; for an entry, its links and the same day in earlier years. */
  noteJournals(path: string, opts?: NoteJournalsOptions): Promise<NoteJournals>;
  /** The indexed notes' names and tags, for the `[[` and `@` suggesters (excluded notes are not there). */
  catalog?(): NoteEntry[];
  status(): IndexStatus;
  close(): Promise<void>;
}
