// "Test connection" in the settings: list the endpoint's models and turn the
// outcome into one diagnosis the settings tab can show next to the fields.

import type { ChatModel } from '../ports';
import { hostOf } from '../http/classify';
import { isLlmError, LlmError } from '../http/errors';

export type ConnectionStatus = 'ok' | 'wrong-url' | 'wrong-key' | 'unknown-model' | 'unreachable' | 'cors';

export interface ConnectionDiagnosis {
  status: ConnectionStatus;
  /** One line for the user, secrets removed. */
  message: string;
  /** Models the endpoint offers (empty when it could not be listed). */
  models: string[];
}

/** A ChatModel that can also describe its endpoint, for settings and `ask-vault doctor`. */
export interface ChatEndpoint extends ChatModel {
  readonly provider: 'openai' | 'ollama';
  /** Model ids the endpoint offers. Rejects with an LlmError (secrets removed). */
  listModels(signal?: AbortSignal): Promise<string[]>;
  /** Never rejects. */
  testConnection(signal?: AbortSignal): Promise<ConnectionDiagnosis>;
}

export interface DiagnoseInput {
  provider: 'openai' | 'ollama';
  /** The URL of the listing, for messages. */
  url: string;
  model: string;
  listModels: () => Promise<string[]>;
}

export async function diagnoseConnection(input: DiagnoseInput): Promise<ConnectionDiagnosis> {
  const host = hostOf(input.url);
  let models: string[];
  try {
    models = await input.listModels();
  } catch (err) {
    const error = isLlmError(err) ? err : new LlmError('unreachable', `Cannot connect to ${host}.`);
    return { status: statusFor(error), message: messageFor(error, input.provider, host), models: [] };
  }
  const model = input.model.trim();
  if (!model) {
    return { status: 'ok', message: `Connected to ${host}; ${models.length} model(s) available. Choose one.`, models };
  }
  if (models.some((m) => sameModel(m, model, input.provider))) {
    return { status: 'ok', message: `Connected to ${host}; model "${model}" is available.`, models };
  }
  const offered = models.length ? `: ${list(models)}` : ' (it lists none)';
  const hint = input.provider === 'ollama' ? ` Run "ollama pull ${model}" or pick one of them.` : '';
  return { status: 'unknown-model', message: `Connected to ${host}, but it does not offer the model "${model}"${offered}.${hint}`, models };
}

/** Ollama treats "llama3.2" and "llama3.2:latest" as the same model. */
export function sameModel(offered: string, wanted: string, provider: 'openai' | 'ollama'): boolean {
  const a = offered.toLowerCase();
  const b = wanted.toLowerCase();
  if (a === b) return true;
  return provider === 'ollama' && (a === `${b}:latest` || `${a}:latest` === b);
}

function statusFor(error: LlmError): ConnectionStatus {
  if (error.probableCors) return 'cors';
  switch (error.kind) {
    case 'auth':
      return 'wrong-key';
    case 'not-found':
    case 'protocol':
    case 'bad-request':
      return 'wrong-url';
    default:
      return 'unreachable';
  }
}

function messageFor(error: LlmError, provider: 'openai' | 'ollama', host: string): string {
  if (!error.probableCors) return error.message;
  if (provider === 'ollama') {
    return `Cannot reach Ollama at ${host}. If it is running, it is refusing Obsidian (CORS): set OLLAMA_ORIGINS=app://obsidian.md* in Ollama's environment and restart it.`;
  }
  return `Cannot reach ${host}. If the server is running, it is refusing Obsidian (CORS): allow the origin app://obsidian.md in its settings (LM Studio: "Enable CORS").`;
}

function list(models: string[]): string {
  const shown = models.slice(0, 8).join(', ');
  return models.length > 8 ? `${shown}… (${models.length} in all)` : shown;
}
