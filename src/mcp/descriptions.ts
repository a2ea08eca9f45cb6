// What each tool says to the model that calls it: when to use it, what comes back, and how to
// cite. One paragraph each, as MCP clients show them.

export const SEARCH_DESCRIPTION =
  "Search the user's Obsidian vault (personal notes and dated journal entries, mostly in French) and get the best-matching " +
  'passages. Use it to find where something is written before answering from it. Each result gives the note path, the heading ' +
  'it sits under, its line range, its date when it is a journal entry, a relevance score and why it matched (lexical match, ' +
  'semantic match, or a journal entry linking to a matching note), plus the passage text. Filters narrow the search to a ' +
  'folder, a tag, or a date range (dates filter journal entries by their date). A time expression in the query itself, such as ' +
  '"en décembre 2024" or "last week", also restricts journal results to that period. Cite results as [[path#heading]].';

export const ASK_DESCRIPTION =
  "Answer a question from the user's vault with checked citations. When the server was started with a language-model " +
  'endpoint, that model writes the answer from the retrieved passages; otherwise the answer quotes the most relevant sentences ' +
  '(extractive). Every [[note#heading]] citation in the answer is verified against the passages used: unverifiable ones are ' +
  'listed as bad citations, never presented as links. Returns the answer in Markdown, the citations, the sources (path, heading, ' +
  'lines, date, score, why) and notices such as a fallback to extractive answers. Prefer search when you want to read and ' +
  'reason over passages yourself.';

export const RELATED_DESCRIPTION =
  'Given the vault-relative path of a note (for example "Projets/Projet 20.md", as returned by search), list the notes most ' +
  'related to it and the journal entries that link to it, newest first, each with the date and the paragraph that mentions the ' +
  'note. Use it to explore the context of a topic note: what else is written about it, and when the user wrote about it in ' +
  'their journal. Paths must stay inside the vault.';

export const JOURNAL_DESCRIPTION =
  "List the user's dated journal entries for a period, a topic, or both. The period is written as a person would say it, in " +
  'French or English ("décembre 2024", "la semaine dernière", "last month", "between March and May 2024") or as ISO dates ' +
  '"2024-12-01..2024-12-31". With a topic, the entries are those about it (in the period when one is given), in date order, ' +
  'so you can follow how a subject evolved; without a topic, every entry of the period, newest first. Each entry has its path, ' +
  'date, title, an excerpt and why it was chosen.';

export const STATUS_DESCRIPTION =
  'The state of the vault index this server reads: notes, chunks and vectors indexed, the embedding model, the committed ' +
  'generation answers come from, and whether another program is writing the index right now.';
