// @vitest-environment happy-dom
// One language on screen: every notice the core can give is worded in English and in French, by
// the plugin and by the CLI, and what reaches the panel and the index status view in a French UI
// is French, with a library's own text only after a French lead-in.
import { afterEach, describe, expect, it } from 'vitest';
import type { App, Vault } from 'obsidian';
import { Engine } from '../../src/core/engine';
import { CORE_NOTICE_CODES, embeddingUnavailable, noticeLogText, type CoreNotice, type CoreNoticeCode } from '../../src/core/notices';
import type { Embedder } from '../../src/core/ports';
import { CLI_WORDS, CliWords } from '../../src/cli/cli-words';
import { VaultNoteSource } from '../../src/plugin/adapters/vault-note-source';
import type { IndexHost } from '../../src/plugin/ask-host';
import { setLanguage, type Language } from '../../src/plugin/i18n';
import { modelFailedText, noticeText } from '../../src/plugin/i18n/notices';
import { defaultPluginSettings } from '../../src/plugin/settings/plugin-settings';
import { IndexStatusView } from '../../src/plugin/views/index-status-view';
import { MemoryBlobStore } from '../core/index/memory-blob-store';
import { liveApp, LiveVault } from './fakes/live-vault';
import { openView, leafFor } from './fakes/stub-helpers';

afterEach(() => setLanguage(null));

const SAMPLES: Record<CoreNoticeCode, CoreNotice[]> = {
  'embedding-unavailable': [
    embeddingUnavailable('Xenova/multilingual-e5-small', new Error('model Xenova/multilingual-e5-small could not be loaded: Failed to fetch')),
    embeddingUnavailable('Xenova/multilingual-e5-small', new Error('Unsupported model type: xlm-roberta-large')),
  ],
  'vector-fell-back': [{ code: 'vector-fell-back' }],
  'no-chat-model': [{ code: 'no-chat-model' }],
  'history-dropped': [{ code: 'history-dropped' }],
  'no-period': [{ code: 'no-period' }],
  'no-topic': [{ code: 'no-topic' }],
  'query-embedding-failed': [{ code: 'query-embedding-failed', detail: 'fetch failed' }],
  'rerank-failed': [{ code: 'rerank-failed', reranker: 'endpoint:bge-reranker', detail: 'HTTP 500' }],
  'index-model-changed': [{ code: 'index-model-changed', from: 'Xenova/multilingual-e5-small', to: 'ollama:nomic-embed-text' }],
  'index-dimension-changed': [{ code: 'index-dimension-changed', from: 384, to: 768 }],
  'index-format-rebuilt': [
    { code: 'index-format-rebuilt', found: 2, reads: 1, newer: true },
    { code: 'index-format-rebuilt', found: 0, reads: 1, newer: false },
  ],
  'index-corrupt-rebuilt': [{ code: 'index-corrupt-rebuilt', detail: 'notes-000001.bin.gz: wrong byte length (10, manifest says 12)' }],
};

/** Words of the core's English sentences that must never show in a French UI. */
const ENGLISH = /\b(is not available|using lexical|fell back|No language model|Embedding model|searching by)\b/;

function pluginText(notice: CoreNotice, language: Language): string {
  setLanguage(language);
  return noticeText(notice);
}

describe('core notices, worded by each client', () => {
  it('every code has a sample here (a new code fails this test until it is worded)', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...CORE_NOTICE_CODES].sort());
  });

  for (const code of CORE_NOTICE_CODES) {
    it(`${code}: the plugin and the CLI word it in English and in French`, () => {
      for (const notice of SAMPLES[code]) {
        const said = {
          pluginEn: pluginText(notice, 'en'),
          pluginFr: pluginText(notice, 'fr'),
          cliEn: new CliWords('en').notice(notice),
          cliFr: new CliWords('fr').notice(notice),
        };
        for (const text of Object.values(said)) {
          expect(text.trim()).not.toBe('');
          expect(text).not.toMatch(/\{\w+\}/);
        }
        expect(said.pluginFr).not.toBe(said.pluginEn);
        expect(said.cliFr).not.toBe(said.cliEn);
        // The library's text never stands alone: French words come before it.
        const detail = notice.code === 'embedding-unavailable' ? notice.detail : '';
        for (const fr of [said.pluginFr, said.cliFr]) {
          const before = detail && fr.includes(detail) ? fr.slice(0, fr.indexOf(detail)) : fr;
          expect(before).not.toMatch(ENGLISH);
          expect(before).toMatch(/[a-zé]{4,}/i);
          expect(fr).not.toContain(noticeLogText(notice));
        }
      }
    });
  }

  it('the CLI has every word in both languages, and translates them', () => {
    expect(Object.keys(CLI_WORDS.fr).sort()).toEqual(Object.keys(CLI_WORDS.en).sort());
    const same = Object.keys(CLI_WORDS.en).filter((k) => CLI_WORDS.fr[k as keyof typeof CLI_WORDS.fr] === CLI_WORDS.en[k as keyof typeof CLI_WORDS.en]);
    expect(same).toEqual(['score']);
  });

  it('a model that could not be fetched reads as one French line, not a French lead-in and an English reason', () => {
    setLanguage('fr');
    expect(modelFailedText(new Error('model Xenova/multilingual-e5-small could not be loaded: Failed to fetch'))).toBe(
      'Modèle d\'embeddings indisponible hors ligne : recherche par mots et par liens seulement.',
    );
    expect(modelFailedText(new Error('bad onnx graph'))).toBe('Impossible de charger le modèle d\'embeddings : bad onnx graph');
  });
});

describe('what reaches the French UI', () => {
  it('the index status view words the embedding failure in French and puts the index\'s own lines after a lead-in', async () => {
    setLanguage('fr');
    const vault = new LiveVault({ 'a.md': '# A\n\nUne note sur le projet.\n' });
    const app = liveApp(vault);
    const settings = defaultPluginSettings();
    const failing: Embedder = {
      modelId: 'Xenova/multilingual-e5-small',
      load: async () => {
        throw new Error('model Xenova/multilingual-e5-small could not be loaded: Failed to fetch');
      },
      embed: async () => [],
    };
    const engine = await Engine.open({ source: new VaultNoteSource(vault as unknown as Vault), store: new MemoryBlobStore(), embedder: failing, settings });
    await engine.sync({});
    const found = await engine.search('projet');
    expect(found.notices.map((n) => n.code)).toEqual(['embedding-unavailable']);
    const host: IndexHost = {
      app: app as unknown as App, settings, indexer: null, engine: async () => engine,
      indexSize: async () => 0, embeddingDevice: () => null, rebuildIndex: async () => undefined,
    };
    const view = await openView(new IndexStatusView(leafFor(app), host));
    const items = await (async () => {
      for (let i = 0; i < 100; i++) {
        const li = [...view.contentEl.querySelectorAll('.ask-vault-index-warnings li')].map((el) => el.textContent ?? '');
        if (li.length && li[0] !== 'Aucun') return li;
        await new Promise((r) => setTimeout(r, 10));
      }
      return [];
    })();
    expect(items).toEqual(['Modèle d\'embeddings indisponible hors ligne : recherche par mots et par liens seulement.']);
    await engine.close();
  });

  it('an index written by a newer version, and a damaged one, are told in French in the status view', async () => {
    setLanguage('fr');
    for (const [manifest, expected] of [
      ['{"schemaVersion": 99}', "L'index a été écrit par une version plus récente d'Ask Vault (format v99 ; celle-ci lit la v1) : il est reconstruit à partir de vos notes."],
      ['{not json', "Un fichier de l'index manquait ou était abîmé : l'index est reconstruit à partir de vos notes. Cause : manifest.json: bad JSON"],
    ] as const) {
      const vault = new LiveVault({ 'a.md': '# A\n\nUne note sur le projet.\n' });
      const app = liveApp(vault);
      const settings = defaultPluginSettings();
      const store = new MemoryBlobStore();
      await store.write('manifest.json', new TextEncoder().encode(manifest));
      const engine = await Engine.open({ source: new VaultNoteSource(vault as unknown as Vault), store, embedder: null, settings });
      const host: IndexHost = {
        app: app as unknown as App, settings, indexer: null, engine: async () => engine,
        indexSize: async () => 0, embeddingDevice: () => null, rebuildIndex: async () => undefined,
      };
      const view = await openView(new IndexStatusView(leafFor(app), host));
      let items: string[] = [];
      for (let i = 0; i < 100 && !items.length; i++) {
        items = [...view.contentEl.querySelectorAll('.ask-vault-index-warnings li')].map((el) => el.textContent ?? '').filter((t) => t !== 'Aucun');
        if (!items.length) await new Promise((r) => setTimeout(r, 10));
      }
      expect(items).toEqual([expected]);
      expect(engine.warnings.join('\n')).toMatch(/rebuilding/); // the log keeps its English line
      await engine.close();
    }
  });
});
