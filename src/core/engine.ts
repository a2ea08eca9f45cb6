// The engine both hosts drive: it owns the index, the lexical ranker and the journal graph, keeps
// them in step as notes change, and answers questions from them.
import type { BlobStore, Clock, Embedder, Logger, NoteSource } from './ports';
import { silentLogger, systemClock } from './ports';
import type { CoreSettings } from './settings';
import type {
  AnswerResponse, AskEngine, AskOptions, IndexProgress, IndexStatus, IndexSummary, NoteEntry, SearchOptions, SearchResponse,
} from './engine-types';
import type { JournalMention, NoteRecord, SearchResult, SkippedNote } from './types';
import { IndexStore } from './index';
import { LexicalRanker, type TermCacheRead } from './retrieval/lexical-ranker';
import { TERM_CACHE_FILE } from './lexical/term-cache';
import { canCompress } from './util/gzip';
import { JournalGraph, DEFAULT_JOURNAL_CONFIG, parseTimeRange, type JournalConfig } from './journal';
import { LinkResolver } from './notes';
import { makeExclusions, type Exclusions } from './indexer/exclusions';
import { syncVault, metaAfterMove, type IndexListener, type SyncContext } from './indexer/sync';
import { sha256Hex } from './util/hash';
import { retrieve, type RetrievalConfig, type RetrievalDeps } from './retrieval/retriever';
import { retrieveByIntent } from './retrieval/time-retrieval';
import type { Reranker } from './retrieval/rerank';
import { answerQuestion } from './answer/answer';
import { chosenNoteResults } from './retrieval/scope-notes';
import { macrotask, timeSlicer, type Yielder } from './util/yield';
import { noteJournals, type NoteJournals, type NoteJournalsOptions } from './journal/note-journals';
import { embeddingUnavailable, noticeLogText, type CoreNotice } from './notices';
import { journalsNaming } from './retrieval/named-in';
import { errorLine } from './util/error-line';
import { warmIntents } from './question/intent';
import { warmQuestionParsers } from './journal/question-chrono';

export interface EngineDeps {
  source: NoteSource;
  store: BlobStore;
  /** Not yet loaded; the engine loads it on first need and falls back to lexical if it cannot. */
  embedder: Embedder | null;
  /** Optional rerank step after fusion (settings.rerank); none by default. */
  reranker?: Reranker | null;
  settings: CoreSettings;
  logger?: Logger;
  clock?: Clock;
  /** Host exclusions on top of the settings (Obsidian's excluded files, the conversation folder). */
  extraExclusion?: (path: string) => boolean;
  checkpointMs?: number;
  /**
   * Longest stretch of synchronous work (parsing, lexical indexing, serialising) between two
   * yields to the event loop; default 10 ms. A host that shares its thread with a UI wants less.
   */
  sliceMs?: number;
  /**
   * A snapshot reader (snapshot-reader.ts): the index is opened read-only, nothing is written,
   * and every method that would change the index throws ReadOnlyEngineError.
   */
  readOnly?: boolean;
}

/** A read-only engine was asked to change the index. */
export class ReadOnlyEngineError extends Error {
  constructor() {
    super('This index is open for reading only (another program is writing it).');
  }
}

export class Engine implements AskEngine {
  private graph!: JournalGraph;
  private resolver: LinkResolver | null = null;
  private readonly failed = new Map<string, string>();
  private excludedCount = 0;
  private embedder: Embedder | null;
  private embedderState: 'unloaded' | 'ready' | 'failed' = 'unloaded';
  private readonly notices: CoreNotice[] = [];
  private readonly exclusions: Exclusions;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private termCacheSaving: Promise<void> = Promise.resolve();
  private termCacheWarned = false;
  /** Ranker terms version the cache on disk holds; -1 when it holds something else. */
  private termCacheVersion = -1;

  private constructor(
    private readonly deps: EngineDeps,
    private index: IndexStore,
    private readonly lexical: LexicalRanker,
  ) {
    this.embedder = deps.embedder;
    this.logger = deps.logger ?? silentLogger;
    this.clock = deps.clock ?? systemClock;
    this.exclusions = makeExclusions(deps.settings.exclusions, deps.extraExclusion);
  }

  static async open(deps: EngineDeps): Promise<Engine> {
    const modelId = deps.embedder ? deps.embedder.modelId : null;
    const lexical = new LexicalRanker(deps.settings.retrieval.lexical);
    // Read and decoded while the index loads (its reads leave the thread idle). It is only a
    // cache: a failure to read it reads as no cache.
    const bytes = canCompress ? deps.store.read(TERM_CACHE_FILE).catch(() => null) : Promise.resolve(null);
    const termCache = bytes.then((b) => lexical.readTermCache(b, timeSlicer(deps.sliceMs)));
    // A host that shares its thread with a UI (it sets sliceMs) gets the intent table compiled
    // now, row by row in small tasks, rather than in its first question's task (intent-table.ts).
    const warm = deps.sliceMs !== undefined ? warmIntents(macrotask) : Promise.resolve();
    const index = await IndexStore.open(deps.store, {
      modelId, dimension: null, ...(deps.logger ? { logger: deps.logger } : {}), ...(deps.readOnly ? { readOnly: true } : {}),
    });
    const engine = new Engine(deps, index, lexical);
    await engine.rebuildMemory(await termCache, (await bytes) !== null);
    await warm;
    return engine;
  }

  get warnings(): string[] {
    return [...this.index.warnings, ...this.notices.map(noticeLogText)];
  }

  private journalConfig(): JournalConfig {
    const j = this.deps.settings.journal;
    return { ...DEFAULT_JOURNAL_CONFIG, folders: j.folders, detectFileNameDate: j.detectFileNameDate, detectFrontmatterDate: j.detectFrontmatterDate };
  }

  private resolve = (target: string, from: string): string | null => {
    if (!this.resolver) {
      this.resolver = new LinkResolver([...this.index.notes()].map((r) => ({ path: r.path, aliases: r.meta.aliases })));
    }
    return this.resolver.resolve(target, from);
  };

  /**
   * Lexical index and journal graph live in memory, rebuilt from the stored records at open;
   * the term cache spares the analysis of every document it knows.
   */
  private async rebuildMemory(termCache: TermCacheRead, found: boolean): Promise<void> {
    const started = this.clock.now();
    const pause = timeSlicer(this.deps.sliceMs);
    const stats = await this.lexical.rebuild(this.index.notes(), pause, termCache);
    this.termCacheVersion = stats.cacheExact ? this.lexical.termsVersion : -1;
    const entries = [];
    for (const rec of this.index.notes()) entries.push(graphEntry(rec));
    this.resolver = null;
    this.graph = new JournalGraph(entries, this.resolve);
    const cache = stats.cacheProblem ? `term cache ignored: ${stats.cacheProblem}` : found ? 'term cache read' : 'no term cache';
    this.logger.debug(
      `Lexical index rebuilt: ${stats.documents} documents, ${stats.analysed} analysed (${cache}; ${Math.round(this.clock.now() - started)} ms).`,
    );
  }

  /** Writes the term cache if what is indexed changed since it was read or written; never throws. */
  private saveTermCache(): Promise<void> {
    if (!canCompress) return this.termCacheSaving;
    this.termCacheSaving = this.termCacheSaving.then(async () => {
      const version = this.lexical.termsVersion;
      if (version === this.termCacheVersion) return;
      try {
        await this.deps.store.write(TERM_CACHE_FILE, await this.lexical.encodeTermCache(timeSlicer(this.deps.sliceMs)));
        // Changes made while it was written leave it behind, and the next save catches up.
        this.termCacheVersion = version;
      } catch (err) {
        const msg = `Could not write the lexical term cache (${errorLine(err)}); the next opening analyses every note again.`;
        // Once per session: a full disk would otherwise say so after every pass.
        if (this.termCacheWarned) this.logger.debug(msg);
        else this.logger.warn(msg);
        this.termCacheWarned = true;
      }
    });
    return this.termCacheSaving;
  }

  private listener: IndexListener = {
    noteUpserted: async (record: NoteRecord, oldPath?: string, pause?: Yielder) => {
      if (oldPath) this.dropFromMemory(oldPath);
      await this.lexical.add(record, pause);
      this.failed.delete(record.path);
      this.resolver = null;
      if (oldPath) this.graph.rename(oldPath, record.path);
      this.graph.upsert(graphEntry(record));
    },
    noteRemoved: (path: string) => {
      this.dropFromMemory(path);
      this.resolver = null;
    },
  };

  private dropFromMemory(path: string): void {
    this.lexical.remove(path);
    this.graph.remove(path);
  }

  /** Loads the embedding model once; on failure says so once and carries on lexically. */
  private async readyEmbedder(): Promise<Embedder | null> {
    if (!this.embedder || this.embedderState === 'failed') return null;
    if (this.embedderState === 'ready') return this.embedder;
    try {
      const dimension = await this.embedder.load();
      await this.reopenIfDimensionChanged(dimension);
      this.embedderState = 'ready';
      return this.embedder;
    } catch (err) {
      this.embedderState = 'failed';
      const notice = embeddingUnavailable(this.embedder.modelId, errorLine(err));
      this.notices.push(notice);
      this.logger.debug(noticeLogText(notice));
      return null;
    }
  }

  /**
   * A server's model can change under the same name (another quantisation, another pull): its
   * vectors then have another dimension. Reopening with the new one drops the old vectors (one
   * warning) and keeps notes and chunks, so the next pass re-embeds cleanly, never mixing.
   */
  private async reopenIfDimensionChanged(dimension: number): Promise<void> {
    const held = this.index.dimension;
    if (held === null || !(dimension > 0) || held === dimension || this.index.stats().vectors === 0) return;
    await this.index.commit();
    this.index = await IndexStore.open(this.deps.store, {
      modelId: this.index.modelId,
      dimension,
      ...(this.deps.logger ? { logger: this.deps.logger } : {}),
    });
  }

  private syncContext(embedder: Embedder | null): SyncContext {
    const r = this.deps.settings.retrieval;
    const countTokens = embedder?.countTokens?.bind(embedder);
    return {
      source: this.deps.source,
      index: this.index,
      embedder,
      build: { chunkTokens: r.chunkTokens, journal: this.journalConfig(), ...(countTokens ? { countTokens } : {}) },
      exclusions: this.exclusions,
      clock: this.clock,
      logger: this.logger,
      listener: this.listener,
      checkpointMs: this.deps.checkpointMs ?? 20_000,
      embedGroup: 256,
      ...(this.deps.sliceMs !== undefined ? { sliceMs: this.deps.sliceMs } : {}),
    };
  }

  /** The index generation this engine holds (0 before the first commit). */
  get generation(): number {
    return this.index.stats().generation;
  }

  private assertWritable(): void {
    if (this.deps.readOnly) throw new ReadOnlyEngineError();
  }

  async sync(opts: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void; only?: string[] } = {}): Promise<IndexSummary> {
    this.assertWritable();
    const embedder = await this.readyEmbedder();
    const summary = await syncVault(this.syncContext(embedder), opts);
    if (!opts.only) {
      this.excludedCount = summary.excluded;
      this.failed.clear();
    }
    for (const s of summary.skipped) this.failed.set(s.path, s.reason);
    // After a whole pass, not after each edit: the next opening analyses the few notes edited since.
    if (!opts.only) {
      await this.saveTermCache();
      // Only a host that shares its thread with a UI (sliceMs) needs it; a CLI or MCP writer would
      // only hold the writer lock longer (its first question pays the same cost, off any UI).
      if (this.deps.sliceMs !== undefined) await this.warmForQuestions();
    }
    const { excluded: _excluded, ...rest } = summary;
    return rest;
  }

  /**
   * What the first question after a pass would do in one main-thread task, done now in slices:
   * re-resolving the vault's links for the journal graph, compiling the intent table and chrono's
   * date parsers (issue 16).
   */
  private async warmForQuestions(): Promise<void> {
    const pause = timeSlicer(this.deps.sliceMs);
    await this.graph.refreshSliced(pause);
    await warmIntents(pause);
    await warmQuestionParsers(pause);
  }

  async updateNote(path: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
    await this.sync({ ...opts, only: [path] });
  }

  async removeNote(path: string): Promise<void> {
    this.assertWritable();
    if (!this.index.getNote(path)) return;
    this.index.deleteNote(path);
    this.listener.noteRemoved(path);
  }

  async renameNote(from: string, to: string): Promise<void> {
    this.assertWritable();
    if (!this.index.getNote(from)) return;
    if (this.exclusions.path(to)) return this.removeNote(from);
    this.index.renameNote(from, to);
    await this.refreshMovedMeta(to);
    const rec = this.index.getNote(to);
    if (rec) await this.listener.noteUpserted(rec, from);
  }

  /** Journal status follows the path (folder, dated name): read it again after a move; vectors stay. */
  private async refreshMovedMeta(path: string): Promise<void> {
    const rec = this.index.getNote(path);
    if (!rec) return;
    let bytes: Uint8Array;
    try {
      bytes = await this.deps.source.read(path);
    } catch {
      return; // moved again or deleted since: the next event or pass settles it
    }
    const hash = await sha256Hex(bytes);
    if (hash !== rec.hash) return; // edited too: its modify event re-indexes it whole
    const meta = await metaAfterMove({ path, mtime: rec.mtime, size: rec.size }, bytes, this.syncContext(null).build, hash);
    if (meta) this.index.putNote({ ...rec, meta }, new Map());
  }

  async flush(): Promise<void> {
    this.assertWritable();
    await this.index.commit();
  }

  private retrievalConfig(): RetrievalConfig {
    const r = this.deps.settings.retrieval;
    return {
      topK: r.topK,
      mode: r.mode,
      lexicalWeight: r.lexicalWeight,
      vectorWeight: r.vectorWeight,
      journalExcerptsPerNote: r.journalExcerptsPerNote,
      candidateFactor: 4,
      maxChunksPerNote: r.maxChunksPerNote,
      rerankCandidates: this.deps.settings.rerank?.candidates ?? 30,
    };
  }

  /**
   * Never returned, whatever the index holds: excluded by path (settings, Obsidian's excluded files,
   * conversations) or by the tags the note had when indexed, in case the settings changed since.
   */
  private isHidden(path: string): boolean {
    if (this.exclusions.path(path)) return true;
    const rec = this.index.getNote(path);
    return rec !== undefined && this.exclusions.tags(rec.meta.tags);
  }

  private retrievalDeps(embedder: Embedder | null, pathFilter?: (path: string) => boolean): RetrievalDeps {
    return { index: this.index, lexical: this.lexical, graph: this.graph, embedder, hidden: (p) => this.isHidden(p) || (pathFilter ? !pathFilter(p) : false), reranker: this.deps.reranker ?? null };
  }

  async search(query: string, opts: SearchOptions & { maxContextTokens?: number } = {}): Promise<SearchResponse> {
    const mode = opts.mode ?? this.deps.settings.retrieval.mode;
    const embedder = mode === 'lexical' ? null : await this.readyEmbedder();
    // The question's intent picks the retrieval: ranked passages, or a period's or a topic's journal entries.
    const res = await retrieveByIntent(
      this.retrievalDeps(embedder, opts.pathFilter),
      this.retrievalConfig(),
      query,
      {
        ...opts,
        intent: opts.intent ?? this.deps.settings.time?.intent ?? 'auto',
        maxContextTokens: opts.maxContextTokens ?? this.deps.settings.llm.maxContextTokens,
        pause: timeSlicer(this.deps.sliceMs),
      },
    );
    res.notices.unshift(...this.notices);
    // Notes chosen by name go whole to the model when they fit half the context budget.
    const chosen = (res.scope?.notes ?? []).map((p) => this.index.getNote(p)).filter((r): r is NoteRecord => r !== undefined);
    if (chosen.length) res.results = chosenNoteResults(chosen, res.results, Math.floor(this.deps.settings.llm.maxContextTokens / 2));
    return res;
  }

  async ask(question: string, opts: AskOptions = {}): Promise<AnswerResponse> {
    const found = await this.search(question, opts);
    return answerQuestion(question, found, opts, this.deps.settings);
  }

  async related(path: string, k = 10): Promise<SearchResult[]> {
    const rec = this.index.getNote(path);
    if (!rec || this.isHidden(path)) return [];
    const query = [rec.meta.title, ...rec.meta.aliases, ...rec.chunks.slice(0, 2).map((c) => c.text)].join('\n').slice(0, 2000);
    // A note's own text is not a question: read as one, a journal entry's date would make it a
    // period. A journal entry's related notes stay those of its day, as its title's date reads;
    // the rest of a text is not searched for dates (chrono over 2,000 characters held the main
    // thread up to 135 ms of CPU, on the first texts of a kind). The lexical query is the text's
    // top terms by tf·idf (more like this), which bounds the search whatever the note's length.
    const embedder = this.deps.settings.retrieval.mode === 'lexical' ? null : await this.readyEmbedder();
    const pause = timeSlicer(this.deps.sliceMs);
    const day = rec.meta.journalDate !== undefined ? parseTimeRange(rec.meta.title, new Date()) : null;
    const range = day ? { ...day, rest: `${day.rest}${query.slice(rec.meta.title.length)}` } : null;
    await pause();
    const terms = this.lexical.likeThis(range ? range.rest : query);
    const res = await retrieve(this.retrievalDeps(embedder), this.retrievalConfig(), query, { k: k + 4, pause }, { range, terms });
    return res.results.filter((r) => r.path !== path).slice(0, k);
  }

  /** The journals of a note (entries that link to it or name it), for the journal pane. */
  noteJournals(path: string, opts: NoteJournalsOptions = {}): Promise<NoteJournals> {
    return noteJournals(
      {
        getNote: (p) => this.index.getNote(p),
        notes: () => this.index.notes(),
        graph: this.graph,
        hidden: (p) => this.exclusions.path(p),
        named: (names, pause) => journalsNaming({ index: this.index, lexical: this.lexical, hidden: (p) => this.exclusions.path(p) }, names, () => true, pause),
      },
      path,
      { pause: timeSlicer(this.deps.sliceMs), ...opts },
    );
  }

  catalog(): NoteEntry[] {
    const out: NoteEntry[] = [];
    for (const r of this.index.notes()) {
      if (!this.exclusions.path(r.path)) out.push({ path: r.path, title: r.meta.title, aliases: r.meta.aliases, tags: r.meta.tags });
    }
    return out;
  }

  /** Every indexed note's record. */
  notes(): IterableIterator<NoteRecord> {
    return this.index.notes();
  }

  /** A note's stored record (title, tags, links, journal date), if it is indexed. */
  note(path: string): NoteRecord | undefined {
    return this.index.getNote(path);
  }

  /** Journal paragraphs that link to the note, newest first. */
  mentionsOf(path: string): JournalMention[] {
    return this.graph.mentionsOf(path);
  }

  /** Journal entries dated in [start, end), newest first. */
  journalsBetween(start: number, end: number): { path: string; date: number }[] {
    return this.graph.journalsBetween(start, end);
  }

  /** Every stored chunk, for statistics (average length) and exports. */
  chunks(): IterableIterator<import('./types').ChunkRecord> {
    return this.index.allChunks();
  }

  status(): IndexStatus {
    const s = this.index.stats();
    const failed: SkippedNote[] = [...this.failed].map(([path, reason]) => ({ path, reason }));
    return { notes: s.notes, chunks: s.chunks, vectors: s.vectors, model: s.modelId, failed, excluded: this.excludedCount, warnings: [...this.index.warnings], notices: [...this.index.notices, ...this.notices] };
  }

  async close(): Promise<void> {
    if (!this.deps.readOnly) {
      await this.index.commit();
      await this.saveTermCache();
    }
    await this.embedder?.dispose?.();
  }
}

function graphEntry(rec: NoteRecord) {
  return { path: rec.path, links: rec.meta.links, ...(rec.meta.journalDate !== undefined ? { journalDate: rec.meta.journalDate } : {}) };
}
