// From retrieved passages to an answer: through the configured model when there is one, else
// (or when it fails before saying anything) extractively. Either way citations are verified.
import type { AnswerResponse, AskOptions, SearchResponse } from '../engine-types';
import type { CoreSettings } from '../settings';
import { detectLanguage } from '../lexical/language';
import { buildPrompt } from './prompt';
import { checkCitations, renderCitationsAsMarkdown } from './citations';
import { extractiveAnswer } from './extractive';
import { extractiveTimeline, timelineLines } from './timeline-extractive';
import { timelineRules } from './timeline-prompt';
import { buildHistory, withHistory } from './history';

import type { LlmChatResult } from './chat-stream';

export async function answerQuestion(question: string, found: SearchResponse, opts: AskOptions, settings: CoreSettings): Promise<AnswerResponse> {
  const lang = opts.language ?? (settings.answer.language === 'auto' ? detectLanguage(question) : settings.answer.language);
  const notices = [...found.notices];
  let error: string | undefined;
  let errorKind: AnswerResponse['errorKind'];

  if (opts.chat) {
    const maxContextTokens = opts.maxContextTokens ?? settings.llm.maxContextTokens;
    const history = buildHistory(opts.history ?? [], {
      budgetTokens: Math.min(opts.historyTokens ?? settings.chat.historyTokens, Math.floor(maxContextTokens / 2)),
      lang,
    });
    if (history.kept === 0 && (opts.history?.length ?? 0) > 0) notices.push({ code: 'history-dropped' });
    const built = buildPrompt(question, found.results, {
      maxContextTokens: maxContextTokens - history.tokens,
      ...(opts.systemPrompt ?? settings.answer.systemPrompt ? { systemPrompt: opts.systemPrompt ?? settings.answer.systemPrompt } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(timelineRules(found, lang) ? { extraRules: timelineRules(found, lang) } : {}),
    });
    const { used } = built;
    const messages = withHistory(built.messages, history.messages);
    const res = await opts.chat.chat({
      messages,
      temperature: opts.temperature ?? settings.llm.temperature,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onToken ? { onToken: opts.onToken } : {}),
    });
    if (res.text.trim()) {
      const checked = checkCitations(res.text, used);
      return {
        markdown: renderCitationsAsMarkdown(checked.segments),
        raw: res.text,
        segments: checked.segments,
        sources: used,
        complete: res.complete,
        ...(res.error ? { error: res.error } : {}),
        ...((res as LlmChatResult).errorKind ? { errorKind: (res as LlmChatResult).errorKind } : {}),
        extractive: false,
        notices,
        ...intentOf(question, { ...found, results: used }, lang),
        history: { kept: history.kept, dropped: history.dropped },
      };
    }
    // Nothing streamed: the user still gets their passages, with the reason the model failed.
    error = res.error ?? 'The language model returned an empty answer.';
    errorKind = (res as LlmChatResult).errorKind ?? (res.error ? undefined : 'empty');
  } else {
    notices.push({ code: 'no-chat-model' });
  }

  // A question about time gets a timeline: every entry, dated, in order.
  const raw = found.timeline ? extractiveTimeline(question, found, lang) : extractiveAnswer(question, found.results, { lang });
  const checked = checkCitations(raw, found.results);
  return {
    markdown: renderCitationsAsMarkdown(checked.segments),
    raw,
    segments: checked.segments,
    sources: found.results,
    complete: error === undefined,
    ...(error ? { error } : {}),
    ...(errorKind ? { errorKind } : {}),
    extractive: true,
    notices,
    ...intentOf(question, found, lang),
  };
}

function intentOf(question: string, found: SearchResponse, lang: 'fr' | 'en'): Pick<AnswerResponse, 'intent' | 'timeline' | 'timelineLines'> {
  return {
    ...(found.intent ? { intent: found.intent } : {}),
    ...(found.timeline ? { timeline: found.timeline, timelineLines: timelineLines(question, found, lang) } : {}),
  };
}
