// Query processing for questions. Interrogative words ("combien", "pourquoi", "how") say what kind
// of answer is wanted, not what it is about; in a BM25 query they only match noise.

const QUESTION_WORDS = new Set([
  // French interrogatives and the pieces of "qu'est-ce que", "est-ce que", "a-t-il".
  'combien', 'comment', 'pourquoi', 'quand', 'quel', 'quelle', 'quels', 'quelles', 'lequel', 'laquelle',
  'lesquels', 'lesquelles', 'auquel', 'auxquels', 'auxquelles', 'duquel', 'desquels', 'desquelles', 'quoi',
  'qui', 'que', 'où', 'est-ce', 'qu’est-ce', "qu'est-ce",
  // English.
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how',
]);

const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

/** The question without its interrogative words; the original when nothing else would remain. */
export function stripQuestionWords(question: string): string {
  const kept: string[] = [];
  for (const m of question.normalize('NFC').matchAll(WORD_RE)) {
    const w = m[0].toLowerCase();
    if (QUESTION_WORDS.has(w)) continue;
    // "qu'est-ce" and "est-ce" arrive whole; "a-t-il" style inversions split into stop words later.
    if (/^(?:qu['’])?est-ce$/.test(w)) continue;
    kept.push(m[0]);
  }
  return kept.length > 0 ? kept.join(' ') : question;
}
