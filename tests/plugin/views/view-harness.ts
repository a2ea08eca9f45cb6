// What the DOM tests of the chat panel and the ask modal share: a small French vault indexed by
// the real engine (lexical and link graph, no embedding model), a real chat client talking to the
// loopback LLM server, and the host the views are given.
import type { App, Vault } from 'obsidian';
import { Engine } from '../../../src/core/engine';
import { createChatModel } from '../../../src/core/answer/model-factory';
import type { ChatModel } from '../../../src/core/ports';
import type { AskHost } from '../../../src/plugin/ask-host';
import { ConversationStore } from '../../../src/plugin/conversations/conversation-store';
import { defaultPluginSettings } from '../../../src/plugin/settings/plugin-settings';
import { VaultNoteSource } from '../../../src/plugin/adapters/vault-note-source';
import { MemoryBlobStore } from '../../core/index/memory-blob-store';
import type { LlmServer } from '../../fakes/llm-server';
import { liveApp, LiveVault } from '../fakes/live-vault';
import { nodeHttpClient } from '../fakes/node-http-client';

export const VAULT: Record<string, string> = {
  'Projets/Projet 20.md': [
    '# Projet 20',
    '',
    'Créer un POC de RAG sur mes notes personnelles.',
    '',
    '## Objectifs',
    '',
    'Répondre aux questions sur le projet 20 avec des citations vérifiables.',
    '',
    '## Calendrier',
    '',
    'Une démonstration du projet 20 est prévue en janvier.',
    '',
  ].join('\n'),
  'Journal/Journal du jeudi 26 décembre 2024 à 15:03.md': 'Camille m\'a demandé si le [[Projet 20]] citerait ses sources.\n',
  'Cuisine.md': '# Cuisine\n\nLa tarte aux pommes demande une pâte brisée.\n',
};

export const QUESTION = 'Quels sont les objectifs du projet 20 ?';

export interface Harness {
  app: ReturnType<typeof liveApp>;
  vault: LiveVault;
  engine: Engine;
  host: AskHost & { model: ChatModel | null };
}

export async function harness(llm: LlmServer | null): Promise<Harness> {
  const vault = new LiveVault(VAULT);
  const app = liveApp(vault);
  const settings = defaultPluginSettings();
  settings.retrieval.embeddingModel = '';
  const engine = await Engine.open({ source: new VaultNoteSource(vault as unknown as Vault), store: new MemoryBlobStore(), embedder: null, settings });
  await engine.sync({});
  const model = llm ? createChatModel({ provider: 'openai', baseUrl: llm.url, model: 'test-model', maxRetries: 0 }, nodeHttpClient()) : null;
  const host = {
    app: app as unknown as App,
    settings,
    model,
    engine: async () => engine,
    chatModel: () => host.model,
    answerModelNames: () => ({ model: host.model ? 'test-model' : 'none', endpoint: host.model ? 'Loopback' : 'none' }),
    conversations: new ConversationStore(vault as unknown as Vault, () => settings.conversations.folder, () => ({ question: 'Question', sources: 'Sources' })),
  };
  return { app, vault, engine, host };
}

/** Waits until `check` stops throwing (DOM updates are throttled and asynchronous). */
export async function until(check: () => void, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() - started > timeoutMs) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export function key(el: Element, keyName: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: keyName, bubbles: true, cancelable: true, ...init });
  el.dispatchEvent(event);
  return event;
}
