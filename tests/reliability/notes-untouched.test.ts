// Indexing never changes a note: every note keeps its bytes (hash) and its mtime, and nothing is
// created in the vault outside the index folder, after every CLI command and after the plugin's
// engine has indexed, answered and followed a rename. Special notes are included: read-only, CRLF,
// BOM, NFD name, mtimes in the past and the future.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, ROOT, runCli, TINY_MODEL } from './support/cli';
import { fingerprintTree, treeChanges, type FileFingerprint } from './support/vault';
import { recordTrials } from './support/trials';
import { startLlmServer, type LlmServer } from '../fakes/llm-server';
import { GuardedDiskVault } from '../fakes/fault-guarded-vault';
import { FsDataAdapter } from '../plugin/fakes/fs-data-adapter';
import { EngineProvider } from '../../src/plugin/engine-provider';
import { AdapterBlobStore } from '../../src/plugin/adapters/adapter-blob-store';
import { VaultNoteSource } from '../../src/plugin/adapters/vault-note-source';
import { TransformersEmbedder } from '../../src/core/embedding';
import { defaultSettings } from '../../src/core/settings';
import { createChatModel } from '../../src/core/answer/model-factory';
import { fetchHttpClient } from '../../src/core/http/fetch-client';
import { silentLogger } from '../../src/core/ports';

const INDEX = '.obsidian/plugins/ask-vault/index';
let tmp: string;
let vault: string;
let llm: LlmServer;

beforeAll(async () => {
  await ensureCliBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-untouched-'));
  vault = join(tmp, 'vault');
  cpSync(join(ROOT, 'examples/vault'), vault, { recursive: true, filter: (src) => !src.includes('.ask-vault') && !src.includes('plugins/ask-vault') });
  mkdirSync(join(vault, '.obsidian'), { recursive: true });
  writeFileSync(join(vault, 'Lecture seule.md'), '# Lecture seule\n\nUne note en lecture seule sur le projet.\n');
  chmodSync(join(vault, 'Lecture seule.md'), 0o444);
  writeFileSync(join(vault, 'Windows.md'), '\ufeff# Windows\r\n\r\nFins de ligne CRLF et BOM, projet RAG.\r\n');
  writeFileSync(join(vault, 'Re\u0301union NFD.md'), '# Réunion\n\nUn nom de fichier en NFD.\n');
  writeFileSync(join(vault, 'Ancienne.md'), '# Ancienne\n\nÉcrite en 2001.\n');
  utimesSync(join(vault, 'Ancienne.md'), new Date('2001-09-09'), new Date('2001-09-09'));
  writeFileSync(join(vault, 'Future.md'), '# Future\n\nDatée de 2099.\n');
  utimesSync(join(vault, 'Future.md'), new Date('2099-01-01'), new Date('2099-01-01'));
  llm = await startLlmServer({ models: ['m'], defaultReply: { text: 'Réponse [[Obsidian]].' } });
});

afterAll(async () => {
  await llm.close();
  chmodSync(join(vault, 'Lecture seule.md'), 0o644);
  rmSync(tmp, { recursive: true, force: true });
});

const notesOf = (fp: Map<string, FileFingerprint>) => [...fp.keys()].filter((p) => p.endsWith('.md')).length;

describe('indexing never changes a note', () => {
  it('every CLI command leaves every note byte- and mtime-identical, and creates nothing outside the index', async () => {
    const before = fingerprintTree(vault, [INDEX]);
    const tiny = ['--embedding-model', TINY_MODEL];
    const commands: string[][] = [
      ['index', vault, ...tiny],
      ['index', vault, ...tiny, '--json'],
      ['search', vault, 'projet RAG', ...tiny, '--mode', 'hybrid'],
      ['ask', vault, 'Que dit le journal sur le projet 20 ?', ...tiny],
      ['ask', vault, 'Que dit le journal sur le projet 20 ?', ...tiny, '--endpoint', llm.url, '--model', 'm'],
      ['index', vault, '--embedding-model', 'none'],
      ['search', vault, 'Mehdi', '--offline', '--json'],
    ];
    for (const args of commands) {
      const r = await runCli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(treeChanges(before, fingerprintTree(vault, [INDEX])), args.slice(0, 1).join(' ')).toEqual([]);
    }
    recordTrials({
      guarantee: 'Indexing never changes a note (CLI)',
      trials: commands.length,
      faults: `index, re-index, search, ask (extractive and with a loopback LLM), lexical re-index, offline search, on ${notesOf(before)} notes incl. read-only, CRLF+BOM, NFD name, mtime 2001 and 2099; index inside the vault's .obsidian folder`,
      lost: `nothing: after each command, all ${before.size} files of the vault byte- and mtime-identical, no file created outside the index folder`,
      file: 'tests/reliability/notes-untouched.test.ts',
    });
  }, 120_000);

  it("the plugin's engine (VaultNoteSource + AdapterBlobStore) indexes, answers and re-indexes without a single write to a note", async () => {
    (globalThis as { window?: unknown }).window ??= globalThis;
    rmSync(join(vault, INDEX), { recursive: true, force: true });
    const before = fingerprintTree(vault, [INDEX]);
    const guarded = new GuardedDiskVault(vault);
    const adapter = new FsDataAdapter(vault);
    const settings = defaultSettings();
    settings.retrieval.embeddingModel = TINY_MODEL;
    const provider = new EngineProvider({
      store: new AdapterBlobStore(adapter, INDEX),
      source: new VaultNoteSource(guarded as never),
      settings,
      createEmbedder: () => new TransformersEmbedder({ model: TINY_MODEL, offline: true }),
      isExcluded: () => false,
      logger: silentLogger,
    });
    const engine = await provider.engine();
    const summary = await engine.sync();
    expect(summary.notes).toBe(notesOf(before));
    await engine.ask('Que dit le journal sur le projet 20 ?', { chat: createChatModel({ provider: 'openai', baseUrl: llm.url, model: 'm' }, fetchHttpClient()) });
    await engine.related('Obsidian.md');
    await engine.updateNote('Windows.md');
    await engine.flush();
    await provider.close();

    expect(guarded.attempts, 'writes attempted on the vault').toEqual([]);
    // Folders on the way to the index may be created; every file written, renamed or removed is an index file.
    for (const op of adapter.ops) {
      if (op.op === 'mkdir') expect(INDEX.startsWith(op.path) || op.path.startsWith(INDEX), op.path).toBe(true);
      else for (const p of [op.path, op.to ?? op.path]) expect(p.startsWith(`${INDEX}/`), `${op.op} ${p}`).toBe(true);
    }
    expect(treeChanges(before, fingerprintTree(vault, [INDEX]))).toEqual([]);
    recordTrials({
      guarantee: 'Indexing never changes a note (plugin engine)',
      trials: 5,
      faults: `sync, ask, related, updateNote, flush through EngineProvider over a vault whose every write method throws; ${adapter.ops.length} adapter operations recorded`,
      lost: `nothing: 0 write attempts on notes, every adapter write under ${INDEX}/, all ${before.size} vault files byte- and mtime-identical`,
      file: 'tests/reliability/notes-untouched.test.ts',
    });
  }, 120_000);
});
