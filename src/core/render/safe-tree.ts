// Model markdown → a tree of allow-listed nodes, for the UI to build elements from. Only
// structure that cannot load or run anything has a node: paragraphs, emphasis, headings, lists,
// quotes and callouts, tables, code (as text) and citation slots. Everything else the model
// wrote (images, links, autolinks, raw HTML, embeds) comes out as the text it was written as,
// so nothing depends on guessing where code starts and ends: markdown-it decides, as it parses.
import { parseMarkdown, type Token } from './markdown-parser';
import { unmetSlots, type CitationSlots } from './citation-slots';

export type SafeInline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'em' | 'strong' | 'del'; children: SafeInline[] }
  | { type: 'br' }
  /** Citation slot `index` of the answer's segments. */
  | { type: 'citation'; index: number };

export type SafeBlock =
  | { type: 'paragraph'; children: SafeInline[]; /** In a tight list: no paragraph element. */ tight?: boolean }
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: SafeInline[] }
  | { type: 'quote'; children: SafeBlock[] }
  | { type: 'callout'; kind: string; fold: '' | '+' | '-'; title: SafeInline[]; children: SafeBlock[] }
  | { type: 'list'; ordered: boolean; start: number; items: SafeBlock[][] }
  | { type: 'code'; text: string; language: string }
  | { type: 'rule' }
  | { type: 'table'; align: Array<'left' | 'center' | 'right' | ''>; head: SafeInline[][]; rows: SafeInline[][][] };

/** `markdown` as safe nodes; `slots` turns citation placeholders back into citation nodes. */
export function safeTree(markdown: string, slots?: CitationSlots): SafeBlock[] {
  const builder = new TreeBuilder(parseMarkdown(markdown), slots);
  const blocks = builder.blocks();
  const dropped = unmetSlots(slots, builder.met);
  if (dropped.length) {
    blocks.push({ type: 'paragraph', children: dropped.flatMap((index, i) => [...(i ? [{ type: 'text', text: ' ' } as const] : []), { type: 'citation', index } as const]) });
  }
  return blocks;
}

const CALLOUT = /^\[!([A-Za-z][\w-]{0,30})\]([+-]?)[ \t]*/;

class TreeBuilder {
  private pos = 0;
  readonly met = new Set<number>();
  constructor(private readonly tokens: Token[], private readonly slots: CitationSlots | undefined) {}

  /** Blocks until the closing token of the current container (or the end). */
  blocks(): SafeBlock[] {
    const out: SafeBlock[] = [];
    while (this.pos < this.tokens.length) {
      const token = this.tokens[this.pos];
      if (token.nesting === -1) return out;
      if (token.type === 'fence' && this.hasSlot(token.info)) {
        // A citation the model put on the fence line is kept, as text before the code.
        out.push({ type: 'paragraph', children: this.text(token.info.trim()) });
      }
      const block = this.block(token);
      if (block) out.push(block);
    }
    return out;
  }

  private block(token: Token): SafeBlock | null {
    switch (token.type) {
      case 'paragraph_open': {
        const inline = this.tokens[this.pos + 1];
        this.pos += 3;
        const children = this.inline(inline?.children ?? []);
        return token.hidden ? { type: 'paragraph', children, tight: true } : { type: 'paragraph', children };
      }
      case 'heading_open': {
        const inline = this.tokens[this.pos + 1];
        this.pos += 3;
        const level = Math.min(6, Math.max(1, Number(token.tag.slice(1)) || 1)) as 1 | 2 | 3 | 4 | 5 | 6;
        return { type: 'heading', level, children: this.inline(inline?.children ?? []) };
      }
      case 'blockquote_open': {
        this.pos++;
        const children = this.blocks();
        this.pos++;
        return calloutOf(children) ?? { type: 'quote', children };
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        this.pos++;
        const items: SafeBlock[][] = [];
        while (this.pos < this.tokens.length && this.tokens[this.pos].type === 'list_item_open') {
          this.pos++;
          items.push(this.blocks());
          this.pos++;
        }
        this.pos++;
        const start = Number(token.attrGet('start') ?? 1);
        return { type: 'list', ordered: token.type === 'ordered_list_open', start: Number.isFinite(start) ? start : 1, items };
      }
      case 'fence':
      case 'code_block':
        this.pos++;
        return { type: 'code', text: this.codeText(token.content), language: token.type === 'fence' ? languageOf(token.info) : '' };
      case 'hr':
        this.pos++;
        return { type: 'rule' };
      case 'table_open':
        return this.table();
      case 'html_block':
        // Never produced with html: false; if it were, it is text.
        this.pos++;
        return { type: 'paragraph', children: this.text(token.content) };
      default:
        // Containers this allow-list does not know (none with markdown-it's defaults): their
        // content, without them.
        this.pos++;
        if (token.type === 'inline') return { type: 'paragraph', children: this.inline(token.children ?? []) };
        return null;
    }
  }

  private table(): SafeBlock {
    const align: Array<'left' | 'center' | 'right' | ''> = [];
    const head: SafeInline[][] = [];
    const rows: SafeInline[][][] = [];
    let row: SafeInline[][] | null = null;
    let inHead = false;
    for (this.pos++; this.pos < this.tokens.length; this.pos++) {
      const token = this.tokens[this.pos];
      if (token.type === 'table_close') break;
      if (token.type === 'thead_open') inHead = true;
      else if (token.type === 'thead_close') inHead = false;
      else if (token.type === 'tr_open') row = [];
      else if (token.type === 'tr_close' && row) {
        if (inHead) head.push(...row);
        else rows.push(row);
        row = null;
      } else if (token.type === 'th_open') align.push(alignOf(String(token.attrGet('style') ?? '')));
      else if (token.type === 'inline' && row) row.push(this.inline(token.children ?? []));
    }
    this.pos++;
    return { type: 'table', align, head, rows };
  }

  private inline(tokens: Token[]): SafeInline[] {
    const root: SafeInline[] = [];
    const stack: SafeInline[][] = [root];
    const top = () => stack[stack.length - 1];
    const open = (type: 'em' | 'strong' | 'del') => {
      const node: SafeInline = { type, children: [] };
      top().push(node);
      stack.push(node.children);
    };
    const close = () => {
      if (stack.length > 1) stack.pop();
    };
    const pushText = (text: string) => top().push(...this.text(text));
    const links: Token[] = [];
    for (const token of tokens) {
      switch (token.type) {
        case 'text':
        case 'text_special':
          pushText(token.content);
          break;
        case 'code_inline':
          top().push({ type: 'code', text: this.codeText(token.content) });
          break;
        case 'softbreak':
          pushText('\n');
          break;
        case 'hardbreak':
          top().push({ type: 'br' });
          break;
        case 'em_open':
          open('em');
          break;
        case 'strong_open':
          open('strong');
          break;
        case 's_open':
          open('del');
          break;
        case 'em_close':
        case 'strong_close':
        case 's_close':
          close();
          break;
        case 'link_open':
          links.push(token);
          pushText(token.markup === 'autolink' ? '<' : '[');
          break;
        case 'link_close': {
          const opener = links.pop();
          const href = opener?.attrGet('href') ?? '';
          pushText(opener?.markup === 'autolink' ? '>' : `](${href}${titleOf(opener)})`);
          break;
        }
        case 'image':
          pushText(`![${token.content}](${token.attrGet('src') ?? ''}${titleOf(token)})`);
          break;
        case 'html_inline':
          pushText(token.content);
          break;
        default:
          if (token.content) pushText(token.content);
      }
    }
    return mergeText(root);
  }

  private hasSlot(text: string): boolean {
    return !!this.slots && this.slots.split(text).some((part) => typeof part === 'number');
  }

  /** Text with citation slots as citation nodes. */
  private text(text: string): SafeInline[] {
    if (!this.slots) return [{ type: 'text', text }];
    return this.slots.split(text).map((part) => {
      if (typeof part === 'string') return { type: 'text', text: part };
      this.met.add(part);
      return { type: 'citation', index: part };
    });
  }

  /** In code a citation is only the characters the model wrote. */
  private codeText(text: string): string {
    if (!this.slots) return text;
    const slots = this.slots;
    return slots
      .split(text)
      .map((part) => {
        if (typeof part === 'string') return part;
        this.met.add(part);
        return slots.raw(part);
      })
      .join('');
  }
}

function titleOf(token: Token | undefined): string {
  const title = token?.attrGet('title');
  return title ? ` "${title}"` : '';
}

function mergeText(nodes: SafeInline[]): SafeInline[] {
  const out: SafeInline[] = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (node.type === 'text' && last?.type === 'text') last.text += node.text;
    else if (node.type !== 'text' || node.text) out.push(node);
  }
  return out;
}

function alignOf(style: string | null): 'left' | 'center' | 'right' | '' {
  const m = /text-align:\s*(left|center|right)/.exec(style ?? '');
  return m ? (m[1] as 'left' | 'center' | 'right') : '';
}

/** The fence's language, as a name only (letters, digits, `+#.-_`), for display and never run. */
export function languageOf(info: string): string {
  const word = info.trim().split(/\s+/)[0] ?? '';
  return /^[\w+#.-]{1,40}$/.test(word) ? word : '';
}

/** A quote that opens with `[!type]` is an Obsidian callout: its first line is the title. */
function calloutOf(children: SafeBlock[]): SafeBlock | null {
  const first = children[0];
  if (first?.type !== 'paragraph') return null;
  const lead = first.children[0];
  if (lead?.type !== 'text') return null;
  const m = CALLOUT.exec(lead.text);
  if (!m) return null;
  const rest: SafeInline[] = [{ type: 'text', text: lead.text.slice(m[0].length) }, ...first.children.slice(1)];
  const title: SafeInline[] = [];
  const body: SafeInline[] = [];
  for (const node of rest) {
    if (body.length) {
      body.push(node);
      continue;
    }
    if (node.type === 'text' && node.text.includes('\n')) {
      const cut = node.text.indexOf('\n');
      title.push({ type: 'text', text: node.text.slice(0, cut) });
      body.push({ type: 'text', text: node.text.slice(cut + 1) });
    } else title.push(node);
  }
  const content = mergeText(body);
  return {
    type: 'callout',
    kind: m[1].toLowerCase(),
    fold: m[2] as '' | '+' | '-',
    title: mergeText(title),
    children: [...(content.length ? [{ type: 'paragraph', children: content } as SafeBlock] : []), ...children.slice(1)],
  };
}
