// Command-line parsing with Node's own parseArgs: strict, so a typo is a usage error (exit 2).
import { parseArgs } from 'node:util';
import { INTENTS, isIntent, type IntentSetting } from '../core/question/intent';

export class UsageError extends Error {}

export const USAGE = `Usage:
  ask-vault index  <vault> [--json]
  ask-vault search <vault> "<query>" [--k 10] [--mode hybrid|lexical|vector] [--json]
  ask-vault ask    <vault> "<question>" [--endpoint URL] [--provider openai|ollama] [--model NAME] [--api-key-env VAR] [--json]
  ask-vault chat   <vault> [--endpoint URL] [--provider openai|ollama] [--model NAME] [--condense]
                   an interactive conversation: follow-ups (« Et en janvier ? ») are understood
                   from the turns before; /new starts over, /exit (or Ctrl+D) leaves
  ask-vault eval   <vault> <questions.jsonl> [--k 10] [--mode hybrid|lexical|vector] [--json]
                   [--ablation key=value]... [--extractive] [--limit N]
  ask-vault eval   <vault> --titles [--json]   (each note's title asked as the question)
  ask-vault mcp    <vault> [--watch] [--watch-seconds 30] [--endpoint URL ...]
                   an MCP server on stdio (search, ask, related, journal); read-only unless --watch

Common options:
  --index-dir DIR            where the index lives (default: <vault>/.obsidian/plugins/ask-vault/index,
                             or <vault>/.ask-vault when the vault has no .obsidian folder)
  --embedding-model ID|DIR   Hugging Face model id or local folder (default Xenova/multilingual-e5-small);
                             "none" for lexical and link-graph retrieval only
  --embedding-provider transformers|ollama|openai
                             who embeds: transformers.js on this machine (default), or your server
  --embedding-endpoint URL   the embedding server's base URL (Ollama http://127.0.0.1:11434,
                             LM Studio http://127.0.0.1:1234/v1, OpenAI https://api.openai.com/v1…)
  --embedding-api-key-env VAR  environment variable holding the embedding endpoint's API key
  --rerank-endpoint URL      rerank the fused top 30 through a /v1/rerank endpoint (off by default)
  --rerank-model NAME|DIR    the reranker's model: its name on --rerank-endpoint, or alone a transformers.js
                             cross-encoder (hub id or local folder) run on this machine
  --rerank-api-key-env VAR   environment variable holding the rerank endpoint's API key
  --yes                      do not ask before sending the vault to a paid or remote endpoint
  --offline                  never touch the network for models (the LLM endpoint you give is still used)
  --journal-folder DIR       a folder whose notes are journal entries (repeatable)
  --exclude-folder DIR       keep a folder out of the index and the answers for this run (repeatable), on top
                             of the plugin's exclusions and Obsidian's excluded files, read from
                             the vault's .obsidian folder when it has them
  --exclude-tag TAG          keep notes with this tag (and its nested tags) out (repeatable)
  --chunk-tokens N           target chunk size in tokens (default 256)
  --intent KIND              search, ask: answer as fact, period, evolution, first or last
                             (default auto: read from the question)
  --history FILE             ask: a JSON list of earlier turns [{"question", "answer", "resolved"?}]
                             the question continues
  --history-tokens N         tokens the earlier turns may take (default 1200)
  --condense                 chat, ask --history: the model rewrites a follow-up before retrieval
  --lang fr|en               language of the CLI's own words (default: the question's; English for index)
  --verbose                  stack traces on errors, debug logs`;

const options = {
  json: { type: 'boolean' },
  k: { type: 'string' },
  mode: { type: 'string' },
  endpoint: { type: 'string' },
  provider: { type: 'string' },
  model: { type: 'string' },
  'api-key-env': { type: 'string' },
  'index-dir': { type: 'string' },
  'embedding-model': { type: 'string' },
  offline: { type: 'boolean' },
  'embedding-provider': { type: 'string' },
  'embedding-endpoint': { type: 'string' },
  'embedding-api-key-env': { type: 'string' },
  'rerank-endpoint': { type: 'string' },
  'rerank-model': { type: 'string' },
  'rerank-api-key-env': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'journal-folder': { type: 'string', multiple: true },
  'exclude-folder': { type: 'string', multiple: true },
  'exclude-tag': { type: 'string', multiple: true },
  'chunk-tokens': { type: 'string' },
  'max-context-tokens': { type: 'string' },
  temperature: { type: 'string' },
  'no-expand': { type: 'boolean' },
  limit: { type: 'string' },
  ablation: { type: 'string', multiple: true },
  extractive: { type: 'boolean' },
  intent: { type: 'string' },
  titles: { type: 'boolean' },
  verbose: { type: 'boolean' },
  history: { type: 'string' },
  'history-tokens': { type: 'string' },
  condense: { type: 'boolean' },
  watch: { type: 'boolean' },
  'watch-seconds': { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Command = 'index' | 'search' | 'ask' | 'eval' | 'chat' | 'mcp';

export interface CliArgs {
  command: Command;
  vault: string;
  text?: string;
  flags: {
    json: boolean;
    k?: number;
    mode?: 'hybrid' | 'lexical' | 'vector';
    endpoint?: string;
    provider?: 'openai' | 'ollama';
    model?: string;
    apiKeyEnv?: string;
    indexDir?: string;
    embeddingModel?: string;
    embeddingProvider?: 'transformers' | 'ollama' | 'openai';
    embeddingEndpoint?: string;
    embeddingApiKeyEnv?: string;
    rerankEndpoint?: string;
    rerankModel?: string;
    rerankApiKeyEnv?: string;
    /** Skip the confirmation before a paid or remote endpoint embeds the vault. */
    yes: boolean;
    offline: boolean;
    journalFolders: string[];
    /** Added to the exclusions read from the plugin's settings in the vault. */
    excludeFolders: string[];
    excludeTags: string[];
    chunkTokens?: number;
    maxContextTokens?: number;
    temperature?: number;
    expand: boolean;
    limit?: number;
    ablations: string[];
    /** eval: also check that the extractive answer quotes a gold answer span. */
    extractive: boolean;
    /** Forces the question's intent (default: read from the question). */
    intent?: IntentSetting;
    /** eval: questions are the notes' own titles (title self-retrieval), no questions file. */
    titles: boolean;
    verbose: boolean;
    /** ask: a JSON file of earlier turns. */
    history?: string;
    historyTokens?: number;
    condense: boolean;
    /** mcp: re-sync changed notes on a timer, taking the writer lock only while writing. */
    watch: boolean;
    watchSeconds?: number;
    /** Language of the CLI's own words; default the question's. */
    lang?: 'fr' | 'en';
  };
}

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number, got "${v}"`);
  return n;
}

export function parseCli(argv: string[]): CliArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const { values: v, positionals } = parsed;
  if (v.help || positionals.length === 0) return 'help';
  const [command, vault, text] = positionals;
  if (!['index', 'search', 'ask', 'eval', 'chat', 'mcp'].includes(command)) throw new UsageError(`unknown command "${command}"`);
  if (!vault) throw new UsageError(`${command} needs a vault folder`);
  const needsText = command !== 'index' && command !== 'chat' && command !== 'mcp' && !(command === 'eval' && v.titles);
  if (needsText && !text) throw new UsageError(command === 'eval' ? 'eval needs a questions.jsonl file' : `${command} needs a ${command === 'ask' ? 'question' : 'query'}`);
  if (positionals.length > (needsText ? 3 : 2)) throw new UsageError(`too many arguments: ${positionals.slice(needsText ? 3 : 2).join(' ')}`);
  if (v.mode !== undefined && !['hybrid', 'lexical', 'vector'].includes(v.mode)) throw new UsageError(`--mode must be hybrid, lexical or vector, got "${v.mode}"`);
  if (v.provider !== undefined && !['openai', 'ollama'].includes(v.provider)) throw new UsageError(`--provider must be openai or ollama, got "${v.provider}"`);
  const provider = v['embedding-provider'];
  if (provider !== undefined && !['transformers', 'ollama', 'openai'].includes(provider)) {
    throw new UsageError(`--embedding-provider must be transformers, ollama or openai, got "${provider}"`);
  }
  if (v['embedding-endpoint'] && (provider ?? 'transformers') === 'transformers') {
    throw new UsageError('--embedding-endpoint needs --embedding-provider ollama or openai');
  }
  if (provider && provider !== 'transformers' && !v['embedding-endpoint']) throw new UsageError(`--embedding-provider ${provider} needs --embedding-endpoint URL`);
  if (provider && provider !== 'transformers' && !v['embedding-model']) throw new UsageError(`--embedding-provider ${provider} needs --embedding-model NAME`);
  if (v['rerank-endpoint'] && !v['rerank-model']) throw new UsageError('--rerank-endpoint needs --rerank-model NAME');
  let temperature: number | undefined;
  if (v.temperature !== undefined) {
    temperature = Number(v.temperature);
    if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) throw new UsageError('--temperature must be between 0 and 2');
  }
  const flags: CliArgs['flags'] = {
    json: v.json ?? false,
    offline: v.offline ?? false,
    journalFolders: v['journal-folder'] ?? [],
    excludeFolders: v['exclude-folder'] ?? [],
    excludeTags: v['exclude-tag'] ?? [],
    expand: !(v['no-expand'] ?? false),
    ablations: v.ablation ?? [],
    extractive: v.extractive ?? false,
    titles: v.titles ?? false,
    verbose: v.verbose ?? false,
    condense: v.condense ?? false,
    yes: v.yes ?? false,
    watch: v.watch ?? false,
  };
  if (v.history !== undefined) {
    if (command !== 'ask') throw new UsageError('--history is for ask (chat keeps its own)');
    flags.history = v.history;
  }
  const ht = v['history-tokens'] === '0' ? 0 : positiveInt('history-tokens', v['history-tokens']);
  if (ht !== undefined) flags.historyTokens = ht;
  if (provider) flags.embeddingProvider = provider as 'transformers' | 'ollama' | 'openai';
  if (v['embedding-endpoint']) flags.embeddingEndpoint = v['embedding-endpoint'];
  if (v['embedding-api-key-env']) flags.embeddingApiKeyEnv = v['embedding-api-key-env'];
  if (v['rerank-endpoint']) flags.rerankEndpoint = v['rerank-endpoint'];
  if (v['rerank-model']) flags.rerankModel = v['rerank-model'];
  if (v['rerank-api-key-env']) flags.rerankApiKeyEnv = v['rerank-api-key-env'];
  const watchSeconds = positiveInt('watch-seconds', v['watch-seconds']);
  if (watchSeconds !== undefined) flags.watchSeconds = watchSeconds;
  const k = positiveInt('k', v.k);
  if (k !== undefined) flags.k = k;
  if (v.mode) flags.mode = v.mode as CliArgs['flags']['mode'] & string;
  if (v.endpoint) flags.endpoint = v.endpoint;
  if (v.provider) flags.provider = v.provider as 'openai' | 'ollama';
  if (v.model) flags.model = v.model;
  if (v['api-key-env']) flags.apiKeyEnv = v['api-key-env'];
  if (v['index-dir']) flags.indexDir = v['index-dir'];
  if (v['embedding-model']) flags.embeddingModel = v['embedding-model'];
  const ct = positiveInt('chunk-tokens', v['chunk-tokens']);
  if (ct !== undefined) flags.chunkTokens = ct;
  const mct = positiveInt('max-context-tokens', v['max-context-tokens']);
  if (mct !== undefined) flags.maxContextTokens = mct;
  if (temperature !== undefined) flags.temperature = temperature;
  if (v.intent !== undefined) {
    if (v.intent !== 'auto' && !isIntent(v.intent)) throw new UsageError(`--intent must be auto, ${INTENTS.join(', ')}, got "${v.intent}"`);
    flags.intent = v.intent;
  }
  const limit = positiveInt('limit', v.limit);
  if (limit !== undefined) flags.limit = limit;
  if (v.lang !== undefined) {
    if (v.lang !== 'fr' && v.lang !== 'en') throw new UsageError(`--lang must be fr or en, got "${v.lang}"`);
    flags.lang = v.lang;
  }
  return { command: command as Command, vault, ...(text !== undefined ? { text } : {}), flags };
}
