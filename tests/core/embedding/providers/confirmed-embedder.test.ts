import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noticeLogText } from '../../../../src/core/notices';
import { Engine } from '../../../../src/core/engine';
import { defaultSettings } from '../../../../src/core/settings';
import { EndpointEmbedder, withConfirmation } from '../../../../src/core/embedding/providers';
import { fetchHttpClient } from '../../../../src/core/http/fetch-client';
import { MemoryBlobStore } from '../../index/memory-blob-store';
import { MemoryVault } from '../../../fakes/memory-vault';
import { startEmbeddingServer, type EmbeddingServer } from '../../../fakes/embedding-server';

let server: EmbeddingServer;
beforeEach(async () => (server = await startEmbeddingServer()));
afterEach(() => server.close());

describe('an embedder that asks before its first use', () => {
  it('a "no" sends nothing: the engine indexes lexically and says why; a "yes" embeds', async () => {
    const vault = new MemoryVault({ 'a.md': '# A\n\nUne tarte aux pommes.\n', 'b.md': '# B\n\nUn train de nuit.\n' });
    const make = (answer: boolean) => {
      let asked = 0;
      const e = withConfirmation(new EndpointEmbedder({ provider: 'openai', baseUrl: server.url, model: 'm', http: fetchHttpClient() }), async () => (asked++, answer), 'Indexing through x was not confirmed: nothing was sent.');
      return { e, asked: () => asked };
    };
    const no = make(false);
    let engine = await Engine.open({ source: vault, store: new MemoryBlobStore(), embedder: no.e, settings: defaultSettings() });
    const s = await engine.sync();
    expect(s.embedded).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect((await engine.search('tarte')).notices.map(noticeLogText).join('\n')).toMatch(/Indexing through x was not confirmed: nothing was sent\./);
    expect(no.asked()).toBe(1);
    await engine.close();

    const yes = make(true);
    engine = await Engine.open({ source: vault, store: new MemoryBlobStore(), embedder: yes.e, settings: defaultSettings() });
    expect((await engine.sync()).embedded).toBe(2);
    expect(yes.e.modelId).toBe('openai:m');
    await engine.close();
  });
});
