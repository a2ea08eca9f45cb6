// What the views and commands need from the plugin, as an interface: they never reach into the
// plugin object, and tests give them a host over an in-memory vault and a real engine.
import type { App } from 'obsidian';
import type { AskEngine } from '../core/engine-types';
import type { ChatModel } from '../core/ports';
import type { ConversationStore } from './conversations/conversation-store';
import type { IndexController } from './indexer/index-controller';
import type { PluginSettings } from './settings/plugin-settings';

export interface AskHost {
  readonly app: App;
  readonly settings: PluginSettings;
  /** The engine once open; rejects with a one-line reason (e.g. the index is busy). */
  engine(): Promise<AskEngine>;
  /** The configured endpoint, or null: answers then quote the notes. */
  chatModel(): ChatModel | null;
  /** Model and endpoint names recorded in saved conversations. */
  answerModelNames(): { model: string; endpoint: string };
  readonly conversations: ConversationStore;
  /** Saved prompts for the chat's `/`; absent in hosts without them. */
  readonly prompts?: {
    list(): { id: string; name: string; note?: string; needsQuestion?: boolean }[];
    run(id: string, question?: string, from?: import('./views/chat-view').ChatView): Promise<void>;
  };
}

/** What the index status view shows and controls. */
export interface IndexHost {
  readonly app: App;
  readonly settings: PluginSettings;
  readonly indexer: IndexController | null;
  engine(): Promise<AskEngine>;
  /** Bytes of the index on disk. */
  indexSize(): Promise<number>;
  /** The embedding backend once loaded ("wasm", "webgpu"), for the status view. */
  embeddingDevice(): string | null;
  rebuildIndex(): Promise<void>;
  /** Saved prompts that could not be read, with the reason. */
  promptProblems?(): readonly { path: string; reason: string }[];
}
