// Command-line parsing with Node's own parseArgs: strict, so a typo is a usage error (exit 2).
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export const USAGE = `Usage:
  ask-vault index  <vault> [--json]
  ask-vault search <vault> "<query>" [--k 10] [--mode hybrid|lexical|vector] [--json]
  ask-vault ask    <vault> "<question>" [--endpoint URL] [--provider openai|ollama] [--model NAME] [--api-key-env VAR] [--json]
  ask-vault eval   <vault> <questions.jsonl> [--k 10] [--mode hybrid|lexical|vector] [--json]
                   [--ablation key=value]... [--extractive] [--limit N]

Common options:
  --index-dir DIR            where the index lives (default: <vault>/.obsidian/plugins/ask-vault/index,
                             or <vault>/.ask-vault when the vault has no .obsidian folder)
  --embedding-model ID|DIR   Hugging Face model id or local folder (default Xenova/multilingual-e5-small);
                             "none" for lexical and link-graph retrieval only
  --offline                  never touch the network for models (the LLM endpoint you give is still used)
  --journal-folder DIR       a folder whose notes are journal entries (repeatable)
  --chunk-tokens N           target chunk size in tokens (default 256)
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
  'journal-folder': { type: 'string', multiple: true },
  'chunk-tokens': { type: 'string' },
  'max-context-tokens': { type: 'string' },
  temperature: { type: 'string' },
  'no-expand': { type: 'boolean' },
  limit: { type: 'string' },
  ablation: { type: 'string', multiple: true },
  extractive: { type: 'boolean' },
  verbose: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Command = 'index' | 'search' | 'ask' | 'eval';

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
    offline: boolean;
    journalFolders: string[];
    chunkTokens?: number;
    maxContextTokens?: number;
    temperature?: number;
    expand: boolean;
    limit?: number;
    ablations: string[];
    /** eval: also check that the extractive answer quotes a gold answer span. */
    extractive: boolean;
    verbose: boolean;
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
  if (!['index', 'search', 'ask', 'eval'].includes(command)) throw new UsageError(`unknown command "${command}"`);
  if (!vault) throw new UsageError(`${command} needs a vault folder`);
  const needsText = command !== 'index';
  if (needsText && !text) throw new UsageError(command === 'eval' ? 'eval needs a questions.jsonl file' : `${command} needs a ${command === 'ask' ? 'question' : 'query'}`);
  if (positionals.length > (needsText ? 3 : 2)) throw new UsageError(`too many arguments: ${positionals.slice(needsText ? 3 : 2).join(' ')}`);
  if (v.mode !== undefined && !['hybrid', 'lexical', 'vector'].includes(v.mode)) throw new UsageError(`--mode must be hybrid, lexical or vector, got "${v.mode}"`);
  if (v.provider !== undefined && !['openai', 'ollama'].includes(v.provider)) throw new UsageError(`--provider must be openai or ollama, got "${v.provider}"`);
  let temperature: number | undefined;
  if (v.temperature !== undefined) {
    temperature = Number(v.temperature);
    if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) throw new UsageError('--temperature must be between 0 and 2');
  }
  const flags: CliArgs['flags'] = {
    json: v.json ?? false,
    offline: v.offline ?? false,
    journalFolders: v['journal-folder'] ?? [],
    expand: !(v['no-expand'] ?? false),
    ablations: v.ablation ?? [],
    extractive: v.extractive ?? false,
    verbose: v.verbose ?? false,
  };
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
  const limit = positiveInt('limit', v.limit);
  if (limit !== undefined) flags.limit = limit;
  if (v.lang !== undefined) {
    if (v.lang !== 'fr' && v.lang !== 'en') throw new UsageError(`--lang must be fr or en, got "${v.lang}"`);
    flags.lang = v.lang;
  }
  return { command: command as Command, vault, ...(text !== undefined ? { text } : {}), flags };
}
