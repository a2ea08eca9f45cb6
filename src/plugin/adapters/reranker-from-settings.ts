// From the plugin's rerank settings to the Reranker the engine uses: a `/v1/rerank` endpoint,
// or the cross-encoder in a worker, on a hub id or a model folder of the vault (as the CLI
// takes a folder when the path exists). The engine asks at each opening: one worker is kept
// while the model stays the same, and stopped when it changes or the plugin unloads.
import { normalizePath, type DataAdapter } from 'obsidian';
import { rerankerFromSettings } from '../../core/embedding/providers';
import type { HttpClient } from '../../core/ports';
import type { Reranker } from '../../core/retrieval/rerank';
import type { PluginSettings } from '../settings/plugin-settings';
import { modelFolderReader } from './embedder-from-settings';
import type { EmbedWorkerRuntime } from './worker-embedder';
import { WorkerReranker } from './worker-reranker';

export interface RerankerDeps {
  runtime: EmbedWorkerRuntime;
  adapter: Pick<DataAdapter, 'exists' | 'readBinary'>;
  http: HttpClient;
  apiKey: () => string;
}

export class PluginRerankers {
  private current: { key: string; reranker: WorkerReranker } | null = null;

  constructor(private readonly deps: RerankerDeps) {}

  create(settings: PluginSettings): Reranker | null {
    const r = settings.rerank;
    const model = r.model.trim().replace(/^\/+|\/+$/g, '');
    if (r.kind !== 'cross-encoder' || !model) {
      this.dispose();
      return rerankerFromSettings(r, this.deps.http, this.deps.apiKey());
    }
    const key = JSON.stringify([model, settings.retrieval.offline]);
    if (this.current?.key === key) return this.current.reranker;
    this.dispose();
    const { adapter, runtime } = this.deps;
    const reranker = new WorkerReranker({
      runtime,
      model,
      // A folder of the vault holding a model wins over a hub id of the same spelling.
      load: async () => (await adapter.exists(normalizePath(`${model}/config.json`)))
        ? { model, localFolder: true, offline: true }
        : { model, offline: settings.retrieval.offline },
      readModelFile: modelFolderReader(adapter, model),
    });
    this.current = { key, reranker };
    return reranker;
  }

  dispose(): void {
    this.current?.reranker.dispose();
    this.current = null;
  }
}
