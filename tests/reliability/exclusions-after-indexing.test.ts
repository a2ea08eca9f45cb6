// Exclusions changed after indexing hold at once and everywhere: an indexed note that the new
// settings exclude (by folder, by a tag it already had, or by Obsidian's excluded files) is never
// returned or sent, not even before the next pass; the next pass deletes its records, its text and
// its vectors; and the CLI, which writes the plugin's index, reads the same exclusions from the
// vault's config folder (plus --exclude-folder / --exclude-tag).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatModel } from '../../src/core/answer/model-factory';
import { Engine } from '../../src/core/engine';
import { IndexStore } from '../../src/core/index';
import { fetchHttpClient } from '../../src/core/http/fetch-client';
import { defaultSettings, type CoreSettings } from '../../src/core/settings';
import { FsBlobStore } from '../../src/cli/fs-blob-store';
import { FsNoteSource } from '../../src/cli/fs-note-source';
import { CountingEmbedder } from '../fakes/counting-embedder';
import { startLlmServer, type LlmServer } from '../fakes/llm-server';
import { ensureCliBuilt, runCli, TINY_MODEL } from './support/cli';
import { indexText } from './support/index-snapshot';
import { recordTrials } from './support/trials';
import { writeNote } from './support/vault';

let tmp: string;
let llm: LlmServer;
const embedder = new CountingEmbedder('tiny');

beforeAll(async () => {
  await ensureCliBuilt();
  await embedder.load();
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-exclusions-'));
  llm = await startLlmServer({ models: ['m'], defaultReply: { text: 'Réponse.' } });
});
afterAll(async () => {
  await llm?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const marker = () => `MARQUEUR${randomBytes(5).toString('hex').toUpperCase()}`;

/** A vault where every note talks about the same budget, each excluded one with its own marker. */
function excludedVault(root: string): { markers: Map<string, string>; control: string } {
  const markers = new Map<string, string>();
  const secret = (path: string, body: (m: string) => string) => {
    const m = marker();
    markers.set(m, path);
    writeNote(root, path, body(m));
  };
  secret('Secret/budget.md', (m) => `# Budget secret\n\nLe budget du projet est ${m}, réunion.\n`);
  secret('Secret/Sous/profond.md', (m) => `# Profond\n\nBudget du projet ${m}, réunion.\n`);
  secret('Notes/tag inline.md', (m) => `# Tag\n\n#private Budget du projet ${m}, réunion.\n`);
  secret('Notes/tag imbriqué.md', (m) => `# Imbriqué\n\n#private/santé Budget du projet ${m}, réunion.\n`);
  secret('Notes/tag frontmatter.md', (m) => `---\ntags: [Private]\n---\n# Front\n\nBudget du projet ${m}, réunion.\n`);
  secret('Archive/ancien.md', (m) => `# Ancien\n\nBudget du projet ${m}, réunion.\n`);
  const control = marker();
  writeNote(root, 'Notes/Contrôle.md', `# Contrôle\n\nLe budget du projet et la réunion : ${control}.\n`);
  writeNote(root, 'Journal/2024-12-26.md', '# Journal\n\nRéunion budget, voir [[budget]], [[tag inline]] et [[ancien]].\n');
  return { markers, control };
}

describe('exclusions changed after indexing', () => {
  it('hide excluded notes at once, and the next pass deletes their records, text and vectors', async () => {
    const vault = join(tmp, 'engine-vault');
    const dir = join(tmp, 'engine-index');
    const { markers, control } = excludedVault(vault);
    const open = (settings: CoreSettings, extra?: (p: string) => boolean) =>
      Engine.open({ source: new FsNoteSource(vault), store: new FsBlobStore(dir), embedder, settings, ...(extra ? { extraExclusion: extra } : {}) });

    let engine = await open(defaultSettings());
    await engine.sync();
    await engine.close();
    const before = indexText(dir);
    for (const m of markers.keys()) expect(before).toContain(m);
    const excludedHashes: string[] = [];
    {
      const index = await IndexStore.open(new FsBlobStore(dir), { modelId: embedder.modelId, dimension: null, readOnly: true });
      for (const rec of index.notes()) if ([...markers.values()].includes(rec.path)) for (const c of rec.chunks) if (index.getVector(c.textHash)) excludedHashes.push(c.textHash);
    }
    expect(excludedHashes.length).toBeGreaterThanOrEqual(markers.size);

    // The user excludes a folder and a tag the notes already have, and Obsidian excludes Archive/.
    const settings = defaultSettings();
    settings.exclusions = { folders: ['Secret'], tags: ['private'] };
    const obsidianExcluded = (p: string) => p.startsWith('Archive/');
    engine = await open(settings, obsidianExcluded);
    const excluded = new Set(markers.values());
    const questions = ['Quel est le budget du projet ?', 'réunion budget projet', 'Que dit la note tag inline ?', 'budget secret profond ancien imbriqué front'];
    let returned = 0;
    let checks = 0;
    const ask = async () => {
      for (const q of questions) {
        for (const mode of ['lexical', 'hybrid', 'vector'] as const) {
          const found = await engine.search(q, { mode, k: 20 });
          const res = await engine.ask(q, { mode, k: 8, chat: createChatModel({ provider: 'openai', baseUrl: llm.url, model: 'm', timeoutMs: 2000, maxRetries: 0 }, fetchHttpClient()) });
          returned += [...found.results, ...res.sources].filter((r) => excluded.has(r.path)).length;
          checks++;
        }
      }
      returned += (await engine.related('Journal/2024-12-26.md', 20)).filter((r) => excluded.has(r.path)).length;
      returned += (await engine.related('Notes/tag inline.md', 20)).length;
    };
    // Before any pass: hidden at query time.
    await ask();
    // The pass that follows the settings change sweeps them out.
    await engine.sync();
    await ask();
    const status = engine.status();
    await engine.close();

    const sent = llm.requests.map((r) => r.rawBody).join('\n');
    const sentMarkers = [...markers.keys()].filter((m) => sent.includes(m));
    expect(sent, 'the scan does see what is sent').toContain(control);
    const after = indexText(dir);
    const leftInIndex = [...markers.keys()].filter((m) => after.includes(m));
    const index = await IndexStore.open(new FsBlobStore(dir), { modelId: embedder.modelId, dimension: null, readOnly: true });
    const vectorsLeft = excludedHashes.filter((h) => index.getVector(h) !== undefined).length;
    const recordsLeft = [...index.notes()].filter((r) => excluded.has(r.path)).length;
    expect({ returned, sentMarkers, leftInIndex, vectorsLeft, recordsLeft }).toEqual({ returned: 0, sentMarkers: [], leftInIndex: [], vectorsLeft: 0, recordsLeft: 0 });
    expect(status.vectors).toBe(status.chunks);
    recordTrials({
      guarantee: 'Exclusions changed after indexing (engine)',
      trials: checks * 2,
      faults: `${markers.size} indexed notes excluded afterwards (a folder and its subfolder, a tag inline, nested and in frontmatter in another case, Obsidian's excluded files); ${questions.length} questions × 3 modes, search + ask + related, before and after the next pass`,
      lost: `nothing: 0 excluded notes returned, 0 markers sent, 0 records, 0 markers and 0 of ${excludedHashes.length} vectors left in the index files`,
      file: 'tests/reliability/exclusions-after-indexing.test.ts',
    });
  }, 120_000);

  it('the CLI reads the plugin\'s exclusions and Obsidian\'s excluded files from the vault, plus --exclude-folder and --exclude-tag', async () => {
    const vault = join(tmp, 'cli-vault');
    const { markers } = excludedVault(vault);
    const extra = marker();
    writeNote(vault, 'Brouillons/b.md', `# Brouillon\n\nBudget du projet ${extra}, réunion.\n`);
    const tagged = marker();
    writeNote(vault, 'Notes/perso.md', `# Perso\n\n#perso Budget du projet ${tagged}, réunion.\n`);
    const conversation = marker();
    writeNote(vault, 'Ask Vault/conversation.md', `# Conversation\n\nBudget du projet ${conversation}, réunion.\n`);
    const base = ['--embedding-model', TINY_MODEL, '--json'];
    mkdirSync(join(vault, '.obsidian'));
    const first = await runCli(['index', vault, ...base]);
    expect(first.code, first.stderr).toBe(0);
    const dir = join(vault, '.obsidian/plugins/ask-vault/index');
    expect(indexText(dir)).toContain(extra);

    // The plugin's settings and Obsidian's excluded files appear in the vault, after the first index.
    mkdirSync(join(vault, '.obsidian/plugins/ask-vault'), { recursive: true });
    writeFileSync(join(vault, '.obsidian/plugins/ask-vault/data.json'), JSON.stringify({ version: 1, exclusions: { folders: ['Secret'], tags: ['private'] } }));
    writeFileSync(join(vault, '.obsidian/app.json'), JSON.stringify({ userIgnoreFilters: ['Archive/'] }));
    // Flags hold for the run they are given to (a search syncs first, so it takes them too).
    const flags = ['--exclude-folder', 'Brouillons', '--exclude-tag', 'perso'];
    const second = await runCli(['index', vault, ...base, ...flags]);
    expect(second.code, second.stderr).toBe(0);
    const all = new Map([...markers, [extra, 'Brouillons/b.md'], [tagged, 'Notes/perso.md'], [conversation, 'Ask Vault/conversation.md']]);
    const stored = indexText(dir);
    expect([...all.keys()].filter((m) => stored.includes(m))).toEqual([]);
    const search = await runCli(['search', vault, 'budget du projet réunion', '--k', '30', ...base, ...flags]);
    expect(search.code, search.stderr).toBe(0);
    const paths = (JSON.parse(search.stdout) as { results: { path: string }[] }).results.map((r) => r.path);
    expect(paths.filter((p) => [...all.values()].includes(p))).toEqual([]);
    expect(paths).toContain('Notes/Contrôle.md');

    // Settings that cannot be read stop the run, rather than index without exclusions.
    writeFileSync(join(vault, '.obsidian/plugins/ask-vault/data.json'), '{ "exclusions": ');
    const broken = await runCli(['index', vault, ...base]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/could not read the exclusions in .*data\.json/);
    recordTrials({
      guarantee: 'Exclusions changed after indexing (CLI)',
      trials: 3,
      faults: `${all.size} notes indexed by the CLI, then excluded by the plugin's data.json (folder, tag), Obsidian's app.json (excluded files), the conversation folder, --exclude-folder and --exclude-tag; an unreadable data.json`,
      lost: 'nothing: 0 markers left in the index files, 0 excluded notes returned by search; the unreadable settings stop the run (exit 1, one line)',
      file: 'tests/reliability/exclusions-after-indexing.test.ts',
    });
  }, 180_000);
});
