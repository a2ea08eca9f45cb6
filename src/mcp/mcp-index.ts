// What the MCP server reads: a snapshot reader of the index (core/snapshot-reader.ts), named
// here by the few methods the tools call, so tests can hand it any engine.
import type { AnswerResponse, AskOptions, IndexStatus, SearchOptions, SearchResponse } from '../core/engine-types';
import type { ChatModel } from '../core/ports';
import type { JournalMention, NoteRecord, SearchResult } from '../core/types';

export interface McpIndex {
  readonly generation: number;
  search(query: string, opts?: SearchOptions): Promise<SearchResponse>;
  ask(question: string, opts?: AskOptions): Promise<AnswerResponse>;
  related(path: string, k?: number): Promise<SearchResult[]>;
  note(path: string): NoteRecord | undefined;
  notes(): Iterable<NoteRecord>;
  mentionsOf(path: string): JournalMention[];
  journalsBetween(start: number, end: number): { path: string; date: number }[];
  status(): IndexStatus;
  /** Who writes the index now, or null. */
  writer(): Promise<string | null>;
}

export interface McpHost {
  index: McpIndex;
  /** The endpoint given with `--endpoint`, or null: answers are then extractive. */
  chat: ChatModel | null;
  /** Extra fields of the status resource (vault and index folders, watch state). */
  statusExtras(): Record<string, unknown>;
  now?: () => Date;
}
