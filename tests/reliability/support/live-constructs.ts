// What in a note would load, run or link when Obsidian renders it, with every plugin on: counted
// by a parser more permissive than the one that wrote it (raw HTML on, bare URLs linked,
// wikilinks and embeds recognised after escapes, as Obsidian does), plus the raw-text triggers of
// Templater and Dataview.
import MarkdownIt, { type StateInline, type Token } from 'markdown-it';
import { INERT_LANGUAGES } from '../../../src/core/render/note-markdown';

const md = new MarkdownIt({ html: true, linkify: true });
md.inline.ruler.before('link', 'obsidian_wikilink', (state: StateInline, silent: boolean) => {
  let start = state.pos;
  const embed = state.src.charCodeAt(start) === 0x21;
  if (embed) start++;
  if (!state.src.startsWith('[[', start)) return false;
  const end = state.src.indexOf(']]', start + 2);
  if (end < 0) return false;
  if (!silent) {
    const token = state.push(embed ? 'embed' : 'wikilink', '', 0);
    token.content = state.src.slice(start + 2, end);
  }
  state.pos = end + 2;
  return true;
});

export interface LiveConstruct {
  kind: string;
  detail: string;
}

/** Live constructs of `markdown`; `allowedLinks` are the wikilink targets (before `|`) that may stay links. */
export function liveConstructs(markdown: string, allowedLinks: ReadonlySet<string>): LiveConstruct[] {
  const found: LiveConstruct[] = [];
  if (markdown.includes('<%')) found.push({ kind: 'templater', detail: markdown.slice(markdown.indexOf('<%'), markdown.indexOf('<%') + 30) });
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.children) walk(t.children);
      switch (t.type) {
        case 'image':
        case 'html_block':
        case 'html_inline':
        case 'embed':
          found.push({ kind: t.type, detail: t.content || String(t.attrGet('src')) });
          break;
        case 'link_open':
          found.push({ kind: 'link', detail: String(t.attrGet('href')) });
          break;
        case 'wikilink': {
          const target = t.content.split('|')[0]!;
          if (!allowedLinks.has(target)) found.push({ kind: 'wikilink', detail: t.content });
          break;
        }
        case 'fence': {
          const lang = t.info.trim().split(/\s+/)[0] ?? '';
          if (lang && !INERT_LANGUAGES.has(lang.toLowerCase())) found.push({ kind: 'fence', detail: lang });
          break;
        }
        case 'code_inline':
          if (/^\s*\$?=/.test(t.content)) found.push({ kind: 'inline-query', detail: t.content });
          break;
      }
    }
  };
  walk(md.parse(markdown, {}));
  return found;
}
