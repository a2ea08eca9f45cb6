// Model markdown → markdown that is inert in any note, rendered by Obsidian with every plugin's
// processors: the answer is re-written from markdown-it's tokens (html: false), so what is text
// and what is code is decided by a parser, not by a guess. In text, every character that could
// start markup is escaped (`<`, `>` and `&` as entities, so Templater's `<%` never appears);
// links, images, autolinks and embeds come out as escaped text; inline code a query plugin runs
// (`= …`, `$= …`) becomes text; fences get a language from a short allow-list, any other becomes
// `text` with the original name in an Obsidian comment. Verified citations are the only links,
// written by the caller (`[[path#heading|display]]` or a footnote reference).
import { parseMarkdown, type Token } from './markdown-parser';
import { citationSlots, unmetSlots, type SlotSegment } from './citation-slots';
import { languageOf } from './safe-tree';

/** Languages only highlighted by Obsidian and the usual plugins, never run or fetched on render. */
export const INERT_LANGUAGES: ReadonlySet<string> = new Set(
  ('text txt plain plaintext md markdown js javascript jsx ts typescript tsx json jsonc yaml yml toml ini xml html css scss ' +
    'sql python py bash sh shell zsh fish powershell ps1 bat c h cpp c++ cs csharp java kotlin swift go rust rs ruby rb php ' +
    'perl r lua dart scala haskell elixir erlang clojure lisp scheme ocaml fsharp diff patch dockerfile makefile nginx latex tex csv log regex graphql proto')
    .split(' '),
);

export interface NeutraliseOptions {
  /** The markdown for citation slot `index` (a verified link, a footnote reference, a mark). */
  citation: (index: number) => string;
}

/** The answer's segments as inert note markdown. */
export function neutraliseSegments(segments: readonly SlotSegment[], options: NeutraliseOptions): string {
  const slots = citationSlots(segments);
  const met = new Set<number>();
  const writer = new NoteWriter(slots, (i) => {
    met.add(i);
    return options.citation(i);
  });
  const body = writer.write(parseMarkdown(slots.markdown)).trim();
  const dropped = unmetSlots(slots, new Set([...met, ...writer.inCode]));
  return dropped.length ? `${body}\n\n${dropped.map((i) => options.citation(i)).join(' ')}` : body;
}

/** Untrusted markdown (no citations) as inert note markdown. */
export function neutraliseMarkdown(markdown: string): string {
  return neutraliseSegments([{ kind: 'text', text: markdown }], { citation: () => '' });
}

type Slots = ReturnType<typeof citationSlots>;

class NoteWriter {
  private pos = 0;
  private tokens: Token[] = [];
  readonly inCode = new Set<number>();
  constructor(private readonly slots: Slots, private readonly citation: (index: number) => string) {}

  write(tokens: Token[]): string {
    this.tokens = tokens;
    this.pos = 0;
    return this.blocks(false).join('\n');
  }

  /** Lines of the blocks up to the current container's close; blank lines between blocks unless tight. */
  private blocks(tight: boolean): string[] {
    const out: string[] = [];
    while (this.pos < this.tokens.length && this.tokens[this.pos].nesting !== -1) {
      const lines = this.block(this.tokens[this.pos]);
      if (!lines) continue;
      if (out.length && !tight) out.push('');
      out.push(...lines);
    }
    return out;
  }

  private block(token: Token): string[] | null {
    switch (token.type) {
      case 'paragraph_open': {
        const inline = this.tokens[this.pos + 1];
        this.pos += 3;
        return this.inline(inline?.children ?? [], 'text').split('\n');
      }
      case 'heading_open': {
        const inline = this.tokens[this.pos + 1];
        this.pos += 3;
        const level = Math.min(6, Math.max(1, Number(token.tag.slice(1)) || 1));
        return [`${'#'.repeat(level)} ${this.inline(inline?.children ?? [], 'line')}`];
      }
      case 'blockquote_open': {
        this.pos++;
        const lines = this.blocks(false);
        this.pos++;
        const callout = this.calloutHead(lines[0]);
        if (callout !== null) lines[0] = callout;
        return lines.map((l) => (l ? `> ${l}` : '>'));
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        this.pos++;
        const ordered = token.type === 'ordered_list_open';
        let n = Number(token.attrGet('start') ?? 1);
        if (!Number.isFinite(n) || n < 0) n = 1;
        const tight = this.isTight();
        const lines: string[] = [];
        while (this.pos < this.tokens.length && this.tokens[this.pos].type === 'list_item_open') {
          const item = this.tokens[this.pos];
          this.pos++;
          const content = this.blocks(tight);
          this.pos++;
          const marker = ordered ? `${n++}${item.markup === ')' ? ')' : '.'} ` : `${token.markup === '*' || token.markup === '+' ? token.markup : '-'} `;
          const indent = ' '.repeat(marker.length);
          if (lines.length && !tight) lines.push('');
          if (content.length === 0) lines.push(marker.trimEnd());
          content.forEach((l, i) => lines.push(i === 0 ? `${marker}${l}` : l ? `${indent}${l}` : ''));
        }
        this.pos++;
        return lines;
      }
      case 'fence':
      case 'code_block':
        this.pos++;
        return this.codeBlock(token);
      case 'hr':
        this.pos++;
        return ['***'];
      case 'table_open':
        return this.table();
      default:
        this.pos++;
        if (token.type === 'inline') return this.inline(token.children ?? [], 'text').split('\n');
        if (token.type === 'html_block') return escapeText(token.content.replace(/\n+$/, '')).split('\n');
        return null;
    }
  }

  /** A list is tight when markdown-it hid its paragraphs. */
  private isTight(): boolean {
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i];
      if (t.type === 'paragraph_open') return t.hidden;
      if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') return true;
    }
    return true;
  }

  /** `[!type]` kept at the head of a quote's first line, so callouts stay callouts. */
  private calloutHead(first: string | undefined): string | null {
    const m = first ? /^\\\[!([A-Za-z][\w-]{0,30})\\\]([+-]?)/.exec(first) : null;
    return m ? `[!${m[1]}]${m[2]}${first!.slice(m[0].length)}` : null;
  }

  private codeBlock(token: Token): string[] {
    const original = token.type === 'fence' ? languageOf(token.info) : '';
    const inert = INERT_LANGUAGES.has(original.toLowerCase());
    const body = breakTemplater(this.codeText(token.content)).replace(/\n$/, '');
    const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    const lines = [`${fence}${inert ? original : 'text'}`, ...(body ? body.split('\n') : []), fence];
    const rawInfo = token.info.trim();
    if (!inert && rawInfo) lines.unshift(`%% code language: ${commentSafe(original || rawInfo)} %%`);
    // A citation the model put on the fence line is kept, as a paragraph before the code.
    if (this.slots.split(rawInfo).some((part) => typeof part === 'number')) lines.unshift(this.inline(infoAsText(rawInfo), 'line'), '');
    return lines;
  }

  private table(): string[] {
    const rows: string[][] = [];
    const align: string[] = [];
    let row: string[] | null = null;
    for (this.pos++; this.pos < this.tokens.length; this.pos++) {
      const token = this.tokens[this.pos];
      if (token.type === 'table_close') break;
      if (token.type === 'tr_open') row = [];
      else if (token.type === 'tr_close' && row) {
        rows.push(row);
        row = null;
      } else if (token.type === 'th_open') {
        const a = /text-align:\s*(left|center|right)/.exec(String(token.attrGet('style') ?? ''))?.[1];
        align.push(a === 'left' ? ':---' : a === 'center' ? ':---:' : a === 'right' ? '---:' : '---');
      } else if (token.type === 'inline' && row) row.push(this.inline(token.children ?? [], 'cell'));
    }
    this.pos++;
    const line = (cells: string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
    const [head = [], ...body] = rows;
    return [line(head), line(align.length ? align : head.map(() => '---')), ...body.map(line)];
  }

  /**
   * Inline tokens as escaped markdown. `line`: one line (headings); `cell`: one line in a table,
   * where `|` splits cells even inside code.
   */
  private inline(tokens: Token[], where: 'text' | 'line' | 'cell'): string {
    let out = '';
    const links: Token[] = [];
    const text = (s: string) => {
      out += this.slots.split(s).map((part) => (typeof part === 'number' ? this.citation(part) : escapeText(part))).join('');
    };
    for (const token of tokens) {
      switch (token.type) {
        case 'text':
        case 'text_special':
          text(token.content);
          break;
        case 'softbreak':
          out += where === 'text' ? '\n' : ' ';
          break;
        case 'hardbreak':
          out += where === 'text' ? '\\\n' : ' ';
          break;
        case 'code_inline':
          out += this.codeSpan(token.content, where === 'cell');
          break;
        case 'em_open':
        case 'em_close':
        case 'strong_open':
        case 'strong_close':
          out += /^(\*{1,2}|_{1,2})$/.test(token.markup) ? token.markup : '*';
          break;
        case 's_open':
        case 's_close':
          out += '~~';
          break;
        case 'link_open':
          links.push(token);
          text(token.markup === 'autolink' ? '<' : '[');
          break;
        case 'link_close': {
          const opener = links.pop();
          text(opener?.markup === 'autolink' ? '>' : `](${String(opener?.attrGet('href') ?? '')})`);
          break;
        }
        case 'image':
          text(`![${token.content}](${String(token.attrGet('src') ?? '')})`);
          break;
        default:
          if (token.content) text(token.content);
      }
    }
    return escapeLineStarts(out);
  }

  /** A code span, or escaped text when a query plugin would run it (Dataview's `=` and `$=`). */
  private codeSpan(content: string, inCell: boolean): string {
    const code = this.codeText(content);
    return inertCode(inCell ? code.replace(/\|/g, '\\|') : code);
  }

  /** In code a citation is only what the model wrote. */
  private codeText(text: string): string {
    return this.slots
      .split(text)
      .map((part) => {
        if (typeof part === 'string') return part;
        this.inCode.add(part);
        return this.slots.raw(part);
      })
      .join('');
  }
}

/** Always escaped: each can open markup on its own or with a twin (`==`, `~~`, `[[`, `#tag`). */
const ESCAPED = /[\\`*_[\]#|$=~^{}]/g;
const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/** Text that renders as itself: no character of it can open markup. */
export function escapeText(text: string): string {
  return text
    .replace(/[<>&]/g, (c) => ENTITIES[c])
    .replace(ESCAPED, (c) => `\\${c}`)
    // Comments, bare URLs and e-mail addresses (which Obsidian would make links).
    .replace(/%%/g, '\\%\\%')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/(\w)@(?=\w)/g, '$1\\@');
}

/** A list marker (`-`, `+`, `1.`) at a line start would start a list. */
function escapeLineStarts(text: string): string {
  return text.replace(/^(\s*\d{1,9})([.)])/gm, '$1\\$2').replace(/^(\s*)([+-])/gm, '$1\\$2');
}

function infoAsText(info: string): Token[] {
  return [{ type: 'text', content: info } as Token];
}

/** Templater runs `<%` wherever it appears in the file, code included: a word joiner breaks it. */
function breakTemplater(text: string): string {
  return text.replace(/<%/g, '<\u2060%');
}

/** A language name for the comment: name characters only, so it can hold no URL, `%%` or `<%`. */
function commentSafe(text: string): string {
  return Array.from(text.replace(/[^\p{L}\p{N}_+#.-]+/gu, '-')).slice(0, 40).join('') || '?';
}

/** `text` as a code span, or as escaped text when a query plugin would run that code span. */
export function inertCode(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  if (/^\s*\$?=/.test(flat)) return escapeText(flat);
  const body = breakTemplater(flat);
  const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}
