// Decodes Ollama's /api/chat body: one JSON object per line,
// `{"message":{"content":"…"},"done":false}` … `{"done":true,"done_reason":"stop"}`.

import { hostOf, inBandError, isRecord, type ErrorContext } from '../http/classify';
import { LlmError } from '../http/errors';
import { MAX_EVENT_CHARS, snippet, type StreamDecoder, type StreamEvent } from './stream-decoder';

export function ollamaStreamDecoder(ctx: ErrorContext): StreamDecoder {
  const host = hostOf(ctx.url);
  let buffer = '';
  let started = false;
  let finished = false;
  let modelSeen = false;

  const protocolError = (what: string) => new LlmError('protocol', `${host} sent an unreadable answer: ${what}.`);

  function onLine(line: string, out: StreamEvent[]): void {
    const text = line.trim();
    if (!text || finished) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw protocolError(`invalid JSON line "${snippet(text)}"`);
    }
    const error = inBandError(value, ctx);
    if (error) {
      out.push({ type: 'error', error });
      return;
    }
    if (!isRecord(value)) throw protocolError(`unexpected line "${snippet(text)}"`);
    if (!modelSeen && typeof value.model === 'string' && value.model) {
      modelSeen = true;
      out.push({ type: 'model', name: value.model });
    }
    const content = isRecord(value.message) ? value.message.content : undefined;
    if (typeof content === 'string' && content) out.push({ type: 'delta', text: content });
    if (value.done === true) {
      finished = true;
      out.push({ type: 'done', reason: value.done_reason === 'length' ? 'length' : 'stop' });
    }
  }

  return {
    feed(text) {
      if (!started) {
        const first = (buffer + text).trimStart()[0];
        if (first === '<') throw new LlmError('protocol', `${host} answered with a web page, not the Ollama API: check the base URL.`);
        started = first !== undefined;
      }
      buffer += text;
      const out: StreamEvent[] = [];
      let newline: number;
      try {
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          onLine(line, out);
        }
        if (buffer.length > MAX_EVENT_CHARS) throw protocolError('a line is longer than 1 MB');
      } catch (error) {
        // Lines decoded before the bad one still count: the text so far is kept.
        out.push({ type: 'error', error: error as LlmError });
      }
      return out;
    },
    end() {
      if (!started) throw new LlmError('protocol', `${host} sent an empty answer.`);
      const out: StreamEvent[] = [];
      onLine(buffer, out);
      buffer = '';
      return out;
    },
  };
}
