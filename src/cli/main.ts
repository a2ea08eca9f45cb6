// ask-vault: the core engine on any folder of markdown. Exit codes: 0 success, 1 runtime failure,
// 2 bad usage; errors are one line unless --verbose.
import { parseCli, UsageError, USAGE, type CliArgs } from './args';
import { openSession, stderrLogger, RuntimeError } from './setup';
import { runIndex } from './commands/index-command';
import { runSearch } from './commands/search-command';
import { runAsk } from './commands/ask-command';
import { runEval } from './commands/eval-command';
import { runChat } from './commands/chat-command';
import { useGzipCodec } from '../core/util/gzip';
import { nodeGzipCodec } from './node-gzip';

async function main(argv: string[]): Promise<number> {
  useGzipCodec(nodeGzipCodec);
  let args: CliArgs | 'help';
  try {
    args = parseCli(argv);
  } catch (err) {
    process.stderr.write(`ask-vault: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const verbose = args.flags.verbose;
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nInterrupted: saving what was indexed…\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  let session;
  try {
    // A long-running reader (and, with --watch, a writer now and then): it opens the index itself.
    // Imported on demand: the MCP SDK is not evaluated by the other commands' start-up.
    if (args.command === 'mcp') return await (await import('../mcp/run')).runMcp(args, stderrLogger(verbose), controller.signal);
    session = await openSession(args, stderrLogger(verbose));
    switch (args.command) {
      case 'index':
        await runIndex(session, args.flags.json, controller.signal, args.flags.lang);
        return controller.signal.aborted ? 130 : 0;
      case 'search':
        await runSearch(session, args, controller.signal);
        return 0;
      case 'ask':
        return await runAsk(session, args, controller.signal);
      case 'chat':
        return await runChat(session, args, controller.signal);
      case 'eval':
        await runEval(session, args, controller.signal);
        return 0;
      default:
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ask-vault: ${err.message}\n`);
      return 2;
    }
    if (controller.signal.aborted) return 130;
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`ask-vault: ${err instanceof RuntimeError ? '' : 'error: '}${msg.split('\n')[0]}\n`);
    if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    await session?.close().catch((e: unknown) => process.stderr.write(`ask-vault: could not close the index cleanly: ${String(e)}\n`));
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ask-vault: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
