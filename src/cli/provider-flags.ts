// The embedding-provider and rerank flags → settings, and API keys read from the environment
// (never from the command line, where `ps` and shell history would show them).
import type { CoreSettings } from '../core/settings';
import type { CliArgs } from './args';
import { UsageError } from './args';

export function applyProviderFlags(s: CoreSettings, flags: CliArgs['flags']): void {
  const provider = flags.embeddingProvider;
  if (provider && provider !== 'transformers') {
    s.embedding.provider = provider;
    s.embedding.baseUrl = flags.embeddingEndpoint ?? '';
    s.embedding.model = flags.embeddingModel ?? '';
  }
  if (flags.rerankModel) {
    s.rerank.kind = flags.rerankEndpoint ? 'endpoint' : 'cross-encoder';
    s.rerank.baseUrl = flags.rerankEndpoint ?? '';
    s.rerank.model = flags.rerankModel;
  }
}

/** The key in `$VAR`; a named variable that is unset or empty is a usage error, not a silent "no key". */
export function apiKeyFromEnv(variable: string | undefined, flag: string, env: Record<string, string | undefined> = process.env): string | undefined {
  if (!variable) return undefined;
  const value = env[variable]?.trim();
  if (!value) throw new UsageError(`${flag} ${variable}: that environment variable is not set`);
  return value;
}
