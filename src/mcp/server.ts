// The MCP server: the official SDK's McpServer, with the four tools and the status resource,
// over whatever transport the host connects (stdio for `ask-vault mcp`). Tools only read: the
// server never writes a note, and it reads the index as a snapshot reader.
import { noticeLogText, type CoreNotice } from '../core/notices';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ASK_DESCRIPTION, JOURNAL_DESCRIPTION, RELATED_DESCRIPTION, SEARCH_DESCRIPTION, STATUS_DESCRIPTION } from './descriptions';
import { journalEntries } from './journal-entries';
import type { McpHost } from './mcp-index';
import { answerJson, localIso, passagesJson } from './results';
import { askInput, journalInput, relatedInput, searchInput } from './schemas';
import { searchScope } from './search-scope';
import { vaultNotePath } from './vault-path';
import { version } from '../../package.json';

export const STATUS_URI = 'ask-vault://index/status';
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

function json(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 1) }] };
}

/** Said with every answer while there is nothing to search, so the model can tell the user why. */
function emptyIndexNotice(host: McpHost): string[] {
  return host.index.status().notes === 0 ? ['The index is empty: run `ask-vault index <vault>`, or start this server with --watch.'] : [];
}

/** Says once per writer that another program is updating the index (again after it is gone and a new one starts). */
function writerNotices(host: McpHost): () => Promise<string[]> {
  let told: string | null = null;
  return async () => {
    const heldBy = await host.index.writer().catch(() => null);
    const who = heldBy?.replace(/, last seen .*$/, '') ?? null;
    if (who === told) return [];
    told = who;
    return who ? [`The index is being updated by ${heldBy}: answers come from its last saved state (generation ${host.index.generation}) until it is done.`] : [];
  };
}

export function createMcpServer(host: McpHost): McpServer {
  const server = new McpServer(
    { name: 'ask-vault', version },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        "Tools over the user's Obsidian vault and journal (read-only). Use search or journal to find passages, ask for a cited " +
        'answer, related to explore a note. Cite notes as [[path#heading]] from the results.',
    },
  );
  const { index } = host;
  const now = () => host.now?.() ?? new Date();
  const writerNotice = writerNotices(host);
  // Notices reach the agent as English sentences (a model reads them), with their codes kept in `codes`-free form.
  const notices = async (own: readonly (CoreNotice | string)[]) => [...emptyIndexNotice(host), ...(await writerNotice()), ...own.map((n) => (typeof n === 'string' ? n : noticeLogText(n)))];

  server.registerTool('search', { title: 'Search the vault', description: SEARCH_DESCRIPTION, inputSchema: searchInput, annotations: READ_ONLY }, async (a) => {
    const scope = searchScope(index, a);
    const k = a.k ?? 10;
    const res = await index.search(a.query, { k, ...(a.mode ? { mode: a.mode } : {}), ...(scope ? { pathFilter: scope } : {}), now: now() });
    return json({
      // Journal expansions come after the k best passages; k bounds them all.
      results: passagesJson(res.results.slice(0, k)),
      mode: res.mode,
      ...(res.timeScope ? { timeScope: res.timeScope.text } : {}),
      notices: await notices(res.notices),
      generation: index.generation,
    });
  });

  server.registerTool('ask', { title: 'Ask the vault', description: ASK_DESCRIPTION, inputSchema: askInput, annotations: { ...READ_ONLY, openWorldHint: host.chat !== null } }, async (a) => {
    const res = await index.ask(a.question, { chat: host.chat, ...(a.k ? { k: a.k } : {}), ...(a.mode ? { mode: a.mode } : {}), now: now() });
    const out = answerJson(res);
    return json({ ...out, notices: await notices(out.notices) });
  });

  server.registerTool('related', { title: 'Notes related to a note', description: RELATED_DESCRIPTION, inputSchema: relatedInput, annotations: READ_ONLY }, async (a) => {
    const path = vaultNotePath(a.path);
    const rec = index.note(path);
    if (!rec) throw new Error(`no indexed note at "${path}": use search to find the note's path`);
    const related = await index.related(path, a.k ?? 10);
    return json({
      note: { path, title: rec.meta.title },
      related: passagesJson(related).map(({ text: _text, ...passage }) => passage),
      journal: index.mentionsOf(path).map((m) => ({ path: m.journal, date: localIso(m.date), lines: m.lines, excerpt: m.excerpt })),
    });
  });

  server.registerTool('journal', { title: 'Journal entries by period or topic', description: JOURNAL_DESCRIPTION, inputSchema: journalInput, annotations: READ_ONLY }, async (a) => {
    return json(await journalEntries(index, { ...(a.period ? { period: a.period } : {}), ...(a.topic ? { topic: a.topic } : {}), k: a.k ?? 20, now: now() }));
  });

  server.registerResource('index-status', STATUS_URI, { title: 'Index status', description: STATUS_DESCRIPTION, mimeType: 'application/json' }, async (uri) => {
    const s = index.status();
    const status = {
      generation: index.generation,
      notes: s.notes,
      chunks: s.chunks,
      vectors: s.vectors,
      model: s.model,
      writer: await index.writer(),
      warnings: s.warnings,
      ...host.statusExtras(),
    };
    return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(status, null, 1) }] };
  });
  return server;
}
