// The journal module on real vaults: the example vault (user-shaped, French
// journals) and, when present beside the repo, the PIAF evaluation vault (Wikipedia
// titles full of numbers and dates that must not pass for journals).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_JOURNAL_CONFIG, dateInFrontmatter, dateInTitle, detectJournal } from '../../../src/core/journal/detect';
import { paragraphAround } from '../../../src/core/journal/excerpt';
import { JournalGraph, type GraphEntry } from '../../../src/core/journal/graph';
import { parseTimeRange } from '../../../src/core/journal/time-range';
import type { LinkRef } from '../../../src/core/types';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLE = join(repo, 'examples/vault');
const QUESTIONS = join(repo, 'examples/journal-questions.jsonl');
const PIAF = join(repo, '../shared/eval/piaf/vault');

interface File {
  path: string;
  basename: string;
  text: string;
  frontmatter: Record<string, unknown>;
}

function readVault(root: string): File[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.md') ? [p] : [];
    });
  return walk(root).map((abs) => {
    const text = readFileSync(abs, 'utf8').replace(/\r\n/g, '\n');
    const fm = /^---\n([\s\S]*?)\n---/.exec(text);
    return {
      path: relative(root, abs).split('\\').join('/'),
      basename: basename(abs, '.md'),
      text,
      frontmatter: fm ? ((parseYaml(fm[1] ?? '') as Record<string, unknown> | null) ?? {}) : {},
    };
  });
}

const local = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? NaN, (m ?? NaN) - 1, d).getTime();
};

describe.skipIf(!existsSync(EXAMPLE))('example vault', () => {
  const files = existsSync(EXAMPLE) ? readVault(EXAMPLE) : [];
  const cfg = { ...DEFAULT_JOURNAL_CONFIG, detectFrontmatterDate: true };

  it('finds every journal entry by its name alone, and nothing else', () => {
    const journals = files.filter((f) => detectJournal(f, cfg) !== null).map((f) => f.path);
    const expected = files.filter((f) => f.path.startsWith('Journal/')).map((f) => f.path);
    expect(expected.length).toBeGreaterThan(50);
    expect(journals.sort()).toEqual(expected.sort());
    expect(files.filter((f) => f.path.startsWith('Journal/')).every((f) => detectJournal(f, cfg)?.via === 'filename')).toBe(true);
  });

  it('reads the same date and time from the file name (15h03) and the H1 title (15:03)', () => {
    const named = files.filter((f) => f.basename.startsWith('Journal du '));
    expect(named.length).toBeGreaterThan(50);
    for (const f of named) {
      const h1 = /^# (.+)$/m.exec(f.text)?.[1] ?? '';
      expect(dateInTitle(h1), f.path).toBe(dateInTitle(f.basename));
    }
  });

  it('agrees with the frontmatter date of ISO daily notes', () => {
    const iso = files.filter((f) => /^\d{4}-\d{2}-\d{2}$/.test(f.basename) && dateInFrontmatter(f.frontmatter, ['date']) !== null);
    expect(iso.length).toBeGreaterThan(0);
    for (const f of iso) expect(dateInFrontmatter(f.frontmatter, ['date']), f.path).toBe(local(f.basename));
  });

  // Links as the indexer will keep them: target, 1-based line, and for journals the paragraph around.
  const entries: GraphEntry[] = files.map((f) => {
    const lines = f.text.split('\n');
    const info = detectJournal(f, cfg);
    const links: LinkRef[] = [];
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/!?\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]/g)) {
        const target = (m[1] ?? '').trim();
        const ex = info ? paragraphAround(lines, i, { needle: target }) : null;
        links.push({ target, line: i + 1, ...(ex ? { excerpt: ex.text, excerptLines: ex.lines } : {}) });
      }
    });
    return { path: f.path, journalDate: info?.date, links };
  });
  const byBasename = new Map(files.map((f) => [f.basename.normalize('NFC').toLowerCase(), f.path] as const));
  const graph = new JournalGraph(entries, (target) => byBasename.get(target.normalize('NFC').toLowerCase()) ?? null);

  it('links pre-training to the 26 December 2024 15:03 entry, with the paragraph holding the link', () => {
    const mentions = graph.mentionsOf('pre-training.md');
    const seed = mentions.find((m) => m.date === new Date(2024, 11, 26, 15, 3).getTime());
    expect(seed?.journal).toBe('Journal/Journal du jeudi 26 décembre 2024 à 15h03.md');
    expect(seed?.excerpt).toContain('[[pre-training');
    expect(seed?.excerpt.length).toBeLessThanOrEqual(1200);
    expect(mentions.map((m) => m.date)).toEqual([...mentions.map((m) => m.date)].sort((a, b) => b - a));
    expect(graph.backlinks('pre-training.md')).toContain('Journal/Journal du jeudi 26 décembre 2024 à 15h03.md');
  });

  it('gives each excerpt the lines it was cut from', () => {
    for (const e of entries.filter((x) => x.journalDate !== undefined)) {
      const lines = files.find((f) => f.path === e.path)?.text.split('\n') ?? [];
      for (const l of e.links) {
        const [a, b] = l.excerptLines ?? [0, 0];
        expect(a).toBeLessThanOrEqual(l.line);
        expect(b).toBeGreaterThanOrEqual(l.line);
        expect(l.excerpt).toBe(lines.slice(a - 1, b).map((x) => x.trimEnd()).join('\n'));
      }
    }
  });

  const questions = existsSync(QUESTIONS)
    ? readFileSync(QUESTIONS, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as { id: string; question: string; gold: string[]; range?: { start: string; end: string } })
    : [];

  it('reads the period of every time-scoped question, and finds none in the others', () => {
    const now = new Date(2026, 0, 15, 10);
    expect(questions.filter((q) => q.range).length).toBeGreaterThan(10);
    for (const q of questions) {
      const r = parseTimeRange(q.question, now);
      if (q.range) {
        expect({ id: q.id, start: r?.start, end: r?.end }).toEqual({ id: q.id, start: local(q.range.start), end: local(q.range.end) });
        expect(r?.rest).not.toMatch(/\d{4}/);
        const inRange = new Set(graph.journalsBetween(r?.start ?? 0, r?.end ?? 0).map((j) => j.path));
        for (const g of q.gold) expect(inRange.has(g), `${q.id}: ${g}`).toBe(true);
      } else {
        expect(r, `${q.id}: ${q.question}`).toBeNull();
      }
    }
  });
});

describe.skipIf(!existsSync(PIAF))('PIAF evaluation vault', () => {
  it('has no journal among its Wikipedia articles, even with frontmatter dates on', () => {
    const files = readVault(PIAF);
    expect(files.length).toBeGreaterThan(100);
    const cfg = { ...DEFAULT_JOURNAL_CONFIG, detectFrontmatterDate: true };
    expect(files.filter((f) => detectJournal(f, cfg) !== null).map((f) => f.path)).toEqual([]);
  });
});
