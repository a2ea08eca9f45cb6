// The one place a passage's preview becomes DOM: spans prepared by the core (links already their
// display text) as text nodes, <strong>, <em> and <code>. Nothing here parses markdown, and no
// element can load anything; the shared safe renderer (src/plugin/render/) can replace it.
import type { SnippetSpan } from '../../core/notes/snippet-text';

export function renderSnippet(el: HTMLElement, spans: readonly SnippetSpan[]): void {
  for (const span of spans) {
    let node: Node = document.createTextNode(span.text);
    if (span.code) node = wrap('code', node);
    if (span.em) node = wrap('em', node);
    if (span.strong) node = wrap('strong', node);
    el.appendChild(node);
  }
}

function wrap(tag: 'code' | 'em' | 'strong', child: Node): HTMLElement {
  const el = createEl(tag);
  el.appendChild(child);
  return el;
}
