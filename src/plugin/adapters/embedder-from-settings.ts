// From the plugin's settings to the embedder the engine uses: a pool of workers on the hub
// model, or on a model folder inside the vault (read by the main thread, see WorkerEmbedder).
import { normalizePath, type DataAdapter } from 'obsidian';
import { resolveWorkerPoolSize, type PluginSettings } from '../settings/plugin-settings';
import { WorkerEmbedder, type EmbedWorkerRuntime } from './worker-embedder';
import type { HttpClient } from '../../core/ports';
import { endpointEmbedderFromSettings, type EndpointEmbedder } from '../../core/embedding/providers';

export interface EmbedderDeps {
  runtime: EmbedWorkerRuntime;
  /** For an embedding endpoint (requestUrl where CORS blocks fetch), on the main thread: no model runs here. */
  http?: HttpClient;
  /** The endpoint's API key, from secret storage when Obsidian has it. */
  apiKey?: () => string;
  adapter: Pick<DataAdapter, 'exists' | 'readBinary'>;
  /** Logical cores (navigator.hardwareConcurrency). */
  cores: number;
}

/** Null when no embedding model is configured: search is then lexical and graph only. */
export function embedderFromSettings(settings: PluginSettings, deps: EmbedderDeps): WorkerEmbedder | EndpointEmbedder | null {
  if (settings.embedding.provider !== 'transformers' && deps.http) {
    return endpointEmbedderFromSettings(settings.embedding, deps.http, deps.apiKey?.() ?? settings.embedding.apiKey);
  }
  const folder = settings.indexing.localModelFolder.trim().replace(/^\/+|\/+$/g, '');
  const hubId = settings.retrieval.embeddingModel.trim();
  if (!folder && !hubId) return null;
  const poolSize = resolveWorkerPoolSize(settings.indexing, deps.cores);
  if (folder) {
    return new WorkerEmbedder({
      runtime: deps.runtime,
      // The folder, not its content, names the model: replacing the files in place keeps old
      // vectors. Renaming the folder (or the rebuild command) is how to start afresh.
      modelId: `vault:${folder}`,
      poolSize,
      load: { model: folder, localFolder: true, offline: true, device: 'auto' },
      readModelFile: modelFolderReader(deps.adapter, folder),
    });
  }
  return new WorkerEmbedder({
    runtime: deps.runtime,
    modelId: hubId,
    poolSize,
    load: { model: hubId, offline: settings.retrieval.offline, device: 'auto' },
  });
}

/** Reads `<folder>/<path>` from the vault; null when absent. Paths never leave the folder. */
export function modelFolderReader(adapter: Pick<DataAdapter, 'exists' | 'readBinary'>, folder: string): (path: string) => Promise<ArrayBuffer | null> {
  return async (path) => {
    if (path.split('/').some((part) => part === '..' || part === '.' || part === '')) {
      throw new Error(`refusing to read outside the model folder: ${path}`);
    }
    const full = normalizePath(`${folder}/${path}`);
    if (!(await adapter.exists(full))) return null;
    return adapter.readBinary(full);
  };
}
