import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confirmPaidIndex, type ConfirmIO } from '../../src/cli/paid-endpoint-confirm';
import type { Session } from '../../src/cli/setup';
import { defaultSettings } from '../../src/core/settings';

const vault = mkdtempSync(join(tmpdir(), 'ask-vault-confirm-'));
writeFileSync(join(vault, 'a.md'), 'x'.repeat(3600));
writeFileSync(join(vault, 'b.md'), 'y'.repeat(360));
afterAll(() => rmSync(vault, { recursive: true, force: true }));

function session(url: string, vectors = 0, assumeYes = false): Session {
  const settings = defaultSettings();
  settings.embedding = { ...settings.embedding, provider: 'openai', baseUrl: url, model: 'text-embedding-3-small' };
  return { settings, vault, assumeYes, engine: { status: () => ({ vectors }) } } as unknown as Session;
}

function io(answer: string): ConfirmIO & { asked: string[] } {
  const asked: string[] = [];
  return { interactive: true, asked, ask: async (q) => (asked.push(q), answer) };
}

describe('confirmation before the first full index through a paid endpoint', () => {
  it('asks with the token estimate; "y" goes on, anything else stops', async () => {
    const yes = io('y');
    await confirmPaidIndex(session('https://api.openai.com/v1'), yes);
    expect(yes.asked[0]).toBe('Indexing sends about 1,100 tokens (2 notes, estimated at 3.6 characters per token) to api.openai.com to embed with text-embedding-3-small, which may bill for them. Continue? [y/N] ');
    await expect(confirmPaidIndex(session('https://api.openai.com/v1'), io(''))).rejects.toThrow('Nothing was sent: indexing cancelled.');
  });

  it('does not ask for a local server, with --yes, or once vectors of this model exist', async () => {
    for (const s of [session('http://127.0.0.1:11434'), session('https://api.openai.com/v1', 0, true), session('https://api.openai.com/v1', 12)]) {
      const q = io('n');
      await confirmPaidIndex(s, q);
      expect(q.asked).toEqual([]);
    }
  });
});
