// `ask-vault mcp <vault>`: the MCP server on stdio over the vault's index, opened as a snapshot
// reader (a writer never blocks it, and it never blocks a writer). stdout carries the protocol
// and nothing else: logs, and anything a library prints, go to stderr.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { format } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Engine } from '../core/engine';
import { acquireWriteLock, type LockOwner } from '../core/index';
import type { Embedder, Logger } from '../core/ports';
import { SnapshotReader } from '../core/snapshot-reader';
import type { CliArgs } from '../cli/args';
import { UsageError } from '../cli/args';
import { chatModelFromFlags } from '../cli/commands/ask-command';
import { FsBlobStore } from '../cli/fs-blob-store';
import { FsNoteSource } from '../cli/fs-note-source';
import { checkpointMs, defaultIndexDir, lockOwnerGone, makeEmbedder, settingsFromFlags } from '../cli/setup';
import { createMcpServer } from './server';
import { VaultWatch, type WriteOutcome } from './watch';

const DEFAULT_WATCH_SECONDS = 30;

export async function runMcp(args: CliArgs, logger: Logger, signal: AbortSignal): Promise<number> {
  routeConsoleToStderr();
  const vault = resolve(args.vault);
  if (!existsSync(vault) || !statSync(vault).isDirectory()) throw new UsageError(`vault folder not found: ${args.vault}`);
  const settings = settingsFromFlags(args.flags);
  const indexDir = resolve(args.flags.indexDir ?? defaultIndexDir(vault));
  const store = new FsBlobStore(indexDir);
  const source = new FsNoteSource(vault);
  const chat = chatModelFromFlags(args);
  const embedder = makeEmbedder(settings);
  const owner: LockOwner = { pid: process.pid, host: hostname(), tool: 'cli' };
  const reader = await SnapshotReader.open({ source, store, embedder, settings, logger, owner });
  const writer = await reader.writer();
  if (writer) logger.info(`The index is being updated by ${writer}: answering from its last saved state (${reader.status().notes} notes).`);
  else if (reader.generation === 0 && !args.flags.watch) logger.info(`No index yet in ${indexDir}: run \`ask-vault index ${args.vault}\`, or start this server with --watch.`);

  const watch = args.flags.watch
    ? new VaultWatch({
        intervalMs: (args.flags.watchSeconds ?? DEFAULT_WATCH_SECONDS) * 1000,
        fingerprint: () => vaultFingerprint(source),
        write: async () => {
          const out = await writeOnce(store, source, embedder, settings, logger, owner);
          if (out.kind === 'written') await reader.refresh();
          return out;
        },
        log: (m) => logger.info(m),
      })
    : null;

  const server = createMcpServer({
    index: reader,
    chat,
    statusExtras: () => ({ vault, indexDir, readOnly: watch === null, watch: watch?.state() ?? null }),
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((done) => {
    server.server.onclose = () => done();
    process.stdin.once('end', () => done());
    signal.addEventListener('abort', () => done(), { once: true });
  });
  await server.connect(transport);
  watch?.start();
  logger.info(`ask-vault MCP server on stdio: ${vault} (${reader.status().notes} notes, generation ${reader.generation}${watch ? ', watching' : ', read-only'}).`);
  await closed;
  await watch?.stop();
  await server.close().catch(() => undefined);
  await reader.close();
  return 0;
}

/** Takes the writer lock for one sync, and gives it back at once. */
async function writeOnce(
  store: FsBlobStore,
  source: FsNoteSource,
  embedder: Embedder | null,
  settings: ReturnType<typeof settingsFromFlags>,
  logger: Logger,
  owner: LockOwner,
): Promise<WriteOutcome> {
  const lock = await acquireWriteLock(store, owner, { ownerGone: lockOwnerGone });
  if ('heldBy' in lock) return { kind: 'busy', heldBy: lock.heldBy };
  const heartbeat = setInterval(() => void lock.refresh().catch(() => undefined), 15_000);
  try {
    const engine = await Engine.open({ source, store, embedder: embedder && borrowed(embedder), settings, logger, checkpointMs: checkpointMs() });
    try {
      const s = await engine.sync();
      return { kind: 'written', summary: `${s.notes} notes, ${s.embedded} chunks embedded, ${s.removed} removed, ${s.renamed} moved` };
    } finally {
      await engine.close();
    }
  } finally {
    clearInterval(heartbeat);
    await lock.release();
  }
}

/** The reader's embedder lent to a writer engine, which must not dispose it when it closes. */
function borrowed(e: Embedder): Embedder {
  return {
    modelId: e.modelId,
    load: (p) => e.load(p),
    embed: (texts, kind, opts) => e.embed(texts, kind, opts),
    ...(e.countTokens ? { countTokens: (t: string) => e.countTokens!(t) } : {}),
  };
}

async function vaultFingerprint(source: FsNoteSource): Promise<string> {
  const hash = createHash('sha256');
  for (const f of await source.list()) hash.update(`${f.path}\0${f.size}\0${f.mtime}\n`);
  return hash.digest('hex');
}

/** Libraries that log with console.log (transformers.js, onnxruntime) would corrupt the protocol. */
function routeConsoleToStderr(): void {
  const toStderr = (...parts: unknown[]) => void process.stderr.write(`${format(...parts)}\n`);
  Object.assign(console, { log: toStderr, info: toStderr, debug: toStderr });
}
