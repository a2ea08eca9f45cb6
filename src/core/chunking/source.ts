// A note's lines as one string, with offset ↔ line conversions for chunk ranges.

export class SourceText {
  readonly text: string;
  private readonly starts: number[];

  constructor(lines: readonly string[]) {
    this.text = lines.join('\n');
    this.starts = new Array<number>(lines.length);
    let offset = 0;
    for (let i = 0; i < lines.length; i++) {
      this.starts[i] = offset;
      offset += lines[i].length + 1;
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[line];
  }

  /** Offset just past the line's last character (its newline excluded). */
  lineEnd(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
  }

  /** 0-based line containing `offset`. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  isBlankLine(line: number): boolean {
    return this.text.slice(this.lineStart(line), this.lineEnd(line)).trim() === '';
  }

  /**
   * Narrows [from, to) to its written content: leading blank lines and trailing whitespace go,
   * the indentation of the first kept line stays (it is part of a list or code block).
   */
  trim(from: number, to: number): [number, number] {
    const text = this.text;
    // Scans only the whitespace it skips: slicing whole lines here made a 5 MB one-line note quadratic.
    let start = from;
    let i = from;
    for (; i < to; i++) {
      if (text.charCodeAt(i) === 0x0a) start = i + 1;
      else if (!WHITESPACE.test(text[i])) break;
    }
    if (i >= to) return [from, from];
    let end = to;
    while (end > i && WHITESPACE.test(text[end - 1])) end--;
    return [start, end];
  }
}

const WHITESPACE = /\s/;
