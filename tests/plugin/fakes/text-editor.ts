// A plain-text editor with Obsidian's Editor methods the plugin calls. Every transaction is one
// entry of `history`, which is what one Ctrl+Z takes back; changes in a transaction refer to
// the document as it was before it, as in CodeMirror.
import type { EditorPosition, EditorTransaction } from 'obsidian';

export class TextEditor {
  history: string[] = [];
  transactions = 0;
  private from: EditorPosition;
  private to: EditorPosition;

  constructor(private text: string, cursor?: { from: number; to?: number }) {
    const f = cursor?.from ?? text.length;
    this.from = this.offsetToPos(f);
    this.to = this.offsetToPos(cursor?.to ?? f);
  }

  getValue(): string { return this.text; }
  getSelection(): string { return this.text.slice(this.posToOffset(this.from), this.posToOffset(this.to)); }
  somethingSelected(): boolean { return this.posToOffset(this.from) !== this.posToOffset(this.to); }
  getCursor(which: 'from' | 'to' | 'head' | 'anchor' = 'head'): EditorPosition { return which === 'from' || which === 'anchor' ? this.from : this.to; }
  lastLine(): number { return this.text.split('\n').length - 1; }
  getLine(line: number): string { return this.text.split('\n')[line] ?? ''; }

  transaction(tx: EditorTransaction): void {
    this.transactions++;
    this.history.push(this.text);
    const changes = [...(tx.changes ?? [])].map((c) => ({ from: this.posToOffset(c.from), to: this.posToOffset(c.to ?? c.from), text: c.text }));
    // Applied from the end, so earlier offsets stay valid.
    changes.sort((a, b) => b.from - a.from);
    for (const c of changes) this.text = this.text.slice(0, c.from) + c.text + this.text.slice(c.to);
  }

  replaceSelection(replacement: string): void {
    this.transaction({ changes: [{ from: this.from, to: this.to, text: replacement }] });
  }

  undo(): void {
    const previous = this.history.pop();
    if (previous !== undefined) this.text = previous;
  }

  posToOffset(pos: EditorPosition): number {
    const lines = this.text.split('\n');
    let offset = 0;
    for (let i = 0; i < pos.line; i++) offset += lines[i].length + 1;
    return offset + pos.ch;
  }

  offsetToPos(offset: number): EditorPosition {
    const before = this.text.slice(0, offset).split('\n');
    return { line: before.length - 1, ch: before[before.length - 1].length };
  }
}
