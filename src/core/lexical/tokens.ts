// Splitting text into word tokens, shared by the analyser and language detection.

// Letters (with their combining marks) and digits; apostrophes stay inside a token so elision can see them.
const TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
/**
 * A word written in capitals, 2 to 6 of them (digits allowed after the first): AI, IT, US, RAG,
 * LLM, Q4; with an elided article before it (l'IA, d'IT) or a plural or possessive after it
 * (OKRs, RAG's). Longer runs of capitals are shouting, not acronyms.
 */
const ACRONYM_RE = /^(?:\p{L}{1,7}['’])?\p{Lu}[\p{Lu}\p{N}]{1,5}(?:['’]?s)?$/u;

/** Splits text into raw lowercase word tokens (no filtering). */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(TOKEN_RE) ?? [];
}

/**
 * Like tokenize(), but an acronym keeps its capitals ("AI", "l'IA"), so that the analyser can
 * tell it from the word of the same letters ("ai" in j'ai): a token with a capital in it is
 * always an acronym.
 */
export function tokenizeKeepingAcronyms(text: string): string[] {
  const raw = text.normalize('NFC').match(TOKEN_RE);
  if (!raw) return [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    const lower = t.toLowerCase();
    if (lower !== t && !ACRONYM_RE.test(t)) raw[i] = lower;
  }
  return raw;
}
