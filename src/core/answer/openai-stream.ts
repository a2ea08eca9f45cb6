// Decodes an OpenAI-compatible chat completion body: normally SSE (`data: {choices:
// [{delta:{content}}]}` … `data: [DONE]`), but some servers ignore `stream: true`
// and send one JSON object, and a wrong base URL often yields an HTML page. The
// first non-blank character tells which.

import { createParser, type ParseError } from 'eventsource-parser';
import { hostOf, inBandError, isRecord, type ErrorContext } from '../http/classify';
import { LlmError } from '../http/errors';
import { MAX_EVENT_CHARS, snippet, type StreamDecoder, type StreamEvent } from './stream-decoder';

export function openAiStreamDecoder(ctx: ErrorContext): StreamDecoder {
  const host = hostOf(ctx.url);
  let mode: 'sniff' | 'sse' | 'json' = 'sniff';
  let head = '';
  let jsonBody = '';
  let pending: StreamEvent[] = [];
  let problem: LlmError | undefined;
  let finishReason: 'stop' | 'length' | undefined;
  let modelSeen = false;
  let finished = false;

  const protocolError = (what: string) => new LlmError('protocol', `${host} sent an unreadable answer: ${what}.`);

  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onEvent: (message) => onData(message.data),
    onError: (error: ParseError) => {
      if (error.type === 'invalid-retry') return; // a reconnection hint we never use
      if (error.type === 'max-buffer-size-exceeded') {
        problem ??= protocolError('an event is longer than 1 MB');
        return;
      }
      const line = error.line ?? `${error.field ?? ''}:${error.value ?? ''}`;
      const serverError = jsonError(line);
      if (serverError) pending.push({ type: 'error', error: serverError });
      else problem ??= protocolError(`malformed line in the event stream "${snippet(line)}"`);
    },
  });

  function jsonError(text: string): LlmError | undefined {
    try {
      return inBandError(JSON.parse(text), ctx);
    } catch {
      return undefined;
    }
  }

  function onData(data: string): void {
    if (finished || problem) return;
    if (data.trim() === '[DONE]') {
      finished = true;
      pending.push({ type: 'done', reason: finishReason ?? 'stop' });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      problem = protocolError(`invalid JSON in an event "${snippet(data)}"`);
      return;
    }
    onChunk(value);
  }

  function onChunk(value: unknown): void {
    const error = inBandError(value, ctx);
    if (error) {
      pending.push({ type: 'error', error });
      return;
    }
    if (!isRecord(value)) {
      problem = protocolError(`unexpected event "${snippet(JSON.stringify(value))}"`);
      return;
    }
    if (!modelSeen && typeof value.model === 'string' && value.model) {
      modelSeen = true;
      pending.push({ type: 'model', name: value.model });
    }
    const choice: unknown = Array.isArray(value.choices) ? value.choices[0] : undefined;
    if (!isRecord(choice)) return; // usage-only or keep-alive chunks
    // `delta` when streamed, `message` when the server answered in one piece.
    const part = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : undefined;
    if (typeof part?.content === 'string' && part.content) pending.push({ type: 'delta', text: part.content });
    if (typeof choice.finish_reason === 'string' && choice.finish_reason) {
      finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
    }
  }

  // Events decoded before a problem still count (the text so far is kept); the problem
  // comes last, as an error event, and nothing after it is read.
  function flush(): StreamEvent[] {
    const out = problem ? [...pending, { type: 'error' as const, error: problem }] : pending;
    pending = [];
    return out;
  }

  return {
    feed(text) {
      if (finished) return [];
      if (mode === 'sniff') {
        head += text;
        const first = head.trimStart()[0];
        if (!first) return [];
        if (first === '<') throw new LlmError('protocol', `${host} answered with a web page, not an API response: check the base URL.`);
        mode = first === '{' || first === '[' ? 'json' : 'sse';
        text = head;
        head = '';
      }
      if (mode === 'json') {
        jsonBody += text;
        if (jsonBody.length > MAX_EVENT_CHARS) throw protocolError('the JSON answer is longer than 1 MB');
        return [];
      }
      parser.feed(text);
      return flush();
    },
    end() {
      if (mode === 'sniff') throw new LlmError('protocol', `${host} sent an empty answer.`);
      if (mode === 'json') {
        let value: unknown;
        try {
          value = JSON.parse(jsonBody);
        } catch {
          throw protocolError(`invalid JSON "${snippet(jsonBody)}"`);
        }
        onChunk(value);
        const events = flush();
        if (events.some((e) => e.type === 'error')) return events;
        if (!events.some((e) => e.type === 'delta')) throw protocolError(`no answer in "${snippet(jsonBody)}"`);
        return [...events, { type: 'done', reason: finishReason ?? 'stop' }];
      }
      parser.reset({ consume: true });
      const events = flush();
      // Some servers close right after the last finish_reason without sending [DONE].
      if (!finished && finishReason) {
        finished = true;
        events.push({ type: 'done', reason: finishReason });
      }
      return events;
    },
  };
}
