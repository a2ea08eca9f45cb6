// Every string the plugin's code asks for exists in English and in French, with the same
// placeholders, and the placeholders the code passes are the ones the text uses.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/plugin/i18n/en';
import { fr } from '../../src/plugin/i18n/fr';

const PLUGIN = resolve(__dirname, '../../src/plugin');

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(full)));
    else if (entry.name.endsWith('.ts') && !full.includes(`${join('src', 'plugin', 'i18n')}`)) out.push(full);
  }
  return out;
}

interface Use { file: string; key: string; vars: string[] }

async function uses(): Promise<Use[]> {
  const found: Use[] = [];
  for (const file of await sources(PLUGIN)) {
    const code = await readFile(file, 'utf8');
    for (const m of code.matchAll(/\bt\(\s*'([a-z0-9.-]+)'\s*(,\s*\{)?/g)) {
      const vars = m[2] ? objectKeys(code, m.index + m[0].length) : [];
      found.push({ file: file.slice(PLUGIN.length + 1), key: m[1], vars: vars.sort() });
    }
  }
  return found;
}

/** Keys of the object literal whose `{` ends just before `start` (values may nest anything). */
function objectKeys(code: string, start: number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let part = '';
  for (let i = start; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      if (c === '\\') part += c + code[++i];
      else {
        if (c === quote) quote = null;
        part += c;
      }
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) {
      parts.push(part);
      part = '';
      continue;
    }
    part += c;
  }
  parts.push(part);
  return parts.map((p) => p.trim()).filter(Boolean).map((p) => /^([A-Za-z_$][\w$]*)/.exec(p)![1]);
}

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('strings used by the plugin', () => {
  it('are found in the code (the scan works)', async () => {
    const keys = new Set((await uses()).map((u) => u.key));
    expect(keys.size).toBeGreaterThan(60);
    for (const key of ['chat.send', 'status.indexing', 'chat.why-journal', 'connection.cors-ollama', 'modal.insert']) expect(keys).toContain(key);
  });

  it('all exist in English and French, translated', async () => {
    const missing = (await uses()).filter((u) => !(u.key in en) || !(u.key in fr) || !fr[u.key as keyof typeof fr].trim());
    expect(missing).toEqual([]);
  });

  it('are given exactly the placeholders their text uses', async () => {
    const mismatched = (await uses())
      .filter((u) => u.key in en)
      .filter((u) => u.vars.join() !== placeholders(en[u.key as keyof typeof en]).join() || u.vars.join() !== placeholders(fr[u.key as keyof typeof fr]).join())
      .map((u) => `${u.file}: ${u.key} given {${u.vars.join(', ')}}`);
    expect(mismatched).toEqual([]);
  });
});
