// The one markdown-it configuration both safe paths parse model text with. Raw HTML is text
// (`html: false`), bare URLs stay text (`linkify: false`), and links are neither rewritten nor
// rejected: every link and image is shown or written as the characters the model wrote, so the
// parser's idea of a "valid" URL never decides what is safe.
import MarkdownIt from 'markdown-it';
type MarkdownItInstance = InstanceType<typeof MarkdownIt>;
import type { Token } from 'markdown-it';

export type { Token };

/** Lists and quotes deeper than this are text: it bounds the recursion of whoever walks the tree. */
const MAX_BLOCK_DEPTH = 24;
const MAX_NESTING = 100;

let parser: MarkdownItInstance | null = null;

function markdownIt(): MarkdownItInstance {
  if (parser) return parser;
  const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false, breaks: false, maxNesting: MAX_NESTING });
  for (const name of ['list', 'blockquote']) limitDepth(md, name);
  md.validateLink = () => true;
  md.normalizeLink = (url) => url;
  md.normalizeLinkText = (url) => url;
  parser = md;
  return md;
}

/** markdown-it's block tokens for `markdown` (inline tokens in their `children`). */
export function parseMarkdown(markdown: string): Token[] {
  return markdownIt().parse(markdown, {});
}

function limitDepth(md: MarkdownItInstance, name: string): void {
  const rule = md.block.ruler.__rules__.find((r) => r.name === name);
  if (!rule) throw new Error(`markdown-it has no block rule named ${name}`);
  const original = rule.fn;
  md.block.ruler.at(name, (state, startLine, endLine, silent) => state.level < MAX_BLOCK_DEPTH && original(state, startLine, endLine, silent), {
    alt: rule.alt,
  });
}
