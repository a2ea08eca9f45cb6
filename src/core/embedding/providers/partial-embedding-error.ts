// An embedding run that failed part-way still produced vectors for some texts: the indexer keeps
// those (they are committed with their notes) and the next run sends only what is missing.

export class PartialEmbeddingError extends Error {
  override readonly name = 'PartialEmbeddingError';

  constructor(
    message: string,
    /** One entry per input text: its vector, or undefined where none came back. */
    readonly partial: ReadonlyArray<Float32Array | undefined>,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export function isPartialEmbeddingError(err: unknown): err is PartialEmbeddingError {
  return err instanceof PartialEmbeddingError;
}
