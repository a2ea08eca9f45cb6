import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedderFromSettings, modelFolderReader } from '../../../src/plugin/adapters/embedder-from-settings';
import { defaultPluginSettings } from '../../../src/plugin/settings/plugin-settings';
import { FsDataAdapter } from '../fakes/fs-data-adapter';
import { InProcessRuntime } from '../fakes/in-process-worker';

let vaultDir: string;
let adapter: FsDataAdapter;

beforeAll(async () => {
  vaultDir = await mkdtemp(join(tmpdir(), 'ask-vault-vault-'));
  await cp(resolve('tests/fixtures/tiny-model'), join(vaultDir, 'Modèles', 'tiny-model'), { recursive: true });
  adapter = new FsDataAdapter(vaultDir);
  // Under Node, transformers.js copies what it loads into a file cache (node_modules by default).
  env.cacheDir = join(vaultDir, '.cache');
});

afterAll(() => rm(vaultDir, { recursive: true, force: true }));

describe('embedderFromSettings', () => {
  it('is null without a model, so search falls back to words and links', () => {
    const s = defaultPluginSettings();
    s.retrieval.embeddingModel = '';
    expect(embedderFromSettings(s, { runtime: new InProcessRuntime(), adapter, cores: 8 })).toBeNull();
  });

  it('uses the hub model with the offline setting and a pool sized for the device', async () => {
    const s = defaultPluginSettings();
    s.retrieval.offline = true;
    const runtime = new InProcessRuntime();
    const embedder = embedderFromSettings(s, { runtime, adapter, cores: 8 })!;
    expect(embedder.modelId).toBe('Xenova/multilingual-e5-small');
    // Loading is what starts workers: check the load message, then stop before any download.
    const loading = embedder.load().catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 0));
    expect(runtime.workers[0]!.received[0]).toMatchObject({ type: 'load', options: { model: 'Xenova/multilingual-e5-small', offline: true, device: 'auto' } });
    await embedder.dispose();
    await loading;
  });

  it('loads a model folder of the vault, offline, named after the folder', async () => {
    const s = defaultPluginSettings();
    s.indexing.localModelFolder = '/Modèles/tiny-model/';
    s.indexing.workerPoolSize = 1;
    const embedder = embedderFromSettings(s, { runtime: new InProcessRuntime(), adapter, cores: 8 })!;
    expect(embedder.modelId).toBe('vault:Modèles/tiny-model');
    expect(await embedder.load()).toBe(32);
    const [v] = await embedder.embed(['Journal du jeudi 26 décembre 2024'], 'passage');
    expect(v).toHaveLength(32);
    await embedder.dispose();
  });

  it('reads model files inside the folder only', async () => {
    const read = modelFolderReader(adapter, 'Modèles/tiny-model');
    expect((await read('config.json'))!.byteLength).toBeGreaterThan(0);
    expect(await read('onnx/absent.onnx')).toBeNull();
    await expect(read('../../secret.md')).rejects.toThrow(/outside the model folder/);
  });
});
