// A model's answer is untrusted text: a prompt injection hidden in a note can make it write HTML,
// scripts, tracking images or javascript: links. Two layers keep that inert:
//   1. before rendering, raw HTML and image syntax outside code are escaped, so the renderer never
//      creates an element that loads or runs something (an <img> starts loading as soon as it is
//      created, before anything could remove it);
//   2. after rendering, the DOM is swept: active elements go, event-handler attributes go, and every
//      link is unwrapped to its text. The only links in an answer are the verified citations the
//      answer renderer adds afterwards.

/** Elements removed with their content: they run code, load resources or submit data. */
const REMOVED = 'script, style, iframe, frame, frameset, object, embed, applet, link, meta, base, form, noscript, template, img, picture, video, audio, source, track, svg, math, canvas, input, button, select, textarea';

/**
 * Escapes `<` (raw HTML, autolinks) and `![` (images, embeds) outside code spans and fenced code,
 * so they render as the characters the model wrote.
 */
export function neutraliseMarkdown(markdown: string): string {
  return splitCode(markdown)
    .map((part) => (part.code ? part.text : part.text.replace(/</g, '&lt;').replace(/!\[/g, '!\\[')))
    .join('');
}

/** Removes what a hostile answer could use to run code, load resources or leave the vault. */
export function sanitizeRendered(root: HTMLElement): void {
  for (const el of Array.from(root.querySelectorAll(REMOVED))) el.remove();
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'style' || name === 'srcset' || name === 'formaction' || name === 'xlink:href') {
        el.removeAttribute(attr.name);
      } else if ((name === 'href' || name === 'src' || name === 'action' || name === 'data') && !isHarmlessUrl(attr.value)) {
        el.removeAttribute(attr.name);
      }
    }
  }
  // Links the renderer made (markdown links, bare URLs, internal links written by the model) become
  // text: no click may leave the vault or open a note nobody verified.
  for (const a of Array.from(root.querySelectorAll('a'))) {
    a.replaceWith(...Array.from(a.childNodes));
  }
}

/** Fragment-only references (footnotes) are all a rendered answer may keep. */
function isHarmlessUrl(value: string): boolean {
  return /^#[\w-]*$/.test(value.trim());
}

interface Part {
  text: string;
  code: boolean;
}

/**
 * Splits markdown into code (fenced blocks and inline code spans, CommonMark's backtick-run rule)
 * and the rest. An unclosed fence runs to the end, as CommonMark renders it.
 */
export function splitCode(markdown: string): Part[] {
  const parts: Part[] = [];
  const push = (text: string, code: boolean) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.code === code) last.text += text;
    else parts.push({ text, code });
  };
  const lines = markdown.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let fence: string | null = null;
  let prose = '';
  const flushProse = () => {
    for (const p of splitInlineCode(prose)) push(p.text, p.code);
    prose = '';
  };
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null) {
      if (marker && !(marker[0] === '`' && line.slice(line.indexOf(marker) + marker.length).includes('`'))) {
        flushProse();
        fence = marker;
        push(line, true);
      } else {
        prose += line;
      }
    } else {
      push(line, true);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
    }
  }
  flushProse();
  return parts;
}

function splitInlineCode(text: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  let textStart = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      i++;
      continue;
    }
    let run = 1;
    while (text[i + run] === '`') run++;
    const opener = '`'.repeat(run);
    // The span closes at the next run of exactly the same length.
    let close = -1;
    for (let j = text.indexOf(opener, i + run); j >= 0; j = text.indexOf(opener, j + 1)) {
      const before = text[j - 1] === '`';
      const after = text[j + run] === '`';
      if (!before && !after) {
        close = j;
        break;
      }
      while (text[j + 1] === '`') j++;
    }
    if (close < 0) {
      i += run;
      continue;
    }
    if (i > textStart) parts.push({ text: text.slice(textStart, i), code: false });
    parts.push({ text: text.slice(i, close + run), code: true });
    i = close + run;
    textStart = i;
  }
  if (textStart < text.length) parts.push({ text: text.slice(textStart), code: false });
  return parts;
}
