// An extractive timeline inserted into a note: one transaction (one undo), the dated lines in
// order, each citation a footnote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Engine } from '../../../src/core/engine';
import { defaultSettings } from '../../../src/core/settings';
import { FsNoteSource } from '../../../src/cli/fs-note-source';
import { MemoryBlobStore } from '../../core/index/memory-blob-store';
import { insertAnswer } from '../../../src/plugin/insertion/insert-answer';
import { TextEditor } from '../fakes/text-editor';

let engine: Engine;
beforeAll(async () => {
  const settings = defaultSettings();
  settings.retrieval.embeddingModel = '';
  engine = await Engine.open({ source: new FsNoteSource(join(__dirname, '../../../examples/vault')), store: new MemoryBlobStore(), embedder: null, settings });
  await engine.sync();
});
afterAll(async () => engine.close());

describe('inserting a timeline', () => {
  it('writes the dated lines with footnote citations as one edit', async () => {
    const res = await engine.ask("Qu'ai-je fait en mars 2025 ?", { chat: null, now: new Date(2026, 11, 7) });
    const editor = new TextEditor('# Bilan\n\n', { from: '# Bilan\n\n'.length });
    insertAnswer(editor, res.segments, (path) => path.replace(/\.md$/, '').split('/').pop()!);
    expect(editor.transactions).toBe(1);
    const text = editor.getValue();
    const lines = text.split('\n').filter((l) => l.startsWith('- **'));
    expect(lines.map((l) => /\*\*(.+?)\*\*/.exec(l)![1])).toEqual(['12 mars 2025', '12 mars 2025', '14 mars 2025', '20 mars 2025', '27 mars 2025']);
    for (const l of lines) expect(l).toMatch(/\[\^\d+\]$/);
    expect(text).toMatch(/\n\[\^1\]: \[\[Journal du mercredi 12 mars 2025 à 09h15\]\]/);
    expect(text).not.toMatch(/- \*\*.*\[\[/);
  });
});
