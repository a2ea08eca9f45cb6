// Shared data shapes of the pipeline: note → chunks → ranked passages → answer.

export interface Heading {
  level: number;
  text: string;
  /** 0-based line number in the note (after frontmatter lines are counted). */
  line: number;
}

export type LinkKind = 'wikilink' | 'embed' | 'markdown';

export interface Link {
  kind: LinkKind;
  /** Target as written, without `#…` or `|…` (e.g. `Projet 20 - Créer un POC d'un RAG`). */
  target: string;
  /** Heading after `#`, if any (without `^`). */
  heading?: string;
  /** Block id after `#^`, if any. */
  block?: string;
  /** Display text after `|`, or the markdown link's text. */
  alias?: string;
  /** 0-based line where the link is written. */
  line: number;
}

export interface Note {
  /** Vault-relative path, '/'-separated, NFC, with `.md`. */
  path: string;
  /** File name without extension. */
  basename: string;
  /** Note title: the basename (Obsidian's convention). */
  title: string;
  frontmatter: Record<string, unknown>;
  /** Set when the frontmatter could not be parsed; the body is still indexed. */
  frontmatterError?: string;
  aliases: string[];
  tags: string[];
  headings: Heading[];
  links: Link[];
  blockIds: { id: string; line: number }[];
  /** Lines of the whole file (LF-normalised, NFC), frontmatter included, so line numbers match the file. */
  lines: string[];
  /** Index of the first body line (after frontmatter). */
  bodyStart: number;
  /** SHA-256 (hex) of the raw bytes, for incremental indexing. */
  hash: string;
}

export interface Chunk {
  /** `${path}#${ordinal}` – stable while the note's structure is stable. */
  id: string;
  path: string;
  title: string;
  /** Heading path, outermost first, e.g. ["Projet", "Objectifs"]. Empty for text before any heading. */
  headingPath: string[];
  /** The chunk as shown to the user. */
  text: string;
  /** What is embedded: title and heading path, then the text. */
  embedText: string;
  /** 1-based inclusive line range in the file. */
  lines: [number, number];
  tokens: number;
}

export interface JournalInfo {
  path: string;
  /** Milliseconds since epoch (local time of the written date). */
  date: number;
  /** How it was recognised. */
  via: 'folder' | 'filename' | 'frontmatter';
}

/** An inbound link from a journal entry to a note, with the paragraph around it. */
export interface JournalMention {
  journal: string;
  date: number;
  /** Target note path (resolved). */
  target: string;
  /** The paragraph that contains the link, as written. */
  excerpt: string;
  /** 1-based inclusive line range of the excerpt in the journal file. */
  lines: [number, number];
}

export type RetrievalSource = 'lexical' | 'vector' | 'hybrid' | 'journal' | 'link';

export interface SearchResult {
  chunkId: string;
  path: string;
  title: string;
  headingPath: string[];
  /** Heading the citation should point to (last of headingPath), or undefined for the note top. */
  heading?: string;
  lines: [number, number];
  text: string;
  score: number;
  source: RetrievalSource;
  /** Human-readable reason, e.g. "journal of [[pre-training]]". */
  why: string;
  /** Set for journal entries. */
  date?: number;
  /** For expansions: the note this result was brought in by. */
  via?: string;
  /** Set when the rerank step ordered this result (the panel says "reranked"). */
  reranked?: true;
}

export interface SkippedNote {
  path: string;
  reason: string;
}

/** A link as kept in the index: enough to rebuild the link and journal graph without re-reading notes. */
export interface LinkRef {
  target: string;
  heading?: string;
  block?: string;
  /** 1-based line of the link. */
  line: number;
  /** The paragraph around the link and its 1-based line range; kept for journal notes only. */
  excerpt?: string;
  excerptLines?: [number, number];
}

/** What the index remembers of a note besides its chunks. */
export interface NoteMeta {
  title: string;
  /** The note's leading level-1 heading, when it opens the note: it names the note, not a section. */
  titleHeading?: string;
  aliases: string[];
  tags: string[];
  links: LinkRef[];
  /** Journal date (ms since epoch) when the note is a journal entry. */
  journalDate?: number;
  journalVia?: JournalInfo['via'];
}

/** A chunk as stored in the index; `textHash` = sha256(model-independent embedText). */
export interface ChunkRecord {
  id: string;
  path: string;
  headingPath: string[];
  lines: [number, number];
  tokens: number;
  text: string;
  textHash: string;
}

/** One note's entry in the index. */
export interface NoteRecord {
  path: string;
  /** sha256 of the raw bytes. */
  hash: string;
  mtime: number;
  size: number;
  meta: NoteMeta;
  chunks: ChunkRecord[];
}
