// Before the first full index through a paid or remote endpoint (not loopback, not a private
// address), say how many tokens the vault is and ask. `--yes` skips the question; without a
// terminal to ask on, the run stops and says to pass it.
import { createInterface } from 'node:readline/promises';
import { CHARS_PER_TOKEN } from '../core/chunking';
import { isPaidEndpoint } from '../core/embedding/providers';
import { hostOf } from '../core/http/classify';
import { FsNoteSource } from './fs-note-source';
import { RuntimeError, type Session } from './setup';

export interface ConfirmIO {
  interactive: boolean;
  ask(question: string): Promise<string>;
}

const terminal: ConfirmIO = {
  interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
  async ask(question) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

/** Resolves when the run may go on; throws a RuntimeError when the user (or --yes's absence) says no. */
export async function confirmPaidIndex(session: Session, io: ConfirmIO = terminal): Promise<void> {
  const e = session.settings.embedding;
  if (e.provider === 'transformers' || session.assumeYes || !isPaidEndpoint(e.baseUrl)) return;
  // Not the first full index: vectors of this model are there, only what changed is sent.
  if (session.engine.status().vectors > 0) return;
  const files = await new FsNoteSource(session.vault).list();
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  const tokens = Math.ceil(bytes / CHARS_PER_TOKEN);
  const what = `Indexing sends about ${tokens.toLocaleString('en-US')} tokens (${files.length} notes, estimated at ${CHARS_PER_TOKEN} characters per token) to ${hostOf(e.baseUrl)} to embed with ${e.model}, which may bill for them.`;
  if (!io.interactive) throw new RuntimeError(`${what} Run again with --yes to go ahead.`);
  const answer = (await io.ask(`${what} Continue? [y/N] `)).trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes') throw new RuntimeError('Nothing was sent: indexing cancelled.');
}
