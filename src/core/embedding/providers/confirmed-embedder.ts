// An embedder that asks before its first use: loading waits for the user's answer, and a "no"
// fails the load, so the engine indexes lexically and says so, and nothing is sent.
import type { Embedder } from '../../ports';

export function withConfirmation(inner: Embedder, confirm: () => Promise<boolean>, refusal: string): Embedder {
  let asked: Promise<boolean> | undefined;
  return {
    modelId: inner.modelId,
    async load(onProgress) {
      asked ??= confirm().catch(() => false);
      if (!(await asked)) {
        asked = undefined; // asked again at the next opening
        throw new Error(refusal);
      }
      return inner.load(onProgress);
    },
    embed: (texts, kind, opts) => inner.embed(texts, kind, opts),
    ...(inner.countTokens ? { countTokens: (text: string) => inner.countTokens!(text) } : {}),
    dispose: async () => inner.dispose?.(),
  };
}
