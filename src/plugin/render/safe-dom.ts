// Safe nodes (core/render/safe-tree.ts) → elements, with Obsidian's classes so answers look like
// notes. Only createEl/createSpan and text nodes: no HTML string is ever parsed, no attribute comes
// from the model (a callout's type is checked to be a plain name), and no other plugin's
// markdown processor sees the text.
import { safeTree, type SafeBlock, type SafeInline } from '../../core/render/safe-tree';
import type { CitationSlots } from '../../core/render/citation-slots';

export interface SafeRenderOptions {
  /** The element of citation slot `index` (answers only; without it, a slot is not expected). */
  citation?: (index: number) => Node;
  /** Citation placeholders in `markdown`, from `citationSlots` (answers only). */
  slots?: CitationSlots;
}

/**
 * Appends `markdown`, rendered through the allow-list, to `parent`. For any untrusted markdown
 * (answers, source snippets): images, links, raw HTML and embeds show as their text.
 */
export function renderSafeMarkdown(parent: HTMLElement, markdown: string, options: SafeRenderOptions = {}): void {
  renderSafeBlocks(parent, safeTree(markdown, options.slots), options);
}

export function renderSafeBlocks(parent: HTMLElement, blocks: readonly SafeBlock[], options: SafeRenderOptions = {}): void {
  for (const block of blocks) renderBlock(parent, block, options);
}

function renderBlock(parent: HTMLElement, block: SafeBlock, options: SafeRenderOptions): void {
  switch (block.type) {
    case 'paragraph':
      renderInline(block.tight ? parent : parent.createEl('p'), block.children, options);
      return;
    case 'heading':
      renderInline(parent.createEl(`h${block.level}`), block.children, options);
      return;
    case 'quote':
      renderSafeBlocks(parent.createEl('blockquote'), block.children, options);
      return;
    case 'callout': {
      const callout = parent.createDiv({ cls: 'callout', attr: { 'data-callout': block.kind, ...(block.fold ? { 'data-callout-fold': block.fold } : {}) } });
      const title = callout.createDiv({ cls: 'callout-title' }).createDiv({ cls: 'callout-title-inner' });
      if (block.title.length) renderInline(title, block.title, options);
      else title.setText(block.kind.charAt(0).toUpperCase() + block.kind.slice(1));
      renderSafeBlocks(callout.createDiv({ cls: 'callout-content' }), block.children, options);
      return;
    }
    case 'list': {
      const list = block.ordered ? parent.createEl('ol', block.start !== 1 ? { attr: { start: block.start } } : {}) : parent.createEl('ul');
      for (const item of block.items) renderSafeBlocks(list.createEl('li'), item, options);
      return;
    }
    case 'code': {
      const pre = parent.createEl('pre', block.language ? { attr: { 'data-language': block.language } } : {});
      pre.createEl('code', { text: block.text });
      return;
    }
    case 'rule':
      parent.createEl('hr');
      return;
    case 'table': {
      const table = parent.createEl('table');
      const cells = (row: HTMLElement, tag: 'th' | 'td', content: SafeInline[][]) =>
        content.forEach((cell, i) => {
          const align = block.align[i];
          renderInline(row.createEl(tag, align ? { attr: { align } } : {}), cell, options);
        });
      cells(table.createEl('thead').createEl('tr'), 'th', block.head);
      if (block.rows.length) {
        const body = table.createEl('tbody');
        for (const row of block.rows) cells(body.createEl('tr'), 'td', row);
      }
      return;
    }
  }
}

/** Appends inline nodes (a source's snippet, already flattened by the core) to `parent`. */
export function renderSafeInline(parent: HTMLElement, nodes: readonly SafeInline[]): void {
  renderInline(parent, nodes, {});
}

function renderInline(parent: HTMLElement, nodes: readonly SafeInline[], options: SafeRenderOptions): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        parent.appendChild(parent.ownerDocument.createTextNode(node.text));
        break;
      case 'code':
        parent.createEl('code', { text: node.text });
        break;
      case 'em':
      case 'strong':
      case 'del':
        renderInline(parent.createEl(node.type), node.children, options);
        break;
      case 'br':
        parent.createEl('br');
        break;
      case 'citation':
        if (options.citation) parent.appendChild(options.citation(node.index));
        break;
    }
  }
}
