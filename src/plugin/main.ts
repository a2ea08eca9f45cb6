// The plugin's lifecycle: load the settings, register views, commands, the settings tab and the
// status bar; once the workspace is ready, open the index and start following the vault.
import { normalizePath, Notice, Plugin, type WorkspaceLeaf } from 'obsidian';
import type { AskEngine } from '../core/engine-types';
import type { ChatModel, Logger } from '../core/ports';
import type { ConnectionDiagnosis } from '../core/answer/connection';
import { AdapterBlobStore, indexFolder } from './adapters/adapter-blob-store';
import { embedderFromSettings } from './adapters/embedder-from-settings';
import { ObsidianHttpClient } from './adapters/http-client';
import { InlineEmbedWorkers } from './adapters/inline-worker';
import { hostExclusions } from './adapters/obsidian-exclusions';
import { VaultNoteSource } from './adapters/vault-note-source';
import type { WorkerEmbedder } from './adapters/worker-embedder';
import { chatModelFromSettings, endpointName, hasEndpoint, testLlmConnection } from './chat-model';
import { registerCommands, type CommandHost } from './commands';
import { registerTimeViews } from './time-commands';
import { ConversationStore } from './conversations/conversation-store';
import { EngineProvider } from './engine-provider';
import { t } from './i18n';
import { IndexBusyError, IndexController } from './indexer/index-controller';
import { IndexStatusBar } from './indexer/status-bar';
import { loadModelWithNotice } from './model-download';
import { loadSettingsReport } from './settings/load-settings';
import { migrateKeysToSecretStorage, resolveApiKey, secretBackend, type KeyField, type SecretBackend } from './settings/secret-keys';
import { testEmbeddings, type EmbeddingTestResult } from './settings/test-embeddings';
import { guardPaidEndpoint } from './settings/paid-index-confirm';
import { PluginRerankers } from './adapters/reranker-from-settings';
import type { PluginSettings } from './settings/plugin-settings';
import { AskVaultSettingTab, type SettingsHost } from './settings/settings-tab';
import type { IndexHost } from './ask-host';
import { HOVER_SOURCE } from './views/answer-block';
import { CHAT_VIEW_TYPE, ChatView } from './views/chat-view';
import { INDEX_STATUS_VIEW_TYPE, IndexStatusView } from './views/index-status-view';
import { setPrivateApiNotifier } from './adapters/private-api';
import { adapterLinkCheck } from './adapters/link-check';
import { SavedPrompts } from './prompts/prompt-commands';

/** Settings whose change means reopening the index (and, for the model, loading it again). */
function indexSignature(s: PluginSettings): { model: string; index: string } {
  return {
    model: JSON.stringify([s.retrieval.embeddingModel, s.retrieval.offline, s.indexing.localModelFolder, s.indexing.workerPoolSize, { ...s.embedding, confirmed: '' }, s.rerank, s.secrets.embedding, s.secrets.rerank]),
    index: JSON.stringify([s.retrieval.chunkTokens, s.journal, s.exclusions, s.conversations]),
  };
}

const SETTINGS_APPLY_MS = 1_000;

export default class AskVaultPlugin extends Plugin implements CommandHost, IndexHost, SettingsHost {
  declare settings: PluginSettings;
  conversations!: ConversationStore;
  prompts!: SavedPrompts;
  indexer: IndexController | null = null;
  private provider: EngineProvider | null = null;
  private providerReady!: Promise<EngineProvider>;
  private resolveProvider!: (provider: EngineProvider) => void;
  private workers: InlineEmbedWorkers | null = null;
  private rerankers: PluginRerankers | null = null;
  private excluded: (path: string) => boolean = () => false;
  private applied = { model: '', index: '' };
  private applyTimer: number | null = null;
  private readonly logger: Logger = {
    info: (m) => console.debug(`Ask Vault: ${m}`),
    warn: (m) => console.warn(`Ask Vault: ${m}`),
    debug: (m) => console.debug(`Ask Vault: ${m}`),
  };
  /** Obsidian's secret storage, null before 1.11.4 (keys then stay in data.json). */
  secrets: SecretBackend | null = null;
  private readonly http = new ObsidianHttpClient({ onFallback: () => new Notice(t('error.cors-hint')) });

  override async onload(): Promise<void> {
    setPrivateApiNotifier((api) => new Notice(t('notice.private-api', { api })));
    await this.loadPluginSettings();
    this.providerReady = new Promise((resolve) => (this.resolveProvider = resolve));
    this.conversations = new ConversationStore(
      this.app.vault,
      () => this.settings.conversations.folder,
      () => ({ question: t('conversation.question'), sources: t('chat.sources'), understood: t('chat.understood') }),
    );
    this.updateExclusions();

    this.registerView(CHAT_VIEW_TYPE, (leaf) => new ChatView(leaf, this));
    this.registerView(INDEX_STATUS_VIEW_TYPE, (leaf) => new IndexStatusView(leaf, this));
    this.registerHoverLinkSource(HOVER_SOURCE, { display: t('chat.title'), defaultMod: true });
    this.addSettingTab(new AskVaultSettingTab(this.app, this, this));
    registerCommands(this, this);
    registerTimeViews(this, this);
    this.prompts = new SavedPrompts(this, this);
    this.addRibbonIcon('message-square', t('command.open-panel'), () => void this.openChat());
    this.register(() => {
      if (this.applyTimer !== null) window.clearTimeout(this.applyTimer);
    });

    this.app.workspace.onLayoutReady(() => {
      this.start();
      void this.prompts.start();
    });
  }

  override onunload(): void {
    setPrivateApiNotifier(null);
    // The indexer (a child component) has stopped; write what it staged, then stop the workers.
    const provider = this.provider;
    const workers = this.workers;
    const rerankers = this.rerankers;
    void (provider ? provider.close() : Promise.resolve()).finally(() => {
      rerankers?.dispose();
      workers?.dispose();
    });
  }

  /** Opens the index over the vault adapter and starts following the vault. */
  private start(): void {
    const adapter = this.app.vault.adapter;
    const mainJs = normalizePath(`${this.manifest.dir ?? `${this.app.vault.configDir}/plugins/${this.manifest.id}`}/main.js`);
    const workers = new InlineEmbedWorkers(() => adapter.readBinary(mainJs));
    this.workers = workers;
    const rerankers = new PluginRerankers({ runtime: workers, adapter, http: this.http, apiKey: () => this.apiKey('rerank') });
    this.rerankers = rerankers;
    const isExcluded = (path: string) => this.excluded(path);
    const provider = new EngineProvider({
      // `<configDir>/plugins/ask-vault/index` whatever the plugin's folder is called: that is where
      // `ask-vault index <vault>` writes, and the plugin picks that index up.
      store: new AdapterBlobStore(adapter, indexFolder(this.app), adapterLinkCheck(adapter)),
      source: new VaultNoteSource(this.app.vault),
      settings: this.settings,
      createEmbedder: () => {
        const embedder = embedderFromSettings(this.settings, {
          runtime: workers, adapter, cores: navigator.hardwareConcurrency || 2, http: this.http, apiKey: () => this.apiKey('embedding'),
        });
        return embedder && guardPaidEndpoint(this.app, this.settings, embedder, () => this.saveData(this.settings));
      },
      createReranker: () => rerankers.create(this.settings),
      isExcluded,
      logger: this.logger,
      onReadOnly: (holder) => new Notice(t('notice.index-read-only', { holder })),
    });
    this.provider = provider;
    this.resolveProvider(provider);
    this.applied = indexSignature(this.settings);

    const indexer = this.addChild(new IndexController({
      vault: this.app.vault,
      metadataCache: this.app.metadataCache,
      engine: () => provider.engine(),
      recreate: () => provider.recreate(),
      loadModel: async (onProgress) => {
        const embedder = await provider.embedder();
        if (embedder) await loadModelWithNotice(embedder, onProgress);
      },
      isExcluded,
      logger: this.logger,
    }));
    this.indexer = indexer;
    this.addChild(new IndexStatusBar(this.addStatusBarItem(), indexer, () => void this.openIndexStatus(), () => this.settings.indexing.showStatusBar));
    indexer.start();
  }

  // ---- hosts of the views, commands and settings tab ----------------------------

  async engine(): Promise<AskEngine> {
    try {
      return await (await this.providerReady).readEngine();
    } catch (err) {
      if (err instanceof IndexBusyError) throw new Error(t('status.busy-tooltip', { holder: err.heldBy }));
      throw err;
    }
  }

  chatModel(): ChatModel | null {
    return chatModelFromSettings(this.llmWithKey(), this.http);
  }

  /** An API key from Obsidian's secret storage (or data.json on an Obsidian without one). */
  apiKey(field: KeyField): string {
    return resolveApiKey(this.settings, field, this.secrets);
  }

  private llmWithKey(): PluginSettings['llm'] {
    return { ...this.settings.llm, apiKey: this.apiKey('llm') };
  }

  testEmbeddings(): Promise<EmbeddingTestResult> {
    return testEmbeddings(this.settings.embedding, this.http, this.apiKey('embedding'));
  }

  answerModelNames(): { model: string; endpoint: string } {
    const llm = this.settings.llm;
    return hasEndpoint(llm) ? { model: llm.model, endpoint: endpointName(llm) } : { model: 'none', endpoint: 'none' };
  }

  testConnection(): Promise<ConnectionDiagnosis> {
    return testLlmConnection(this.llmWithKey(), this.http);
  }

  async indexSize(): Promise<number> {
    const store = (await this.providerReady).store;
    return (await store.size?.()) ?? 0;
  }

  embeddingDevice(): string | null {
    const embedder = this.provider?.currentEmbedder as WorkerEmbedder | null | undefined;
    return embedder?.loaded?.device ?? null;
  }

  async rebuildIndex(): Promise<void> {
    if (!this.indexer) throw new Error(t('notice.not-ready'));
    await this.indexer.rebuild();
  }

  async openChat(): Promise<ChatView | null> {
    const leaf = await this.revealSideView(CHAT_VIEW_TYPE);
    return leaf?.view instanceof ChatView ? leaf.view : null;
  }

  promptProblems(): readonly { path: string; reason: string }[] {
    return this.prompts?.library.problems ?? [];
  }

  async openIndexStatus(): Promise<void> {
    await this.revealSideView(INDEX_STATUS_VIEW_TYPE);
  }

  private async revealSideView(type: string): Promise<WorkspaceLeaf | null> {
    const { workspace } = this.app;
    let leaf: WorkspaceLeaf | null = workspace.getLeavesOfType(type)[0] ?? null;
    if (!leaf) {
      leaf = workspace.getRightLeaf(false);
      if (!leaf) return null;
      await leaf.setViewState({ type, active: true });
    }
    await workspace.revealLeaf(leaf);
    return leaf;
  }

  // ---- settings ---------------------------------------------------------------

  private async loadPluginSettings(): Promise<void> {
    const report = loadSettingsReport(await this.loadData());
    this.settings = report.settings;
    this.secrets = secretBackend(this.app);
    const moved = await migrateKeysToSecretStorage(this.settings, this.secrets, () => this.saveData(this.settings));
    for (const line of moved.failed) this.logger.warn(line);
    const resets = report.issues.filter((issue) => !/^settings: migrated/.test(issue));
    for (const issue of report.issues) this.logger.warn(issue);
    if (resets.length > 0) new Notice(t('notice.settings-reset'));
    if (report.fromVersion !== null && (report.fromVersion !== this.settings.version || resets.length > 0)) {
      await this.saveData(this.settings);
    }
  }

  async saveSettings(): Promise<void> {
    await this.saveData(this.settings);
    this.updateExclusions();
    // Typing in a field saves on each keystroke: the index is reopened once the typing stops.
    if (this.applyTimer !== null) window.clearTimeout(this.applyTimer);
    this.applyTimer = window.setTimeout(() => {
      this.applyTimer = null;
      void this.applySettings();
    }, SETTINGS_APPLY_MS);
  }

  private updateExclusions(): void {
    const c = this.settings.conversations;
    this.excluded = hostExclusions(this.app, { conversationFolder: c.excludeFromIndex ? c.folder : null });
  }

  private async applySettings(): Promise<void> {
    const next = indexSignature(this.settings);
    const modelChanged = next.model !== this.applied.model;
    const indexChanged = next.index !== this.applied.index;
    this.applied = next;
    if (!this.provider || !this.indexer || (!modelChanged && !indexChanged)) return;
    const provider = this.provider;
    await this.indexer.suspend(() => provider.reopen());
    if (modelChanged) this.indexer.modelChanged();
    else this.indexer.fullSync();
  }
}
